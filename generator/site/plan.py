"""Which pages the site has, and what each shows: the page plan.

Every decision about a page's content that is not formatting is taken here or
in the corpus: which reviews the home page lists, how a long listing is split
over pages and what each continued page is called, the figures of the
insights charts, and (through `briefing.BriefingPlanner`) what each 7-minute
briefing shows. Templates only format what the plan hands them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.corpus import AgencyEntry, Corpus, ReviewEntry, ReviewLessons, ThemeEntry, facets_of
from generator.model import Agency, Theme
from generator.site.briefing import BriefingPlanner
from generator.site.dates import BuildDate, calendar_date
from generator.site.urls import (
    agency_path,
    continued_path,
    review_briefing_path,
    review_path,
    theme_briefing_path,
    theme_path,
    year_path,
)

BUILT_IN_PAGES = {
    "about.md": "about.md.j2",
    "how-to-use.md": "how-to-use.md.j2",
    "accessibility.md": "accessibility.md.j2",
}
"""Pages the tool ships; a hand-written page of the same name in the content's pages/ folder replaces each."""
WHATS_NEW = "whats-new.md"

HEAT_LEVELS = 4
"""Shades of the themes-by-year table, besides empty."""


@dataclass(frozen=True)
class PlanLimits:
    """How much one page shows; pages past the limits continue on further pages."""

    listing_items_per_page: int = 400
    """Lessons (and recommendations) on one theme or agency page: about 100 KB of HTML."""
    review_index_latest: int = 100
    """Reviews in the table on /reviews/; every review is also on the page for its year."""
    home_latest_reviews: int = 10
    home_recurring_themes: int = 10
    whats_new: int = 20
    """Reviews on /whats-new/ and in /feed.xml."""


@dataclass(frozen=True)
class ListingPage:
    number: int
    path: str


@dataclass(frozen=True)
class Listing:
    """One page of a listing: its groups, where they sit in the whole, and every page of it."""

    title: str  # "Bruising: page 2" from page 2 on
    number: int
    pages: tuple[ListingPage, ...]
    groups: tuple[ReviewLessons, ...]
    first_item: int
    last_item: int
    total_items: int

    @property
    def path(self) -> str:
        return self.pages[self.number - 1].path


def paginate(groups: tuple[ReviewLessons, ...], first_page: str, title: str, per_page: int) -> list[Listing]:
    """Split groups over pages of about `per_page` items, never splitting one review's group.

    Page 1 is `first_page` (`themes/x.md`, URL `/themes/x/`); page n is `themes/x/n.md`
    (URL `/themes/x/n/`). Groups are newest first, so a new review moves older ones
    along; the page of the theme itself never moves.
    """
    chunks: list[list[ReviewLessons]] = [[]]
    filled = 0
    for group in groups:
        if chunks[-1] and filled + group.item_count > per_page:
            chunks.append([])
            filled = 0
        chunks[-1].append(group)
        filled += group.item_count
    pages = tuple(ListingPage(n, continued_path(first_page, n)) for n in range(1, len(chunks) + 1))
    total = sum(group.item_count for group in groups)
    listings, seen = [], 0
    for page, chunk in zip(pages, chunks, strict=True):
        count = sum(group.item_count for group in chunk)
        page_title = title if page.number == 1 else f"{title}: page {page.number}"
        listings.append(Listing(page_title, page.number, pages, tuple(chunk), seen + 1, seen + count, total))
        seen += count
    return listings


@dataclass(frozen=True)
class HeatCell:
    count: int
    level: int  # 0 (none) to HEAT_LEVELS (the busiest)


@dataclass(frozen=True)
class ThemeFigures:
    """One row of the insights page: a theme, its share of all reviews, its reviews per year."""

    entry: ThemeEntry
    share: float  # of all reviews, 0 to 1
    by_year: tuple[HeatCell, ...]  # one per corpus year, oldest first


def insights_figures(corpus: Corpus) -> tuple[ThemeFigures, ...]:
    """The figures of both insights charts, themes most often met first."""
    busiest = max((n for counts in corpus.theme_year_counts.values() for n in counts.values()), default=1)
    total = len(corpus.reviews)

    def cell(count: int) -> HeatCell:
        return HeatCell(count, 0 if not count else min(HEAT_LEVELS, 1 + (HEAT_LEVELS * count - 1) // busiest))

    return tuple(
        ThemeFigures(
            entry=entry,
            share=entry.review_count / total if total else 0.0,
            by_year=tuple(cell(corpus.theme_year_counts[entry.theme.id].get(year, 0)) for year in corpus.years),
        )
        for entry in corpus.themes_by_review_count
    )


@dataclass(frozen=True)
class Change:
    """A review on /whats-new/: when its extract was last updated, or else when the review was published."""

    entry: ReviewEntry
    date: str
    updated: bool


def latest_changes(corpus: Corpus, count: int) -> tuple[Change, ...]:
    """The reviews added or updated most recently, newest first (ties: as the corpus orders them)."""
    changes = [
        Change(entry, entry.review.updated or entry.review.published, entry.review.updated is not None)
        for entry in corpus.reviews
    ]
    return tuple(sorted(changes, key=lambda change: calendar_date(change.date), reverse=True)[:count])


@dataclass(frozen=True)
class Deferred:
    """Part of a page's context worked out when the page is rendered, so in parallel with other pages."""

    work: Callable[[], Any]


@dataclass(frozen=True)
class PlannedPage:
    path: str
    template: str
    context: dict[str, Any]
    depends_on: frozenset[str] | None = None
    """The reviews whose content the page shows (by id); None: it sums up every review."""


def plan_pages(
    corpus: Corpus, limits: PlanLimits, built: BuildDate | None = None, briefings: BriefingPlanner | None = None
) -> list[PlannedPage]:
    """Every generated page: its path, template and what it shows."""
    briefings = briefings or BriefingPlanner()
    latest = corpus.reviews[: limits.review_index_latest]
    plan = [
        PlannedPage(
            "index.md",
            "home.md.j2",
            {
                "latest": corpus.reviews[: limits.home_latest_reviews],
                "recurring_themes": corpus.themes_by_review_count[: limits.home_recurring_themes],
            },
        ),
        PlannedPage("reviews/index.md", "reviews.md.j2", {"latest": latest, "facets": facets_of(latest)}),
    ]
    plan += [
        PlannedPage(
            year_path(year), "reviews-year.md.j2", {"year": year, "entries": entries, "facets": facets_of(entries)}
        )
        for year, entries in corpus.reviews_by_year
    ]
    plan += [
        PlannedPage(
            review_path(entry.review.id),
            "review.md.j2",
            {"entry": entry},
            frozenset([entry.review.id, *(related.review.id for related in entry.related)]),
        )
        for entry in corpus.reviews
    ]
    plan += [
        PlannedPage(
            review_briefing_path(entry.review.id),
            "review-briefing.md.j2",
            {"briefing": Deferred(functools.partial(briefings.review, entry))},
            frozenset([entry.review.id]),
        )
        for entry in corpus.reviews
    ]

    def listing_pages(template: str, entry: ThemeEntry | AgencyEntry, subject: Theme | Agency) -> list[PlannedPage]:
        first_page = theme_path(subject.id) if isinstance(subject, Theme) else agency_path(subject.id)
        listings = paginate(entry.by_review, first_page, subject.title, limits.listing_items_per_page)
        context = {"entry": entry, "subject": subject}
        # Every page of a listing shows counts and pages of the whole listing.
        shown = frozenset(group.review.id for group in entry.by_review)
        return [PlannedPage(listing.path, template, {**context, "listing": listing}, shown) for listing in listings]

    plan.append(PlannedPage("themes/index.md", "themes.md.j2", {}))
    for theme_entry in corpus.themes:
        plan += listing_pages("theme.md.j2", theme_entry, theme_entry.theme)
        plan.append(
            PlannedPage(
                theme_briefing_path(theme_entry.theme.id),
                "theme-briefing.md.j2",
                {"briefing": Deferred(functools.partial(briefings.theme, theme_entry))},
                frozenset(group.review.id for group in theme_entry.by_review),
            )
        )
    plan.append(PlannedPage("agencies/index.md", "agencies.md.j2", {}))
    for agency_entry in corpus.agencies:
        plan += listing_pages("agency.md.j2", agency_entry, agency_entry.agency)
    plan.append(PlannedPage("insights/index.md", "insights.md.j2", {"figures": insights_figures(corpus)}))
    plan.append(PlannedPage(WHATS_NEW, "whats-new.md.j2", {"changes": latest_changes(corpus, limits.whats_new)}))
    plan += [PlannedPage(path, template, {"built": built}) for path, template in BUILT_IN_PAGES.items()]
    return plan
