"""The search index: Pagefind run over the final HTML of the site, whichever engine built it.

Pagefind reads the built pages, not the docs folder, so the index does not
depend on MkDocs or any of its plugins: the same step indexes a site built by
Zensical. It indexes only what a page marks with `data-pagefind-body` (the
article of each page that is not excluded from search), skips what is marked
`data-pagefind-ignore`, and writes a static bundle of small chunks to
`pagefind/` in the site: a browser downloads only the chunks a query needs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import subprocess
from pathlib import Path
from typing import Any

import cbor2
import pagefind_bin

from generator.errors import BuildFailed

SEARCH_FOLDER = "pagefind"
"""Where the index and Pagefind's scripts live in the site: `/pagefind/`."""
PAGEFIND_VERSION = "1.5.2"
"""The index format `_make_reproducible` knows; pinned in pyproject.toml."""
_SIGNATURE = b"pagefind_dcd"

SEARCHABLE_PAGES = "{*.html,*/*.html,*/*/index.html}"
"""The pages Pagefind reads: those no deeper than a review, theme or agency page.

Only pages marked `data-pagefind-body` are indexed, but Pagefind parses every
page it is given. Briefings and continued listings, never indexed, sit one
level deeper (`/reviews/<id>/briefing/`, `/themes/<id>/2/`; see `site/urls.py`),
so leaving them out saves reading about half of a large site. Holds with and
without `use_directory_urls`; a test checks that every page marked for search
is indexed.
"""
log = logging.getLogger("briefings")


def build_search_index(site_dir: Path, output: Path | None = None) -> None:
    """Index the built site into `site_dir/pagefind` (or `output`); raises `BuildFailed` with Pagefind's message."""
    bundle = output or site_dir / SEARCH_FOLDER
    command = [str(pagefind_bin.get_executable()), "--site", str(site_dir), "--output-path", str(bundle)]
    # English only: every page is; detection per page could split the index in two.
    command += ["--force-language", "en", "--silent", "--glob", SEARCHABLE_PAGES]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BuildFailed(f"The search index could not be built: {detail[-1] if detail else completed.returncode}")
    _make_reproducible(bundle)


def _read(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes()).removeprefix(_SIGNATURE))


def _write(folder: Path, stem: str, suffix: str, data: Any, digits: int) -> str:
    """Write a Pagefind record named by a hash of its content, as Pagefind does; returns the name."""
    encoded = _SIGNATURE + cbor2.dumps(data)
    name = f"{stem}_{hashlib.sha256(encoded).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(encoded, mtime=0))
    return name


def _make_reproducible(bundle: Path) -> None:
    """Sort what Pagefind writes in hash-map order, so the same site always gives the same bytes.

    Pagefind 1.5 writes each filter's values, and the list of filters, in an order
    that changes from run to run (Pagefind issue #638): the filter files and the
    metadata file that names them then differ in bytes and names. Their content
    is a list of (value, pages) pairs, which the browser reads into a map, so
    sorting them changes nothing but the bytes. Other versions are left alone.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        log.info("Search index left as Pagefind wrote it: version %s, not %s.", entry.get("version"), PAGEFIND_VERSION)
        return
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for filter_name, chunk in meta[3]:
            chunk_path = bundle / "filter" / f"{chunk}.pf_filter"
            name, values = _read(chunk_path)
            chunk_path.unlink()
            filters.append([filter_name, _write(chunk_path.parent, language, ".pf_filter", [name, sorted(values)], 7)])
        meta[3] = sorted(filters)
        meta_path.unlink()
        details["hash"] = _write(bundle, language, ".pf_meta", meta, 10)
        (bundle / f"{details['hash']}.pf_meta").rename(bundle / f"pagefind.{details['hash']}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
