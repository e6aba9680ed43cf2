"""Issue 12, content side: dates in range, bounded nesting, only regular files inside the content
folder, reserved ids and page names, hand-written pages checked, every error reported and on one line."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, Project, run_briefings_in_subprocess
from generator.errors import ContentError, ContentErrors
from generator.load import MAX_DEPTH, load_text
from generator.model import RESERVED_NAMES, REVIEW_SECTION_ANCHORS, SITE_ID_PREFIX, is_reserved_name
from generator.read import read_content_file
from generator.validate import HandWrittenPage, validate_content

REVIEW = "reviews/eastvale-2018-baby-q.yaml"
LAST_YEAR = datetime.date.today().year + 1
REMOTE = "fetches from another host; intranets have no internet"


def errors_of(project: Project) -> list[str]:
    """The error lines `briefings validate` prints, with the content folder left off."""
    result = project.run("validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    prefix = str(project.content) + "/"
    return [line.replace(prefix, "") for line in result.output.splitlines() if line.startswith(prefix)]


def run_validate_in_subprocess(content: Path) -> subprocess.CompletedProcess[str]:
    """`briefings validate` in a child process, for inputs that crash or hang a process."""
    return run_briefings_in_subprocess("validate", "--content", str(content), timeout=300)


# --- 3 and 11: dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        pytest.param("'2202'", f"'2202' is out of range: the year must be from 1970 to {LAST_YEAR}", id="typo"),
        pytest.param("'0000'", f"'0000' is out of range: the year must be from 1970 to {LAST_YEAR}", id="zero"),
        pytest.param(
            "0001-01-01", f"'0001-01-01' is out of range: the year must be from 1970 to {LAST_YEAR}", id="one"
        ),
        pytest.param("1969-12", f"'1969-12' is out of range: the year must be from 1970 to {LAST_YEAR}", id="1969"),
        pytest.param(
            str(LAST_YEAR + 1),
            f"'{LAST_YEAR + 1}' is out of range: the year must be from 1970 to {LAST_YEAR}",
            id="future",
        ),
        pytest.param('"٢٠١٨"', "'٢٠١٨' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", id="arabic-indic"),
        pytest.param(
            '"\uff12\uff10\uff11\uff18"',  # full-width digits
            "'\uff12\uff10\uff11\uff18' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
            id="full-width",
        ),
        pytest.param('"2018\\n"', "'2018\\n' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", id="newline"),
        pytest.param('"2018-0٣"', "'2018-0٣' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", id="mixed"),
    ],
)
def test_published_dates_out_of_range_or_not_ascii_are_located_errors(
    project: Project, written: str, message: str
) -> None:
    project.edit(REVIEW, "published: 2018", f"published: {written}")
    assert errors_of(project) == [f"reviews/eastvale-2018-baby-q.yaml:5:1: published: {message}"]


def test_updated_dates_are_checked_the_same_way(project: Project) -> None:
    project.edit("reviews/northshire-2020-child-p.yaml", "updated: 2021-01-02", "updated: '2202-01-02'")
    assert errors_of(project) == [
        "reviews/northshire-2020-child-p.yaml:52:1: updated: '2202-01-02' is out of range: "
        f"the year must be from 1970 to {LAST_YEAR}"
    ]


def test_an_extract_cannot_be_updated_before_the_review_was_published(project: Project) -> None:
    project.edit("reviews/northshire-2020-child-p.yaml", "updated: 2021-01-02", "updated: 2020-05-13")
    assert errors_of(project) == [
        "reviews/northshire-2020-child-p.yaml:52:1: updated: '2020-05-13' is before the publication date '2020-05-14'"
    ]


def test_dates_of_different_precision_are_compared_only_as_far_as_both_go(project: Project) -> None:
    project.edit("reviews/northshire-2020-child-p.yaml", "updated: 2021-01-02", "updated: 2020")
    assert project.run("validate").exit_code == 0


def test_the_oldest_and_newest_allowed_years_are_valid(project: Project) -> None:
    project.edit(REVIEW, "published: 2018", "published: 1970-01-01")
    project.edit("reviews/northshire-2020-child-p.yaml", "updated: 2021-01-02", f"updated: '{LAST_YEAR}'")
    assert project.run("validate").exit_code == 0


# --- 4: nesting ---------------------------------------------------------------------------------


def test_yaml_nested_a_thousand_deep_is_a_located_error_not_a_crash() -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(1000)) + " " * 1000 + "x\n"
    document, errors = load_text(text, "deep.yaml")
    assert document is None
    assert len(errors) == 1
    error = errors[0]
    # The mapping that opens level MAX_DEPTH + 1 starts on that line, indented that far.
    assert (error.line, error.column) == (MAX_DEPTH + 1, MAX_DEPTH + 1)
    assert error.field == ".".join(f"k{level}" for level in range(MAX_DEPTH))
    assert error.message.startswith(f"YAML nested more than {MAX_DEPTH} levels deep")


def test_flow_nesting_is_limited_too() -> None:
    _, errors = load_text("title: " + "[" * 1000 + "x" + "]" * 1000 + "\n", "deep.yaml")
    assert [(e.line, e.column) for e in errors] == [(1, 8 + MAX_DEPTH - 1)]
    assert "levels deep" in errors[0].message


def test_nesting_up_to_the_limit_is_loaded() -> None:
    text = "title: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"
    document, errors = load_text(text, "ok.yaml")
    assert not errors and document is not None


@pytest.mark.parametrize(
    ("text", "first_error"),
    [
        pytest.param("? " + "[" * 1000 + "]" * 1000 + "\n: v\n", "keys must be plain names", id="in-a-key"),
        pytest.param("a: !foo " + "[" * 1000 + "]" * 1000 + "\n", "YAML tag !foo is not allowed", id="refused-tag"),
        pytest.param("a:\n" + "".join(" " * (n + 1) + "-\n" for n in range(1000)), "", id="block-lists"),
    ],
)
def test_nesting_is_limited_in_keys_refused_values_and_block_lists(text: str, first_error: str) -> None:
    document, errors = load_text(text, "deep.yaml")
    assert document is None
    assert [e.message for e in errors][-1].startswith(f"YAML nested more than {MAX_DEPTH} levels deep")
    assert errors[0].message.startswith(first_error)


def test_yaml_nested_thirty_thousand_deep_does_not_end_the_process(project: Project) -> None:
    deep = project.content / "reviews" / "deep.yaml"
    deep.write_text("title: " + "[" * 30_000 + "x" + "]" * 30_000 + "\n", encoding="utf-8")
    result = run_validate_in_subprocess(project.content)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"{deep}:1:{8 + MAX_DEPTH - 1}: title" in result.stderr
    assert "levels deep" in result.stderr


# --- 5: only regular files inside the content folder ---------------------------------------------


def test_a_review_linked_to_dev_zero_is_refused_without_reading_it(project: Project) -> None:
    link = project.content / "reviews" / "zero.yaml"
    link.symlink_to("/dev/zero")
    result = run_validate_in_subprocess(project.content)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{link}:1:1: (file): links to /dev/zero, outside the content folder" in result.stderr


def test_a_fifo_among_the_reviews_is_refused_without_waiting(project: Project) -> None:
    fifo = project.content / "reviews" / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_validate_in_subprocess(project.content)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{fifo}:1:1: (file): is a named pipe, not a regular file; only regular files are read" in result.stderr


def test_the_reader_refuses_a_device_even_inside_the_root() -> None:
    with pytest.raises(ContentErrors) as caught:
        read_content_file(Path("/dev/zero"), Path("/dev"))
    assert [str(e) for e in caught.value.errors] == [
        "/dev/zero:1:1: (file): is a device, not a regular file; only regular files are read"
    ]


def test_the_reader_reads_regular_files_and_links_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"id: a\n")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    assert read_content_file(tmp_path / "a.yaml", tmp_path) == b"id: a\n"
    assert read_content_file(tmp_path / "b.yaml", tmp_path) == b"id: a\n"


def test_the_reader_caps_what_it_reads(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * 20)
    with pytest.raises(ContentErrors) as caught:
        read_content_file(tmp_path / "big.md", tmp_path, "big.md", limit=10)
    assert [str(e) for e in caught.value.errors] == ["big.md:1:1: (file): the file is 20 bytes; the limit is 10"]


def test_a_review_linked_outside_the_content_folder_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(project.review_file("eastvale-2018-baby-q").read_bytes())
    project.review_file("eastvale-2018-baby-q").unlink()
    project.review_file("eastvale-2018-baby-q").symlink_to(outside)
    assert errors_of(project) == [
        f"reviews/eastvale-2018-baby-q.yaml:1:1: (file): links to {outside}, outside the content folder; "
        "only files inside it are read"
    ]


def test_a_vocabulary_that_is_a_fifo_is_refused_not_missing(project: Project) -> None:
    (project.content / "agencies.yaml").unlink()
    os.mkfifo(project.content / "agencies.yaml")
    result = run_validate_in_subprocess(project.content)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "agencies.yaml:1:1: (file): is a named pipe, not a regular file" in result.stderr


# --- hand-written pages --------------------------------------------------------------------------


def test_hand_written_pages_are_part_of_the_validated_content(project: Project) -> None:
    content = validate_content(project.content)
    pages_dir = project.content / "pages"
    assert content.pages == tuple(
        HandWrittenPage(path.name, path.read_bytes()) for path in sorted(pages_dir.glob("*.md"))
    )
    assert [page.name for page in content.pages] == ["about.md"]  # the fixture overrides the built-in about page


def test_no_pages_folder_means_no_pages(project: Project) -> None:
    for path in (project.content / "pages").iterdir():
        path.unlink()
    (project.content / "pages").rmdir()
    assert validate_content(project.content).pages == ()


def test_a_page_that_is_not_utf8_is_a_located_error(project: Project) -> None:
    (project.content / "pages" / "about.md").write_bytes(b"# About\n\nCaf\xe9 and more\n")
    assert errors_of(project) == ["pages/about.md:3:4: (file): byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_a_page_linked_outside_the_content_folder_is_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Internal notes\n", encoding="utf-8")
    (project.content / "pages" / "notes.md").symlink_to(secret)
    assert errors_of(project) == [
        f"pages/notes.md:1:1: (file): links to {secret}, outside the content folder; only files inside it are read"
    ]


@pytest.mark.parametrize("name", ["index", "reviews", "themes", "search", "assets", "whats-new", "2018", "Index"])
def test_a_page_cannot_take_a_generated_address(project: Project, name: str) -> None:
    (project.content / "pages" / f"{name}.md").write_text("# Mine\n", encoding="utf-8")
    errors = errors_of(project)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"pages/{name}.md:1:1: (page): '{name}' is reserved")


def test_other_files_and_folders_in_pages_are_reported(project: Project) -> None:
    pages = project.content / "pages"
    (pages / "logo.png").write_bytes(b"\x89PNG")
    (pages / "Notes.MD").write_text("# Notes\n", encoding="utf-8")
    (pages / "drafts").mkdir()
    (pages / "drafts" / "x.md").write_text("# Draft\n", encoding="utf-8")
    (pages / ".DS_Store").write_bytes(b"\0")
    assert errors_of(project) == [
        "pages/Notes.MD:1:1: (file): pages/ holds only hand-written pages named <name>.md; "
        "this file would not be published",
        "pages/drafts:1:1: (folder): pages/ holds no subfolders; hand-written pages are pages/<name>.md",
        "pages/logo.png:1:1: (file): pages/ holds only hand-written pages named <name>.md; "
        "this file would not be published",
    ]


REMOTE_PAGES = {
    "markdown-image": ("![Logo](https://example.org/logo.png)", 1, 9, "the image 'https://example.org/logo.png'"),
    "markdown-image-angle": ("![Logo]( <//cdn.example.org/a.png> )", 1, 11, "the image '//cdn.example.org/a.png'"),
    "markdown-image-title": ('![A [b] c](http://x.org/a.png "T")', 1, 12, "the image 'http://x.org/a.png'"),
    # Where the address is written: the reference definition.
    "reference-image": ("![Logo][logo]\n\n[logo]: https://x.org/l.png", 3, 9, "the image 'https://x.org/l.png'"),
    "img": ('<p><img alt="" src="https://x.org/a.png"></p>', 1, 21, "the image 'https://x.org/a.png'"),
    "img-single-quotes": ("<IMG SRC='//x.org/a.png'>", 1, 11, "the image '//x.org/a.png'"),
    "img-unquoted": ("<img src=https://x.org/a.png>", 1, 10, "the image 'https://x.org/a.png'"),
    "img-entity": ('<img src="&#104;ttps://x.org/a.png">', 1, 11, "the image 'https://x.org/a.png'"),
    "img-srcset": ('<img src="a.png" srcset="a.png 1x, https://x.org/b.png 2x">', 1, 36, "the image"),
    "script": ('<script src="https://x.org/s.js"></script>', 1, 14, "the script 'https://x.org/s.js'"),
    "iframe": ('<iframe src="https://x.org/"></iframe>', 1, 14, "the frame 'https://x.org/'"),
    "stylesheet": ('<link rel="stylesheet" href="https://x.org/s.css">', 1, 30, "the stylesheet"),
    "source": ('<video controls>\n<source src="https://x.org/v.mp4">\n</video>', 2, 14, "the media"),
    "video-poster": ('<video poster="https://x.org/p.jpg"></video>', 1, 16, "the media"),
    "audio": ('<audio src="//x.org/a.mp3"></audio>', 1, 13, "the media"),
    "css-url": ("<div style=\"background: url('https://x.org/b.png')\"></div>", 1, 30, "the CSS resource"),
}


@pytest.mark.parametrize("kind", sorted(REMOTE_PAGES))
def test_a_page_that_fetches_from_another_host_is_a_located_error(project: Project, kind: str) -> None:
    markdown, line, column, what = REMOTE_PAGES[kind]
    (project.content / "pages" / "about.md").write_text(f"# About\n\n{markdown}\n", encoding="utf-8")
    errors = errors_of(project)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"pages/about.md:{line + 2}:{column}: (page): {what}"), errors
    assert errors[0].endswith(REMOTE)


def test_ordinary_links_local_images_and_code_examples_are_fine(project: Project) -> None:
    (project.content / "pages" / "about.md").write_text(
        "# About\n\n"
        "See [the guidance](https://example.org/guidance) and <https://example.org/>.\n\n"
        '<a href="https://example.org/">a link</a> and ![our logo](assets/logo.png) and ![up](../x.png).\n\n'
        'Write `<img src="https://x.org/a.png">` to embed, for example:\n\n'
        '```html\n<script src="https://x.org/s.js"></script>\n```\n\n'
        '<!-- <iframe src="https://x.org/"></iframe> -->\n',
        encoding="utf-8",
    )
    assert project.run("validate").exit_code == 0


# --- 6: reserved ids --------------------------------------------------------------------------------


def test_reserved_names_cover_every_generated_address() -> None:
    assert {"index", "reviews", "themes", "agencies", "insights", "data", "search", "assets"} <= RESERVED_NAMES
    assert {"whats-new", "feed", "404"} <= RESERVED_NAMES
    assert is_reserved_name("2018") and is_reserved_name("Index") and not is_reserved_name("about")


def test_a_review_cannot_be_called_index(project: Project) -> None:
    old = project.review_file("eastvale-2018-baby-q")
    old.rename(project.content / "reviews" / "index.yaml")
    project.edit("reviews/index.yaml", "id: eastvale-2018-baby-q", "id: index")
    assert errors_of(project) == [
        "reviews/index.yaml:1:1: id: 'index' is reserved: it would replace /reviews/, the list of all reviews; "
        "choose another id"
    ]


def test_a_theme_or_agency_cannot_take_a_generated_address(project: Project) -> None:
    project.edit("themes.yaml", "- id: unused-theme", "- id: index")
    project.edit("agencies.yaml", "- id: housing", "- id: search")
    errors = errors_of(project)
    assert errors[0].startswith("agencies.yaml:6:3: [2].id: 'search' is reserved for an address the site generates")
    assert errors[1] == (
        "themes.yaml:21:3: [3].id: 'index' is reserved: it would replace /themes/, the list of all themes; "
        "choose another id"
    )
    assert len(errors) == 2


TAKEN_IDS = {
    "title heading": (
        "child-p",
        "'child-p' is the HTML id of the review's title heading; a link to it would land on the title: "
        "choose another id",
    ),
    "part of the site": (
        "lb-search-panel",
        "'lb-search-panel': ids starting with 'lb-' belong to the site's own page parts (the search box, filters); "
        "a link to it would land there: choose another id",
    ),
}


@pytest.mark.parametrize("taken", TAKEN_IDS)
@pytest.mark.parametrize("kind", ["recommendations", "lessons"])
def test_an_anchor_cannot_take_an_id_the_review_page_already_has(project: Project, kind: str, taken: str) -> None:
    new_id, message = TAKEN_IDS[taken]
    old, line = ("  - id: transfer-records", 39) if kind == "recommendations" else ("  - id: sleep-advice-repeated", 22)
    project.edit("reviews/northshire-2020-child-p.yaml", old, f"  - id: {new_id}")
    assert errors_of(project) == [f"reviews/northshire-2020-child-p.yaml:{line}:5: {kind}[0].id: {message}"]


def test_every_fixed_html_id_of_the_site_is_reserved() -> None:
    """Every id the theme overrides and templates write is a section anchor or starts with the reserved prefix."""
    written = {
        found
        for folder in (REPO / "overrides", REPO / "generator" / "templates")
        for path in folder.rglob("*")
        if path.suffix in (".html", ".j2", ".js")
        for found in re.findall(r'\bid="([a-z0-9-]+)"', path.read_text(encoding="utf-8"))
    }
    assert written and all(
        found.startswith(SITE_ID_PREFIX) or found in REVIEW_SECTION_ANCHORS.values() for found in written
    ), written


# --- 10: errors that hide or forge errors ------------------------------------------------------------


def test_a_schema_error_does_not_hide_id_errors_in_the_same_file(project: Project) -> None:
    path = "reviews/northshire-2020-child-p.yaml"
    project.edit(path, "nation: england", "nation: narnia")
    project.edit(path, "id: northshire-2020-child-p", "id: northshire-2020-child-q")
    project.edit(path, "  - id: transfer-records", "  - id: sleep-advice-repeated")
    project.edit(path, "  - id: records-followed-family", "  - id: key-learning")
    errors = errors_of(project)
    assert errors == [
        f"{path}:1:1: id: 'northshire-2020-child-q' must match the file name 'northshire-2020-child-p.yaml'",
        f"{path}:5:1: nation: 'narnia' is not one of: england, wales, scotland, northern-ireland",
        f"{path}:28:5: lessons[1].id: 'key-learning' is reserved for a section of the review page; choose another id",
        f"{path}:39:5: recommendations[0].id: 'sleep-advice-repeated' is already used by lessons[0] (line 22)",
    ]


def test_a_schema_error_does_not_hide_duplicate_vocabulary_ids(project: Project) -> None:
    project.edit("themes.yaml", "  title: Home visits\n", "  title: [Home, visits]\n")
    project.edit("themes.yaml", "- id: unused-theme", "- id: safe-sleep")
    assert errors_of(project) == [
        "themes.yaml:14:3: [1].title: expected text, got a list",
        "themes.yaml:21:3: [3].id: 'safe-sleep' is already defined at line 1",
    ]


def test_a_value_with_a_newline_stays_on_one_error_line_and_cannot_forge_one(project: Project) -> None:
    forged = "reviews/eastvale-2018-baby-q.yaml:1:1: id: forged"
    project.edit(REVIEW, "review_type: serious-case-review", f'review_type: "x\\n{forged}\\r\\u2028\\x1b[2J"')
    result = project.run("validate")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "forged" in line]
    assert len(lines) == 1
    assert not lines[0].startswith(forged)
    assert "'x\\nreviews/eastvale-2018-baby-q.yaml:1:1: id: forged\\r\\u2028\\x1b[2J' is not one of" in lines[0]


def test_every_part_of_an_error_line_is_escaped() -> None:
    error = ContentError("a\nb.yaml", 1, 2, "title\t", "bad\x00value\u0085")
    assert str(error) == "a\\nb.yaml:1:2: title\\t: bad\\x00value\\x85"
    assert str(ContentError("r.yaml", 1, 1, "title", "Café \u2013 ✓")) == "r.yaml:1:1: title: Café \u2013 ✓"


# --- 11: quiet gaps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".YAML", ".Yaml", ".YML", ".yml"])
def test_review_files_with_another_spelling_of_yaml_are_reported(project: Project, suffix: str) -> None:
    project.review_file("eastvale-2018-baby-q").rename(project.content / "reviews" / f"eastvale-2018-baby-q{suffix}")
    assert errors_of(project) == [
        f"reviews/eastvale-2018-baby-q{suffix}:1:1: (file): review files end in .yaml, not {suffix}"
    ]


def test_reviews_in_subfolders_are_reported(project: Project) -> None:
    (project.content / "reviews" / "2019").mkdir()
    project.review_file("eastvale-2018-baby-q").rename(project.content / "reviews" / "2019" / "eastvale.yaml")
    (project.content / "reviews" / "2019" / "notes.txt").write_text("notes\n", encoding="utf-8")
    assert errors_of(project) == [
        "reviews/2019/eastvale.yaml:1:1: (file): review files sit directly in reviews/; "
        "files in subfolders are not read"
    ]


def test_folders_named_like_reviews_and_linked_folders_are_reported(project: Project, tmp_path: Path) -> None:
    (project.content / "reviews" / "child-x.yaml").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.content / "reviews" / "linked").symlink_to(elsewhere)
    assert errors_of(project) == [
        "reviews/child-x.yaml:1:1: (folder): is a folder, not a review file",
        "reviews/linked:1:1: (folder): a link to a folder; review files sit directly in reviews/; "
        "files in subfolders are not read",
    ]


def test_a_theme_cannot_be_related_to_itself(project: Project) -> None:
    project.edit("themes.yaml", "related: [home-visits]", "related: [home-visits, safe-sleep]")
    assert errors_of(project) == ["themes.yaml:6:26: [0].related[1]: a theme cannot be related to itself"]


def test_valid_content_is_unchanged(project: Project) -> None:
    content = validate_content(project.content)
    assert [review.id for review in content.reviews] == [
        "eastvale-2018-baby-q",
        "northshire-2020-child-p",
        "westmoor-2022-family-r",
    ]
    assert [theme.id for theme in content.themes] == ["safe-sleep", "home-visits", "record-keeping", "unused-theme"]
