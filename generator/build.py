"""Generate the docs folder and build the site with MkDocs, never losing the last good site.

`generate` runs load -> validate -> anonymity gate -> index -> render and writes
only files that changed. `build_site` runs `mkdocs build` in strict mode into a fresh temporary
folder beside the target and swaps it in only when the build succeeded; on any
failure, Ctrl-C included, the temporary folder is removed and the old site stays.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator import progress
from generator.anonymity import DenyList, find_identifying_text, read_deny_list
from generator.cache import CACHE_FOLDER, PageManifest, digest
from generator.corpus import BuildAudience, Corpus, build_corpus
from generator.docs_folder import WriteReport, write_docs
from generator.errors import AnonymityFindings, BuildFailed, ContentErrors, UsageError
from generator.parallel import build_in_parallel, parallel_build_refusal
from generator.remote_fetch import MarkdownDialect
from generator.search_index import build_search_index
from generator.settings import loaded_settings, publication_problems
from generator.site.dates import BuildDate, calendar_date
from generator.site.pages import render_site
from generator.site.plan import PlanLimits
from generator.site_config import load_site_config as load_site_config  # where callers have always found it
from generator.site_folder import replace_site
from generator.theme_files import theme_dirs
from generator.up_to_date import (
    GenerationRecord,
    LastBuild,
    SiteRecord,
    configuration_inputs,
    folder_state,
    generation_inputs,
)
from generator.validate import validate_content
from generator.workers import collection_paused, worker_count

log = logging.getLogger("briefings")


@dataclass(frozen=True)
class Generated:
    """What a generation made: the docs folder's changes, and what the site build needs to know of the content."""

    reviews: int
    content_date: datetime.date  # the newest publication or update: the site's reproducible build time
    report: WriteReport


def deny_list_for(option: Path | None, content_dir: Path, config: MkDocsConfig | None) -> DenyList | None:
    """The deny-list given with --deny-list, or else by the `deny_list` setting (a path from mkdocs.yml's folder)."""
    if option is not None:
        return read_deny_list(option, content_dir, "--deny-list")
    setting = config.extra.get("deny_list") if config is not None else None
    if not setting:
        return None
    config_file = Path(config.config_file_path) if config is not None else Path()
    return read_deny_list(config_file.parent / setting, content_dir, f"{config_file}: extra.deny_list:")


def generate(
    content_dir: Path,
    config: MkDocsConfig,
    audience: BuildAudience,
    limits: PlanLimits | None = None,
    deny_list: DenyList | None = None,
) -> Generated:
    """Validate the content, pass the anonymity gate and write the docs folder.

    Skipped when the last generation was made from the same inputs and the docs
    folder is as it left it (see `up_to_date.py`). Raises `ContentErrors`
    (`AnonymityFindings` for a public build with findings) before writing anything.
    """
    last = LastBuild.open(cache_folder(config))
    entries = deny_list.entries if deny_list is not None else ()
    inputs = generation_inputs(content_dir, config, audience, limits or PlanLimits(), entries)
    docs_dir = Path(config.docs_dir)
    record = last.generation_stands(inputs, docs_dir, config)
    if record is not None:
        log.info("Nothing changed since the last generation: the docs folder is up to date.")
        unchanged = WriteReport(unchanged=record.files)
        return Generated(record.reviews, datetime.date.fromisoformat(record.content_date), unchanged)
    with collection_paused():
        generated, findings = _generate(content_dir, config, audience, limits, deny_list)
    if not findings:  # an internal build with findings shows them again next time
        files = generated.report.unchanged + len(generated.report.written)
        stamp = generated.content_date.isoformat()
        last.generation = GenerationRecord(inputs, folder_state(docs_dir), generated.reviews, stamp, files)
        last.save()
    return generated


def _custom_dir(config: MkDocsConfig) -> Path | None:
    return Path(config.theme.custom_dir) if config.theme.custom_dir else None


def cache_folder(config: MkDocsConfig) -> Path:
    """Where earlier builds' work is kept: beside `mkdocs.yml`, never in the site or docs folder."""
    return Path(config.config_file_path).resolve().parent / CACHE_FOLDER


def _generate(
    content_dir: Path, config: MkDocsConfig, audience: BuildAudience, limits: PlanLimits | None, deny: DenyList | None
) -> tuple[Generated, int]:
    """The generation, and how many anonymity findings an internal build let through."""
    settings = loaded_settings(config)
    # A public site must say how to report an accessibility problem: reported with the content errors, at once.
    problems = publication_problems(Path(config.config_file_path), settings) if audience == "public" else []
    cache = cache_folder(config)
    try:
        content = validate_content(content_dir, cache, MarkdownDialect.of(config), theme_dirs(_custom_dir(config)))
    except ContentErrors as errors:
        raise ContentErrors([*problems, *errors.errors]) from None
    if problems:
        raise ContentErrors(problems)
    findings = find_identifying_text(content, content_dir, audience, deny, cache)
    if findings and audience == "public":
        raise AnonymityFindings(findings)
    content.save_cache()  # only now: a refused build leaves the project as it was
    for finding in findings:  # an internal build shows them, and builds
        log.warning("%s", finding)
    if findings:
        log.warning("%d anonymity finding(s): this internal build goes on; a public build would stop.", len(findings))
    corpus = build_corpus(content, audience)
    docs_dir = Path(config.docs_dir)
    manifest = PageManifest.open(cache)
    rendered = render_site(
        corpus,
        content.pages,
        settings=settings,
        built=build_date(corpus),
        limits=limits,
        digests=content.digests,
        unchanged=lambda page, fingerprint: manifest.unchanged(docs_dir, page, fingerprint),
    )
    report = write_docs(rendered.files, docs_dir, keep=rendered.kept)
    manifest.record(docs_dir, rendered.fingerprints)
    return Generated(len(corpus.reviews), content_date(corpus), report), len(findings)


def content_date(corpus: Corpus) -> datetime.date:
    """The newest publication or update date in the corpus."""
    dates = [d for entry in corpus.reviews for d in (entry.review.published, entry.review.updated) if d]
    return max((calendar_date(d) for d in dates), default=datetime.date(2000, 1, 1))


def user_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH` as the user set it, checked (`UsageError`): a Unix time from 1970 to 9999."""
    text = os.environ.get("SOURCE_DATE_EPOCH")
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) >= 253402300800:
        raise UsageError(f"SOURCE_DATE_EPOCH={text!r}: give a Unix time in seconds (digits), or leave it unset")
    return int(text)


def build_date(corpus: Corpus) -> BuildDate:
    """The date the site states it was built: `SOURCE_DATE_EPOCH` when given, else the newest content date."""
    epoch = user_epoch()
    if epoch is not None:
        return BuildDate(datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date(), from_content=False)
    return BuildDate(content_date(corpus), from_content=True)


def _reproducible_timestamp(newest: datetime.date) -> str:
    """The newest publication or update date of the content, as a Unix time for `SOURCE_DATE_EPOCH`.

    MkDocs stamps the sitemap and its gzip header with the build time unless
    SOURCE_DATE_EPOCH is set; a date taken from the content keeps builds byte-identical.
    """
    return str(calendar.timegm(newest.timetuple()))


def run_mkdocs(config: MkDocsConfig) -> None:
    """MkDocs' build, with its page work shared between processes where that is possible."""
    if worker_count() > 1:
        refusal = parallel_build_refusal(config)
        if refusal is None:
            build_in_parallel(config)
            return
        log.info("Building in one process: %s.", refusal)
    with progress.stage("Building pages (MkDocs, one process)"):
        mkdocs_build(config)


@contextmanager
def _dated_by_content(newest: datetime.date) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` from the content for one MkDocs run, unless the user set it."""
    users = os.environ.get("SOURCE_DATE_EPOCH") if user_epoch() is not None else None
    os.environ["SOURCE_DATE_EPOCH"] = users or _reproducible_timestamp(newest)
    try:
        yield
    finally:
        if users is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def build_site(
    config: MkDocsConfig, generated: Generated, site_dir: Path, swapped: Callable[[], None] = lambda: None
) -> None:
    """Run MkDocs and the search index into a temporary folder and swap it in place of `site_dir` on success.

    Skipped when the site folder holds, untouched, what a build from the same
    configuration and docs folder made (see `up_to_date.py`). Raises `BuildFailed`
    (the last good site kept) when MkDocs fails; calls `swapped` once the new site is in place.
    """
    site = site_dir.resolve()
    last = LastBuild.open(cache_folder(config))
    built_from = [configuration_inputs(config), folder_state(Path(config.docs_dir)), str(generated.content_date)]
    inputs = digest(*built_from, os.environ.get("SOURCE_DATE_EPOCH", ""))

    def build_into(staging: Path) -> None:
        config.site_dir = str(staging)
        with _dated_by_content(generated.content_date):
            try:
                run_mkdocs(config)
            except (Abort, TemplateError, UnicodeDecodeError) as error:  # a mistake in a page or a theme file
                raise BuildFailed(f"The site build failed; {site} was left as it was. {error}") from error
        with progress.stage("Indexing the site for search"):
            build_search_index(staging)

    if not replace_site(site, build_into, swapped, is_current=lambda: last.site_stands(inputs, site, config)):
        log.info("Nothing changed since the last build: %s is up to date.", site)
        return
    last.site = SiteRecord(inputs, str(site), folder_state(site))
    last.save()


class _DirtyBuildNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale; ours has none to go stale (index-only nav)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def update_site(config: MkDocsConfig, generated: Generated, site_dir: Path) -> None:
    """The preview's quick path: MkDocs rebuilds, in the site folder itself, only the pages whose Markdown changed.

    Pages the generator did not rewrite keep their older time, so MkDocs' own
    dirty build skips them. The search index is not touched (see `preview.py`).
    """
    config.site_dir = str(site_dir)
    notice = _DirtyBuildNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        with _dated_by_content(generated.content_date), progress.stage("Building changed pages (MkDocs)"):
            mkdocs_build(config, dirty=True)
    except Abort as error:
        raise BuildFailed(f"The preview could not be updated: {error}") from error
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)
