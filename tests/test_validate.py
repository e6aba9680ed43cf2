"""Validation: each class of content error, with its file, line, column and field, all at once."""

from __future__ import annotations

import pytest

from conftest import Project

REVIEW = "reviews/eastvale-2018-baby-q.yaml"


def errors_of(project: Project) -> list[str]:
    result = project.run("validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    prefix = str(project.content) + "/"
    return [line.replace(prefix, "") for line in result.output.splitlines() if line.startswith(prefix)]


def test_valid_content_exits_zero(project: Project) -> None:
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    assert "3 reviews, 4 lessons, 4 themes, 3 agency types: valid" in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "title: Baby Q\n",
            "",
            "reviews/eastvale-2018-baby-q.yaml:1:1: title: required field is missing",
            id="missing",
        ),
        pytest.param(
            "summary:",
            "summery:",
            "reviews/eastvale-2018-baby-q.yaml:1:1: summary: required field is missing\n"
            "reviews/eastvale-2018-baby-q.yaml:6:1: summery: unknown field 'summery'; did you mean 'summary'?",
            id="unknown-key",
        ),
        pytest.param(
            "review_type: serious-case-review",
            "review_type: serious-case-reviews",
            "reviews/eastvale-2018-baby-q.yaml:4:1: review_type: 'serious-case-reviews' is not one of: "
            "serious-case-review, local-child-safeguarding-practice-review, child-practice-review, national-review, "
            "safeguarding-adults-review, learning-review, other; did you mean 'serious-case-review'?",
            id="enum",
        ),
        pytest.param(
            "  - id: ask-where-baby-sleeps",
            "  - id: Ask Where Baby Sleeps",
            "reviews/eastvale-2018-baby-q.yaml:8:5: lessons[0].id: 'Ask Where Baby Sleeps' is not a valid id: "
            "use lowercase letters, digits and single hyphens; did you mean 'ask-where-baby-sleeps'?",
            id="slug",
        ),
        pytest.param(
            "id: eastvale-2018-baby-q",
            "id: eastvale-2018-baby-z",
            "reviews/eastvale-2018-baby-q.yaml:1:1: id: 'eastvale-2018-baby-z' must match the file name "
            "'eastvale-2018-baby-q.yaml'",
            id="id-not-file-name",
        ),
        pytest.param(
            "published: 2018",
            "published: 2018-13-01",
            "reviews/eastvale-2018-baby-q.yaml:5:1: published: '2018-13-01' has no month 13",
            id="date-month",
        ),
        pytest.param(
            "published: 2018",
            "published: 18 May 2018",
            "reviews/eastvale-2018-baby-q.yaml:5:1: published: '18 May 2018' is not a date: "
            "write YYYY, YYYY-MM or YYYY-MM-DD",
            id="date-format",
        ),
        pytest.param(
            "    themes: [safe-sleep, home-visits]",
            "    themes: [safe-sleep, home-visit]",
            "reviews/eastvale-2018-baby-q.yaml:11:26: lessons[0].themes[1]: unknown theme 'home-visit'; "
            "did you mean 'home-visits'?",
            id="unknown-theme",
        ),
        pytest.param(
            "    agencies: [ambulance]",
            "    agencies: [ambulence]",
            "reviews/eastvale-2018-baby-q.yaml:12:16: lessons[0].agencies[0]: unknown agency 'ambulence'; "
            "did you mean 'ambulance'?",
            id="unknown-agency",
        ),
        pytest.param(
            "    themes: [safe-sleep, home-visits]",
            "    themes: []",
            "reviews/eastvale-2018-baby-q.yaml:11:5: lessons[0].themes: needs at least one entry",
            id="empty-themes",
        ),
        pytest.param(
            "title: Baby Q",
            "title: [Baby, Q]",
            "reviews/eastvale-2018-baby-q.yaml:2:1: title: expected text, got a list",
            id="wrong-type",
        ),
        pytest.param(
            "  - id: ask-where-baby-sleeps",
            "  - id: key-learning",
            "reviews/eastvale-2018-baby-q.yaml:8:5: lessons[0].id: 'key-learning' is reserved for a section "
            "of the review page; choose another id",
            id="reserved-anchor",
        ),
        pytest.param(
            "summary: Baby Q was found unwell after sleeping in an adult bed.",
            "summary: '   '",
            "reviews/eastvale-2018-baby-q.yaml:6:1: summary: must not be empty",
            id="blank-text",
        ),
    ],
)
def test_each_review_error_names_file_line_column_and_field(
    project: Project, old: str, new: str, expected: str
) -> None:
    project.edit(REVIEW, old, new)
    assert errors_of(project) == expected.split("\n")


def test_lesson_and_recommendation_ids_share_one_namespace(project: Project) -> None:
    project.edit("reviews/northshire-2020-child-p.yaml", "  - id: transfer-records", "  - id: sleep-advice-repeated")
    assert errors_of(project) == [
        "reviews/northshire-2020-child-p.yaml:39:5: recommendations[0].id: 'sleep-advice-repeated' is already used "
        "by lessons[0] (line 22)"
    ]


def test_source_url_must_be_http(project: Project) -> None:
    project.edit("reviews/northshire-2020-child-p.yaml", "https://example.org/child-p.pdf", "javascript:alert(1)")
    assert errors_of(project) == [
        "reviews/northshire-2020-child-p.yaml:12:3: source.url: 'javascript:alert(1)' is not a web address: "
        "use a full http:// or https:// URL"
    ]


def test_unknown_related_theme_in_vocabulary(project: Project) -> None:
    project.edit("themes.yaml", "related: [home-visits]", "related: [home-visiting]")
    assert errors_of(project) == [
        "themes.yaml:6:13: [0].related[0]: unknown theme 'home-visiting'; did you mean 'home-visits'?"
    ]


def test_duplicate_theme_id_in_vocabulary(project: Project) -> None:
    project.edit("themes.yaml", "- id: unused-theme", "- id: home-visits")
    assert errors_of(project) == ["themes.yaml:21:3: [3].id: 'home-visits' is already defined at line 13"]


def test_every_error_in_every_file_is_reported_at_once(project: Project) -> None:
    project.edit(REVIEW, "title: Baby Q\n", "")
    project.edit(REVIEW, "    agencies: [ambulance]", "    agencies: [police]")
    project.edit("reviews/northshire-2020-child-p.yaml", "nation: england", "nation: narnia")
    project.edit("reviews/westmoor-2022-family-r.yaml", "published: 2022-03", "published: March 2022")
    errors = errors_of(project)
    assert len(errors) == 4, errors
    assert errors[0] == "reviews/eastvale-2018-baby-q.yaml:1:1: title: required field is missing"
    assert errors[1].startswith(
        "reviews/eastvale-2018-baby-q.yaml:11:16: lessons[0].agencies[0]: unknown agency 'police'"
    )
    assert errors[2].startswith("reviews/northshire-2020-child-p.yaml:5:1: nation: 'narnia' is not one of")
    assert errors[3].startswith("reviews/westmoor-2022-family-r.yaml:5:1: published: 'March 2022' is not a date")


def test_a_broken_vocabulary_does_not_bury_its_error_under_unknown_ids(project: Project) -> None:
    project.edit("themes.yaml", "  title: Home visits\n", "  title: [Home, visits]\n")
    assert errors_of(project) == ["themes.yaml:14:3: [1].title: expected text, got a list"]


def test_missing_vocabulary_file_is_reported(project: Project) -> None:
    (project.content / "agencies.yaml").unlink()
    assert errors_of(project) == ["agencies.yaml:1:1: (file): the file is missing"]


def test_yml_extension_is_not_silently_ignored(project: Project) -> None:
    project.review_file("eastvale-2018-baby-q").rename(project.content / "reviews" / "eastvale-2018-baby-q.yml")
    assert errors_of(project) == ["reviews/eastvale-2018-baby-q.yml:1:1: (file): review files end in .yaml, not .yml"]


def test_usage_errors_exit_two(project: Project) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["validate", "--content", str(project.root / "nowhere")])
    assert result.exit_code == 2
    assert "no such folder" in result.output
    assert CliRunner().invoke(main, ["build", "--audience", "everyone"]).exit_code == 2


def test_a_review_id_cannot_take_the_address_of_a_year_page(project: Project) -> None:
    old = project.review_file("eastvale-2018-baby-q")
    text = old.read_text(encoding="utf-8").replace("id: eastvale-2018-baby-q", "id: '2018'")
    old.unlink()
    (project.content / "reviews" / "2018.yaml").write_text(text, encoding="utf-8")
    assert errors_of(project) == [
        "reviews/2018.yaml:1:1: id: '2018' is reserved: /reviews/2018/ lists the reviews of a year; use <area>-<year>-<name>"
    ]
