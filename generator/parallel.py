"""MkDocs' own build, with the per-page work shared between processes.

`mkdocs build` renders every page in one process. At 2,000 reviews that is most
of the build time, and each page is independent: Markdown to HTML, the theme
template, the search plugin's parse, the write. This module runs the same steps
as `mkdocs.commands.build.build` (MkDocs 1.6.1, pinned) in the same order, but
forks worker processes once the files, navigation and theme are set up; each
renders and writes a share of the pages and sends back what the rest of the
build needs (search entries, anchors, links to anchors, warning counts). The
parent then checks anchors and runs `on_post_build`, which writes the search
index from the entries in page order, so the site is byte-identical to a
sequential build.

It is an accelerator, never a requirement: the docs folder builds with plain
`mkdocs build`, and `build` falls back to it when only one CPU is available or
a plugin other than search is configured (its per-page state could not be
merged).
"""

from __future__ import annotations

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
_MERGEABLE_PLUGINS = {"material/search", "search"}


def can_build_in_parallel(config: MkDocsConfig) -> bool:
    return worker_pool.worker_count() > 1 and set(config.plugins) <= _MERGEABLE_PLUGINS


@dataclass
class _PageResult:
    search_entries: list[dict[str, Any]]
    anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> anchor -> link as written
    warnings: list[tuple[str, int]]


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    for name in _MERGEABLE_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin.search_index.entries
    return None


def _page_builder(
    config: MkDocsConfig, files: Files, nav: Navigation, env: Any, search_entries: list[dict[str, Any]] | None
) -> Callable[[int], _PageResult]:
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
            entries_before = len(search_entries) if search_entries is not None else 0
            _build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
        links = page.links_to_anchors
        page.content = None  # written to disk: keep the worker's memory flat
        return _PageResult(
            search_entries=search_entries[entries_before:] if search_entries is not None else [],
            anchor_ids=page.present_anchor_ids,
            links_to_anchors={target.src_uri: anchors for target, anchors in links.items()} if links else links,
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

        search_entries = _search_entries(config)
        # Page warnings are counted per page and added below, in this process.
        logging.getLogger("mkdocs").removeHandler(warning_counter)
        results = worker_pool.fork_map(_page_builder(config, files, nav, env, search_entries), len(doc_files), workers)
        if config.strict:
            logging.getLogger("mkdocs").addHandler(warning_counter)
        for result in results:
            for level, count in result.warnings:
                for _ in range(count):  # the workers' warnings count towards strict mode here
                    record = logging.LogRecord("mkdocs", logging.getLevelName(level), "", 0, "", (), None)
                    warning_counter.handle(record)
        if search_entries is not None:
            search_entries[:] = [entry for result in results for entry in result.search_entries]
        for file, result in zip(doc_files, results, strict=True):
            page = file.page
            assert page is not None
            page.present_anchor_ids = result.anchor_ids
            page.links_to_anchors = (
                {files.get_file_from_path(uri): anchors for uri, anchors in result.links_to_anchors.items()}
                if result.links_to_anchors is not None
                else None
            )
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
