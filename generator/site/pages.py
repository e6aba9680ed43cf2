"""Render the page plan, the open data and the hand-written pages into the files of the docs folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.corpus import Corpus
from generator.docs_folder import GeneratedFile
from generator.site.environment import make_environment
from generator.site.opendata import data_files
from generator.site.plan import REVIEW_INDEX_DATA, PlanLimits, PlannedPage, plan_pages
from generator.site.reviewdata import review_index_data
from generator.site.urls import Linker
from generator.workers import fork_map


def _rendered(
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


def _hand_written_pages(pages_dir: Path) -> Iterator[GeneratedFile]:
    if pages_dir.is_dir():
        for path in sorted(pages_dir.glob("*.md")):
            yield GeneratedFile(path.name, path.read_bytes())


def render_site(
    corpus: Corpus,
    pages_dir: Path,
    *,
    site_name: str,
    site_url: str | None,
    extra: dict[str, Any],
    limits: PlanLimits | None = None,
) -> list[GeneratedFile]:
    """Every file of the docs folder, in a stable order."""
    environment = make_environment(corpus, site_name=site_name, site_url=site_url)
    limits = limits or PlanLimits()
    plan = plan_pages(corpus, limits, feedback=bool(extra.get("feedback_url")))
    hand_written = list(_hand_written_pages(pages_dir))
    known = frozenset(page.path for page in plan) | {page.path for page in hand_written} | {REVIEW_INDEX_DATA}
    return [
        *_rendered(plan, known, corpus, environment, extra),
        *data_files(corpus, site_url),
        GeneratedFile(REVIEW_INDEX_DATA, review_index_data(corpus, limits.card_themes)),
        *hand_written,
    ]
