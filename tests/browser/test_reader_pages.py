"""Pages built around the reader's task (issue 13), in Chromium at 390 and 1280 pixels, on a corpus of the tests' own.

tests/fixtures/reader has seven reviews, built with small page limits so that the
theme and agency listings split over pages and the review index lists only the
three newest before a filter is used: filters must reach what is not on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser.chromium import served
from conftest import REPO, Project, make_project
from generator.build import build_site, generate, load_site_config
from generator.site.plan import PlanLimits

READER_CORPUS = REPO / "tests" / "fixtures" / "reader"
READER_LIMITS = PlanLimits(listing_items_per_page=3, review_index_latest=3)
WIDTHS = [390, 1280]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BABY_T = "reviews/harbourside-2023-baby-t/"
BRUISING = "themes/bruising/"
HEALTH_VISITING = "agencies/health-visiting/"

LISTING_FILTERED = """() => {
    const status = document.querySelector('[data-lb-listing-status]').textContent;
    return status.length > 0 && !status.startsWith('Loading');
}"""
"""The filter's status line says what it shows: the continued pages have loaded (not "Loading the other pages")."""


def build_reader_site(root: Path) -> Project:
    project = make_project(root, corpus=READER_CORPUS)
    config = load_site_config(project.config)
    generated = generate(project.content, config, "public", limits=READER_LIMITS)
    build_site(config, generated, project.site)
    return project


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = build_reader_site(tmp_path_factory.mktemp("reader") / "project")
    with served(project.site) as url:
        yield url


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def screen(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def fits(page) -> bool:
    """Nothing scrolls sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def visible_items(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-lb-listing] > li:not([hidden])", "items => items.map(i => i.querySelector('a').href)"
    )


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


# --- 1. theme pages: the lessons themselves, filtered by agency type across every page -----------------


def test_theme_page_shows_lesson_text_and_filters_by_agency_across_pages(screen, reader_site: str) -> None:
    screen.goto(reader_site + BRUISING)
    first_page = visible_items(screen)
    assert len(first_page) == 3 and screen.locator("nav.lb-pager").first.is_visible()
    lesson = screen.locator("[data-lb-listing] > li").first
    assert "A bruise on a baby who cannot move is never minor." in lesson.inner_text()  # the text, not only a title
    assert "Baby T · Harbourside Safeguarding Partnership · 3 June 2023" in lesson.inner_text()
    assert urlsplit(lesson.locator("a").first.get_attribute("href") or "").fragment == "bruise-on-the-ear"
    assert fits(screen)

    screen.select_option("#lb-listing-filter", "police")  # bruising x police: one choice
    status = screen.locator("[data-lb-listing-status]")
    screen.wait_for_function("() => /every page/.test(document.querySelector('[data-lb-listing-status]').textContent)")
    assert status.inner_text() == "5 lessons for Police, from every page."
    police = visible_items(screen)
    assert len(police) == 5 and {urlsplit(href).path for href in police} >= {
        "/reviews/harbourside-2023-baby-t/",
        "/reviews/eastport-2011-child-w1/",  # from the last page of the listing
    }
    assert screen.locator("nav.lb-pager").first.is_hidden()
    assert "agency=police" in screen.url
    screen.locator("[data-lb-listing] > li:not([hidden]) a").last.click()  # a link from another page still works
    screen.wait_for_load_state()
    assert urlsplit(screen.url).path == "/reviews/eastport-2011-child-w1/"

    screen.goto(reader_site + BRUISING + "?agency=police")  # a shared filtered address opens filtered
    screen.wait_for_function("() => /every page/.test(document.querySelector('[data-lb-listing-status]').textContent)")
    assert len(visible_items(screen)) == 5
    screen.select_option("#lb-listing-filter", "")
    assert visible_items(screen) == first_page and screen.locator("nav.lb-pager").first.is_visible()


def test_theme_page_names_a_few_co_occurring_themes_with_counts(screen, reader_site: str) -> None:
    screen.goto(reader_site + "themes/information-sharing/")
    items = screen.locator(".lb-co-occurring li").all_inner_texts()
    assert 0 < len(items) <= READER_LIMITS.co_occurring_themes
    assert all(re.fullmatch(r".+ \(\d+ reviews?\)", item) for item in items), items


def test_without_script_a_theme_page_is_a_plain_list_of_every_lesson(browser, reader_site: str, width: int) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(reader_site + BRUISING)
    assert page.locator("[data-lb-listing-filter]").is_hidden()
    assert page.locator("[data-lb-listing] > li").count() == 3
    assert all(item.is_visible() for item in page.locator("[data-lb-listing] > li").all())
    page.locator("nav.lb-pager a", has_text="2").first.click()
    assert page.locator("[data-lb-listing] > li").count() >= 1
    context.close()


# --- 2. agency pages: the learning, and recommendations with their status where stated -------------------


def test_agency_page_shows_learning_and_recommendations_and_filters_by_theme(screen, reader_site: str) -> None:
    screen.goto(reader_site + HEALTH_VISITING)
    listing = screen.locator("[data-lb-listing]")
    text = listing.inner_text()
    assert "The health visitor saw the bruise and wrote it down, but did not refer." in text
    protocol = listing.locator("li", has_text="Every agency should follow the bruising protocol.")
    assert "Status: Implemented" in protocol.inner_text()
    audit = listing.locator("li", has_text="Audit supervision records for bruising.")
    assert "Status" not in audit.inner_text()  # the review states none
    assert "not stated" not in screen.locator("article").inner_text().lower()
    assert "Where a review states progress: 1 implemented." in screen.locator(".lb-lede").inner_text()
    assert fits(screen)

    screen.select_option("#lb-listing-filter", "supervision")
    screen.wait_for_function(LISTING_FILTERED)
    assert screen.locator("[data-lb-listing-status]").inner_text().startswith("1 lesson on Supervision")
    shown = visible_items(screen)
    assert [urlsplit(href).fragment for href in shown] == ["supervision-missed-it"]


# --- 3. review pages: contents on a phone, compact recommendations, dates, plurals, related reviews -----------


def test_review_page_has_contents_compact_recommendations_and_plain_words(screen, reader_site: str, width: int) -> None:
    screen.goto(reader_site + BABY_T)
    contents = screen.locator("nav.lb-contents")
    assert contents.is_visible()  # no menu to open, at any width
    assert contents.bounding_box()["y"] < 900 * 1.5  # near the top: within about the first screen and a half
    links = contents.locator("a").all_inner_texts()
    assert links[:2] == ["Background", "Key learning"]
    assert "Bruising in babies (1)" in links and "Health visiting (2)" in links and "Recommendations" in links
    contents.locator("a", has_text="Schools and education").click()
    assert urlsplit(screen.url).fragment == "agency--schools"

    article = screen.locator("article").inner_text()
    assert "Harbourside Safeguarding Partnership · Local child safeguarding practice review · 3 June 2023" in article
    assert "Published: 3 June 2023" in article and "2023-06-03" not in article
    assert "In this synopsis: 3 lessons, 1 example of good practice and 3 recommendations" in article
    assert article.count("Status: Implemented") == 1 and "not stated" not in article.lower()
    assert article.count("Addressed to Harbourside Community Health") == 1  # said once for the group
    assert "In the report: paragraph 5.1" in article and "In the report: Appendix 1, 6.4" in article
    assert "paragraph Appendix" not in article and "Overview recommendation" not in article
    related = screen.locator(".lb-related li").all_inner_texts()
    assert 0 < len(related) <= 3
    for item in related:
        named = item.split("Shared themes: ", 1)[1].rstrip(".")
        assert len(re.split(r", | and (?!\d+ more)", re.sub(r" and \d+ more$", "", named))) <= 3, item
    assert fits(screen)


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("reviews/harbourside-2021-child-u/", "November 2021"),
        ("reviews/millbrook-2019-family-v/", "2019"),
        ("reviews/eastport-2012-child-w2/", "12 February 2012"),
    ],
)
def test_dates_read_as_precisely_as_they_were_written(screen, reader_site: str, path: str, date: str) -> None:
    screen.goto(reader_site + path)
    assert screen.locator(".lb-subtitle").inner_text().endswith(" · " + date)
    assert f"Published: {date}" in screen.locator(".lb-glance").inner_text()


# --- 4. the review index: cards, one-line summaries, filters over every review ----------------------------


def test_review_index_lists_cards_and_filters_every_review(screen, reader_site: str, width: int) -> None:
    screen.goto(reader_site + "reviews/")
    cards = screen.locator("[data-lb-cards] > li")
    assert cards.count() == 3 and fits(screen)
    first = cards.first.inner_text()
    assert "Baby T was three months old when a health visitor saw a small bruise on the ear." in first
    assert "Main themes: Bruising in babies, Information sharing, Fathers and men in the household" in first
    if width < 600:  # cards stack: each as wide as the text column, one under another
        boxes = [cards.nth(n).bounding_box() for n in range(2)]
        assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1 and boxes[0]["width"] > width * 0.8
    panel = screen.locator("[data-lb-filters-panel]")
    if not panel.evaluate("p => p.open"):
        panel.locator("summary").click()
    screen.select_option("#lb-filter-agency", "police")
    screen.wait_for_function("() => /match/.test(document.querySelector('[data-lb-filter-status]').textContent)")
    assert screen.locator("[data-lb-filter-status]").inner_text() == "5 reviews of 7 match."
    titles = cards.locator("h3").all_inner_texts()
    assert titles == ["Baby T", "Child W4", "Child W3", "Child W2", "Child W1"]  # beyond the three on the page
    screen.select_option("#lb-filter-year", "2012")
    screen.wait_for_function("() => /^1 review /.test(document.querySelector('[data-lb-filter-status]').textContent)")
    assert cards.locator("h3").all_inner_texts() == ["Child W2"]
    assert "year=2012" in screen.url and "agency=police" in screen.url
    screen.locator("[data-lb-filters-panel] button[type=reset]").click()
    screen.select_option("#lb-sort", "title")
    screen.wait_for_function(
        "() => /All 7 reviews/.test(document.querySelector('[data-lb-filter-status]').textContent)"
    )
    titles = cards.locator("h3").all_inner_texts()
    assert titles == sorted(titles) and len(titles) == 7
    assert fits(screen)


def test_a_shared_filtered_address_opens_filtered(screen, reader_site: str) -> None:
    screen.goto(reader_site + "reviews/?theme=school-attendance")
    screen.wait_for_function("() => /match/.test(document.querySelector('[data-lb-filter-status]').textContent)")
    assert screen.locator("[data-lb-cards] h3").all_inner_texts() == ["Family V"]
    assert screen.locator("#lb-filter-theme").input_value() == "school-attendance"


def test_without_script_the_index_lists_the_newest_and_every_year(browser, reader_site: str, width: int) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(reader_site + "reviews/")
    assert page.locator("[data-lb-review-filters]").is_hidden()
    assert page.locator("[data-lb-cards] > li").count() == 3
    assert page.locator(".lb-years a").count() == 7
    page.goto(reader_site + "reviews/2012/")
    assert page.locator("[data-lb-cards] h3").all_inner_texts() == ["Child W2"]
    context.close()


# --- 5. orientation: the active tab and a breadcrumb ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "tab", "trail"),
    [
        (BABY_T, "Reviews", ["Reviews", "2023", "Baby T"]),
        ("reviews/2019/", "Reviews", ["Reviews", "2019"]),
        (BRUISING, "Themes", ["Themes", "Bruising in babies"]),
        (BRUISING + "2/", "Themes", ["Themes", "Bruising in babies", "Page 2"]),
        (HEALTH_VISITING, "Agencies", ["Agencies", "Health visiting"]),
    ],
)
def test_the_reader_knows_where_they_are(
    screen, reader_site: str, width: int, path: str, tab: str, trail: list
) -> None:
    screen.goto(reader_site + path)
    crumbs = screen.locator("nav.lb-breadcrumb li")
    assert crumbs.all_inner_texts() == trail and screen.locator("nav.lb-breadcrumb").is_visible()
    assert crumbs.last.locator("[aria-current=page]").count() == 1
    active = screen.locator(".md-tabs__item--active")
    assert active.count() == 1 and active.inner_text().strip() == tab
    assert active.locator("a").get_attribute("aria-current") == "true"
    if width >= 1220:  # Material shows the tabs from 76.25em
        assert active.is_visible()
    crumbs.first.locator("a").click()
    screen.wait_for_load_state()
    assert urlsplit(screen.url).path == "/" + tab.lower() + "/"


# --- 6. a link to one lesson ------------------------------------------------------------------------


def test_copy_link_offers_the_address_where_nothing_can_copy(browser, reader_site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    # A plain-http intranet: no clipboard API, and the old copy command refused.
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined});document.execCommand = () => false;"
    )
    page = context.new_page()
    page.goto(reader_site + BABY_T)
    link = page.locator("a[data-lb-copy-link][href='#bruise-on-the-ear']")
    link.focus()
    page.keyboard.press("Enter")
    field = page.locator("[data-lb-copy-address]")
    assert field.is_visible()
    assert field.input_value() == reader_site + BABY_T + "#bruise-on-the-ear"
    assert page.evaluate("document.activeElement.hasAttribute('data-lb-copy-address')")
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [
        0,
        len(field.input_value()),
    ]
    assert page.locator(".lb-copy-field label").inner_text().startswith("Address of this lesson, to copy")
    page.wait_for_function("() => /selected/.test(document.querySelector('[data-lb-announcer]').textContent)")
    assert fits(page)
    context.close()


@pytest.mark.parametrize("clipboard_api", [True, False], ids=["clipboard-api", "copy-command"])
def test_copy_link_says_it_copied(browser, reader_site: str, clipboard_api: bool) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    if clipboard_api:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    else:
        context.add_init_script(
            "Object.defineProperty(navigator, 'clipboard', {value: undefined});"
            "window.__copied = [];"
            "document.execCommand = (name) => { window.__copied.push(document.activeElement.value); return true; };"
        )
    page = context.new_page()
    page.goto(reader_site + BABY_T)
    page.locator("a[data-lb-copy-link][href='#bruising-protocol']").click()
    note = page.locator(".lb-copied")
    assert note.is_visible() and note.inner_text() == "Link copied"
    page.wait_for_function("() => /copied/.test(document.querySelector('[data-lb-announcer]').textContent)")
    address = reader_site + BABY_T + "#bruising-protocol"
    copied = page.evaluate("navigator.clipboard.readText()") if clipboard_api else page.evaluate("window.__copied[0]")
    assert copied == address
    assert page.url == address  # the address bar holds the link too
    context.close()


@pytest.mark.parametrize(
    ("anchor", "cue"), [("police-checks-on-partner", "Linked lesson"), ("supervision-audit", "Linked recommendation")]
)
def test_the_linked_lesson_is_marked_and_focused(screen, reader_site: str, anchor: str, cue: str) -> None:
    screen.goto(reader_site + BABY_T + "#" + anchor)
    target = screen.locator(f"#{anchor}")
    assert screen.evaluate("document.activeElement.id") == anchor  # screen readers start here
    assert target.evaluate("t => getComputedStyle(t, '::before').content") == f'"{cue}"'
    assert target.evaluate("t => getComputedStyle(t).backgroundColor") == "rgb(255, 243, 196)"
    box = target.bounding_box()
    assert 0 <= box["y"] < 900  # on screen
    other = screen.locator("#bruise-on-the-ear")
    assert other.evaluate("t => getComputedStyle(t).backgroundColor") != "rgb(255, 243, 196)"
    assert not axe_violations(screen)


# --- 7. plain words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "reviews/", BABY_T, BRUISING, HEALTH_VISITING, "agencies/schools/", "themes/unused/"]
)
def test_plain_words_no_zero_counts_enum_labels_or_raw_dates(screen, reader_site: str, path: str) -> None:
    screen.goto(reader_site + path)
    text = screen.locator("article").inner_text()
    assert not re.search(r"\b0 (lessons|recommendations|reviews)\b", text), path
    assert not re.search(r"\b1 (lessons|recommendations|reviews|examples)\b", text), path
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", text), path
    assert "Status not stated" not in text and "Group:" not in text, path
    if path == "":
        assert "General practice: 1 lesson and 1 example of good practice from 2 reviews" in text  # no recommendations
    if path == BRUISING:
        assert "A theme about the child." in text


# --- WCAG 2.2 AA and the keyboard, on every page type changed --------------------------------------------


@pytest.mark.parametrize(
    "path",
    [BABY_T, BRUISING, BRUISING + "2/", HEALTH_VISITING, "reviews/", "reviews/2014/", "", "agencies/", "themes/"],
)
def test_axe_finds_nothing(screen, reader_site: str, path: str) -> None:
    screen.goto(reader_site + path)
    screen.wait_for_load_state("networkidle")
    assert not axe_violations(screen)


def test_axe_finds_nothing_with_filters_in_use(screen, reader_site: str) -> None:
    screen.goto(reader_site + "reviews/?agency=police")
    screen.wait_for_function("() => /match/.test(document.querySelector('[data-lb-filter-status]').textContent)")
    assert not axe_violations(screen)
    screen.goto(reader_site + BRUISING + "?agency=police")
    screen.wait_for_function("() => /every page/.test(document.querySelector('[data-lb-listing-status]').textContent)")
    assert not axe_violations(screen)
    screen.goto(reader_site + BABY_T)
    screen.locator("a[data-lb-copy-link]").first.click()
    screen.wait_for_selector("[data-lb-copy-note]")
    screen.wait_for_timeout(600)  # Material fades its tabs out as the page scrolls: let them finish
    assert not axe_violations(screen)


def focus_is_visible(page) -> bool:
    return bool(
        page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"
        )
    )


def tab_to(page, predicate: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            assert focus_is_visible(page)
            return
    raise AssertionError(f"never reached: {predicate}")


def test_keyboard_alone_filters_the_index_and_a_theme(screen, reader_site: str) -> None:
    screen.goto(reader_site + "reviews/")
    tab_to(screen, "document.activeElement.matches('[data-lb-filters-panel] summary')")
    if not screen.evaluate("document.querySelector('[data-lb-filters-panel]').open"):
        screen.keyboard.press("Enter")
    tab_to(screen, "document.activeElement.id === 'lb-filter-agency'")
    screen.keyboard.press("ArrowDown")  # the first agency type
    screen.wait_for_function("() => /match/.test(document.querySelector('[data-lb-filter-status]').textContent)")
    tab_to(screen, "!!document.activeElement.closest('[data-lb-cards]')")

    screen.goto(reader_site + BRUISING)
    tab_to(screen, "document.activeElement.id === 'lb-listing-filter'")
    screen.keyboard.press("ArrowDown")
    screen.wait_for_function(LISTING_FILTERED)
    tab_to(screen, "!!document.activeElement.closest('[data-lb-listing]')")


# --- screenshots to look at ---------------------------------------------------------------------------


def test_screenshots_of_the_reader_pages(screen, reader_site: str, artifacts: Path, width: int) -> None:
    for name, path in (
        ("theme", BRUISING + "?agency=police"),
        ("agency", HEALTH_VISITING),
        ("review", BABY_T),
        ("review-index", "reviews/"),
    ):
        screen.goto(reader_site + path)
        screen.wait_for_load_state("networkidle")
        target = artifacts / f"reader-{name}-{width}.png"
        screen.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
