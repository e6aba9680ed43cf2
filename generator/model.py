"""The content contract (DESIGN.md "Content contract") as declarative pydantic models.

Checks that need more than one field or more than one file (ids that must
exist, ids that must be unique) live in `validate.py`; everything a single
value must satisfy lives here.
"""

from __future__ import annotations

import calendar
import datetime
import re
import types
import typing
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from markdown.extensions.toc import slugify as _toc_slugify
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# ASCII digits only (`\d` would take Arabic-Indic or full-width digits), matched whole with `fullmatch`
# (`$` would allow a final newline).
_DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)

FIRST_YEAR = 1970
"""The earliest year a date may have: build timestamps (SOURCE_DATE_EPOCH, gzip) start in 1970."""

# Names the site gives an address of its own (DESIGN.md "Pages and URLs"), so no review,
# theme or agency id and no hand-written page may take them: `index` is the page of every
# folder (`/`, `/reviews/`, `/themes/`, `/agencies/`); `reviews`, `themes`, `agencies`,
# `insights`, `data`, `whats-new` and `feed` are generated addresses at the top of the
# site; `search` and `assets` hold the theme's search and style files; `404` is the
# not-found page; `readme` because MkDocs publishes README.md as the folder's index.
# Every all-digit name is reserved too (year pages: `/reviews/<year>/`); see `is_reserved_name`.
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        "index",
        "reviews",
        "themes",
        "agencies",
        "insights",
        "data",
        "search",
        "assets",
        "whats-new",
        "feed",
        "404",
        "readme",
        "pagefind",  # the search index and its scripts
    }
)
RESERVED_NAMES_TEXT = ", ".join(sorted(RESERVED_NAMES, key=lambda name: (name.isdigit(), name)))
"""The reserved names as error messages list them."""

# Anchors the review page uses for its own sections. Lesson and recommendation
# ids share the page with them, so validation rejects these ids.
REVIEW_SECTION_ANCHORS: dict[str, str] = {
    "content_note": "content-note",
    "at_a_glance": "at-a-glance",
    "background": "background",
    "key_learning": "key-learning",
    "good_practice": "good-practice",
    "recommendations": "recommendations",
    "questions": "questions-for-reflection",
    "related": "related-reviews",
    "source": "source-and-citation",
    "feedback": "feedback",
}
SITE_ID_PREFIX = "lb-"
"""The HTML ids of the site's own page parts (the search box and panel, filters) start with this."""
# Grouping headings on generated pages are `theme--<id>` and `agency--<id>`:
# a double hyphen can never occur in a slug, so they never collide with ids.
GROUP_ANCHOR_SEPARATOR = "--"


def is_reserved_name(name: str) -> bool:
    """Whether `name` (an id or a page name without `.md`) is an address the site generates.

    Compared without regard to case: a site copied to a case-insensitive web server
    would otherwise serve `Reviews/` and `reviews/` from one folder.
    """
    return name.lower() in RESERVED_NAMES or (name.isascii() and name.isdigit())


def title_anchor(title: str) -> str:
    """The HTML id Python-Markdown's toc extension gives the review page's title heading."""
    return _toc_slugify(title, "-")


def last_year() -> int:
    """The latest year a date may have: next year, for a review dated ahead of its release."""
    return datetime.date.today().year + 1


def date_parts(value: str) -> tuple[int, ...] | None:
    """`"2021-07"` -> `(2021, 7)`; None for anything that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    match = _DATE_PATTERN.fullmatch(value)
    return tuple(int(part) for part in match.groups() if part) if match else None


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_date(value: str) -> str:
    parts = date_parts(value)
    if parts is None:
        raise ValueError(f"'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    if not FIRST_YEAR <= year <= last_year():
        raise ValueError(f"'{value}' is out of range: the year must be from {FIRST_YEAR} to {last_year()}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' has no month {month:02d}")
    if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}' has no day {day:02d} in that month")
    return value


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"'{value}' is not a web address: use a full http:// or https:// URL")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, AfterValidator(_check_text)]
DateString = Annotated[str, AfterValidator(_check_date)]
WebUrl = Annotated[str, AfterValidator(_check_url)]

Nation = Literal["england", "wales", "scotland", "northern-ireland"]
ReviewType = Literal[
    "serious-case-review",
    "local-child-safeguarding-practice-review",
    "child-practice-review",
    "national-review",
    "safeguarding-adults-review",
    "learning-review",
    "other",
]
DocumentKind = Literal["executive-summary", "overview-report", "findings-report", "learning-briefing"]
Audience = Literal["public", "internal"]
AgeGroup = Literal["unborn", "under-1", "1-4", "5-10", "11-15", "16-17", "adult"]
Harm = Literal["physical-abuse", "neglect", "sexual-abuse", "emotional-abuse", "exploitation", "self-harm"]
Outcome = Literal["death", "serious-harm"]
RecommendationLevel = Literal["overview", "agency"]
RecommendationStatus = Literal["not-stated", "accepted", "in-progress", "implemented"]
ThemeGroup = Literal["child", "family", "practice", "system"]


class ContractModel(BaseModel):
    """Unknown keys are errors; models are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(ContractModel):
    title: Text | None = None
    url: WebUrl | None = None


class Child(ContractModel):
    age_group: AgeGroup | None = None


class Lesson(ContractModel):
    id: Slug
    title: Text
    text: Text
    themes: Annotated[list[Slug], Field(min_length=1)]
    agencies: list[Slug] = []
    ref: Text | None = None


class GoodPractice(ContractModel):
    text: Text
    agencies: list[Slug] = []
    ref: Text | None = None


class Recommendation(ContractModel):
    id: Slug
    text: Text
    agencies: Annotated[list[Slug], Field(min_length=1)]
    body: Text | None = None
    level: RecommendationLevel | None = None
    outcome: Text | None = None
    status: RecommendationStatus = "not-stated"
    progress: Text | None = None
    themes: list[Slug] = []
    ref: Text | None = None


class Anonymity(ContractModel):
    """Phrases the anonymity gate found that the board has checked and allows (see `anonymity.py`)."""

    checked: list[Text] = []


class Review(ContractModel):
    id: Slug
    title: Text
    board: Text
    area: Text | None = None
    nation: Nation | None = None
    review_type: ReviewType
    document: DocumentKind | None = None
    published: DateString
    author: Text | None = None
    source: Source | None = None
    audience: Audience = "public"
    child: Child | None = None
    harm: list[Harm] = []
    outcome: Outcome | None = None
    summary: Text
    lessons: Annotated[list[Lesson], Field(min_length=1)]
    good_practice: list[GoodPractice] = []
    recommendations: list[Recommendation] = []
    questions: list[Text] = []
    updated: DateString | None = None
    # An editorial record, not what the site shows: left out of the open data.
    anonymity: Anonymity | None = Field(default=None, exclude=True)

    @property
    def year(self) -> str:
        return self.published[:4]


class Guidance(ContractModel):
    title: Text
    url: WebUrl
    publisher: Text | None = None


class Theme(ContractModel):
    id: Slug
    title: Text
    summary: Text
    group: ThemeGroup | None = None
    keywords: list[Text] = []
    related: list[Slug] = []
    guidance: list[Guidance] = []
    questions: list[Text] = []


class Agency(ContractModel):
    id: Slug
    title: Text
    summary: Text | None = None


def unwrapped(hint: Any, keep: Any = None) -> Any:
    """The type inside `Annotated[...]` and `X | None` (`Text | None` -> `str`), stopping at `keep` if met."""
    while keep is None or hint != keep:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint = typing.get_args(hint)[0]
        elif origin in (typing.Union, types.UnionType):
            hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        else:
            break
    return hint
