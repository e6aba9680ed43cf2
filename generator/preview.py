"""The preview of `briefings serve`: a full build first, then after each edit only what changed.

After an edit, generation rewrites only the Markdown of the pages whose inputs
changed (see `cache.py`), MkDocs' dirty build turns only those into HTML in the
preview folder, and the browser reloads: at 2,000 reviews that is seconds,
where a full build is half a minute. The search index is then rebuilt in the
background and swapped in whole. A change of theme files or settings, or a
removed page, takes a full build instead. Errors leave the last good preview.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from generator.build import Generated, build_site, deny_list_for, generate, load_site_config, update_site
from generator.corpus import BuildAudience
from generator.errors import BriefingsError
from generator.search_index import SEARCH_FOLDER, build_search_index
from generator.up_to_date import configuration_inputs

log = logging.getLogger("briefings")


class Preview:
    """The preview site of one `serve`, kept up to date edit by edit."""

    def __init__(
        self, content_dir: Path, config_file: Path, audience: BuildAudience, site_dir: Path, site_url: str
    ) -> None:
        self.content_dir, self.config_file, self.audience = content_dir, config_file, audience
        self.site_dir, self.site_url = site_dir, site_url
        self._theme: str | None = None
        self._indexing: threading.Thread | None = None

    def _config(self) -> MkDocsConfig:
        config = load_site_config(self.config_file)
        config.site_url = self.site_url
        return config

    def _generate(self, config: MkDocsConfig) -> Generated:
        """Generation as `build` does it, the deny-list of the settings included."""
        deny = deny_list_for(None, self.content_dir, config)
        return generate(self.content_dir, config, self.audience, deny_list=deny)

    def build(self) -> None:
        """A full build: generation, MkDocs and the search index, swapped in whole."""
        self.wait_for_search_index()
        self._theme = None  # until this build succeeds, the next update is a full build too
        config = self._config()
        theme = configuration_inputs(config)  # mkdocs.yml and the overrides: a change changes every page
        generated = self._generate(config)
        build_site(config, generated, self.site_dir)
        self._theme = theme

    def update(self) -> None:
        """After an edit: only the changed pages, then the search index in the background."""
        config = self._config()
        theme = configuration_inputs(config)  # mkdocs.yml and the overrides: a change changes every page
        if theme != self._theme:
            self.build()
            return
        generated = self._generate(config)
        report = generated.report
        if report.removed:  # MkDocs' dirty build would leave the removed pages in the site
            self.build()
            return
        if not report.written:
            return
        self.wait_for_search_index()  # never let Pagefind read a page while MkDocs writes it
        update_site(config, generated, self.site_dir)
        self._indexing = threading.Thread(target=self._reindex, name="search-index", daemon=True)
        self._indexing.start()

    def wait_for_search_index(self) -> None:
        if self._indexing is not None:
            self._indexing.join()
            self._indexing = None

    def _reindex(self) -> None:
        staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site_dir))
        try:
            build_search_index(self.site_dir, output=staging / SEARCH_FOLDER)
            current = self.site_dir / SEARCH_FOLDER
            retired = staging / "retired"
            if current.exists():
                current.rename(retired)
            (staging / SEARCH_FOLDER).rename(current)
            log.info("Search index updated.")
        except (BriefingsError, OSError) as error:
            log.warning("The search index was not updated: %s", error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
