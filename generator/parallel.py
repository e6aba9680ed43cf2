"""MkDocs' own build, with the per-page work shared between processes.

`mkdocs build` renders every page in one process. At 2,000 reviews that is most
of the build time, and each page is independent: Markdown to HTML, the theme
template, the write. `build_in_parallel` runs the steps of
`mkdocs.commands.build.build` (MkDocs 1.6.1) in the same order, but forks
worker processes once the files, navigation and theme are set up; each renders
and writes a share of the pages and sends back what the rest of the build
needs (anchors, links to anchors, warning counts). The parent then checks
anchors and runs `on_post_build`, so the site is byte-identical to a
sequential build (tested). The search index is not MkDocs' business: Pagefind
builds it from the final HTML afterwards (`search_index.py`).

What mirrors what in `mkdocs/commands/build.py` 1.6.1, `build()`:
- strict-mode `CountHandler`, `on_config`, `on_pre_build`, `clean_directory`:
  lines 253-272 (never dirty, never serving);
- `get_files` ... `on_nav`: lines 287-299;
- `Page(...)` for pages outside the nav; here only the nav's pages are
  populated before the split (their titles are on every page), the rest in
  the workers: lines 301-316;
- `on_env`, static files, theme and extra templates: lines 318-331;
- `_build_page` for each page: lines 333-339, in workers, with the results merged
  back (`present_anchor_ids`, `links_to_anchors`, warning counts);
- anchor validation, `on_post_build`, the strict-mode abort and the
  `on_build_error` handling: lines 341-364.

It uses four private functions of that module (`_populate_page`, `_build_page`,
`_build_theme_template`, `_build_extra_template`). So it is fenced:
`parallel_build_refusal` checks at run time that MkDocs and Material are
exactly the versions it was written for and that no plugin is configured (a
plugin's per-page state could not be merged); otherwise the build falls back
to plain `mkdocs build`. It is an
accelerator, never a requirement: the docs folder builds with `mkdocs build`
alone.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs import utils
from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from generator import workers as worker_pool

log = logging.getLogger("mkdocs.commands.build")

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}
"""The exact versions whose build steps this module mirrors."""


def _installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def parallel_build_refusal(config: MkDocsConfig) -> str | None:
    """Why the shared build cannot be trusted with this configuration, or None when it can."""
    for distribution, version in WRITTEN_FOR.items():
        installed = _installed_version(distribution)
        if installed != version:
            return f"{distribution} {installed} is installed; the shared build was written for {version}"
    for name, plugin in config.plugins.items():
        kind = f"{type(plugin).__module__}.{type(plugin).__qualname__}"
        return f"plugin '{name}' ({kind}) may keep per-page state the shared build cannot merge"
    return None


@dataclass
class _PageResult:
    anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> anchor -> link as written
    warnings: list[tuple[str, int]]


def _page_builder(config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> Callable[[int], _PageResult]:
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

    def build_page(position: int) -> _PageResult:
        """Render and write one page (in a worker) and return what the rest of the build needs of it."""
        file = doc_files[position]
        page = file.page
        assert page is not None
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(counter)
        try:
            if page.content is None:  # pages in the navigation were populated by the parent
                _populate_page(page, config, files)
            _build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
        links = page.links_to_anchors
        page.content = None  # written to disk: keep the worker's memory flat
        return _PageResult(
            anchor_ids=page.present_anchor_ids,
            links_to_anchors=None if links is None else {target.src_uri: anchors for target, anchors in links.items()},
            warnings=counter.get_counts(),
        )

    return build_page


def build_in_parallel(config: MkDocsConfig, workers: int | None = None) -> None:
    """`mkdocs build` (clean, not dirty, not serve) with pages rendered by `workers` forked processes."""
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(warning_counter)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
        for page in nav.pages:  # their titles appear on every page: needed before the split
            _populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        # Page warnings are counted per page and added below, in this process.
        logging.getLogger("mkdocs").removeHandler(warning_counter)
        builder = _page_builder(config, files, nav, env)
        results = worker_pool.fork_map(builder, len(doc_files), workers, label="Building pages (MkDocs)")
        if config.strict:
            logging.getLogger("mkdocs").addHandler(warning_counter)
        for result in results:
            for level, count in result.warnings:
                for _ in range(count):  # the workers' warnings count towards strict mode here
                    record = logging.LogRecord("mkdocs", logging.getLevelName(level), "", 0, "", (), None)
                    warning_counter.handle(record)
        for file, result in zip(doc_files, results, strict=True):
            built = file.page
            assert built is not None
            built.present_anchor_ids = result.anchor_ids
            built.links_to_anchors = None
            if result.links_to_anchors is not None:
                built.links_to_anchors = {}
                for uri, anchors in result.links_to_anchors.items():
                    target = files.get_file_from_path(uri)
                    assert target is not None  # the worker found it in the same files
                    built.links_to_anchors[target] = anchors
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            message = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warning_counter)
