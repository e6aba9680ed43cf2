"""Generate the docs folder and build the site with MkDocs, never losing the last good site.

`generate` runs load -> validate -> anonymity gate -> index -> render and writes
only files that changed. `build_site` runs `mkdocs build` in strict mode into a fresh temporary
folder beside the target and swaps it in only when the build succeeded; on any
failure, Ctrl-C included, the temporary folder is removed and the old site stays.
"""

from __future__ import annotations

import calendar
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from generator.anonymity import DenyList, find_identifying_text, read_deny_list
from generator.corpus import BuildAudience, Corpus, build_corpus
from generator.docs_folder import WriteReport, write_docs
from generator.errors import AnonymityFindings, BuildFailed, UsageError
from generator.parallel import build_in_parallel, parallel_build_refusal
from generator.settings import read_site_settings
from generator.site.pages import render_site
from generator.site.plan import PlanLimits
from generator.site_folder import replace_site
from generator.validate import validate_content
from generator.workers import collection_paused, worker_count

PAGES_FOLDER = "pages"
log = logging.getLogger("briefings")


@dataclass(frozen=True)
class Generated:
    corpus: Corpus
    report: WriteReport


def load_site_config(config_file: Path) -> MkDocsConfig:
    """The MkDocs configuration, strict, so every link or anchor warning fails the build.

    Raises `UsageError` for a missing, unreadable or invalid configuration file.
    """
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file; give the site configuration with --config-file")
    try:
        with open(config_file, encoding="utf-8") as stream:
            raw = yaml_load(stream) or {}
        if not isinstance(raw, dict):
            raise UsageError(f"{config_file}: the configuration must be a mapping of settings")
        _, problems = read_site_settings(config_file, raw)
        if problems:
            raise UsageError(f"{config_file}: {len(problems)} setting(s) to correct; nothing was built.", problems)
        # MkDocs refuses a docs_dir that does not exist yet; on a fresh checkout it is ours to make.
        (config_file.parent / str(raw.get("docs_dir", "docs"))).mkdir(parents=True, exist_ok=True)
        return load_config(config_file=str(config_file), strict=True)
    except (ConfigurationError, Abort, yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise UsageError(f"{config_file}: {error}") from error


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

    Raises `ContentErrors` (`AnonymityFindings` for a public build with findings) before writing anything.
    """
    with collection_paused():
        return _generate(content_dir, config, audience, limits, deny_list)


def _generate(
    content_dir: Path, config: MkDocsConfig, audience: BuildAudience, limits: PlanLimits | None, deny: DenyList | None
) -> Generated:
    content = validate_content(content_dir)
    findings = find_identifying_text(content, content_dir, audience, deny)
    if findings and audience == "public":
        raise AnonymityFindings(findings)
    for finding in findings:  # an internal build shows them, and builds
        log.warning("%s", finding)
    if findings:
        log.warning("%d anonymity finding(s): this internal build goes on; a public build would stop.", len(findings))
    corpus = build_corpus(content, audience)
    files = render_site(
        corpus,
        content_dir / PAGES_FOLDER,
        site_name=config.site_name,
        site_url=config.site_url,
        extra=dict(config.extra),
        limits=limits,
    )
    report = write_docs(files, Path(config.docs_dir))
    return Generated(corpus, report)


def _reproducible_timestamp(corpus: Corpus) -> str:
    """The newest publication or update date in the corpus, as a Unix time for `SOURCE_DATE_EPOCH`.

    MkDocs stamps the sitemap and its gzip header with the build time unless
    SOURCE_DATE_EPOCH is set; a date taken from the content keeps builds byte-identical.
    """
    dates = [d for entry in corpus.reviews for d in (entry.review.published, entry.review.updated) if d]
    newest = max(dates, default="2000")
    year, month, day = [*newest.split("-"), "01", "01"][:3]
    return str(calendar.timegm((int(year), int(month), int(day), 0, 0, 0)))


def run_mkdocs(config: MkDocsConfig) -> None:
    """MkDocs' build, with its page work shared between processes where that is possible."""
    if worker_count() > 1:
        refusal = parallel_build_refusal(config)
        if refusal is None:
            build_in_parallel(config)
            return
        log.info("Building in one process: %s.", refusal)
    mkdocs_build(config)


def build_site(config: MkDocsConfig, corpus: Corpus, site_dir: Path) -> None:
    """Run MkDocs into a temporary folder and swap it in place of `site_dir` on success.

    Raises `BuildFailed` (the last good site kept) when MkDocs fails.
    """
    site = site_dir.resolve()

    def build_into(staging: Path) -> None:
        config.site_dir = str(staging)
        user_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = user_epoch or _reproducible_timestamp(corpus)
        try:
            run_mkdocs(config)
        except Abort as error:
            raise BuildFailed(f"The site build failed; {site} was left as it was. {error}") from error
        finally:
            if user_epoch is None:
                del os.environ["SOURCE_DATE_EPOCH"]

    replace_site(site, build_into)
