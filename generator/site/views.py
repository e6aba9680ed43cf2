"""What a reader sees of a page beyond the corpus's facts: where they are, what is on it, counts in words.

Decisions only, never markup: the breadcrumb trail, the "On this page" list of a
review, count sentences with their plurals (and never "0 lessons"), the card of
a review in the index (a one-line summary and its main themes), the options of
a listing's filter. `plan.py` hands these to the templates, which format them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.corpus import AgencyEntry, ReviewEntry, ThemeEntry
from generator.model import GROUP_ANCHOR_SEPARATOR, REVIEW_SECTION_ANCHORS, Agency, Review, Theme
from generator.site.labels import and_list, human_date, label
from generator.site.urls import agency_path, theme_path, year_path

ONE_LINE_LIMIT = 160
"""Characters of a review's summary shown on its card in the index."""


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun: "1 lesson", "3 lessons", "2,000 reviews"."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"


def counts_sentence(parts: list[tuple[int, str, str | None]]) -> str:
    """Counts joined as words, leaving out those that are zero: "3 lessons and 1 recommendation"."""
    return and_list([counted(count, singular, plural) for count, singular, plural in parts if count])


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])")
_EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1")


def one_line(text: str, limit: int = ONE_LINE_LIMIT) -> str:
    """The first sentence of light-Markdown text as plain text, cut at a word if longer than `limit`."""
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    sentence = _EMPHASIS.sub(r"\2", sentence)
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; the last step is the page itself and has no link."""

    label: str
    path: str | None = None


def review_crumbs(review: Review) -> tuple[Crumb, ...]:
    return (Crumb("Reviews", "reviews/index.md"), Crumb(review.year, year_path(review.year)), Crumb(review.title))


def year_crumbs(year: str) -> tuple[Crumb, ...]:
    return (Crumb("Reviews", "reviews/index.md"), Crumb(year))


def listing_crumbs(subject: Theme | Agency, page_number: int) -> tuple[Crumb, ...]:
    if isinstance(subject, Theme):
        first = (Crumb("Themes", "themes/index.md"), Crumb(subject.title, theme_path(subject.id)))
    else:
        first = (Crumb("Agencies", "agencies/index.md"), Crumb(subject.title, agency_path(subject.id)))
    if page_number == 1:
        return (first[0], Crumb(subject.title))
    return (*first, Crumb(f"Page {page_number}"))


@dataclass(frozen=True)
class Contents:
    """One entry of a review's "On this page" list: a section, or a theme or agency group within one."""

    label: str
    anchor: str
    count: str = ""  # "29 lessons" for a section; "3" for a group
    groups: tuple[Contents, ...] = ()


def _group_anchor(kind: str, identifier: str) -> str:
    return f"{kind}{GROUP_ANCHOR_SEPARATOR}{identifier}"


def review_contents(entry: ReviewEntry, *, feedback: bool) -> tuple[Contents, ...]:
    """The sections of a review page and the theme and agency groups within them, in page order."""
    review, sections = entry.review, REVIEW_SECTION_ANCHORS
    contents = [
        Contents("Background", sections["background"]),
        Contents(
            "Key learning",
            sections["key_learning"],
            counted(len(review.lessons), "lesson"),
            tuple(
                Contents(group.theme.title, _group_anchor("theme", group.theme.id), str(len(group.lessons)))
                for group in entry.lessons_by_theme
            ),
        ),
    ]
    if review.good_practice:
        practice = counted(len(review.good_practice), "example", "examples")
        contents.append(Contents("Good practice", sections["good_practice"], practice))
    if review.recommendations:
        contents.append(
            Contents(
                "Recommendations",
                sections["recommendations"],
                counted(len(review.recommendations), "recommendation"),
                tuple(
                    Contents(
                        group.agency.title, _group_anchor("agency", group.agency.id), str(len(group.recommendations))
                    )
                    for group in entry.recommendations_by_agency
                ),
            )
        )
    if review.questions:
        contents.append(Contents("Questions for reflection", sections["questions"]))
    if entry.related:
        contents.append(Contents("Related reviews", sections["related"]))
    contents.append(Contents("Source and citation", sections["source"]))
    if feedback:
        contents.append(Contents("Feedback", sections["feedback"]))
    return tuple(contents)


def common_bodies(entry: ReviewEntry) -> dict[str, str]:
    """For each agency group of recommendations, the organisation they are all addressed to, if one.

    Named once above the group instead of under every recommendation.
    """
    bodies = {}
    for group in entry.recommendations_by_agency:
        named = {item.recommendation.body for item in group.recommendations}
        if len(named) == 1 and (body := named.pop()):
            bodies[group.agency.id] = body
    return bodies


def theme_counts_line(entry: ThemeEntry) -> str:
    """ "3 lessons from 1 review" (the theme page says nothing of counts when it has no lessons)."""
    return f"{counted(entry.lesson_count, 'lesson')} from {counted(entry.review_count, 'review')}"


def agency_counts_line(entry: AgencyEntry) -> str:
    """ "50 lessons, 12 recommendations and 3 examples of good practice from 4 reviews", zeros left out."""
    items = counts_sentence(
        [
            (entry.lesson_count, "lesson", None),
            (entry.recommendation_count, "recommendation", None),
            (entry.good_practice_count, "example of good practice", "examples of good practice"),
        ]
    )
    return f"{items} from {counted(len(entry.by_review), 'review')}" if items else ""


def status_line(entry: AgencyEntry) -> str:
    """How far the recommendations have got, for those whose review says: "" when none does."""
    stated = [(status, count) for status, count in entry.status_counts if status != "not-stated"]
    if not stated:
        return ""
    return "Where a review states progress: " + and_list([f"{n:,} {label(s).lower()}" for s, n in stated]) + "."


@dataclass(frozen=True)
class FilterOption:
    value: str  # an id
    label: str
    count: int


def filter_options(counts: tuple[tuple[Theme, int], ...] | tuple[tuple[Agency, int], ...]) -> tuple[FilterOption, ...]:
    """The choices of a listing's filter, by title: only values the listing has, each with its count."""
    return tuple(sorted((FilterOption(item.id, item.title, n) for item, n in counts), key=lambda o: o.label))


@dataclass(frozen=True)
class ReviewCard:
    """A review as the index lists it."""

    entry: ReviewEntry
    date: str  # as precise as published: "16 March 2013"
    summary: str  # one line
    themes: tuple[Theme, ...]  # its main themes


def review_card(entry: ReviewEntry, themes_shown: int) -> ReviewCard:
    review = entry.review
    return ReviewCard(entry, human_date(review.published), one_line(review.summary), entry.main_themes[:themes_shown])
