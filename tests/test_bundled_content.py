"""The bundled extracts: they validate, and no edit can silently lose learning from a report."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.validate import Content, validate_content

BUNDLED = Path(__file__).resolve().parent.parent / "content"

# What each source report states, checked item by item against the report (the
# fidelity issue): (lessons, recommendations, good practice). These are
# minimums for the named reviews; more reviews may be added beside them.
MINIMUM_COUNTS = {
    "buckinghamshire-2013-baby-e": (29, 52, 3),
    "plymouth-2008-m": (7, 19, 0),
    "wigan-2008-child-a": (17, 21, 1),
    "dorset-2017-family-s22": (13, 0, 1),
    "isle-of-wight-2013-findings-report": (19, 38, 2),
}
LEVEL_COUNTS = {  # (overview, agency) recommendations, where the report separates them
    "buckinghamshire-2013-baby-e": (10, 42),
    "plymouth-2008-m": (6, 13),
    "wigan-2008-child-a": (6, 15),  # the review "adopts and accepts" the 15 agency recommendations
    "isle-of-wight-2013-findings-report": (5, 33),
}
# Guidance links on themes must be official, stable addresses.
OFFICIAL_HOSTS = ("www.gov.uk", "www.nice.org.uk", "www.legislation.gov.uk")


@pytest.fixture(scope="module")
def content() -> Content:
    return validate_content(BUNDLED)


def test_bundled_content_validates_with_every_named_review(content: Content) -> None:
    assert set(MINIMUM_COUNTS) <= {review.id for review in content.reviews}


@pytest.mark.parametrize("review_id", sorted(MINIMUM_COUNTS))
def test_no_review_loses_lessons_or_recommendations(content: Content, review_id: str) -> None:
    review = next(r for r in content.reviews if r.id == review_id)
    lessons, recommendations, good_practice = MINIMUM_COUNTS[review_id]
    assert len(review.lessons) >= lessons
    assert len(review.recommendations) >= recommendations
    assert len(review.good_practice) >= good_practice
    if review_id in LEVEL_COUNTS:
        overview, agency = LEVEL_COUNTS[review_id]
        assert sum(r.level == "overview" for r in review.recommendations) >= overview
        assert sum(r.level == "agency" for r in review.recommendations) >= agency


def test_every_lesson_and_recommendation_is_traceable_to_its_paragraph(content: Content) -> None:
    for review in content.reviews:
        for item in (*review.lessons, *review.recommendations):
            assert item.ref, f"{review.id}#{item.id} has no ref"


def test_each_review_has_questions_for_reflection(content: Content) -> None:
    for review in content.reviews:
        assert 3 <= len(review.questions) <= 5, review.id


def test_vocabularies_are_all_used(content: Content) -> None:
    assert 20 <= len(content.themes) <= 40
    lesson_themes = {t for review in content.reviews for lesson in review.lessons for t in lesson.themes}
    assert {theme.id for theme in content.themes} <= lesson_themes
    used_agencies = {
        a
        for review in content.reviews
        for item in (*review.lessons, *review.recommendations, *review.good_practice)
        for a in item.agencies
    }
    assert {agency.id for agency in content.agencies} <= used_agencies


def test_every_theme_has_plain_language_summary_and_questions(content: Content) -> None:
    theme_ids = {theme.id for theme in content.themes}
    for theme in content.themes:
        assert theme.id != "index" and not theme.id.isdigit(), theme.id
        assert theme.group and theme.keywords and theme.related, theme.id
        assert set(theme.related) <= theme_ids - {theme.id}, theme.id
        assert 2 <= len(theme.questions) <= 3, theme.id


def test_theme_guidance_links_are_official_addresses(content: Content) -> None:
    for theme in content.themes:
        for link in theme.guidance:
            parts = urlsplit(link.url)
            assert parts.scheme == "https" and parts.netloc in OFFICIAL_HOSTS, (theme.id, link.url)
            assert link.title and link.publisher, (theme.id, link.url)
