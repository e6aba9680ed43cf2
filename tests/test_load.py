"""The loader: positions, scalars kept as written, and unsafe or malformed YAML refused."""

from __future__ import annotations

from generator.load import Position, load_file, load_text
from generator.read import MAX_FILE_BYTES


def test_records_line_and_column_of_keys_and_list_items() -> None:
    document, errors = load_text("id: a\nlessons:\n  - id: b\n    title: T\n", "r.yaml")
    assert not errors and document is not None
    assert document.positions[("id",)] == Position(1, 1)
    assert document.positions[("lessons", 0)] == Position(3, 5)
    assert document.positions[("lessons", 0, "title")] == Position(4, 5)


def test_scalars_are_kept_exactly_as_written() -> None:
    text = "published: 2021-07-28\nyear: 2015\nanswer: NO\nyes_word: yes\nversion: 1.10\nzero: 08\nempty:\n"
    document, errors = load_text(text, "r.yaml")
    assert not errors and document is not None
    assert document.data == {
        "published": "2021-07-28",
        "year": "2015",
        "answer": "NO",
        "yes_word": "yes",
        "version": "1.10",
        "zero": "08",
        "empty": None,
    }


def test_duplicate_key_names_both_lines() -> None:
    _, errors = load_text("id: a\ntitle: one\ntitle: two\n", "r.yaml")
    assert [str(e) for e in errors] == ["r.yaml:3:1: title: duplicate key 'title' (first at line 2)"]


def test_aliases_are_refused_and_an_alias_bomb_fails_fast() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        levels.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 9) + "]")
    # A billion-laughs document: every alias refused, nothing expanded.
    document, errors = load_text("\n".join(levels) + "\n", "bomb.yaml")
    assert errors and "aliases" in errors[0].message
    assert document is not None and document.data["i"] == [None] * 9 and document.is_refused(("i", 0))


def test_python_tags_are_refused() -> None:
    _, errors = load_text("title: !!python/object/apply:os.system ['echo hi']\n", "r.yaml")
    assert len(errors) == 1
    assert errors[0].line == 1 and errors[0].field == "title"
    assert "!!python/object/apply:os.system" in errors[0].message


def test_bom_and_crlf_line_endings_are_accepted(write_file) -> None:
    path = write_file("r.yaml", b"\xef\xbb\xbfid: a\r\ntitle: Baby A\r\n")
    document, errors = load_file(path)
    assert not errors and document is not None
    assert document.data == {"id": "a", "title": "Baby A"}
    assert document.positions[("title",)] == Position(2, 1)


def test_non_utf8_bytes_are_reported_at_their_line_and_column(write_file) -> None:
    path = write_file("r.yaml", b"id: a\ntitle: Caf\xe9\n")
    _, errors = load_file(path, "r.yaml")
    assert [str(e) for e in errors] == ["r.yaml:2:11: (file): byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_files_over_the_size_limit_are_refused(write_file) -> None:
    path = write_file("big.yaml", "summary: " + "x" * (MAX_FILE_BYTES + 1) + "\n")
    _, errors = load_file(path, "big.yaml")
    assert len(errors) == 1 and "limit" in errors[0].message


def test_syntax_error_has_its_position() -> None:
    _, errors = load_text("id: a\nthemes: [one, two\n", "r.yaml")
    assert len(errors) == 1
    assert errors[0].line == 3 and "YAML syntax error" in errors[0].message


def test_empty_file_and_several_documents_are_errors() -> None:
    assert load_text("", "e.yaml")[1][0].message == "the file is empty"
    _, errors = load_text("id: a\n---\nid: b\n", "two.yaml")
    assert "exactly one YAML document" in errors[0].message


def test_control_characters_are_reported_with_position() -> None:
    _, errors = load_text('id: a\ntitle: "A\x07"\n', "r.yaml")
    assert len(errors) == 1 and (errors[0].line, errors[0].column) == (2, 10)
    assert "U+0007" in errors[0].message


def test_control_characters_after_non_ascii_text_are_reported_at_their_column() -> None:
    _, errors = load_text('title: "日本語\x07"\n', "r.yaml")
    assert [(e.line, e.column) for e in errors] == [(1, 12)]
