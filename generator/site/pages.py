"""Render the page plan, the open data and the hand-written pages into the files of the docs folder."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jinja2 import Environment

from generator.cache import code_fingerprint, digest
from generator.corpus import Corpus
from generator.docs_folder import GeneratedFile, RenderedOnWrite
from generator.hand_written import HandWrittenPage
from generator.settings import Extra, SiteSettings
from generator.site.briefing import BriefingPlanner
from generator.site.dates import BuildDate
from generator.site.environment import make_environment
from generator.site.feed import FEED_PATH, atom_feed
from generator.site.opendata import DATA_FILES, LESSONS_CSV, REVIEWS_JSON, lessons_csv, reviews_json
from generator.site.plan import REVIEW_INDEX_DATA, Deferred, PlanLimits, PlannedPage, latest_changes, plan_pages
from generator.site.reviewdata import review_index_data
from generator.site.urls import Linker, site_root

SUMMARY_FILES = (*DATA_FILES, FEED_PATH, REVIEW_INDEX_DATA)
"""Files made from every review at once, outside the page plan."""


@dataclass
class RenderedSite:
    """The files to write, the pages kept as they are (unchanged inputs), and each page's input fingerprint."""

    files: list[GeneratedFile | RenderedOnWrite]
    kept: list[str] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)


def _to_render(
    plan: list[PlannedPage], known: frozenset[str], corpus: Corpus, environment: Environment, extra: Extra
) -> list[RenderedOnWrite]:
    """Each planned page, rendered when the docs folder is written, by the worker process that writes it."""
    templates = {name: environment.get_template(name) for name in {page.template for page in plan}}

    def render(page: PlannedPage) -> bytes:
        context = {name: value.work() if isinstance(value, Deferred) else value for name, value in page.context.items()}
        rendered = templates[page.template].render(link=Linker(page.path, known), extra=extra, corpus=corpus, **context)
        return rendered.encode("utf-8")

    return [RenderedOnWrite(page.path, functools.partial(render, page)) for page in plan]


def _fingerprints(plan: list[PlannedPage], corpus: Corpus, digests: dict[str, str], settings: str) -> dict[str, str]:
    """For each page (and the open data), a hash of everything it is made from."""
    vocabularies = [entry.theme.model_dump_json() for entry in corpus.themes]
    vocabularies += [entry.agency.model_dump_json() for entry in corpus.agencies]
    base = digest(code_fingerprint(), settings, corpus.audience, *vocabularies)

    keyed = {entry.review.id: f"{entry.review.id}={digests.get(entry.review.id, '')}" for entry in corpus.reviews}

    def reviews(ids: Iterable[str]) -> str:
        # One string per page, hashed once: a listing page depends on hundreds of reviews. Ids hold no line breaks.
        return "\n".join(keyed.get(review_id) or f"{review_id}=" for review_id in ids)

    everything = digest(base, reviews(entry.review.id for entry in corpus.reviews))
    prints = {
        page.path: digest(page.path, page.template, everything)
        if page.depends_on is None
        else digest(base, page.path, page.template, reviews(sorted(page.depends_on)))
        for page in plan
    }
    prints.update({path: digest(path, everything) for path in SUMMARY_FILES})
    return prints


def without_overridden(plan: list[PlannedPage], hand_written: Iterable[str]) -> list[PlannedPage]:
    """The plan less each built-in page a hand-written page of the same name replaces (`about.md`).

    Validation has already refused a hand-written page at any other generated address.
    """
    names = set(hand_written)
    return [page for page in plan if page.path not in names]


def render_site(
    corpus: Corpus,
    pages: tuple[HandWrittenPage, ...],
    *,
    settings: SiteSettings,
    built: BuildDate | None = None,
    limits: PlanLimits | None = None,
    digests: dict[str, str] | None = None,
    unchanged: Callable[[str, str], bool] | None = None,
) -> RenderedSite:
    """Every file of the docs folder, in a stable order, leaving out the pages whose inputs have not changed.

    `digests` (review id -> hash of its file) and `unchanged(path, fingerprint)`
    (the page in the docs folder was made from exactly these inputs) come from
    the cache; without them every page is rendered.
    """
    limits = limits or PlanLimits()
    environment = make_environment(corpus, site_name=settings.site_name, site_url=settings.site_url, settings=settings)
    hand_written = [GeneratedFile(page.name, page.content) for page in pages]
    briefings = BriefingPlanner(site_root(settings.site_url), content_note=settings.extra.content_note)
    feedback = bool(settings.extra.feedback_url)
    plan = without_overridden(plan_pages(corpus, limits, built, briefings, feedback=feedback), [p.name for p in pages])
    known = frozenset(page.path for page in plan) | {page.path for page in hand_written} | {REVIEW_INDEX_DATA}
    inputs = json.dumps([settings.model_dump(mode="json"), repr(limits), repr(built)], sort_keys=True)
    fingerprints = _fingerprints(plan, corpus, digests or {}, inputs)
    is_kept = unchanged or (lambda path, fingerprint: False)
    to_render = [page for page in plan if not is_kept(page.path, fingerprints[page.path])]
    files: list[GeneratedFile | RenderedOnWrite] = []
    if not all(is_kept(path, fingerprints[path]) for path in SUMMARY_FILES):
        changes = latest_changes(corpus, limits.whats_new)
        files += [  # made from every review, each by a worker beside the pages: first, as the longest to make
            RenderedOnWrite(LESSONS_CSV, functools.partial(lessons_csv, corpus, settings.site_url)),
            RenderedOnWrite(REVIEWS_JSON, functools.partial(reviews_json, corpus)),
            RenderedOnWrite(FEED_PATH, lambda: atom_feed(changes, settings).content),
            RenderedOnWrite(REVIEW_INDEX_DATA, functools.partial(review_index_data, corpus, limits.card_themes)),
        ]
    files += _to_render(to_render, known, corpus, environment, settings.extra)
    rendered = {file.path for file in files}
    kept = [path for path in fingerprints if path not in rendered]
    return RenderedSite([*files, *hand_written], kept, fingerprints)
