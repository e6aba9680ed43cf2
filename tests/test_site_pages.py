"""What each page gives its users: practitioners, trainers, boards and analysts."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import Project, make_project
from generator.corpus import build_corpus
from generator.site.views import theme_counts_line
from generator.validate import validate_content

CHILD_P = "reviews/northshire-2020-child-p/"


def text_of(html: str) -> str:
    """The visible text of a page, as a reader sees it: tags removed, entities decoded."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.;:?])", r"\1", text)


def test_review_page_has_content_note_facts_and_copyable_lesson_links(built_project: Project) -> None:
    html = built_project.page(CHILD_P)
    assert 'id="content-note"' in html and "Content note." in html
    facts = text_of(html)
    for fact in (
        "Board: Northshire Safeguarding Partnership",
        "Published: 14 May 2020",
        "Age group: Under 1 year",
        "Harm: Neglect",
        "Agencies involved: Ambulance service, Housing, Schools",
    ):
        assert fact in facts, fact
    assert '<a class="lb-permalink" href="#sleep-advice-repeated" data-lb-copy-link>Link to this lesson</a>' in html
    assert "assets/javascripts/briefings.js" in html


def test_review_page_recommendation_shows_outcome_and_status(built_project: Project) -> None:
    text = text_of(built_project.page(CHILD_P))
    assert "Intended outcome No family's history is lost in a move." in text
    assert "Status: In progress" in text
    assert "Addressed to Northshire Housing" in text and "In the report: paragraph 5.1" in text
    assert "What has changed A draft protocol is out for comment." in text


def test_related_reviews_name_the_shared_themes(built_project: Project) -> None:
    text = text_of(built_project.page(CHILD_P))
    assert "Baby Q, Eastvale Children's Board, 2018. Shared themes: Safe sleep, Home visits." in text


def test_feedback_link_only_when_configured(project: Project) -> None:
    project.build()
    assert 'id="feedback"' not in project.page(CHILD_P)
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(
        config.replace("extra:\n", "extra:\n  feedback_url: https://example.org/tell-us\n"), encoding="utf-8"
    )
    project.build()
    html = project.page(CHILD_P)
    assert 'id="feedback"' in html and 'href="https://example.org/tell-us"' in html


def test_theme_page_counts_match_the_corpus(built_project: Project) -> None:
    corpus = build_corpus(validate_content(built_project.content), "public")
    for entry in corpus.themes:
        text = text_of(built_project.page(f"themes/{entry.theme.id}/"))
        if entry.lesson_count:
            assert theme_counts_line(entry) in text
        else:
            assert "No review has a lesson on this theme yet." in text and " 0 " not in text
    text = text_of(built_project.page("themes/safe-sleep/"))
    assert "Home visits (2 reviews)" in text  # co-occurs in both public reviews
    assert "1 lesson from 1 review" in text_of(built_project.page("themes/record-keeping/"))
    assert "When did you last talk to a family about safe sleep?" in text


def test_agency_page_counts_and_status(built_project: Project) -> None:
    text = text_of(built_project.page("agencies/housing/"))
    assert "1 lesson and 1 recommendation from 1 review." in text
    assert "Where a review states progress: 1 in progress." in text
    ambulance = text_of(built_project.page("agencies/ambulance/"))
    assert "Good practice" in ambulance and "paramedics recorded the home conditions" in ambulance


def test_home_reaches_role_learning_in_two_clicks(built_project: Project) -> None:
    home = built_project.page("")
    assert 'href="agencies/ambulance/"' in home  # click 1: agency page
    agency = built_project.page("agencies/ambulance/")
    assert 'href="../../reviews/northshire-2020-child-p/#sleep-advice-repeated"' in agency  # click 2: the lesson
    assert 'href="data/lessons.csv"' in home and 'href="data/reviews.json"' in home
    assert "2 reviews" in text_of(home) and "3 lessons" in text_of(home)


def test_review_index_lists_cards_readable_without_script_and_data_for_the_filters(built_project: Project) -> None:
    html = built_project.page("reviews/")
    assert "<table" not in html and '<ol class="lb-cards"' in html
    assert '<form class="lb-filters" data-lb-review-filters data-lb-data="../data/review-index.json" hidden' in html
    for name in ("year", "board", "type", "age", "harm", "theme", "agency"):
        assert f'data-lb-filter="{name}"' in html
    card = re.search(r'<li class="lb-card">.*?</li>', html)
    assert card and "Child P" in card.group(0)
    assert text_of(card.group(0)) == (
        "Child P Northshire Safeguarding Partnership · 14 May 2020 · Local child safeguarding practice review"
        " Child P was a baby living with a parent who moved house often."
        " Main themes: Record keeping, Safe sleep, Home visits Age: Under 1 year · Harm: Neglect"
    )
    data = json.loads((built_project.site / "data" / "review-index.json").read_text(encoding="utf-8"))
    child_p = data["reviews"][0]
    assert child_p[:5] == ["northshire-2020-child-p", "Child P", 1, "2020-05-14", "14 May 2020"]
    assert [data["themes"][n][0] for n in child_p[8][: child_p[9]]] == ["record-keeping", "safe-sleep", "home-visits"]
    assert sorted(data["agencies"][n][0] for n in child_p[10]) == ["ambulance", "housing", "schools"]
    assert "westmoor" not in json.dumps(data)


def test_insights_counts_match_the_corpus(built_project: Project) -> None:
    html = built_project.page("insights/")
    corpus = build_corpus(validate_content(built_project.content), "public")
    for entry in corpus.themes_by_review_count:
        title = entry.theme.title
        row = re.search(
            rf"<tr><th scope=\"row\"><a [^>]*>{re.escape(title)}</a></th><td><span[^>]*></span><span class=\"lb-bar-value\">(\d+)</span></td><td>(\d+)</td>",
            html,
        )
        assert row, title
        assert (int(row.group(1)), int(row.group(2))) == (entry.review_count, entry.lesson_count)
    assert '<th scope="col">2018</th><th scope="col">2020</th>' in html
    heat = html[html.index('class="lb-heat"') :]
    safe_sleep = re.search(r'<tr><th scope="row"><a [^>]*>Safe sleep</a></th>(.*?)</tr>', heat)
    assert safe_sleep and re.findall(r"<td[^>]*>(\d*)</td>", safe_sleep.group(1)) == [
        "1",
        "1",
        "2",
    ]  # 2018, 2020, all years


def test_open_data_parses_and_matches_content(built_project: Project) -> None:
    rows = list(csv.DictReader(io.StringIO((built_project.site / "data" / "lessons.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 3
    first = next(r for r in rows if r["lesson_id"] == "sleep-advice-repeated")
    assert first == {
        "review_id": "northshire-2020-child-p",
        "board": "Northshire Safeguarding Partnership",
        "year": "2020",
        "lesson_id": "sleep-advice-repeated",
        "title": "Repeat safe sleep advice at every visit",
        "themes": "safe-sleep;home-visits",
        "agencies": "ambulance",
        "url": "/reviews/northshire-2020-child-p/#sleep-advice-repeated",
    }
    data = json.loads((built_project.site / "data" / "reviews.json").read_text(encoding="utf-8"))
    assert data["audience"] == "public"
    assert [r["id"] for r in data["reviews"]] == ["northshire-2020-child-p", "eastvale-2018-baby-q"]
    assert data["reviews"][0]["lessons"][0]["themes"] == ["safe-sleep", "home-visits"]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(project: Project) -> None:
    project.edit("reviews/eastvale-2018-baby-q.yaml", "title: Ask where the baby sleeps", "title: '=HYPERLINK(\"x\")'")
    project.build()
    rows = list(csv.DictReader(io.StringIO((project.site / "data" / "lessons.csv").read_text(encoding="utf-8"))))
    assert any(r["title"] == '\'=HYPERLINK("x")' for r in rows)


def test_print_stylesheet_hides_navigation_and_shows_addresses_of_links_out_of_the_site() -> None:
    css = (Path(__file__).resolve().parent.parent / "overrides/assets/stylesheets/print.css").read_text()
    print_rules = css[css.index("@media print") :]
    for selector in (".md-header", ".md-sidebar", ".md-tabs", ".md-search"):
        assert selector in print_rules.split("display: none")[0]
    assert 'a[href^="http"]::after' in print_rules and "attr(href)" in print_rules
    assert "break-inside: avoid" in print_rules and "break-after: avoid" in print_rules
    assert "size: A4" in css


def test_hand_written_pages_are_built(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.build()
    assert "A test corpus." in project.page("about/")  # the fixture's pages/about.md replaces the built-in page
    assert "Accessibility statement for" in project.page("accessibility/")  # built in: the fixture has none


@pytest.mark.parametrize(
    "key", ["content_note", "feedback_url", "organisation", "contact_email", "logo", "nation", "accessibility.reviewed"]
)
def test_site_settings_are_documented(key: str) -> None:
    assert key in (Path(__file__).resolve().parent.parent / "README.md").read_text()
