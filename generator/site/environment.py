"""The Jinja environment: the one place every filter and global the templates use is registered."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from generator.corpus import Corpus
from generator.model import GROUP_ANCHOR_SEPARATOR, REVIEW_SECTION_ANCHORS
from generator.settings import SiteSettings
from generator.site.briefing import qr_svg
from generator.site.dates import in_words
from generator.site.labels import THEME_GROUP_PHRASES, and_list, human_date, label, report_ref
from generator.site.text import LightMarkdown, finalize, front_matter_text
from generator.site.urls import (
    agency_path,
    checked_id,
    page_url,
    review_briefing_path,
    review_path,
    site_root,
    theme_briefing_path,
    theme_path,
    year_path,
)
from generator.site.views import counted


def _group_anchor(kind: str, value: str) -> Markup:
    """The anchor of a grouping heading, `theme--<id>`: a double hyphen never occurs in an id."""
    return Markup(f"{kind}{GROUP_ANCHOR_SEPARATOR}{checked_id(value)}")


def make_environment(
    corpus: Corpus, *, site_name: str, site_url: str | None, settings: SiteSettings | None = None
) -> Environment:
    """Templates of the `generator` package, escaping every value for Markdown by default."""
    light_markdown = LightMarkdown()
    themes = {entry.theme.id: entry.theme for entry in corpus.themes}
    agencies = {entry.agency.id: entry.agency for entry in corpus.agencies}
    environment = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape marks macro output and filter results safe; `finalize` does the
        # escaping itself, for Markdown, before Jinja's HTML escaping would.
        autoescape=True,
    )
    filters: dict[str, Any] = {
        "text": lambda value: Markup(light_markdown(value)),
        "e": markupsafe_escape,  # C speed-ups; quotes escaped too, so safe in attributes
        "id": lambda value: Markup(checked_id(value)),
        "label": label,
        "human_date": human_date,  # "16 March 2013", "March 2013" or "2013", as precise as written
        "report_ref": report_ref,  # "paragraph 4.2", or a named place in the report as written
        "and_list": and_list,  # "a, b and c"
        "counted": counted,  # "1 lesson", "3 lessons"
        "group_phrase": THEME_GROUP_PHRASES.__getitem__,
        "front_matter": front_matter_text,
        "long_date": in_words,  # `2026-11-24` -> `24 November 2026`
        "qr": qr_svg,  # a web address as an inline SVG QR code
        # `ids|map("theme")` turns vocabulary ids into their entries, for the link and name macros.
        "theme": themes.__getitem__,
        "agency": agencies.__getitem__,
    }
    environment.filters.update(filters)
    environment.globals.update(
        sections={name: Markup(anchor) for name, anchor in REVIEW_SECTION_ANCHORS.items()},
        group_anchor=_group_anchor,
        site_name=site_name,
        site_url=site_root(site_url),
        settings=settings or SiteSettings(site_name=site_name, site_url=site_url),
        review_path=review_path,
        review_briefing_path=review_briefing_path,
        theme_briefing_path=theme_briefing_path,
        theme_path=theme_path,
        agency_path=agency_path,
        year_path=year_path,
        page_url=page_url,
    )
    return environment
