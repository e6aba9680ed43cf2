"""The bundled site in a real browser: search, links, no external requests, WCAG 2.2 AA, print, small screens."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import Project
from linkcheck import check_links

REVIEW = "reviews/buckinghamshire-2013-baby-e/"
THEME = "themes/bruising-in-non-mobile-babies/"
AGENCY = "agencies/health-visiting/"
PAGE_TYPES = [
    "",
    "reviews/",
    "reviews/2013/",
    REVIEW,
    "themes/",
    THEME,
    "agencies/",
    AGENCY,
    "insights/",
    "about/",
    "404.html",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --- 1. search: tests/browser/test_search.py, on a fixture corpus of its own -------------------


# --- 2. links ----------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(bundled_site: Project, artifacts: Path) -> None:
    report = check_links(bundled_site.site)
    (artifacts / "link-check.json").write_text(json.dumps(asdict(report), indent=1))
    print(f"\nlink check: {report.pages} pages, {report.internal_links} internal links, {len(report.broken)} broken")
    assert not report.broken
    assert report.pages > 50 and report.internal_links > 1000


# --- 3. network --------------------------------------------------------------------------------


def test_no_request_leaves_localhost(browser, site_url: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    for path in PAGE_TYPES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # opens search, which loads Pagefind and its index from this site
    page.locator("#lb-search-input").press_sequentially("bruising", delay=20)
    page.wait_for_selector(".lb-search__result")
    context.close()
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, hosts
    assert any("/pagefind/" in url for url in requests)


# --- 4. accessibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", REVIEW, THEME, AGENCY, "reviews/", "reviews/2013/", "insights/", "404.html"])
def test_axe_finds_no_wcag_violations(page, site_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if path == "reviews/":
        assert page.locator("[data-lb-review-filters] select").first.is_visible()  # filters open at this width
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert not violations, "\n".join(violations)


def test_skip_link_moves_focus_to_main_content(page, site_url: str) -> None:
    page.goto(site_url + REVIEW)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"
    )


def test_review_index_is_usable_by_keyboard_with_visible_focus(page, site_url: str) -> None:
    page.goto(site_url + "reviews/")
    total = page.locator("[data-lb-cards] > li").count()
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "document.activeElement.id || document.activeElement.className || document.activeElement.tagName"
        )
        if page.evaluate("!!document.activeElement.closest('.md-content')"):
            assert focus_is_visible(page), name
            reached.add(name)
        if page.evaluate("document.activeElement.id === 'lb-filter-year'"):
            page.keyboard.press("ArrowDown")  # the newest year
            page.wait_for_function("() => /match/.test(document.querySelector('[data-lb-filter-status]').textContent)")
            visible = page.locator("[data-lb-cards] > li").count()
            assert 0 < visible < total
            assert f"of {total} match" in page.locator("[data-lb-filter-status]").inner_text()
    for control in (
        "lb-filter-year",
        "lb-filter-board",
        "lb-filter-type",
        "lb-filter-age",
        "lb-filter-harm",
        "lb-filter-theme",
        "lb-filter-agency",
        "lb-sort",
    ):
        assert control in reached, reached
    page.locator("[data-lb-filters-panel] button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.locator("#lb-sort").focus()
    page.keyboard.press("ArrowDown")  # oldest first
    page.wait_for_function("() => /oldest first/.test(document.querySelector('[data-lb-filter-status]').textContent)")
    years = page.eval_on_selector_all(
        "[data-lb-cards] .lb-card__meta", "c => c.map(x => +x.textContent.match(/\\b(\\d{4}) ·/)[1])"
    )
    assert years == sorted(years) and len(years) == total


# --- 5. print -----------------------------------------------------------------------------------


def test_print_shows_no_navigation_search_or_sidebars(page, site_url: str) -> None:
    page.goto(site_url + REVIEW)
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-search",
        ".md-footer",
    ):
        locator = page.locator(selector).first
        assert locator.count() == 0 or not locator.is_visible(), selector
    assert page.locator("h1").is_visible()
    # A list of themes prints as names, not as names followed by their addresses.
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.md-content a[href^=\"../../themes/\"]'), '::after').content"
    )
    assert after in ("none", "normal")


# --- 6. small screens ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", REVIEW, THEME, "reviews/", "reviews/2013/", "insights/", AGENCY])
def test_nothing_overflows_at_320_pixels(browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, f"{path or 'home'} is {width}px wide at 320px"


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_are_written(browser, site_url: str, artifacts: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in (("home", ""), ("review", REVIEW), ("theme", THEME), ("agency", AGENCY), ("reviews", "reviews/")):
        page.goto(site_url + path)
        target = artifacts / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    context.close()


# --- 7. listings split over pages -------------------------------------------------------------


@pytest.mark.parametrize("path", ["themes/common/", "themes/common/2/", "agencies/schools/2/"])
def test_split_listings_pass_axe_and_fit_a_small_screen(browser, split_site_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(split_site_url + path)
    assert page.locator("nav.lb-pager a[aria-current=page]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    assert results.violations_count == 0, results.generate_report()
