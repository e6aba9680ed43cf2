"""Index validated content for one audience: what every page shows, and nothing formatted.

A public corpus is built only from public reviews, so an internal review leaves
no trace in any listing, count, relation or data file made from it.
"""

from __future__ import annotations

import typing
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import AgeGroup, Agency, GoodPractice, Harm, Lesson, Recommendation, Review, ReviewType, Theme
from generator.relations import RelatedReview, co_occurring_themes, membership_matrix, related_reviews
from generator.validate import Content

BuildAudience = Literal["public", "internal"]
Item = typing.TypeVar("Item")


@dataclass(frozen=True)
class ThemeGroup:
    """Lessons of one review page gathered under the theme they are listed first with."""

    theme: Theme
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class GroupedRecommendation:
    """A recommendation listed under the agency type it names first, and the others it is also for."""

    recommendation: Recommendation
    also_for: tuple[Agency, ...]


@dataclass(frozen=True)
class AgencyGroup:
    """Recommendations of one review page gathered under the agency type they name first."""

    agency: Agency
    recommendations: tuple[GroupedRecommendation, ...]


@dataclass(frozen=True)
class ReviewEntry:
    review: Review
    themes: tuple[Theme, ...]  # first-use order
    main_themes: tuple[Theme, ...]  # every theme, the one with most lessons and recommendations first
    agencies: tuple[Agency, ...]
    lessons_by_theme: tuple[ThemeGroup, ...]
    recommendations_by_agency: tuple[AgencyGroup, ...]
    related: tuple[RelatedReview, ...]


@dataclass(frozen=True)
class ReviewLessons:
    """One review's lessons (and, for an agency type, recommendations and good practice) on one page topic."""

    review: Review
    lessons: tuple[Lesson, ...]
    recommendations: tuple[Recommendation, ...] = ()
    good_practice: tuple[GoodPractice, ...] = ()

    @property
    def item_count(self) -> int:
        return len(self.lessons) + len(self.recommendations) + len(self.good_practice)


@dataclass(frozen=True)
class ThemeEntry:
    theme: Theme
    by_review: tuple[ReviewLessons, ...]  # newest review first
    lesson_count: int
    co_occurring: tuple[tuple[Theme, int], ...]  # themes met in the same reviews, the most telling first
    related: tuple[Theme, ...]
    agency_counts: tuple[tuple[Agency, int], ...]  # lessons on this theme for each agency type that has any

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
    good_practice_count: int
    theme_counts: tuple[tuple[Theme, int], ...]  # lessons and recommendations on each theme, for those that have any


@dataclass(frozen=True)
class Facets:
    """The distinct values the review index can be filtered by, in display order."""

    years: tuple[str, ...]  # newest first
    boards: tuple[str, ...]
    review_types: tuple[str, ...]
    age_groups: tuple[str, ...]
    harms: tuple[str, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]


@dataclass(frozen=True)
class Corpus:
    audience: BuildAudience
    reviews: tuple[ReviewEntry, ...]  # newest first
    themes: tuple[ThemeEntry, ...]  # vocabulary order
    agencies: tuple[AgencyEntry, ...]  # vocabulary order
    years: tuple[str, ...]  # ascending
    theme_year_counts: dict[str, dict[str, int]]  # theme id -> year -> number of reviews
    reviews_by_year: tuple[tuple[str, tuple[ReviewEntry, ...]], ...]  # newest year first

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


def facets_of(entries: Sequence[ReviewEntry]) -> Facets:
    """The values a table of these reviews can be filtered by."""
    reviews = [entry.review for entry in entries]
    return Facets(
        years=tuple(sorted({review.year for review in reviews}, reverse=True)),
        boards=tuple(sorted({review.board for review in reviews})),
        review_types=_in_contract_order([review.review_type for review in reviews], ReviewType),
        age_groups=_in_contract_order([r.child.age_group for r in reviews if r.child and r.child.age_group], AgeGroup),
        harms=_in_contract_order([harm for review in reviews for harm in review.harm], Harm),
        themes=tuple(sorted({t.id: t for entry in entries for t in entry.themes}.values(), key=lambda t: t.title)),
        agencies=tuple(sorted({a.id: a for entry in entries for a in entry.agencies}.values(), key=lambda a: a.title)),
    )


def _in_contract_order(values: list[str], options: object) -> tuple[str, ...]:
    present = set(values)
    return tuple(option for option in typing.get_args(options) if option in present)


def _newest_first(reviews: list[Review]) -> list[Review]:
    return sorted(sorted(reviews, key=lambda review: review.id), key=lambda review: review.published, reverse=True)


def _first_use_order(ids_per_item: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(identifier for ids in ids_per_item for identifier in ids))


def _review_themes(review: Review) -> list[str]:
    return _first_use_order([lesson.themes for lesson in review.lessons] + [r.themes for r in review.recommendations])


def _main_themes(review: Review, in_use_order: list[str]) -> list[str]:
    """A review's themes, the one most of its lessons and recommendations are on first (ties: first use)."""
    theme_lists = [lesson.themes for lesson in review.lessons] + [r.themes for r in review.recommendations]
    uses = Counter(theme_id for ids in theme_lists for theme_id in dict.fromkeys(ids))
    return sorted(in_use_order, key=lambda theme_id: -uses[theme_id])


def _counted(counts: Counter[str], vocabulary: dict[str, Item]) -> tuple[tuple[Item, int], ...]:
    """Vocabulary entries with a count above zero, in vocabulary order."""
    return tuple((entry, counts[key]) for key, entry in vocabulary.items() if counts[key])


def _grouped(items: list[Item], ids_of: Callable[[Item], list[str]]) -> dict[str, list[Item]]:
    """Items under each id they name, in first-use order; an item naming an id twice is listed once."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for identifier in dict.fromkeys(ids_of(item)):
            groups[identifier].append(item)
    return groups


def build_corpus(content: Content, audience: BuildAudience) -> Corpus:
    reviews = _newest_first([r for r in content.reviews if audience == "internal" or r.audience == "public"])
    themes = {theme.id: theme for theme in content.themes}
    agencies = {agency.id: agency for agency in content.agencies}
    theme_ids = list(themes)  # vocabulary order
    theme_orders = {review.id: _review_themes(review) for review in reviews}
    theme_sets = {review_id: set(order) for review_id, order in theme_orders.items()}
    membership = membership_matrix(reviews, theme_ids, theme_sets)
    related = related_reviews(reviews, membership, list(themes.values()))

    review_entries = []
    theme_lessons: dict[str, list[ReviewLessons]] = {theme_id: [] for theme_id in themes}
    agency_items: dict[str, list[ReviewLessons]] = {agency_id: [] for agency_id in agencies}
    for review in reviews:
        # Listed first under a theme or agency on the review page; under every one on theme and agency pages.
        lessons_by_theme = _grouped(review.lessons, lambda lesson: lesson.themes[:1])
        recommendations_by_agency = _grouped(review.recommendations, lambda r: r.agencies[:1])
        lessons_on_theme = _grouped(review.lessons, lambda lesson: lesson.themes)
        lessons_for_agency = _grouped(review.lessons, lambda lesson: lesson.agencies)
        recommendations_for_agency = _grouped(review.recommendations, lambda r: r.agencies)
        practice_for_agency = _grouped(review.good_practice, lambda practice: practice.agencies)
        for theme_id, lessons in lessons_on_theme.items():
            theme_lessons[theme_id].append(ReviewLessons(review, tuple(lessons)))
        agency_ids = _first_use_order(
            [lesson.agencies for lesson in review.lessons]
            + [r.agencies for r in review.recommendations]
            + [practice.agencies for practice in review.good_practice]
        )
        for agency_id in agency_ids:
            agency_items[agency_id].append(
                ReviewLessons(
                    review,
                    tuple(lessons_for_agency[agency_id]),
                    tuple(recommendations_for_agency[agency_id]),
                    tuple(practice_for_agency[agency_id]),
                )
            )
        review_entries.append(
            ReviewEntry(
                review=review,
                themes=tuple(themes[theme_id] for theme_id in theme_orders[review.id]),
                main_themes=tuple(themes[theme_id] for theme_id in _main_themes(review, theme_orders[review.id])),
                agencies=tuple(agencies[agency_id] for agency_id in agency_ids),
                lessons_by_theme=tuple(ThemeGroup(themes[t], tuple(ls)) for t, ls in lessons_by_theme.items()),
                recommendations_by_agency=tuple(
                    AgencyGroup(
                        agencies[a],
                        tuple(GroupedRecommendation(r, tuple(agencies[o] for o in r.agencies[1:])) for r in rs),
                    )
                    for a, rs in recommendations_by_agency.items()
                ),
                related=related[review.id],
            )
        )

    co_occurring = co_occurring_themes(membership, list(themes.values()))
    theme_entries = []
    for index, theme in enumerate(content.themes):
        by_review = theme_lessons[theme.id]
        lessons = [lesson for group in by_review for lesson in group.lessons]
        for_agency = Counter(a for lesson in lessons for a in dict.fromkeys(lesson.agencies))
        theme_entries.append(
            ThemeEntry(
                theme=theme,
                by_review=tuple(by_review),
                lesson_count=len(lessons),
                co_occurring=co_occurring[index],
                related=tuple(themes[related_id] for related_id in theme.related),
                agency_counts=_counted(for_agency, agencies),
            )
        )

    agency_entries = []
    for agency in content.agencies:
        by_review = agency_items[agency.id]
        statuses = Counter(r.status for group in by_review for r in group.recommendations)
        theme_lists = [item.themes for group in by_review for item in group.lessons]
        theme_lists += [item.themes for group in by_review for item in group.recommendations]
        on_theme = Counter(theme_id for ids in theme_lists for theme_id in dict.fromkeys(ids))
        agency_entries.append(
            AgencyEntry(
                agency=agency,
                by_review=tuple(by_review),
                lesson_count=sum(len(group.lessons) for group in by_review),
                recommendation_count=sum(len(group.recommendations) for group in by_review),
                status_counts=tuple(sorted(statuses.items())),
                good_practice_count=sum(len(group.good_practice) for group in by_review),
                theme_counts=_counted(on_theme, themes),
            )
        )

    years = sorted({review.year for review in reviews})
    theme_year_counts: dict[str, dict[str, int]] = {theme.id: {} for theme in content.themes}
    by_year: dict[str, list[ReviewEntry]] = defaultdict(list)
    for entry in review_entries:
        review = entry.review
        by_year[review.year].append(entry)
        for theme_id in theme_sets[review.id]:
            counts = theme_year_counts[theme_id]
            counts[review.year] = counts.get(review.year, 0) + 1
    return Corpus(
        audience=audience,
        reviews=tuple(review_entries),
        themes=tuple(theme_entries),
        agencies=tuple(agency_entries),
        years=tuple(years),
        theme_year_counts=theme_year_counts,
        reviews_by_year=tuple((year, tuple(by_year[year])) for year in reversed(years)),
    )
