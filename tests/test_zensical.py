"""The docs folder builds with Zensical too (Material's successor), and links and search work on its output.

Zensical runs no MkDocs hooks or plugins, so this proves the pipeline does not
depend on any. It does not have to look the same; it has to build and work.
`.ci/run` installs Zensical in a virtual environment of its own and names it in
the ZENSICAL variable; on a developer's machine without it the test is skipped,
under CI (CI set) it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import Project
from generator.build import generate, load_site_config
from generator.search_index import build_search_index
from linkcheck import check_links
from searchindex import indexed_pages

# Zensical 0.0.73's own skip link points at an anchor its template does not write.
ZENSICAL_OWN_BROKEN_ANCHORS = ("#__skip",)


@pytest.fixture
def zensical() -> str:
    found = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("Zensical is not installed: .ci/run sets ZENSICAL", pytrace=False)
        pytest.skip("Zensical is not installed (set ZENSICAL to its command)")
    return found


def test_docs_folder_builds_with_zensical_and_search_and_links_work(project: Project, zensical: str) -> None:
    generate(project.content, load_site_config(project.config), "public")
    completed = subprocess.run(
        [zensical, "build", "--clean", "-f", str(project.config)],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    site = project.root / "site"
    assert (site / "reviews" / "northshire-2020-child-p" / "index.html").is_file()

    report = check_links(site)
    assert report.internal_links > 100
    ours = [
        link for link in report.broken if not any(f"{anchor} (no " in link for anchor in ZENSICAL_OWN_BROKEN_ANCHORS)
    ]
    assert ours == []

    build_search_index(site)
    pages = indexed_pages(site)
    review = pages["/reviews/northshire-2020-child-p/"]
    assert "Advice given once at birth" in review["content"]
    assert "sleep-advice-repeated" in {anchor.get("id") for anchor in review["anchors"]}
