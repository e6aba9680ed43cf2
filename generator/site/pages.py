"""Render the page plan, the open data and the hand-written pages into the files of the docs folder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from jinja2 import Environment

from generator.corpus import Corpus
from generator.docs_folder import GeneratedFile
from generator.errors import ContentError, ContentErrors
from generator.settings import Extra, SiteSettings
from generator.site.dates import BuildDate
from generator.site.environment import make_environment
from generator.site.feed import atom_feed
from generator.site.opendata import data_files
from generator.site.plan import BUILT_IN_PAGES, PlanLimits, PlannedPage, latest_changes, plan_pages
from generator.site.urls import Linker, page_url
from generator.workers import fork_map


def _rendered(
    plan: list[PlannedPage], known: frozenset[str], corpus: Corpus, environment: Environment, extra: Extra
) -> list[GeneratedFile]:
    templates = {name: environment.get_template(name) for name in {page.template for page in plan}}

    def render(position: int) -> GeneratedFile:
        page = plan[position]
        rendered = templates[page.template].render(
            link=Linker(page.path, known), extra=extra, corpus=corpus, **page.context
        )
        return GeneratedFile(page.path, rendered.encode("utf-8"))

    return fork_map(render, len(plan))  # pages are independent: share them out


def _hand_written_pages(pages_dir: Path) -> Iterator[GeneratedFile]:
    if pages_dir.is_dir():
        for path in sorted(pages_dir.glob("*.md")):
            yield GeneratedFile(path.name, path.read_bytes())


def without_overridden(plan: list[PlannedPage], hand_written: Iterable[str], pages_dir: Path) -> list[PlannedPage]:
    """The plan less each built-in page a hand-written page of the same name replaces.

    `hand_written` are the file names in the content's pages folder (`about.md`). A name
    at the address of any other generated page is an error: it would hide that page.
    """
    names = set(hand_written)
    generated = {page_url(page.path): page.path for page in plan if page.path not in BUILT_IN_PAGES}
    clashes = sorted(name for name in names if page_url(name) in generated)
    if clashes:
        raise ContentErrors(
            [
                ContentError(
                    str(pages_dir / name),
                    1,
                    1,
                    "(file)",
                    f"'{name}' is at /{page_url(name)}, the address of a generated page; rename the file",
                )
                for name in clashes
            ]
        )
    return [page for page in plan if page.path not in names]


def render_site(
    corpus: Corpus,
    pages_dir: Path,
    *,
    settings: SiteSettings,
    built: BuildDate | None = None,
    limits: PlanLimits | None = None,
) -> list[GeneratedFile]:
    """Every file of the docs folder, in a stable order."""
    limits = limits or PlanLimits()
    environment = make_environment(corpus, site_name=settings.site_name, site_url=settings.site_url, settings=settings)
    hand_written = list(_hand_written_pages(pages_dir))
    plan = without_overridden(plan_pages(corpus, limits, built), [page.path for page in hand_written], pages_dir)
    known = frozenset(page.path for page in plan) | {page.path for page in hand_written}
    feed = atom_feed(latest_changes(corpus, limits.whats_new), settings)
    rendered = _rendered(plan, known, corpus, environment, settings.extra)
    return [*rendered, *data_files(corpus, settings.site_url), feed, *hand_written]
