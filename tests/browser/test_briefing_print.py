"""7-minute briefings printed from Chromium: two A4 pages at most, every lesson title on them; and on screen."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from browser.chromium import served
from conftest import REPO, Project, make_project
from test_briefing import SITE_URL, add_big_review, add_reviews_on_one_theme, set_site_url

BUNDLED_REVIEWS = sorted(path.stem for path in (REPO / "content" / "reviews").glob("*.yaml"))
BUNDLED_THEMES = [theme["id"] for theme in yaml.safe_load((REPO / "content" / "themes.yaml").read_text("utf-8"))]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_PAGES = 2


def printed(page, url: str, target: Path) -> list[str]:
    """Print `url` as Chromium prints it on A4; write the PDF to `target`; the text of each page."""
    from pypdf import PdfReader

    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return [" ".join((sheet.extract_text() or "").split()) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def missing(titles: list[str], pages: list[str]) -> list[str]:
    text = " ".join(pages)
    return [title for title in titles if " ".join(title.split()) not in text]


@pytest.fixture(scope="session")
def briefing_pdfs(artifacts: Path) -> Path:
    return artifacts / "briefings"


@pytest.mark.parametrize("review_id", BUNDLED_REVIEWS)
def test_a_bundled_review_briefing_prints_on_two_pages_with_every_lesson_title(
    page, site_url: str, briefing_pdfs: Path, review_id: str
) -> None:
    review = yaml.safe_load((REPO / "content" / "reviews" / f"{review_id}.yaml").read_text("utf-8"))
    if review.get("audience") == "internal":
        pytest.skip("not in a public build")
    pages = printed(page, f"{site_url}reviews/{review_id}/briefing/", briefing_pdfs / f"review-{review_id}.pdf")
    assert len(pages) <= MAX_PAGES, f"{review_id}: {len(pages)} pages"
    assert not missing([lesson["title"] for lesson in review["lessons"]], pages)
    assert "Learning from case reviews" in pages[0] and f"reviews/{review_id}/briefing/" in pages[0]


@pytest.mark.parametrize("theme_id", BUNDLED_THEMES)
def test_a_bundled_theme_briefing_prints_on_two_pages_with_the_lessons_it_shows(
    page, site_url: str, briefing_pdfs: Path, theme_id: str
) -> None:
    path = f"themes/{theme_id}/briefing/"
    page.goto(site_url + path)
    shown = page.locator("#what-reviews-have-found ~ .lb-briefing-section .lb-briefing-list a").all_inner_texts()
    pages = printed(page, site_url + path, briefing_pdfs / f"theme-{theme_id}.pdf")
    assert len(pages) <= MAX_PAGES, f"{theme_id}: {len(pages)} pages"
    assert not missing(shown, pages)


# --- A larger collection than the bundled one, with a site address ------------------------------------------


@pytest.fixture(scope="session")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict, str]]:
    """The fixture corpus, a review of 30 lessons and 50 recommendations, eight reviews of 30 lessons on one
    theme, and a `site_url`, so that every briefing carries its QR code."""
    project = make_project(tmp_path_factory.mktemp("large") / "project")
    big = add_big_review(project)
    add_reviews_on_one_theme(project, reviews=8, lessons=30)
    set_site_url(project)
    project.build()
    with served(project.site) as url:
        yield project, big, url


def test_a_review_of_30_lessons_and_50_recommendations_prints_on_two_pages(
    page, large_site: tuple[Project, dict, str], briefing_pdfs: Path
) -> None:
    _, big, url = large_site
    path = f"reviews/{big['id']}/briefing/"
    pages = printed(page, url + path, briefing_pdfs / "fixture-review-30-lessons-50-recommendations.pdf")
    assert len(pages) <= MAX_PAGES, f"{len(pages)} pages"
    assert not missing([lesson["title"] for lesson in big["lessons"]], pages)
    assert page.locator(".lb-qr-code").is_visible()  # still the print view
    # An address may break over two lines, where the PDF's text has a space.
    assert f"Thisbriefingonline:{SITE_URL}{path}" in "".join(pages).replace(" ", "")


def test_a_theme_with_more_lessons_than_fit_prints_on_two_pages_and_says_where_the_rest_are(
    page, large_site: tuple[Project, dict, str], briefing_pdfs: Path
) -> None:
    _, _, url = large_site
    path = "themes/safe-sleep/briefing/"
    page.goto(url + path)
    shown = page.locator(".lb-briefing-list a").all_inner_texts()
    pages = printed(page, url + path, briefing_pdfs / "fixture-theme-242-lessons.pdf")
    assert len(pages) <= MAX_PAGES, f"{len(pages)} pages"
    assert not missing(shown, pages)
    assert "more lessons, from" in " ".join(pages)
    assert f"{SITE_URL}themes/safe-sleep/" in "".join(pages).replace(" ", "")


# --- Any page on paper ------------------------------------------------------------------------------------------


def test_a_printed_review_page_names_the_site_and_its_address_and_prints_no_noise(
    page, site_url: str, briefing_pdfs: Path
) -> None:
    path = "reviews/buckinghamshire-2013-baby-e/"
    pages = printed(page, site_url + path, briefing_pdfs.parent / "print-review-page.pdf")
    assert pages[0].startswith(f"Learning from case reviews · {site_url}{path}")
    text = " ".join(pages)
    assert "Status not stated" not in text
    assert "(../" not in text and "(http://127.0.0.1" not in text  # no addresses after links inside the site
    # Every meta line: the parts shown are separated once, with nothing before the first.
    separators = page.evaluate(
        """() => [...document.querySelectorAll('.lb-meta-parts')].map(line =>
             [...line.children].filter(part => getComputedStyle(part).display !== 'none')
               .map(part => getComputedStyle(part, '::before').content))"""
    )
    assert separators and all(line[0] in ("none", "normal") for line in separators)
    assert all(content == '" · "' for line in separators for content in line[1:])


# --- Briefings on screen ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path", ["reviews/buckinghamshire-2013-baby-e/briefing/", "themes/information-sharing/briefing/"]
)
def test_a_briefing_on_screen_passes_axe_and_fits_the_screen(
    browser, site_url: str, artifacts: Path, path: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-lb-print] button").is_visible()  # the print button, once the script runs
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    kind = path.split("/")[0].removesuffix("s")
    page.screenshot(path=str(artifacts / f"briefing-{kind}-{width}.png"), full_page=True)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    assert results.violations_count == 0, results.generate_report()
