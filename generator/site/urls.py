"""Where each generated page lives, and links between pages as final relative URLs."""

from __future__ import annotations

import functools
import posixpath
import re

from markupsafe import Markup

from generator.errors import UnknownPage
from generator.model import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


def checked_id(value: str) -> str:
    """An id as it goes into a path or anchor; validated content never fails this, a template bug might."""
    if not _SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")
    return value


def review_path(review_id: str) -> str:
    return f"reviews/{checked_id(review_id)}.md"


def theme_path(theme_id: str) -> str:
    return f"themes/{checked_id(theme_id)}.md"


def review_briefing_path(review_id: str) -> str:
    """A review's 7-minute briefing, URL `/reviews/<id>/briefing/`."""
    return f"reviews/{checked_id(review_id)}/briefing.md"


def theme_briefing_path(theme_id: str) -> str:
    """A theme's 7-minute briefing, URL `/themes/<id>/briefing/` (continued listings are `/themes/<id>/<n>/`)."""
    return f"themes/{checked_id(theme_id)}/briefing.md"


def agency_path(agency_id: str) -> str:
    return f"agencies/{checked_id(agency_id)}.md"


def year_path(year: str) -> str:
    return f"reviews/{year}.md"


def continued_path(first_page: str, number: int) -> str:
    """Page `number` of a listing whose first page is `first_page` (`themes/x.md` -> `themes/x/2.md`)."""
    return first_page if number == 1 else f"{first_page.removesuffix('.md')}/{number}.md"


@functools.lru_cache(maxsize=65536)
def page_url(docs_path: str) -> str:
    """The site URL path (directory URLs) of a docs file, e.g. `reviews/x.md` -> `reviews/x/`."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def site_root(site_url: str | None) -> str:
    """`site_url` with exactly one trailing slash, or "" when the site has no address of its own."""
    return site_url.rstrip("/") + "/" if site_url else ""


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath, cached: pages link to the same few targets many times."""
    return posixpath.relpath(target, start)


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
        return Markup((url or "./") + (f"#{checked_id(anchor)}" if anchor else ""))

    def file(self, target: str) -> Markup:
        """A generated file that is not a page (`data/review-index.json`), as a URL relative to this page."""
        if target not in self.pages:
            raise UnknownPage(f"{self.page} links to {target}, which is not generated")
        return Markup(self._to_root + target)

    def md(self, target: str) -> Markup:
        """A Markdown link target, checked by MkDocs: for hand-written pages and data files."""
        return Markup(_relative(target, posixpath.dirname(self.page) or "."))

    def review(self, review_id: str, anchor: str | None = None) -> Markup:
        return self.to(review_path(review_id), anchor)

    def theme(self, theme_id: str) -> Markup:
        return self.to(theme_path(theme_id))

    def agency(self, agency_id: str) -> Markup:
        return self.to(agency_path(agency_id))
