"""The bundled extracts: they validate, and no edit can silently lose learning from a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import Content, validate_content

BUNDLED = Path(__file__).resolve().parent.parent / "content"

# Lessons and recommendations each source report states (the five-extracts issue).
MINIMUM_COUNTS = {
    "buckinghamshire-2013-baby-e": (27, 52),
    "plymouth-2008-m": (6, 19),
    "wigan-2008-child-a": (15, 6),
    "dorset-2017-family-s22": (13, 0),
    "isle-of-wight-2013-findings-report": (8, 38),
}
LEVEL_COUNTS = {  # (overview, agency) where the report separates them
    "buckinghamshire-2013-baby-e": (10, 42),
    "isle-of-wight-2013-findings-report": (5, 33),
}


@pytest.fixture(scope="module")
def content() -> Content:
    return validate_content(BUNDLED)


def test_bundled_content_validates(content: Content) -> None:
    assert {review.id for review in content.reviews} == set(MINIMUM_COUNTS)


@pytest.mark.parametrize("review_id", sorted(MINIMUM_COUNTS))
def test_no_review_loses_lessons_or_recommendations(content: Content, review_id: str) -> None:
    review = next(r for r in content.reviews if r.id == review_id)
    lessons, recommendations = MINIMUM_COUNTS[review_id]
    assert len(review.lessons) >= lessons
    assert len(review.recommendations) >= recommendations
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
    assert 20 <= len(content.themes) <= 35
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
    for theme in content.themes:
        assert theme.group and theme.keywords and theme.related, theme.id
        assert 2 <= len(theme.questions) <= 3, theme.id
