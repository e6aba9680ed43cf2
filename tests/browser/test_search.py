"""Search in Chromium, on a fixture corpus of the tests' own: Pagefind, from this site only, down to the lesson."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest

from browser.chromium import served
from conftest import FIXTURE_CORPUS, Project, make_project
from test_untrusted import set_field

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LISTING_PATHS = ("/", "/reviews/", "/themes/", "/agencies/", "/insights/")


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture corpus with a word that only lesson text, a listing and a filter form could hold."""
    project: Project = make_project(tmp_path_factory.mktemp("search") / "project", corpus=FIXTURE_CORPUS)
    set_field(
        project,
        "reviews/eastvale-2018-baby-q.yaml",
        ("lessons", 0, "text"),
        "Ask to see where the baby sleeps, on every visit; look for a wobbly cot.",
    )
    project.build()
    with served(project.site) as url:
        yield url


def open_search(page, site_url: str, path: str = "") -> None:
    page.goto(site_url + path)
    page.keyboard.press("/")  # the keyboard shortcut
    assert page.evaluate("document.activeElement.id") == "lb-search-input"


def search(page, query: str) -> list[str]:
    """Type as a reader does and wait until the results settle; returns the result addresses."""
    page.locator("#lb-search-input").press_sequentially(query, delay=20)
    page.wait_for_function("() => /match/i.test(document.querySelector('[data-lb-search-status]').textContent)")
    previous: list[str] | None = None
    for _ in range(40):
        current = page.eval_on_selector_all(".lb-search__result-link", "els => els.map(e => e.href)")
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(150)
    return previous or []


def test_a_query_lands_on_the_lesson_with_the_word_highlighted(page, search_site: str) -> None:
    open_search(page, search_site)
    links = search(page, "wobbly")
    target = next(link for link in links if "#" in link)
    assert urldefrag(target).fragment == "ask-where-baby-sleeps"
    title = page.locator(".lb-search__result-link").first.inner_text()
    assert title.startswith("Ask where the baby sleeps") and "Baby Q, Eastvale Children's Board, 2018" in title
    page.locator(".lb-search__result-link").first.click()
    page.wait_for_load_state()
    assert urldefrag(page.url).fragment == "ask-where-baby-sleeps"
    assert parse_qs(urlsplit(page.url).query)["highlight"] == ["wobbly"]
    page.wait_for_selector("article mark")
    assert page.locator("article mark").first.inner_text().lower() == "wobbly"


def test_a_filter_narrows_results_to_one_agency_type(page, search_site: str) -> None:
    open_search(page, search_site)
    everything = {urlsplit(link).path for link in search(page, "family")}
    assert "/reviews/northshire-2020-child-p/" in everything
    page.locator(".lb-search__filters summary").click()
    page.select_option("#lb-search-filter-agency", "Ambulance service")
    page.wait_for_timeout(600)
    narrowed = {urlsplit(link).path for link in search(page, "")}
    assert narrowed and narrowed < everything | {"/reviews/eastvale-2018-baby-q/"}
    assert "/reviews/northshire-2020-child-p/" in narrowed  # Child P has ambulance learning
    page.select_option("#lb-search-filter-agency", "Housing")
    page.wait_for_timeout(600)
    housing = {urlsplit(link).path for link in search(page, "")}
    assert "/reviews/eastvale-2018-baby-q/" not in housing  # Baby Q has no housing learning


def test_a_theme_keyword_finds_its_theme(page, search_site: str) -> None:
    open_search(page, search_site)
    paths = [urlsplit(link).path for link in search(page, "co-sleeping")]
    assert paths[0] == "/themes/safe-sleep/"


def test_filter_forms_listings_and_briefings_never_appear_in_results(page, search_site: str) -> None:
    open_search(page, search_site)
    for query in ("safe sleep", "Northshire", "Home visits", "2018"):
        for link in search(page, query):
            path = urlsplit(link).path
            assert path not in LISTING_PATHS, (query, path)
            assert not path.startswith("/reviews/20"), (query, path)  # year pages
            assert "/briefing/" not in path, (query, path)
        page.fill("#lb-search-input", "")


def test_search_makes_no_request_to_another_host(browser, search_site: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    open_search(page, search_site)
    search(page, "wobbly")
    page.locator(".lb-search__result-link").first.click()
    page.wait_for_selector("article mark")
    context.close()
    assert {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))} == {"127.0.0.1"}
    assert any("/pagefind/" in url for url in requests)


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_with_results_and_filters_open(
    browser, search_site: str, width: int, artifacts: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_search(page, search_site, "reviews/northshire-2020-child-p/")
    search(page, "family")
    page.locator(".lb-search__filters summary").click()
    page.screenshot(path=str(artifacts / f"search-results-{width}.png"))
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_escape_closes_search_and_returns_focus(page, search_site: str) -> None:
    open_search(page, search_site)
    search(page, "family")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('lb-search__result-link')")
    page.keyboard.press("Escape")
    assert page.locator("#lb-search-panel").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "lb-search-panel"


def test_without_javascript_a_hint_stands_where_search_would_be(browser, search_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_site)
    hint = page.locator(".lb-search__nojs")
    assert hint.is_visible() and "Search needs JavaScript" in hint.inner_text()
    assert page.locator(".lb-search__nojs a[href$='themes/']").count() == 1
    assert page.locator("[data-lb-search-open]").is_hidden()
    context.close()
