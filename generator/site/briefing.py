"""What each 7-minute briefing shows, chosen so that it prints on at most two A4 pages.

A briefing is read aloud at a team meeting. For each review and theme the
planner estimates the printed length at each step of `paper.SHORTENINGS` and
takes the first that fits; gists and recommendations in short follow the rule
in `shorten`. The browser tests print every bundled briefing and count its pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup

from generator.corpus import ReviewEntry, ThemeEntry
from generator.model import Agency, Lesson, Recommendation, Review, Theme
from generator.site.labels import label
from generator.site.paper import (
    GROUP_LINES,
    HEAD_LINES,
    ITEM_GAP,
    LIST_INDENT,
    PARAGRAPH_GAP,
    QR_LINES,
    SECTION_LINES,
    SHORTENINGS,
    THEME_LESSON_LINES,
    WHERE_LINES,
    PrintMeasure,
    Shortening,
)
from generator.site.shorten import first_sentence, plain_text, shortened
from generator.site.text import LightMarkdown
from generator.site.urls import page_url, review_briefing_path, theme_briefing_path

MIN_GIST = 30
"""A gist cut shorter than this many characters says too little: the lesson shows its title only."""


def qr_svg(address: str) -> Markup:
    """`address` as a QR code in inline SVG, drawn at build time (segno: pure Python, no network).

    Error correction level M survives a crease or a smudge; the quiet zone (4 modules) is white,
    so the code scans on any background. Its size is set by the stylesheet.
    """
    code = segno.make_qr(address, error="m")
    return Markup(code.svg_inline(omitsize=True, svgclass="lb-qr-code", lineclass=None, dark="#000", light="#fff"))


@dataclass(frozen=True)
class BriefingLesson:
    lesson: Lesson
    gist: str  # "" when the briefing shows titles only


@dataclass(frozen=True)
class LessonsOnTheme:
    theme: Theme
    lessons: tuple[BriefingLesson, ...]


@dataclass(frozen=True)
class RecommendationInShort:
    recommendation: Recommendation
    text: str


@dataclass(frozen=True)
class RecommendationsFor:
    agency: Agency
    shown: tuple[RecommendationInShort, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


@dataclass(frozen=True)
class ReviewBriefing:
    entry: ReviewEntry
    background: str | None  # None: the whole summary; else the summary cut short, as plain text
    facts: tuple[tuple[str, tuple[str, ...]], ...]  # ("Harm", enum values), outcome, age group: "why it matters"
    lessons: tuple[LessonsOnTheme, ...]
    recommendations: tuple[RecommendationsFor, ...]
    questions: tuple[str, ...]
    more_questions: int
    address: str | None  # the briefing's own web address, when the site has one
    shortening: Shortening
    estimated_lines: float

    @property
    def with_gists(self) -> bool:
        return any(item.gist for group in self.lessons for item in group.lessons)

    @property
    def recommendations_shown(self) -> int:
        return sum(len(group.shown) for group in self.recommendations)


@dataclass(frozen=True)
class ReviewOnTheme:
    review: Review
    lessons: tuple[BriefingLesson, ...]


@dataclass(frozen=True)
class ThemeBriefing:
    entry: ThemeEntry
    reviews: tuple[ReviewOnTheme, ...]  # newest first
    lessons_shown: int
    more_lessons: int  # lessons on the theme page that the briefing has no room for
    more_reviews: int  # reviews with lessons the briefing does not show
    often_with: tuple[Theme, ...]
    questions: tuple[str, ...]
    address: str | None
    with_gists: bool
    estimated_lines: float


class BriefingPlanner:
    """Chooses what every briefing shows; one planner serves a whole site."""

    often_with_shown = 5  # co-occurring themes named on a theme briefing

    def __init__(
        self, site_url: str = "", content_note: str | None = None, measure: PrintMeasure | None = None
    ) -> None:
        self.site_url = site_url  # with one trailing slash, or ""
        self.measure = measure or PrintMeasure()
        # The head (title, subtitle, content note) spans both columns: each of its lines costs two.
        self._head = HEAD_LINES + (
            2 * self.measure.text(len(content_note) + 16, -self.measure.chars_per_line) if content_note else 0.0
        )
        self._light_markdown = LightMarkdown()
        self._plain: dict[str, str] = {}

    def _plain_text(self, text: str) -> str:
        if text not in self._plain:
            self._plain[text] = plain_text(self._light_markdown, text)
        return self._plain[text]

    def _address(self, path: str) -> str | None:
        return self.site_url + page_url(path) if self.site_url else None

    def _lesson(self, lesson: Lesson, lines: int) -> BriefingLesson:
        """The lesson with as much of its first sentence as fits beside its title in `lines` lines."""
        # Title and gist run on in one list item: "Title: gist".
        room = self.measure.list_chars(lines) - len(lesson.title) - 2 if lines else 0
        gist = shortened(first_sentence(self._plain_text(lesson.text)), room) if room >= MIN_GIST else ""
        return BriefingLesson(lesson, gist)

    def _lesson_lines(self, item: BriefingLesson) -> float:
        return self.measure.list_item(len(item.lesson.title) + (len(item.gist) + 2 if item.gist else 0))

    def _text_lines(self, chars: int) -> float:
        return self.measure.text(chars) + PARAGRAPH_GAP

    def review(self, entry: ReviewEntry) -> ReviewBriefing:
        """The briefing of one review, at the most generous step that fits two pages (else the last)."""
        review = entry.review
        facts = tuple(
            (name, values)
            for name, values in (
                ("Harm", tuple(review.harm)),
                ("Outcome", (review.outcome,) if review.outcome else ()),
                ("Age group", (review.child.age_group,) if review.child and review.child.age_group else ()),
            )
            if values
        )
        address = self._address(review_briefing_path(review.id))
        summary = self._plain_text(review.summary)
        for step in SHORTENINGS:
            briefing = self._review_at(entry, step, facts, summary, address)
            if briefing.estimated_lines <= self.measure.budget:
                return briefing
        return briefing

    def _review_at(
        self,
        entry: ReviewEntry,
        step: Shortening,
        facts: tuple[tuple[str, tuple[str, ...]], ...],
        summary: str,
        address: str | None,
    ) -> ReviewBriefing:
        review = entry.review
        lines = self._head + (QR_LINES if address else 0.0) + WHERE_LINES + 2 * SECTION_LINES + self._text_lines(110)
        background = None
        if step.background is not None and len(summary) > step.background:
            background = shortened(summary, step.background)
        paragraphs = 1 if background else review.summary.count("\n\n") + 1
        lines += SECTION_LINES + self._text_lines(len(background or summary)) + (paragraphs - 1) * PARAGRAPH_GAP
        if facts:
            lines += SECTION_LINES + self._text_lines(
                sum(len(name) + 5 + sum(len(label(v)) + 2 for v in values) for name, values in facts)
            )
        lessons = []
        for group in entry.lessons_by_theme:
            shown = tuple(self._lesson(lesson, step.lesson_lines) for lesson in group.lessons)
            lines += GROUP_LINES + sum(self._lesson_lines(item) for item in shown)
            lessons.append(LessonsOnTheme(group.theme, shown))
        recommendations = []
        lines += SECTION_LINES + self._text_lines(200 if entry.recommendations_by_agency else 110)
        limit = self.measure.list_chars(step.recommendation_lines)
        for agency_group in entry.recommendations_by_agency:
            items = [item.recommendation for item in agency_group.recommendations]
            kept = items if step.per_agency is None else items[: step.per_agency]
            short = tuple(
                RecommendationInShort(r, shortened(first_sentence(self._plain_text(r.text)), limit)) for r in kept
            )
            lines += GROUP_LINES + sum(self.measure.list_item(len(r.text)) for r in short)
            lines += self._text_lines(40) if len(short) < len(items) else 0.0
            recommendations.append(RecommendationsFor(agency_group.agency, short, len(items)))
        questions = tuple(review.questions if step.questions is None else review.questions[: step.questions])
        if questions:
            lines += SECTION_LINES
            lines += sum(self.measure.text(len(self._plain_text(q)), LIST_INDENT) + ITEM_GAP for q in questions)
        return ReviewBriefing(
            entry=entry,
            background=background,
            facts=facts,
            lessons=tuple(lessons),
            recommendations=tuple(recommendations),
            questions=questions,
            more_questions=len(review.questions) - len(questions),
            address=address,
            shortening=step,
            estimated_lines=lines,
        )

    def theme(self, entry: ThemeEntry) -> ThemeBriefing:
        """The briefing of one theme: the newest reviews' lessons that fit, with gists if all of those fit."""
        theme = entry.theme
        address = self._address(theme_briefing_path(theme.id))
        # Sections: what the theme is, what reviews have found, where to find more.
        fixed = self._head + (QR_LINES if address else 0.0) + WHERE_LINES + 3 * SECTION_LINES
        fixed += self._text_lines(len(self._plain_text(theme.summary))) + self._text_lines(80)
        often_with = tuple(other for other, _ in entry.co_occurring[: self.often_with_shown])
        if often_with:
            fixed += self._text_lines(20 + sum(len(other.title) + 2 for other in often_with))
        if theme.guidance:
            fixed += SECTION_LINES
            fixed += sum(
                self.measure.text(len(g.title) + len(g.url) + len(g.publisher or "") + 6, LIST_INDENT) + ITEM_GAP
                for g in theme.guidance
            )
        if theme.questions:
            fixed += SECTION_LINES
            fixed += sum(self.measure.text(len(q), LIST_INDENT) + ITEM_GAP for q in theme.questions)
        for lesson_lines in THEME_LESSON_LINES:
            briefing = self._theme_at(entry, lesson_lines, fixed, address, often_with)
            if not briefing.more_lessons:
                return briefing
        return self._theme_at(entry, 0, fixed, address, often_with)

    def _theme_at(
        self, entry: ThemeEntry, lesson_lines: int, fixed: float, address: str | None, often_with: tuple[Theme, ...]
    ) -> ThemeBriefing:
        """Whole reviews, newest first, while they fit; the newest review's lessons in part if even it does not."""
        budget, lines = self.measure.budget, fixed
        shown: list[ReviewOnTheme] = []
        for group in entry.by_review:
            heading = GROUP_LINES + self.measure.text(len(group.review.title) + len(group.review.board) + 8)
            items = [self._lesson(lesson, lesson_lines) for lesson in group.lessons]
            cost = heading + sum(self._lesson_lines(item) for item in items)
            if lines + cost <= budget:
                lines += cost
                shown.append(ReviewOnTheme(group.review, tuple(items)))
                continue
            if not shown:  # never an empty briefing: as many of the newest review's lessons as fit, one at least
                lines += heading
                fitting: list[BriefingLesson] = []
                for item in items:
                    item_lines = self._lesson_lines(item)
                    if fitting and lines + item_lines > budget:
                        break
                    lines += item_lines
                    fitting.append(item)
                shown.append(ReviewOnTheme(group.review, tuple(fitting)))
            break
        lessons_shown = sum(len(group.lessons) for group in shown)
        partly_shown = bool(shown) and len(shown[-1].lessons) < len(entry.by_review[len(shown) - 1].lessons)
        return ThemeBriefing(
            entry=entry,
            reviews=tuple(shown),
            lessons_shown=lessons_shown,
            more_lessons=entry.lesson_count - lessons_shown,
            more_reviews=len(entry.by_review) - len(shown) + partly_shown,
            often_with=often_with,
            questions=tuple(entry.theme.questions),
            address=address,
            with_gists=any(item.gist for group in shown for item in group.lessons),
            estimated_lines=lines,
        )
