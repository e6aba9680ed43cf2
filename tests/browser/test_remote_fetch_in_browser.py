"""The hand-written page check agrees with Chromium: what it refuses, Chromium fetches from another host;
an ordinary page it lets through fetches nothing from another host.

Each page is the HTML the check reads (the Markdown rendered with the site's extensions) inside an article,
with markup after it as Material's template has. Every request is answered by the test itself: nothing
leaves the machine, and the requests to other hosts are recorded.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import make_project
from generator.build import load_site_config
from generator.remote_fetch import MarkdownDialect, remote_fetch_errors, rendered_html
from test_remote_fetch import BYPASSES, ORDINARY_PAGE

PAGE_URL = "http://127.0.0.1:9/about/"
TEMPLATE_AFTER = '\n</article></div></main><footer class="md-footer"><p class="md-copyright">Example</p></footer>'
# Refused all the same, but not fetched by Chromium as these pages are loaded here.
NOT_FETCHED_HERE = {
    "svg-use": "Chromium loads <use> only from the page's own origin",
    "file-share": "Chromium blocks file: from a web page; a site opened from a file share would fetch it",
    "embed": "no plug-in to load it",
    "link-dns-prefetch": "a DNS look-up, not a request",
    "base": "changes where relative addresses go; fetches nothing by itself",
    "link-ping": "sent when the link is clicked",
    "speculation-rules": "Chromium prefetches only when it expects a navigation",
    "mathml-mglyph": "Chromium draws no mglyph; Firefox fetches it",
    "font-face": "fetched only once text uses the font",
    "noscript": "fetched with JavaScript off: see the test below",
}


@pytest.fixture(scope="module")
def site_dialect(tmp_path_factory: pytest.TempPathFactory) -> MarkdownDialect:
    project = make_project(tmp_path_factory.mktemp("dialect") / "project")
    return MarkdownDialect.of(load_site_config(project.config))


def other_hosts_requested(browser: Any, body_html: str, javascript: bool = True) -> list[str]:
    """The addresses Chromium asks for, other than the page's own host, while loading a page holding `body_html`."""
    document = f"<!DOCTYPE html><html><head><title>About</title></head><body><main><div><article>{body_html}"
    requested: list[str] = []
    # A 2x screen, as on most phones, so that srcset's 2x candidates are chosen.
    context = browser.new_context(device_scale_factor=2, java_script_enabled=javascript)

    def answer(route: Any, request: Any) -> None:
        if request.url == PAGE_URL:
            route.fulfill(status=200, content_type="text/html", body=document + TEMPLATE_AFTER)
        else:
            if not request.url.startswith("http://127.0.0.1:9/"):
                requested.append(request.url)
            route.fulfill(status=404, body="")

    try:
        context.route("**/*", answer)
        page = context.new_page()
        page.goto(PAGE_URL, wait_until="load")
        page.wait_for_timeout(300)  # for what the page asks for after load (a refresh, an animation)
    finally:
        context.close()
    return requested


def page_errors(markdown: str, dialect: MarkdownDialect) -> list[str]:
    text = f"# About\n\n{markdown}\n"
    return [str(error) for error in remote_fetch_errors(text, text, "pages/about.md", dialect)]


@pytest.mark.parametrize("kind", [kind for kind in BYPASSES if kind not in NOT_FETCHED_HERE])
def test_a_refused_page_fetches_from_another_host_in_chromium(
    browser: Any, site_dialect: MarkdownDialect, kind: str
) -> None:
    markdown = BYPASSES[kind][0]
    assert page_errors(markdown, site_dialect)
    assert other_hosts_requested(browser, rendered_html(markdown, site_dialect))


def test_noscript_fetches_with_javascript_off(browser: Any, site_dialect: MarkdownDialect) -> None:
    markdown = BYPASSES["noscript"][0]
    assert page_errors(markdown, site_dialect)
    assert other_hosts_requested(browser, rendered_html(markdown, site_dialect), javascript=False)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_an_ordinary_page_fetches_nothing_from_another_host(
    browser: Any, site_dialect: MarkdownDialect, javascript: bool
) -> None:
    assert page_errors(ORDINARY_PAGE, site_dialect) == []
    assert other_hosts_requested(browser, rendered_html(ORDINARY_PAGE, site_dialect), javascript) == []
