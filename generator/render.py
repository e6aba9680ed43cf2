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

from generator.corpus import Corpus
from generator.model import GROUP_ANCHOR_SEPARATOR, REVIEW_SECTION_ANCHORS, SLUG_PATTERN

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
    if hasattr(value, "__html__"):
        return Markup(value)
    if value is None:
        return Markup("")
    return Markup(escape_markdown(str(value)))


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


def page_url(docs_path: str) -> str:
    """The site URL path (directory URLs) of a docs file, e.g. `reviews/x.md` -> `reviews/x/`."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath, cached: pages link to the same few hundred targets thousands of times."""
    return posixpath.relpath(target, start)


@dataclass(frozen=True)
class Linker:
    """Links from one generated page to others: Markdown links (checked by MkDocs) or final URLs."""

    page: str

    def md(self, target: str, anchor: str | None = None) -> Markup:
        relative = _relative(target, posixpath.dirname(self.page) or ".")
        return Markup(relative + (f"#{_checked_id(anchor)}" if anchor else ""))

    def url(self, target: str, anchor: str | None = None) -> Markup:
        """A final URL relative to this page, for links inside raw HTML (MkDocs leaves those alone)."""
        relative = _relative("/" + page_url(target), "/" + page_url(self.page))
        return Markup(("./" if relative == "." else relative + "/") + (f"#{_checked_id(anchor)}" if anchor else ""))

    def review(self, review_id: str, anchor: str | None = None) -> Markup:
        return self.md(review_path(review_id), anchor)

    def theme(self, theme_id: str, anchor: str | None = None) -> Markup:
        return self.md(theme_path(theme_id), anchor)

    def agency(self, agency_id: str, anchor: str | None = None) -> Markup:
        return self.md(agency_path(agency_id), anchor)


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
    environment.filters["e"] = lambda value: Markup(html.escape(str(value)))
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


def _pages(corpus: Corpus, environment: Environment, extra: dict[str, Any]) -> Iterator[GeneratedFile]:
    def page(path: str, template: str, **context: Any) -> GeneratedFile:
        rendered = environment.get_template(template).render(link=Linker(path), extra=extra, corpus=corpus, **context)
        return GeneratedFile(path, rendered.encode("utf-8"))

    yield page("index.md", "home.md.j2", latest=corpus.reviews[:HOME_LATEST_REVIEWS])
    yield page("reviews/index.md", "reviews.md.j2")
    for entry in corpus.reviews:
        yield page(review_path(entry.review.id), "review.md.j2", entry=entry)
    yield page("themes/index.md", "themes.md.j2")
    for theme_entry in corpus.themes:
        yield page(theme_path(theme_entry.theme.id), "theme.md.j2", entry=theme_entry)
    yield page("agencies/index.md", "agencies.md.j2")
    for agency_entry in corpus.agencies:
        yield page(agency_path(agency_entry.agency.id), "agency.md.j2", entry=agency_entry)
    yield page("insights/index.md", "insights.md.j2")


# --- open data -----------------------------------------------------------------------

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
    reviews = [entry.review.model_dump(mode="json", exclude_none=True) for entry in corpus.reviews]
    document = {"audience": corpus.audience, "reviews": reviews}
    yield GeneratedFile(
        "data/reviews.json", (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )


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
    environment.globals.update(
        share=lambda part, whole: f"{part / whole:.3f}" if whole else "0",
        heat_level=lambda count: 0 if not count else min(4, 1 + (4 * count - 1) // busiest_cell),
        theme_path=theme_path,
        corpus_theme=themes.__getitem__,
        corpus_agency=agencies.__getitem__,
        site_name=site_name,
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        review_path=review_path,
        agency_path=agency_path,
        page_url=page_url,
    )
    site_root = site_url.rstrip("/") + "/" if site_url else "/"
    pages = [*_pages(corpus, environment, extra), *_data_files(corpus, site_root)]
    return [*pages, *_hand_written_pages(pages_dir)]


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
    for generated in files:
        target = docs_dir / generated.path
        if target.is_file() and target.read_bytes() == generated.content:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content)
        report.written.append(generated.path)
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
