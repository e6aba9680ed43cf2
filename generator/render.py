"""Render the corpus into a plain MkDocs docs folder of real Markdown files.

Every value from content is untrusted text. Jinja's `finalize` hook escapes each
`{{ value }}` for Markdown by default (every ASCII punctuation character becomes
a numeric character reference, so no Markdown, HTML, attribute-list or snippet
syntax survives); text fields that allow light Markdown go through the
`text` filter, a Python-Markdown instance that knows only paragraphs, lists
and emphasis, and its HTML is embedded as a block. Templates format; this
module decides page paths and links; the corpus decides what is on a page.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import posixpath
import re
import shutil
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape
from pydantic import BaseModel

from generator.corpus import AgencyEntry, Corpus, ReviewLessons, ThemeEntry, facets_of
from generator.model import GROUP_ANCHOR_SEPARATOR, REVIEW_SECTION_ANCHORS, SLUG_PATTERN, Review
from generator.workers import fork_map

GENERATED_MARKER = ".generated-by-briefings"
"""Marks a docs folder as the generator's own, so it may remove stale files there."""

HOME_LATEST_REVIEWS = 10

LABELS: dict[str, str] = {
    "serious-case-review": "Serious case review",
    "local-child-safeguarding-practice-review": "Local child safeguarding practice review",
    "child-practice-review": "Child practice review (Wales)",
    "national-review": "National review",
    "safeguarding-adults-review": "Safeguarding adults review",
    "learning-review": "Learning review",
    "other": "Other review",
    "executive-summary": "Executive summary",
    "overview-report": "Overview report",
    "findings-report": "Findings report",
    "learning-briefing": "Learning briefing",
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
    "unborn": "Unborn baby",
    "under-1": "Under 1 year",
    "1-4": "1 to 4 years",
    "5-10": "5 to 10 years",
    "11-15": "11 to 15 years",
    "16-17": "16 to 17 years",
    "adult": "Adult",
    "physical-abuse": "Physical abuse",
    "neglect": "Neglect",
    "sexual-abuse": "Sexual abuse",
    "emotional-abuse": "Emotional abuse",
    "exploitation": "Exploitation",
    "self-harm": "Self-harm",
    "death": "Death",
    "serious-harm": "Serious harm",
    "overview": "Overview recommendation",
    "agency": "Agency recommendation",
    "not-stated": "Status not stated",
    "accepted": "Accepted",
    "in-progress": "In progress",
    "implemented": "Implemented",
    "child": "The child",
    "family": "The family",
    "practice": "Practice",
    "system": "The system",
}

_SLUG = re.compile(SLUG_PATTERN)
_MARKDOWN_SPECIAL = frozenset(string.punctuation)


# --- escaping ------------------------------------------------------------------


def escape_markdown(value: str) -> str:
    """Plain text that Markdown, HTML and every extension will show exactly as written.

    Each ASCII punctuation character becomes `&#NN;`; line breaks become spaces
    because this is for inline places (headings, list items, table cells).
    """
    return "".join(
        f"&#{ord(char)};" if char in _MARKDOWN_SPECIAL else (" " if char in "\r\n\t" else char) for char in value
    )


def _finalize(value: Any) -> Markup:
    """Escape every `{{ value }}` for Markdown unless it is already marked safe.

    Entities are valid in both Markdown and HTML, so the same escaping is safe
    inside the raw HTML blocks of a page too.
    """
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value)
    if value is None:
        return Markup("")
    return Markup(escape_markdown(str(value)))


_MAY_START_A_LIST = re.compile(r"\d+\.|[-+*]")


def _is_plain_paragraph(line: str) -> bool:
    """One line of text with nothing light Markdown would act on: no emphasis marks, no list start.

    Leading white space is left to the converter, which would strip it.
    """
    return (
        bool(line)
        and line.isprintable()
        and not line[0].isspace()
        and "*" not in line
        and "_" not in line
        and not _MAY_START_A_LIST.match(line)
    )


class LightMarkdown:
    """Python-Markdown reduced to the contract's light Markdown: paragraphs, lists, emphasis.

    Everything else (raw HTML, links, images, headings, rules, quotes, code,
    entities, escapes) is switched off, so it is shown as the text it is.
    """

    _KEEP: ClassVar[dict[str, set[str]]] = {
        "preprocessors": {"normalize_whitespace"},
        "blockprocessors": {"empty", "indent", "olist", "ulist", "paragraph"},
        "inlinePatterns": {"linebreak", "not_strong", "em_strong", "em_strong2"},
    }

    def __init__(self) -> None:
        self._md = markdown.Markdown(output_format="html")
        for registry_name, keep in self._KEEP.items():
            owner = self._md.parser if registry_name == "blockprocessors" else self._md
            registry = getattr(owner, registry_name)
            for item in list(registry._priority):
                if item.name not in keep:
                    registry.deregister(item.name)

    def __call__(self, text: str) -> str:
        line = text.rstrip("\r\n")  # YAML block scalars end with a line break; the converter drops it
        if _is_plain_paragraph(line):
            # What the converter gives for one line with no emphasis or list marker,
            # ten times faster; a property test holds the two paths equal.
            return f"<p>{html.escape(line, quote=False)}</p>"
        return self.convert(text)

    def convert(self, text: str) -> str:
        """The full light-Markdown conversion."""
        self._md.reset()
        # The serializer leaves entity-like text (`&amp;`) alone; escaping `&` first
        # makes an author's `&amp;` or `&#106;` show exactly as typed.
        text = text.replace("&", "&amp;")
        # Keep the HTML on as few lines as possible and free of blank lines so the
        # site's Markdown takes it as one raw block.
        return self._md.convert(text).replace("\n\n", "\n")


# --- links --------------------------------------------------------------------


def _checked_id(value: str) -> str:
    if not _SLUG.match(value):  # validated content never gets here; a template bug might
        raise ValueError(f"not a slug: {value!r}")
    return value


def review_path(review_id: str) -> str:
    return f"reviews/{_checked_id(review_id)}.md"


def theme_path(theme_id: str) -> str:
    return f"themes/{_checked_id(theme_id)}.md"


def agency_path(agency_id: str) -> str:
    return f"agencies/{_checked_id(agency_id)}.md"


@functools.lru_cache(maxsize=65536)
def page_url(docs_path: str) -> str:
    """The site URL path (directory URLs) of a docs file, e.g. `reviews/x.md` -> `reviews/x/`."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath, cached: pages link to the same few targets many times."""
    return posixpath.relpath(target, start)


class UnknownPage(ValueError):
    """A generated page linked to a page the generator does not write: a bug in a template, never in content."""


class Linker:
    """Links from one generated page to others, as final relative URLs (directory URLs).

    Generated pages link in raw HTML, which Markdown passes through untouched
    (Markdown links cost MkDocs a parse and a lookup each: a 2,000-review site
    has half a million). So MkDocs does not check them; instead every target
    must be a page this build writes, or rendering stops with `UnknownPage`.
    Anchors come from validated ids of the same review, and the test suite
    crawls every link and anchor of built sites.
    """

    def __init__(self, page: str, pages: frozenset[str]) -> None:
        self.page = page
        self.pages = pages
        # Every page URL is a folder; climbing to the site root and down again is
        # a valid relative link from anywhere, and needs no path arithmetic per link.
        self._to_root = "../" * page_url(page).count("/")

    def to(self, target: str, anchor: str | None = None) -> Markup:
        if target not in self.pages:
            raise UnknownPage(f"{self.page} links to {target}, which is not generated")
        url = self._to_root + page_url(target)
        return Markup((url or "./") + (f"#{_checked_id(anchor)}" if anchor else ""))

    def md(self, target: str) -> Markup:
        """A Markdown link target, checked by MkDocs: for hand-written pages and data files."""
        return Markup(_relative(target, posixpath.dirname(self.page) or "."))

    def review(self, review_id: str, anchor: str | None = None) -> Markup:
        return self.to(review_path(review_id), anchor)

    def theme(self, theme_id: str) -> Markup:
        return self.to(theme_path(theme_id))

    def agency(self, agency_id: str) -> Markup:
        return self.to(agency_path(agency_id))


# --- listings split over pages ---------------------------------------------------

LISTING_ITEMS_PER_PAGE = 400
"""Lessons (and recommendations) listed on one theme or agency page: about 100 KB of HTML."""
REVIEW_INDEX_LATEST = 100
"""Reviews in the table on /reviews/; every review is also on the page for its year."""


@dataclass(frozen=True)
class ListingPage:
    number: int
    path: str


@dataclass(frozen=True)
class Listing:
    """One page of a listing: its groups, where they sit in the whole, and every page of it."""

    number: int
    pages: tuple[ListingPage, ...]
    groups: tuple[ReviewLessons, ...]
    first_item: int
    last_item: int
    total_items: int

    @property
    def path(self) -> str:
        return self.pages[self.number - 1].path


def paginate(groups: tuple[ReviewLessons, ...], first_page: str, per_page: int) -> list[Listing]:
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
    stem = first_page.removesuffix(".md")
    pages = tuple(ListingPage(n, first_page if n == 1 else f"{stem}/{n}.md") for n in range(1, len(chunks) + 1))
    total = sum(group.item_count for group in groups)
    listings, seen = [], 0
    for page, chunk in zip(pages, chunks, strict=True):
        count = sum(group.item_count for group in chunk)
        listings.append(Listing(page.number, pages, tuple(chunk), seen + 1, seen + count, total))
        seen += count
    return listings


# --- the environment ------------------------------------------------------------


def _front_matter_text(value: str) -> Markup:
    """A YAML (JSON) string for front matter; HTML-escaped because Material prints titles raw."""
    return Markup(json.dumps(html.escape(" ".join(value.split()), quote=False), ensure_ascii=False))


def make_environment() -> Environment:
    light_markdown = LightMarkdown()
    environment = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape marks macro output and filter results safe; `_finalize` does the
        # escaping itself, for Markdown, before Jinja's HTML escaping would.
        autoescape=True,
    )
    environment.filters["text"] = lambda value: Markup(light_markdown(value))
    environment.filters["e"] = markupsafe_escape  # C speed-ups; quotes escaped too, so safe in attributes
    environment.filters["id"] = lambda value: Markup(_checked_id(value))
    environment.filters["label"] = lambda value: LABELS.get(value, value)
    environment.filters["front_matter"] = _front_matter_text
    environment.globals["sections"] = {name: Markup(anchor) for name, anchor in REVIEW_SECTION_ANCHORS.items()}
    environment.globals["group_anchor"] = lambda kind, value: Markup(
        f"{kind}{GROUP_ANCHOR_SEPARATOR}{_checked_id(value)}"
    )
    return environment


# --- pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the docs folder, POSIX separators
    content: bytes


def year_path(year: str) -> str:
    return f"reviews/{year}.md"


@dataclass(frozen=True)
class PlannedPage:
    path: str
    template: str
    context: dict[str, Any]


def _plan(corpus: Corpus) -> list[PlannedPage]:
    """Every generated page: its path, template and what it shows."""
    per_page, latest = LISTING_ITEMS_PER_PAGE, corpus.reviews[:REVIEW_INDEX_LATEST]
    plan = [
        PlannedPage("index.md", "home.md.j2", {"latest": corpus.reviews[:HOME_LATEST_REVIEWS]}),
        PlannedPage(
            "reviews/index.md",
            "reviews.md.j2",
            {"latest": latest, "facets": facets_of(latest)},
        ),
    ]
    plan += [
        PlannedPage(
            year_path(year), "reviews-year.md.j2", {"year": year, "entries": entries, "facets": facets_of(entries)}
        )
        for year, entries in corpus.reviews_by_year
    ]
    plan += [PlannedPage(review_path(entry.review.id), "review.md.j2", {"entry": entry}) for entry in corpus.reviews]

    def listing_pages(template: str, entry: ThemeEntry | AgencyEntry, first_page: str) -> list[PlannedPage]:
        listings = paginate(entry.by_review, first_page, per_page)
        return [PlannedPage(listing.path, template, {"entry": entry, "listing": listing}) for listing in listings]

    plan.append(PlannedPage("themes/index.md", "themes.md.j2", {}))
    for theme_entry in corpus.themes:
        plan += listing_pages("theme.md.j2", theme_entry, theme_path(theme_entry.theme.id))
    plan.append(PlannedPage("agencies/index.md", "agencies.md.j2", {}))
    for agency_entry in corpus.agencies:
        plan += listing_pages("agency.md.j2", agency_entry, agency_path(agency_entry.agency.id))
    plan.append(PlannedPage("insights/index.md", "insights.md.j2", {}))
    return plan


def _pages(
    plan: list[PlannedPage], known: frozenset[str], corpus: Corpus, environment: Environment, extra: dict[str, Any]
) -> list[GeneratedFile]:
    templates = {name: environment.get_template(name) for name in {page.template for page in plan}}

    def render(position: int) -> GeneratedFile:
        page = plan[position]
        rendered = templates[page.template].render(
            link=Linker(page.path, known), extra=extra, corpus=corpus, **page.context
        )
        return GeneratedFile(page.path, rendered.encode("utf-8"))

    return fork_map(render, len(plan))  # pages are independent: share them out


# --- open data -----------------------------------------------------------------------


class _OpenData(BaseModel):
    """The shape of /data/reviews.json."""

    audience: str
    reviews: list[Review]


LESSONS_CSV_COLUMNS = ["review_id", "board", "year", "lesson_id", "title", "themes", "agencies", "url"]


def _spreadsheet_safe(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula (CSV injection): prefix a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _data_files(corpus: Corpus, site_url: str) -> Iterator[GeneratedFile]:
    rows = [LESSONS_CSV_COLUMNS]
    for entry in corpus.reviews:
        review = entry.review
        for lesson in review.lessons:
            url = f"{site_url}{page_url(review_path(review.id))}#{lesson.id}"
            fields = [review.id, review.board, review.year, lesson.id, lesson.title]
            fields += [";".join(lesson.themes), ";".join(lesson.agencies), url]
            rows.append([_spreadsheet_safe(field) for field in fields])
    yield GeneratedFile("data/lessons.csv", csv_text(rows).encode("utf-8"))
    # pydantic serialises in Rust, several times faster than model_dump + json.dumps at 2,000 reviews.
    document = _OpenData.model_construct(audience=corpus.audience, reviews=[entry.review for entry in corpus.reviews])
    yield GeneratedFile("data/reviews.json", document.model_dump_json(exclude_none=True).encode("utf-8") + b"\n")


def _hand_written_pages(pages_dir: Path) -> Iterator[GeneratedFile]:
    if pages_dir.is_dir():
        for path in sorted(pages_dir.glob("*.md")):
            yield GeneratedFile(path.name, path.read_bytes())


def render_site(
    corpus: Corpus, pages_dir: Path, *, site_name: str, site_url: str, extra: dict[str, Any]
) -> list[GeneratedFile]:
    """Every file of the docs folder, in a stable order."""
    environment = make_environment()
    themes = {entry.theme.id: entry.theme for entry in corpus.themes}
    agencies = {entry.agency.id: entry.agency for entry in corpus.agencies}
    busiest_cell = max((n for counts in corpus.theme_year_counts.values() for n in counts.values()), default=1)
    # `ids|map("theme")` turns vocabulary ids into their entries, for the link and name macros.
    environment.filters.update(theme=themes.__getitem__, agency=agencies.__getitem__)
    environment.globals.update(
        share=lambda part, whole: f"{part / whole:.3f}" if whole else "0",
        heat_level=lambda count: 0 if not count else min(4, 1 + (4 * count - 1) // busiest_cell),
        site_name=site_name,
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        review_path=review_path,
        theme_path=theme_path,
        agency_path=agency_path,
        year_path=year_path,
        page_url=page_url,
    )
    site_root = site_url.rstrip("/") + "/" if site_url else "/"
    plan = _plan(corpus)
    hand_written = list(_hand_written_pages(pages_dir))
    known = frozenset(page.path for page in plan) | {page.path for page in hand_written}
    pages = [*_pages(plan, known, corpus, environment, extra), *_data_files(corpus, site_root)]
    return [*pages, *hand_written]


# --- writing ----------------------------------------------------------------------


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


class UnsafeDocsFolder(Exception):
    """The docs folder holds files the generator did not write; it will not touch them."""


def write_docs(files: list[GeneratedFile], docs_dir: Path) -> WriteReport:
    """Make `docs_dir` hold exactly `files`, rewriting only what changed."""
    marker = docs_dir / GENERATED_MARKER
    if docs_dir.exists() and any(docs_dir.iterdir()) and not marker.exists():
        raise UnsafeDocsFolder(
            f"{docs_dir} is not empty and was not made by briefings; "
            "point docs_dir in mkdocs.yml at a folder of its own"
        )
    docs_dir.mkdir(parents=True, exist_ok=True)
    marker.touch()
    report = WriteReport()
    wanted = {generated.path for generated in files}

    def write_if_changed(position: int) -> bool:
        generated = files[position]
        target = docs_dir / generated.path
        if target.is_file() and target.read_bytes() == generated.content:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content)
        return True

    for generated, written in zip(files, fork_map(write_if_changed, len(files)), strict=True):
        if written:
            report.written.append(generated.path)
        else:
            report.unchanged += 1
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        relative = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and relative != GENERATED_MARKER and relative not in wanted:
            existing.unlink()
            report.removed.append(relative)
        elif existing.is_dir() and not any(existing.iterdir()):
            shutil.rmtree(existing)
    return report


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
