"""A board's site in Chromium: the accessibility statement, footer, what's new and feed pass axe at phone and
desktop widths; teal, refused by the build, really fails axe; the shade the build suggests instead passes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from mkdocs.config import load_config

from browser.chromium import served
from conftest import FIXTURE_CORPUS, Project, make_project
from generator.build import build_site, generate
from test_board_site import configure

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHILD_P = "reviews/northshire-2020-child-p/"
WIDTHS = [390, 1280]
SUGGESTED_TEAL = "#008274"  # the nearest passing shade the build names for teal (tests/test_board_site.py)


def board_project(root: Path) -> Project:
    project = make_project(root, corpus=FIXTURE_CORPUS)
    configure(
        project,
        lambda config: config["extra"].update(
            organisation="Eastvale Safeguarding Children Partnership", feedback_url="https://example.org/tell-us"
        ),
    )
    return project


@pytest.fixture(scope="module")
def board_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = board_project(tmp_path_factory.mktemp("board") / "project")
    project.build()
    with served(project.site) as url:
        yield url


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} elements, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def open_page(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["accessibility/", "whats-new/", "about/", "how-to-use/", CHILD_P, ""])
def test_statement_footer_and_whats_new_pass_axe(browser, board_url: str, path: str, width: int) -> None:
    context, page = open_page(browser, board_url + path, width)
    footer = page.locator("footer .lb-footer")
    footer.scroll_into_view_if_needed()
    assert footer.get_by_role("link", name="Give feedback on this site").is_visible()
    assert "Published by Eastvale Safeguarding Children Partnership." in footer.inner_text()
    found = violations(page)
    width_used = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert not found, "\n".join(found)
    assert width_used <= width


def test_feed_is_announced_and_served(page, board_url: str) -> None:
    page.goto(board_url + "whats-new/")
    href = page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok
    feed = ElementTree.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    assert [entry.findtext(f"{atom}title") for entry in feed.findall(f"{atom}entry")] == [
        "Child P: Northshire Safeguarding Partnership, 2020",
        "Baby Q: Eastvale Children's Board, 2018",
    ]
    page.get_by_role("link", name="Atom feed").first.click()
    assert page.url.endswith("/feed.xml")


def test_whats_new_opens_the_review(page, board_url: str) -> None:
    page.goto(board_url + "whats-new/")
    page.locator(".lb-whats-new").get_by_role("link", name="Child P").click()
    page.wait_for_load_state()
    assert page.url.endswith("/" + CHILD_P)
    assert "2 January 2021" in page.locator(".lb-glance").inner_text()


def test_focus_outlines_show_on_the_header_and_footer_colours(page, board_url: str) -> None:
    page.goto(board_url + "about/")
    for _ in range(6):  # past the skip link, into the header
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-header')"):
            break
    assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 255, 255)"
    page.get_by_role("link", name="Give feedback on this site").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by keyboard, so :focus-visible applies
    assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 255, 255)"


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_statement_and_whats_new(browser, board_url: str, artifacts: Path, width: int) -> None:
    for name, path in (("accessibility-statement", "accessibility/"), ("whats-new", "whats-new/")):
        context, page = open_page(browser, board_url + path, width)
        target = artifacts / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 10_000


# --- teal: the build's verdict, checked against axe ------------------------------------------------------


@pytest.fixture(scope="module")
def teal_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Teal built by going round the check (MkDocs' own configuration loader, then our generate and build)."""
    project = board_project(tmp_path_factory.mktemp("teal") / "project")
    configure(project, lambda config: config["theme"]["palette"].update(primary="teal"))
    project.docs.mkdir()
    config = load_config(config_file=str(project.config), strict=True)
    build_site(config, generate(project.content, config, "public"), project.site)
    with served(project.site) as url:
        yield url


@pytest.fixture(scope="module")
def suggested_shade_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shade the build names for teal, given as Material's custom primary colour: the build accepts it."""
    project = board_project(tmp_path_factory.mktemp("shade") / "project")
    css = project.root / "overrides" / "assets" / "stylesheets" / "brand.css"
    css.write_text(f":root > * {{ --md-primary-fg-color: {SUGGESTED_TEAL}; }}\n", encoding="utf-8")
    configure(project, lambda config: config["theme"]["palette"].update(primary="custom"))
    configure(project, lambda config: config["extra_css"].append("assets/stylesheets/brand.css"))
    project.build()
    with served(project.site) as url:
        yield url


def test_teal_which_the_build_refuses_fails_axe_colour_contrast(browser, teal_url: str) -> None:
    context, page = open_page(browser, teal_url + CHILD_P, 1280)
    found = violations(page)
    context.close()
    assert any(line.startswith("color-contrast:") for line in found), found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["", CHILD_P, "accessibility/"])
def test_the_suggested_shade_passes_axe(browser, suggested_shade_url: str, path: str, width: int) -> None:
    context, page = open_page(browser, suggested_shade_url + path, width)
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    found = violations(page)
    context.close()
    assert header == "rgb(0, 130, 116)"  # the suggested shade is what readers see
    assert not found, "\n".join(found)
