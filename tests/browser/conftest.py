"""Browser fixtures: the bundled site built once, served on 127.0.0.1, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.chromium import CHROMIUM, CHROMIUM_ARGS, served
from conftest import REPO, Project, make_project

ARTIFACTS = REPO / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": browser tests must run in CI", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("bundled") / "project", corpus=REPO / "content")
    project.build()
    return project


@pytest.fixture(scope="session")
def site_url(bundled_site: Project) -> Iterator[str]:
    with served(bundled_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def split_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small collection built with small page limits, so that its listings split over pages."""
    from test_scale import build_split_collection

    project = build_split_collection(tmp_path_factory.mktemp("split"))
    with served(project.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
