"""The generator: each page type, as Markdown, from the tests' own small corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_CORPUS, Project
from generator.build import generate, load_site_config


@pytest.fixture
def docs(project: Project) -> Path:
    generate(project.content, load_site_config(project.config), "public")
    return project.docs


def read(docs: Path, path: str) -> str:
    return (docs / path).read_text(encoding="utf-8")


def test_writes_one_markdown_file_per_page(docs: Path) -> None:
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert files == [
        "about.md",
        "accessibility.md",
        "agencies/ambulance.md",
        "agencies/housing.md",
        "agencies/index.md",
        "agencies/schools.md",
        "how-to-use.md",
        "index.md",
        "insights/index.md",
        "reviews/2018.md",
        "reviews/2020.md",
        "reviews/eastvale-2018-baby-q.md",
        "reviews/eastvale-2018-baby-q/briefing.md",
        "reviews/index.md",
        "reviews/northshire-2020-child-p.md",
        "reviews/northshire-2020-child-p/briefing.md",
        "themes/home-visits.md",
        "themes/home-visits/briefing.md",
        "themes/index.md",
        "themes/record-keeping.md",
        "themes/record-keeping/briefing.md",
        "themes/safe-sleep.md",
        "themes/safe-sleep/briefing.md",
        "themes/unused-theme.md",
        "themes/unused-theme/briefing.md",
        "whats-new.md",
    ]


def test_review_page_sections_and_anchors(docs: Path) -> None:
    page = read(docs, "reviews/northshire-2020-child-p.md")
    for heading in (
        "## At a glance { #at-a-glance data-pagefind-ignore }",
        "## Background { #background }",
        "## Key learning { #key-learning }",
        "### Safe sleep { #theme--safe-sleep }",
        "#### Repeat safe sleep advice at every visit { #sleep-advice-repeated }",
        "## Good practice { #good-practice }",
        "## Recommendations { #recommendations }",
        "### Housing { #agency--housing }",
        "## Questions for reflection { #questions-for-reflection }",
        "## Related reviews { #related-reviews data-pagefind-ignore }",
        "## Source and citation { #source-and-citation data-pagefind-ignore }",
    ):
        assert heading in page, heading
    assert '<div class="lb-recommendation" id="transfer-records">' in page
    assert '<a href="../../themes/safe-sleep/">Safe sleep</a>' in page
    assert '<a href="../../reviews/eastvale-2018-baby-q/">Baby Q</a>' in page  # related review sharing two themes


def test_theme_page_lists_lessons_by_review_newest_first(docs: Path) -> None:
    page = read(docs, "themes/safe-sleep.md")
    newer = page.index(
        '<a href="../../reviews/northshire-2020-child-p/#sleep-advice-repeated">Repeat safe sleep advice at every visit</a>'
    )
    older = page.index(
        '<a href="../../reviews/eastvale-2018-baby-q/#ask-where-baby-sleeps">Ask where the baby sleeps</a>'
    )
    assert newer < older
    assert "<p>Ask to see where the baby sleeps, on every visit.</p>" in page  # the lesson itself, not only its title
    assert "A theme about the child. 2 lessons from 2 reviews." in page
    assert '<li><a href="../../themes/home-visits/">Home visits</a> (2 reviews)</li>' in page  # in both reviews
    assert '<a href="https://example.org/safe-sleep">Safe sleep advice</a>' in page


def test_agency_page_lists_learning_and_recommendations(docs: Path) -> None:
    page = read(docs, "agencies/schools.md")
    assert (
        '<a href="../../reviews/northshire-2020-child-p/#records-followed-family">Records must follow the family</a>'
        in page
    )
    assert "<p>When the family moved, the records did not.</p>" in page
    assert '<a href="../../reviews/northshire-2020-child-p/#transfer-records">Recommendation</a>' in page
    assert "· <strong>Status: In progress</strong></span><p>Agree how records are transferred" in page


def test_index_pages_and_home(docs: Path) -> None:
    index = read(docs, "reviews/index.md")
    assert '<a href="../reviews/northshire-2020-child-p/">Child P</a>' in index
    assert '<a href="../reviews/2018/">2018</a> (1)' in index and '<a href="../reviews/2020/">2020</a> (1)' in index
    year = read(docs, "reviews/2018.md")
    assert '<a href="../../reviews/eastvale-2018-baby-q/">Baby Q</a>' in year and "Child P" not in year
    assert "[Unused theme](unused-theme.md)" in read(docs, "themes/index.md")
    assert "[Ambulance service](ambulance.md) | 2 | 2 | none |" in read(docs, "agencies/index.md")
    home = read(docs, "index.md")
    assert "**2** reviews" in home and "**3** lessons" in home
    assert "[Child P](reviews/northshire-2020-child-p.md)" in home


def test_public_docs_hold_no_internal_review(docs: Path) -> None:
    assert not (docs / "reviews" / "westmoor-2022-family-r.md").exists()
    assert all("westmoor" not in p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))


def test_fixture_ids_differ_from_bundled_content() -> None:
    bundled = Path(__file__).resolve().parent.parent / "content" / "reviews"
    fixture_ids = {p.stem for p in (FIXTURE_CORPUS / "reviews").glob("*.yaml")}
    assert not fixture_ids & {p.stem for p in bundled.glob("*.yaml")}
