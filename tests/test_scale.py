"""A national collection: listings split over pages, the review index by year, search without duplicates,
links that hold, and the build shared between processes giving exactly what `mkdocs build` gives."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import generator.workers
from conftest import Project, make_project
from generator.build import _reproducible_timestamp, build_site, content_date, generate, load_site_config
from generator.corpus import build_corpus
from generator.errors import UnknownPage
from generator.site.plan import PlanLimits
from generator.site.urls import Linker
from generator.validate import validate_content
from generator.workers import sharing
from linkcheck import check_links
from searchindex import indexed_pages

REVIEWS = 24
YEARS = (2019, 2020, 2021)


def write_collection(content: Path, reviews: int = REVIEWS) -> None:
    """Many small reviews, every one with two lessons on the theme 'common' and one on a theme of its own."""
    (content / "reviews").mkdir(parents=True)  # no pages/: the tool's own about, how-to-use and accessibility pages
    themes = [{"id": "common", "title": "Common theme", "summary": "On every review."}]
    themes += [{"id": f"own-{n}", "title": f"Own theme {n}", "summary": "On one review."} for n in range(reviews)]
    agencies = [{"id": "police", "title": "Police"}, {"id": "schools", "title": "Schools"}]
    (content / "themes.yaml").write_text(yaml.safe_dump(themes), encoding="utf-8")
    (content / "agencies.yaml").write_text(yaml.safe_dump(agencies), encoding="utf-8")
    for n in range(reviews):
        year = YEARS[n % len(YEARS)]
        review_id = f"area-{year}-child-{n:02d}"
        lessons = [
            {"id": f"lesson-{k}", "title": f"Lesson {k} of review {n:02d}", "text": "Text.", "themes": ["common"]}
            for k in range(2)
        ]
        lessons.append({"id": "own", "title": f"Own lesson {n:02d}", "text": "Text.", "themes": [f"own-{n}"]})
        lessons[0]["agencies"] = ["police"]
        review = {
            "id": review_id,
            "title": f"Child {n:02d}",
            "board": f"Board {n % 4}",
            "review_type": "serious-case-review",
            "published": f"{year}-{1 + n % 12:02d}",
            "summary": "A summary.",
            "lessons": lessons,
            "recommendations": [{"id": "rec", "text": "Do better.", "agencies": ["schools"]}],
        }
        (content / "reviews" / f"{review_id}.yaml").write_text(yaml.safe_dump(review), encoding="utf-8")


SMALL_PAGES = PlanLimits(listing_items_per_page=10, review_index_latest=5)


def build_split_collection(root: Path) -> Project:
    """A collection built with small page limits, so that listings split as a national one does."""
    write_collection(root / "collection")
    project = make_project(root / "project", corpus=root / "collection")
    config = load_site_config(project.config)
    generated = generate(project.content, config, "public", limits=SMALL_PAGES)
    build_site(config, generated, project.site)
    return project


@pytest.fixture
def collection(tmp_path: Path) -> Project:
    return build_split_collection(tmp_path)


def lesson_links(html: str) -> list[str]:
    return re.findall(r'href="\.\./\.\./(?:\.\./)?reviews/([a-z0-9-]+)/#(lesson-\d)"', html)


def test_theme_lessons_split_over_pages_each_listed_once(collection: Project) -> None:
    first = collection.page("themes/common/")
    assert "48 lessons from 24 reviews" in first
    pages = [first] + [collection.page(f"themes/common/{n}/") for n in (2, 3, 4, 5)]
    assert not (collection.site / "themes/common/6/index.html").exists()
    listed = [link for html in pages for link in lesson_links(html)]
    assert len(listed) == 48 and len(set(listed)) == 48  # every lesson once, none lost at a page break
    # A review's lessons stay together on one page, newest review first.
    assert all(len(lesson_links(html)) == 10 for html in pages[:4])
    assert "Lessons 1 to 10 of 48" in first and "Lessons 41 to 48 of 48" in pages[4]
    assert 'aria-current="page">1</a>' in first and '<a href="../../themes/common/2/">2</a>' in first
    assert '<a href="../../../themes/common/">Common theme</a>' in pages[1]  # back to the theme itself


def test_agency_pages_split_and_list_learning_and_recommendations(collection: Project) -> None:
    first = collection.page("agencies/schools/")
    assert ">Recommendation</a>" in first and "Items 1 to 10 of 24" in first
    assert (collection.site / "agencies/schools/3/index.html").exists()
    police = collection.page("agencies/police/")
    assert re.search(r'<li data-lb-values="common"><a href="[^"]*#lesson-0">Lesson 0 of review \d+</a>', police)


def test_review_index_holds_the_newest_and_every_review_is_on_its_year_page(collection: Project) -> None:
    index = collection.page("reviews/")
    assert "24 reviews. The 5 newest are listed below" in index
    assert len(re.findall(r'<li class="lb-card">', index)) == 5
    for year in YEARS:
        assert f'<a href="../reviews/{year}/">{year}</a> (8)' in index
        page = collection.page(f"reviews/{year}/")
        dates = re.findall(r'<p class="lb-card__meta">Board \d · \w+ (\d{4}) ·', page)
        assert dates == [str(year)] * 8
        assert f'<a href="./" aria-current="page">{year}</a>' in page


def test_listings_stay_out_of_search_so_each_lesson_is_indexed_once(collection: Project) -> None:
    pages = indexed_pages(collection.site)
    assert not [url for url in pages if re.match(r"/themes/common/\d+/|/agencies/\w+/\d+/|/reviews/(\d+/)?$", url)]
    assert "/themes/common/" in pages  # the theme itself is still found by its title
    lesson = "Lesson 1 of review 07"
    holders = [url for url, record in pages.items() if lesson in record["content"]]
    assert holders == ["/reviews/area-2020-child-07/"]
    assert "lesson-1" in {anchor.get("id") for anchor in pages[holders[0]]["anchors"]}


def test_every_link_and_anchor_of_a_split_site_resolves(collection: Project) -> None:
    report = check_links(collection.site)
    assert not report.broken
    assert report.internal_links > 500


def test_links_to_pages_the_build_does_not_write_stop_rendering() -> None:
    link = Linker("themes/a.md", frozenset({"themes/a.md", "reviews/x.md"}))
    assert link.review("x", "lesson-1") == "../../reviews/x/#lesson-1"
    with pytest.raises(UnknownPage, match=r"reviews/gone\.md"):
        link.review("gone")


def test_shared_build_is_byte_identical_to_mkdocs_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools = []
    real_get_context = generator.workers.multiprocessing.get_context

    def get_context(method: str):  # counts the pools the build starts
        pools.append(method)
        return real_get_context(method)

    monkeypatch.setattr(generator.workers.multiprocessing, "get_context", get_context)
    project = make_project(tmp_path / "project")
    with sharing(workers=2):
        project.build()
    assert pools.count("fork") >= 3  # validation, rendering, writing and MkDocs' pages all ran in workers
    epoch = _reproducible_timestamp(content_date(build_corpus(validate_content(project.content), "public")))
    plain = tmp_path / "plain-site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project.config), "-d", str(plain)],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"},
    )
    # The search index is ours, built after MkDocs from the final HTML: plain MkDocs has none.
    ours = {
        p.relative_to(project.site): p.read_bytes()
        for p in project.site.rglob("*")
        if p.is_file() and p.relative_to(project.site).parts[0] != "pagefind"
    }
    theirs = {p.relative_to(plain): p.read_bytes() for p in plain.rglob("*") if p.is_file()}
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_a_warning_in_a_worker_fails_the_build_and_keeps_the_site(project: Project) -> None:
    with sharing(workers=2):
        project.build()
        before = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
        (project.content / "pages" / "about.md").write_text("# About\n\n[Gone](missing.md)\n", encoding="utf-8")
        result = project.run("build")
    assert result.exit_code == 1
    assert "missing.md" in result.output and "left as it was" in result.output
    assert {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()} == before


def test_generation_in_workers_writes_what_one_process_writes(tmp_path: Path) -> None:
    write_collection(tmp_path / "collection")
    outputs = []
    for workers in (1, 2):
        project = make_project(tmp_path / f"with-{workers}", corpus=tmp_path / "collection")
        with sharing(workers=workers):
            generate(project.content, load_site_config(project.config), "public")
        outputs.append({p.relative_to(project.docs): p.read_bytes() for p in project.docs.rglob("*.md")})
    assert outputs[0] == outputs[1] and len(outputs[0]) > REVIEWS
