"""Hardening, issue 12: every error of a file at once, and a hostile list fails at one located error.

Each case failed before its fix: one error of a file hid the others, or a list
of 99,000 ids gave 99,000 errors (and took seconds to word them).
"""

from __future__ import annotations

import pytest

from conftest import Project
from generator import validate
from generator.errors import MAX_SHOWN_PER_FILE
from generator.load import load_text
from generator.yaml_events import MAX_LIST_ITEMS, MAX_VALUES

REVIEW = "reviews/eastvale-2018-baby-q.yaml"


def validate_output(project: Project) -> list[str]:
    """Every line `briefings validate` prints (exit 1, no traceback), the content folder left off."""
    result = project.run("validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.replace(str(project.content) + "/", "").splitlines()


def errors_of(project: Project) -> list[str]:
    return [line for line in validate_output(project) if line.startswith(("reviews/", "themes.yaml"))]


# --- every error of a file at once -------------------------------------------------------------


def test_a_theme_related_to_itself_and_to_an_unknown_theme_reports_both(project: Project) -> None:
    project.edit("themes.yaml", "related: [home-visits]", "related: [safe-sleep, no-such-theme]")
    assert errors_of(project) == [
        "themes.yaml:6:13: [0].related[0]: a theme cannot be related to itself",
        "themes.yaml:6:25: [0].related[1]: unknown theme 'no-such-theme'",
    ]


def test_an_unknown_related_theme_is_reported_beside_a_schema_error(project: Project) -> None:
    project.edit("themes.yaml", "related: [home-visits]", "related: [home-visiting]\n  colour: red")
    assert errors_of(project) == [
        "themes.yaml:6:13: [0].related[0]: unknown theme 'home-visiting'; did you mean 'home-visits'?",
        "themes.yaml:7:3: [0].colour: unknown field 'colour'",
    ]


def test_a_malformed_related_id_is_reported_once(project: Project) -> None:
    project.edit("themes.yaml", "related: [home-visits]", "related: [Home-Visits]")
    errors = errors_of(project)
    assert len(errors) == 1 and "'Home-Visits' is not a valid id" in errors[0], errors


def test_a_malformed_theme_id_in_a_review_is_reported_once(project: Project) -> None:
    project.edit(REVIEW, "themes: [safe-sleep, home-visits]", "themes: [Safe-Sleep, home-visits]")
    errors = errors_of(project)
    assert len(errors) == 1 and "lessons[0].themes[0]: 'Safe-Sleep' is not a valid id" in errors[0], errors


def test_a_key_given_twice_does_not_hide_a_missing_field(project: Project) -> None:
    project.edit(REVIEW, "title: Baby Q\n", "title: Baby Q\ntitle: Baby Q again\n")
    project.edit(REVIEW, "board: Eastvale Children's Board\n", "")
    assert errors_of(project) == [
        "reviews/eastvale-2018-baby-q.yaml:1:1: board: required field is missing",
        "reviews/eastvale-2018-baby-q.yaml:3:1: title: duplicate key 'title' (first at line 2)",
    ]


def test_a_refused_value_is_reported_once_and_hides_no_other_error(project: Project) -> None:
    project.edit(REVIEW, "title: Baby Q\n", "title: !!python/name:os.system\n")
    project.edit(REVIEW, "review_type: serious-case-review", "review_type: serious")
    errors = errors_of(project)
    assert [error.split(": ")[0:2] for error in errors] == [
        ["reviews/eastvale-2018-baby-q.yaml:2:8", "title"],
        ["reviews/eastvale-2018-baby-q.yaml:4:1", "review_type"],
    ], errors
    assert "!!python/name:os.system is not allowed" in errors[0]


def test_an_alias_is_reported_once_where_it_is_used(project: Project) -> None:
    project.edit(REVIEW, "title: Baby Q\n", "title: &name Baby Q\n")
    project.edit(REVIEW, "board: Eastvale Children's Board\n", "board: *name\n")
    errors = errors_of(project)
    assert len(errors) == 1 and errors[0].startswith("reviews/eastvale-2018-baby-q.yaml:2:8: board: YAML anchors")


def test_dates_out_of_order_are_reported_beside_a_schema_error(project: Project) -> None:
    project.edit(REVIEW, "published: 2018\n", "published: 2018\nupdated: 2017-05\nsummery: x\n")
    assert errors_of(project) == [
        "reviews/eastvale-2018-baby-q.yaml:6:1: updated: '2017-05' is before the publication date '2018'",
        "reviews/eastvale-2018-baby-q.yaml:7:1: summery: unknown field 'summery'; did you mean 'summary'?",
    ]


def test_a_syntax_error_keeps_the_errors_found_before_it() -> None:
    document, errors = load_text("id: a\nid: b\ntitle: [unclosed\n", "r.yaml")
    assert document is None
    assert [str(error).split(": ")[1] for error in errors] == ["id", "(file)"]
    assert "duplicate key 'id'" in str(errors[0]) and "YAML syntax error" in str(errors[1])


# --- long lists and many errors ------------------------------------------------------------------


def test_a_list_of_99000_ids_fails_at_one_located_error(project: Project) -> None:
    project.edit(REVIEW, "themes: [safe-sleep, home-visits]", f"themes: [{', '.join(['a'] * 99_000)}]")  # 300 KB
    lines = validate_output(project)
    assert len(lines) == 2, lines[:5]
    column = 1 + len("    themes: [") + len("a, ") * MAX_LIST_ITEMS
    assert lines[0] == (
        f"reviews/eastvale-2018-baby-q.yaml:11:{column}: lessons[0].themes[{MAX_LIST_ITEMS}]: the list goes on past "
        f"{MAX_LIST_ITEMS:,} items here; a list in a content file holds at most {MAX_LIST_ITEMS:,}"
    )
    assert lines[1] == "1 error(s) found; nothing was built."


def test_a_file_of_many_short_lists_fails_at_one_located_error(project: Project) -> None:
    lists = "".join(f"  - [{', '.join(['x'] * 900)}]\n" for _ in range(MAX_VALUES // 900 + 1))
    project.edit(REVIEW, "summary:", "questions:\n" + lists + "summary:")
    lines = validate_output(project)
    assert len(lines) == 2 and f"the file goes on past {MAX_VALUES:,} values here" in lines[0], lines[:5]


def test_a_vocabulary_of_too_long_a_list_fails_at_one_error(project: Project) -> None:
    project.edit("themes.yaml", "keywords: [co-sleeping, cot]", f"keywords: [{', '.join(['cot'] * 5_000)}]")
    lines = validate_output(project)
    assert len(lines) == 2 and lines[0].startswith("themes.yaml:5:") and f"[0].keywords[{MAX_LIST_ITEMS}]" in lines[0]


def test_errors_listed_per_file_end_with_a_count_of_the_rest(project: Project) -> None:
    count = MAX_SHOWN_PER_FILE + 150
    ids = ", ".join(f"safe-slep-{n:03d}" for n in range(count))
    project.edit(REVIEW, "themes: [safe-sleep, home-visits]", f"themes: [{ids}]")
    lines = validate_output(project)
    review_lines = [line for line in lines if line.startswith("reviews/eastvale-2018-baby-q.yaml")]
    assert len(review_lines) == MAX_SHOWN_PER_FILE + 1
    assert review_lines[0].startswith("reviews/eastvale-2018-baby-q.yaml:11:14: lessons[0].themes[0]: unknown theme")
    assert review_lines[-1] == (
        "reviews/eastvale-2018-baby-q.yaml: and 150 more error(s) in this file; correct the ones above and run again"
    )
    assert lines[-1] == f"{count} error(s) found; nothing was built."


def test_only_listed_errors_are_given_a_hint(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hints cost: 900 wrong ids are worded with at most one list's worth of "did you mean"."""
    calls: list[str] = []
    real = validate.did_you_mean

    def counted(value: str, candidates: object) -> str:
        calls.append(value)
        return real(value, candidates)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "did_you_mean", counted)
    monkeypatch.setattr("generator.workers.worker_count", lambda: 1)  # counted in this process
    project.edit(REVIEW, "themes: [safe-sleep, home-visits]", f"themes: [{', '.join(['safe-slep'] * 900)}]")
    lines = validate_output(project)
    assert len(calls) == MAX_SHOWN_PER_FILE
    assert lines[0].endswith("unknown theme 'safe-slep'; did you mean 'safe-sleep'?")
