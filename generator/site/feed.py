"""/feed.xml: the reviews of /whats-new/ as an Atom feed (RFC 4287), so intranet readers can follow new learning.

Written with the standard library's ElementTree, which escapes every value;
characters XML 1.0 cannot hold are dropped first. Dates come from the content,
never the clock, so the same content gives the same bytes. Links are absolute
when the site has an address (`site_url`), else relative to the feed, which
sits at the site root.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from xml.etree import ElementTree

from generator.docs_folder import GeneratedFile
from generator.settings import SiteSettings
from generator.site.dates import iso
from generator.site.plan import WHATS_NEW, Change
from generator.site.urls import page_url, review_path, site_root

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(date: str) -> str:
    """RFC 3339, as Atom needs: content dates are days, so midnight UTC."""
    return f"{iso(date)}T00:00:00Z"


def _add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {key: _clean(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _stable_id(settings: SiteSettings, path: str) -> str:
    """An id that never changes: the page's address, or a name-based UUID when the site has no address."""
    root = site_root(settings.site_url)
    if root:
        return root + path
    return uuid.uuid5(uuid.NAMESPACE_URL, f"learning-briefings:{settings.site_name}:{path}").urn


def atom_feed(changes: Sequence[Change], settings: SiteSettings) -> GeneratedFile:
    """The feed of these changes (newest first), as UTF-8 bytes."""
    root = site_root(settings.site_url)
    feed = ElementTree.Element("feed", {"xmlns": ATOM})  # plain tags under a default namespace: no prefixes
    _add(feed, "title", f"{settings.site_name}: what's new")
    subtitle = "The case reviews whose extract was updated, or that were published, most recently: newest first."
    _add(feed, "subtitle", subtitle)
    _add(feed, "id", _stable_id(settings, FEED_PATH))
    if root:
        _add(feed, "link", rel="self", type="application/atom+xml", href=root + FEED_PATH)
    _add(feed, "link", rel="alternate", type="text/html", href=root + page_url(WHATS_NEW))
    _add(feed, "updated", _timestamp(changes[0].date) if changes else "2000-01-01T00:00:00Z")
    author = _add(feed, "author")
    _add(author, "name", settings.extra.organisation or settings.site_name)
    if settings.extra.contact_email:
        _add(author, "email", settings.extra.contact_email)
    for change in changes:
        review = change.entry.review
        path = page_url(review_path(review.id))
        entry = _add(feed, "entry")
        _add(entry, "title", f"{review.title}: {review.board}, {review.year}")
        _add(entry, "id", _stable_id(settings, path))
        _add(entry, "link", rel="alternate", type="text/html", href=root + path)
        _add(entry, "published", _timestamp(review.published))
        _add(entry, "updated", _timestamp(change.date))
        _add(_add(entry, "author"), "name", review.board)
        for theme in change.entry.themes:
            _add(entry, "category", term=theme.id, label=theme.title)
        _add(entry, "summary", review.summary.strip(), type="text")
    ElementTree.indent(feed)
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return GeneratedFile(FEED_PATH, body + b"\n")
