"""Crawl a built site's HTML for every internal link and anchor, as a reader's clicks would resolve them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


@dataclass
class LinkReport:
    pages: int
    internal_links: int
    broken: list[str]


def check_links(site: Path) -> LinkReport:
    """Every internal link of every page must reach a file, and every #anchor an id on that page."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed = {}
    for name, path in pages.items():
        parser = _LinksAndIds()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[name] = parser
    broken, checked = [], 0
    for name, parser in parsed.items():
        base = "/" + name
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # external: the browser's network test checks nothing is fetched from them
            checked += 1
            target, fragment = urldefrag(urljoin(base, href))
            target_path = urlsplit(target).path.lstrip("/")
            if target_path == "" or target_path.endswith("/"):
                target_path += "index.html"
            target_path = posixpath.normpath(target_path)
            if not (site / target_path).exists():
                broken.append(f"{name}: {href} (no {target_path})")
            elif fragment and target_path.endswith(".html") and fragment not in parsed[target_path].ids:
                broken.append(f"{name}: {href} (no #{fragment})")
    return LinkReport(len(pages), checked, broken)
