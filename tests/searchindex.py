"""What Pagefind indexed: the page records of a built site's search index, read for assertions.

Each fragment file of `pagefind/fragment/` is one indexed page: gzip-compressed JSON
after a `pagefind_dcd` signature (Pagefind 1.5), with the page's URL, indexed text,
filters, metadata and anchors.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def indexed_pages(site: Path) -> dict[str, dict[str, Any]]:
    """URL path -> Pagefind's record of that page."""
    pages = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(SIGNATURE), fragment
        record = json.loads(raw[len(SIGNATURE) :])
        pages[record["url"]] = record
    return pages
