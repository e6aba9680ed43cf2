"""End to end: a build into a temporary folder gives every page at its URL, anchors and links both ways."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Project, tree_digest
from searchindex import indexed_pages

CHILD_P = "reviews/northshire-2020-child-p/"
BABY_Q = "reviews/eastvale-2018-baby-q/"


def test_every_page_type_is_at_its_url(built_project: Project) -> None:
    for url in (
        "",
        "reviews/",
        CHILD_P,
        BABY_Q,
        "themes/",
        "themes/safe-sleep/",
        "themes/unused-theme/",
        "agencies/",
        "agencies/ambulance/",
        "about/",
    ):
        assert (built_project.site / url / "index.html").is_file(), url


def test_lesson_and_recommendation_anchors_exist(built_project: Project) -> None:
    html = built_project.page(CHILD_P)
    for anchor in ("sleep-advice-repeated", "records-followed-family", "transfer-records", "key-learning"):
        assert f'id="{anchor}"' in html, anchor


def test_lessons_link_to_themes_and_themes_link_back_to_lessons(built_project: Project) -> None:
    review = built_project.page(CHILD_P)
    assert 'href="../../themes/safe-sleep/"' in review
    assert 'href="../../themes/home-visits/"' in review
    theme = built_project.page("themes/home-visits/")
    assert 'href="../../reviews/northshire-2020-child-p/#sleep-advice-repeated"' in theme
    assert 'href="../../reviews/eastvale-2018-baby-q/#ask-where-baby-sleeps"' in theme


def test_agencies_link_both_ways(built_project: Project) -> None:
    review = built_project.page(CHILD_P)
    assert 'href="../../agencies/housing/"' in review
    agency = built_project.page("agencies/housing/")
    assert 'href="../../reviews/northshire-2020-child-p/#records-followed-family"' in agency
    assert 'href="../../reviews/northshire-2020-child-p/#transfer-records"' in agency
    assert "In progress" in agency


def test_navigation_holds_index_pages_only(built_project: Project) -> None:
    about = built_project.page("about/")
    for index_url in ("reviews/", "themes/", "agencies/"):
        assert f'href="../{index_url}"' in about
    assert "northshire-2020-child-p" not in about
    assert "safe-sleep" not in about


def test_public_build_leaves_out_internal_reviews(built_project: Project) -> None:
    assert not (built_project.site / "reviews" / "westmoor-2022-family-r").exists()
    for path in built_project.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".csv"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Family R" not in text and "westmoor" not in text and "Internal only" not in text, path


def test_internal_build_holds_internal_reviews(project: Project) -> None:
    project.build("--audience", "internal")
    assert "Internal only lesson" in project.page("reviews/westmoor-2022-family-r/")
    assert 'href="../../reviews/westmoor-2022-family-r/#internal-only-lesson"' in project.page("themes/safe-sleep/")


def test_content_error_keeps_the_last_good_site(project: Project) -> None:
    project.build()
    before = tree_digest(project.site)
    project.edit("reviews/eastvale-2018-baby-q.yaml", "title: Baby Q\n", "")
    result = project.run("build")
    assert result.exit_code == 1
    assert "title: required field is missing" in result.output
    assert tree_digest(project.site) == before
    assert sorted(p.name for p in project.root.iterdir()) == [
        ".briefings-cache",
        "content",
        "docs",
        "mkdocs.yml",
        "overrides",
        "site",
    ]


def test_broken_link_fails_strict_build_and_keeps_the_last_good_site(project: Project) -> None:
    project.build()
    before = tree_digest(project.site)
    (project.content / "pages" / "about.md").write_text("# About\n\n[Gone](missing.md)\n", encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 1
    assert "missing.md" in result.output
    assert "left as it was" in result.output
    assert tree_digest(project.site) == before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


def test_noop_regeneration_rewrites_no_file(project: Project) -> None:
    project.build()
    docs_before = {p: p.stat().st_mtime_ns for p in project.docs.rglob("*.md")}
    result = project.build()
    assert "0 pages written" in result.output
    assert {p: p.stat().st_mtime_ns for p in project.docs.rglob("*.md")} == docs_before


def test_removed_review_disappears_from_docs_and_site(project: Project) -> None:
    project.build()
    project.review_file("eastvale-2018-baby-q").unlink()
    result = project.build()
    assert "3 removed" in result.output  # the review, its briefing and the page of its year, its only review
    assert not (project.docs / "reviews" / "eastvale-2018-baby-q.md").exists()
    assert not (project.docs / "reviews" / "eastvale-2018-baby-q" / "briefing.md").exists()
    assert not (project.docs / "reviews" / "2018.md").exists()
    assert not (project.site / BABY_Q).exists()


def test_generated_docs_build_with_mkdocs_alone(project: Project) -> None:
    project.build()
    other_site = project.root / "mkdocs-only-site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project.config), "-d", str(other_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (other_site / CHILD_P / "index.html").is_file()


def test_build_refuses_a_docs_folder_it_did_not_make(project: Project) -> None:
    project.docs.mkdir()
    (project.docs / "handwritten.md").write_text("# Mine\n", encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 2  # a configuration error: docs_dir points at someone else's folder
    assert "was not made by briefings" in result.output
    assert (project.docs / "handwritten.md").read_text(encoding="utf-8") == "# Mine\n"


def _marked_for_search(site: Path) -> set[str]:
    """URL paths of the built pages whose article Pagefind is asked to index."""
    return {
        "/" + path.relative_to(site).parent.as_posix().removeprefix(".") + ("/" if path.parent != site else "")
        for path in site.rglob("index.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_marked_for_search_is_indexed(project: Project, directory_urls: bool) -> None:
    """Pagefind reads only the page depths where searchable pages live; none may be missed, briefings never read."""
    (project.content / "pages" / "contacts.md").write_text("# Contacts\n\nLocal safeguarding contacts.\n")
    if not directory_urls:
        config = project.root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    project.build()
    indexed = set(indexed_pages(project.site))
    if directory_urls:
        marked = _marked_for_search(project.site)
        assert "/contacts/" in marked and any(url.startswith("/reviews/") for url in marked)
        assert indexed == marked
    else:
        marked_files = {
            "/" + path.relative_to(project.site).as_posix()
            for path in project.site.rglob("*.html")
            if "data-pagefind-body" in path.read_text(encoding="utf-8")
        }
        assert "/contacts.html" in marked_files
        assert indexed == marked_files
    assert not [url for url in indexed if "briefing" in url]
