"""Index validated content for one audience: what every page shows, and nothing formatted.

A public corpus is built only from public reviews, so an internal review leaves
no trace in any listing, count, relation or data file made from it.
"""

from __future__ import annotations

import typing
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from generator.model import AgeGroup, Agency, GoodPractice, Harm, Lesson, Recommendation, Review, ReviewType, Theme
from generator.validate import Content

RELATED_REVIEWS_SHOWN = 5
BuildAudience = Literal["public", "internal"]


@dataclass(frozen=True)
class GoodPracticeRef:
    review: Review
    practice: GoodPractice


@dataclass(frozen=True)
class RelatedReview:
    review: Review
    shared_themes: tuple[Theme, ...]


@dataclass(frozen=True)
class ThemeGroup:
    """Lessons of one review page gathered under the theme they are listed first with."""

    theme: Theme
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class AgencyGroup:
    """Recommendations of one review page gathered under the agency type they name first."""

    agency: Agency
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class ReviewEntry:
    review: Review
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]
    lessons_by_theme: tuple[ThemeGroup, ...]
    recommendations_by_agency: tuple[AgencyGroup, ...]
    related: tuple[RelatedReview, ...]


@dataclass(frozen=True)
class ReviewLessons:
    """One review's lessons on a theme or for an agency type."""

    review: Review
    lessons: tuple[Lesson, ...]
    recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True)
class ThemeEntry:
    theme: Theme
    by_review: tuple[ReviewLessons, ...]  # newest review first
    lesson_count: int
    co_occurring: tuple[tuple[Theme, int], ...]  # themes met in the same reviews, most first
    related: tuple[Theme, ...]

    @property
    def review_count(self) -> int:
        return len(self.by_review)


@dataclass(frozen=True)
class AgencyEntry:
    agency: Agency
    by_review: tuple[ReviewLessons, ...]  # newest review first
    lesson_count: int
    recommendation_count: int
    status_counts: tuple[tuple[str, int], ...]
    good_practice: tuple[GoodPracticeRef, ...]


@dataclass(frozen=True)
class Facets:
    """The distinct values the review index can be filtered by, in display order."""

    years: tuple[str, ...]  # newest first
    boards: tuple[str, ...]
    review_types: tuple[str, ...]
    age_groups: tuple[str, ...]
    harms: tuple[str, ...]
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class Corpus:
    audience: BuildAudience
    reviews: tuple[ReviewEntry, ...]  # newest first
    themes: tuple[ThemeEntry, ...]  # vocabulary order
    agencies: tuple[AgencyEntry, ...]  # vocabulary order
    years: tuple[str, ...]  # ascending
    theme_year_counts: dict[str, dict[str, int]]  # theme id -> year -> number of reviews
    facets: Facets

    @property
    def lesson_count(self) -> int:
        return sum(len(entry.review.lessons) for entry in self.reviews)

    @property
    def recommendation_count(self) -> int:
        return sum(len(entry.review.recommendations) for entry in self.reviews)

    @property
    def themes_by_review_count(self) -> tuple[ThemeEntry, ...]:
        used = [entry for entry in self.themes if entry.review_count]
        return tuple(sorted(used, key=lambda entry: (-entry.review_count, -entry.lesson_count, entry.theme.title)))


def _in_contract_order(values: list[str], options: object) -> tuple[str, ...]:
    present = set(values)
    return tuple(option for option in typing.get_args(options) if option in present)


def _newest_first(reviews: list[Review]) -> list[Review]:
    return sorted(sorted(reviews, key=lambda review: review.id), key=lambda review: review.published, reverse=True)


def _first_use_order(ids_per_item: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(identifier for ids in ids_per_item for identifier in ids))


def _review_themes(review: Review) -> list[str]:
    return _first_use_order([lesson.themes for lesson in review.lessons] + [r.themes for r in review.recommendations])


def _related_reviews(
    reviews: list[Review], theme_sets: dict[str, set[str]], themes: dict[str, Theme]
) -> dict[str, tuple[RelatedReview, ...]]:
    """For each review, the reviews sharing most themes (ties: newest first), naming the shared themes."""
    reviews_by_theme: dict[str, list[int]] = defaultdict(list)
    for position, review in enumerate(reviews):
        for theme_id in theme_sets[review.id]:
            reviews_by_theme[theme_id].append(position)
    related: dict[str, tuple[RelatedReview, ...]] = {}
    for position, review in enumerate(reviews):
        shared = Counter(other for theme_id in theme_sets[review.id] for other in reviews_by_theme[theme_id])
        shared.pop(position, None)
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:RELATED_REVIEWS_SHOWN]
        related[review.id] = tuple(
            RelatedReview(
                review=reviews[other],
                shared_themes=tuple(
                    themes[theme_id]
                    for theme_id in themes
                    if theme_id in theme_sets[review.id] & theme_sets[reviews[other].id]
                ),
            )
            for other, _ in best
        )
    return related


def build_corpus(content: Content, audience: BuildAudience) -> Corpus:
    reviews = _newest_first([r for r in content.reviews if audience == "internal" or r.audience == "public"])
    themes = {theme.id: theme for theme in content.themes}
    agencies = {agency.id: agency for agency in content.agencies}
    theme_sets = {review.id: set(_review_themes(review)) for review in reviews}
    related = _related_reviews(reviews, theme_sets, themes)

    review_entries = []
    for review in reviews:
        lessons_by_theme: dict[str, list[Lesson]] = defaultdict(list)
        for lesson in review.lessons:
            lessons_by_theme[lesson.themes[0]].append(lesson)
        recommendations_by_agency: dict[str, list[Recommendation]] = defaultdict(list)
        for recommendation in review.recommendations:
            recommendations_by_agency[recommendation.agencies[0]].append(recommendation)
        agency_ids = _first_use_order(
            [lesson.agencies for lesson in review.lessons]
            + [r.agencies for r in review.recommendations]
            + [practice.agencies for practice in review.good_practice]
        )
        review_entries.append(
            ReviewEntry(
                review=review,
                themes=tuple(themes[theme_id] for theme_id in _review_themes(review)),
                agencies=tuple(agencies[agency_id] for agency_id in agency_ids),
                lessons_by_theme=tuple(ThemeGroup(themes[t], tuple(ls)) for t, ls in lessons_by_theme.items()),
                recommendations_by_agency=tuple(
                    AgencyGroup(agencies[a], tuple(rs)) for a, rs in recommendations_by_agency.items()
                ),
                related=related[review.id],
            )
        )

    theme_entries = []
    for theme in content.themes:
        by_review = []
        for review in reviews:
            lessons = tuple(lesson for lesson in review.lessons if theme.id in lesson.themes)
            if lessons:
                by_review.append(ReviewLessons(review, lessons))
        co_occurring = Counter(
            other
            for review in reviews
            if theme.id in theme_sets[review.id]
            for other in theme_sets[review.id]
            if other != theme.id
        )
        theme_entries.append(
            ThemeEntry(
                theme=theme,
                by_review=tuple(by_review),
                lesson_count=sum(len(group.lessons) for group in by_review),
                co_occurring=tuple(
                    (themes[other], count)
                    for other, count in sorted(co_occurring.items(), key=lambda item: (-item[1], themes[item[0]].title))
                ),
                related=tuple(themes[related_id] for related_id in theme.related),
            )
        )

    agency_entries = []
    for agency in content.agencies:
        by_review = []
        statuses: Counter[str] = Counter()
        for review in reviews:
            lessons = tuple(lesson for lesson in review.lessons if agency.id in lesson.agencies)
            recommendations = tuple(r for r in review.recommendations if agency.id in r.agencies)
            statuses.update(r.status for r in recommendations)
            if lessons or recommendations:
                by_review.append(ReviewLessons(review, lessons, recommendations))
        agency_entries.append(
            AgencyEntry(
                agency=agency,
                by_review=tuple(by_review),
                lesson_count=sum(len(group.lessons) for group in by_review),
                recommendation_count=sum(len(group.recommendations) for group in by_review),
                status_counts=tuple(sorted(statuses.items())),
                good_practice=tuple(
                    GoodPracticeRef(review, practice)
                    for review in reviews
                    for practice in review.good_practice
                    if agency.id in practice.agencies
                ),
            )
        )

    years = sorted({review.year for review in reviews})
    theme_year_counts: dict[str, dict[str, int]] = {theme.id: {} for theme in content.themes}
    for review in reviews:
        for theme_id in theme_sets[review.id]:
            counts = theme_year_counts[theme_id]
            counts[review.year] = counts.get(review.year, 0) + 1
    facets = Facets(
        years=tuple(reversed(years)),
        boards=tuple(sorted({review.board for review in reviews})),
        review_types=_in_contract_order([review.review_type for review in reviews], ReviewType),
        age_groups=_in_contract_order([r.child.age_group for r in reviews if r.child and r.child.age_group], AgeGroup),
        harms=_in_contract_order([harm for review in reviews for harm in review.harm], Harm),
        themes=tuple(theme for theme in content.themes if any(theme.id in theme_sets[r.id] for r in reviews)),
    )
    return Corpus(
        audience=audience,
        reviews=tuple(review_entries),
        themes=tuple(theme_entries),
        agencies=tuple(agency_entries),
        years=tuple(years),
        theme_year_counts=theme_year_counts,
        facets=facets,
    )
