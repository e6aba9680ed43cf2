"""A board's own site: built from reviews alone, its settings checked, its colours safe, an honest statement,
feedback on every page, and what is new as a page and a feed."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from conftest import Project, tree_digest
from generator.build import generate, load_site_config
from generator.corpus import build_corpus
from generator.settings import SiteSettings
from generator.site.feed import atom_feed
from generator.site.plan import Change
from generator.validate import validate_content

ATOM = "{http://www.w3.org/2005/Atom}"
CHILD_P = "reviews/northshire-2020-child-p/"  # published 2020-05-14, extract updated 2021-01-02
BABY_Q = "reviews/eastvale-2018-baby-q/"  # published 2018, never updated


def configure(project: Project, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite the project's mkdocs.yml through `change` (comments are lost; positions are read afresh)."""
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    change(config)
    project.config.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def set_extra(project: Project, **values: Any) -> None:
    configure(project, lambda config: config["extra"].update(values))


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based line of the first line holding `text` (after the first line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines) if n >= start and text in line) + 1


def docs_page(project: Project, path: str) -> str:
    generate(project.content, load_site_config(project.config), "public")
    return (project.docs / path).read_text(encoding="utf-8")


# --- 1. default pages ----------------------------------------------------------------------------------


def test_a_folder_of_reviews_and_vocabularies_alone_builds_a_complete_site(project: Project) -> None:
    shutil.rmtree(project.content / "pages")
    assert sorted(p.name for p in project.content.iterdir()) == ["agencies.yaml", "reviews", "themes.yaml"]
    project.build()
    for url in ("about/", "how-to-use/", "accessibility/", "whats-new/"):
        assert "<h1" in project.page(url), url
    assert "This site gathers the learning" in project.page("about/")
    assert (project.site / "feed.xml").is_file()


def test_a_hand_written_page_replaces_the_built_in_one_and_others_are_added(project: Project) -> None:
    pages = project.content / "pages"
    (pages / "accessibility.md").write_text("# Our accessibility statement\n\nWritten by hand.\n", encoding="utf-8")
    (pages / "contact-us.md").write_text("# Contact us\n\nRing us.\n", encoding="utf-8")
    project.build()
    assert "Written by hand." in project.page("accessibility/")
    assert "Enforcement procedure" not in project.page("accessibility/")
    assert "Ring us." in project.page("contact-us/")
    assert "A test corpus." in project.page("about/")  # the fixture's own about page
    assert "If you work with children and families" in project.page("how-to-use/")  # built in


@pytest.mark.parametrize("name", ["whats-new.md", "insights.md", "index.md"])
def test_a_hand_written_page_at_a_generated_address_is_a_located_error(project: Project, name: str) -> None:
    project.build()
    before = tree_digest(project.site)
    (project.content / "pages" / name).write_text("# Mine\n", encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 1, result.output
    assert f"{project.content / 'pages' / name}:1:1: (page): " in result.output
    assert "is reserved" in result.output
    assert tree_digest(project.site) == before


# --- 2. settings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("contact_email", "learning at example.org", "is not an e-mail address"),
        ("feedback_url", "http://example.org/feedback", "must start with https://"),
        ("logo", "https://example.org/logo.png", "must be a path inside the theme overrides folder"),
        ("logo", "../logo.svg", "must be a path inside the theme overrides folder"),
        ("logo", "assets/images/missing.svg", "is not in"),
        ("logo", "assets/stylesheets/briefings.css", "is not a picture"),
        ("nation", "france", "Input should be 'england', 'wales', 'scotland' or 'northern-ireland'"),
        ("organisation", "<b>Board</b>", "must be plain text"),
    ],
)
def test_a_wrong_setting_is_located_and_exits_2(project: Project, key: str, value: str, message: str) -> None:
    set_extra(project, **{key: value})
    result = project.run("build")
    assert result.exit_code == 2, result.output
    line = line_of(project.config, f"{key}:", after="extra:")
    assert f"{project.config}:{line}:3: extra.{key}: " in result.output, result.output
    assert message in result.output
    assert not project.site.exists()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("reviewed", "last week", "Input should be a valid date"),
        ("compliance", "mostly", "Input should be 'full', 'partial' or 'none'"),
        ("reply_days", 0, "Input should be greater than 0"),
        ("audited", "yes", "unknown setting 'audited'"),
    ],
)
def test_a_wrong_statement_setting_is_located_and_exits_2(project: Project, key: str, value: Any, message: str) -> None:
    configure(project, lambda config: config["extra"]["accessibility"].update({key: value}))
    result = project.run("build")
    assert result.exit_code == 2, result.output
    line = line_of(project.config, f"{key}:", after="accessibility:")
    assert f"{project.config}:{line}:5: extra.accessibility.{key}: {message}" in result.output, result.output


def test_a_logo_from_the_overrides_folder_is_shown_without_alternative_text(project: Project) -> None:
    logo = project.root / "overrides" / "assets" / "images" / "logo.svg"
    logo.parent.mkdir(parents=True)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>')
    set_extra(project, logo="assets/images/logo.svg")
    project.build()
    assert '<img src="../assets/images/logo.svg" alt="">' in project.page("about/")
    assert (project.site / "assets" / "images" / "logo.svg").is_file()


# --- 3. colours ------------------------------------------------------------------------------------------


def test_a_teal_palette_stops_the_build_naming_the_pair_ratio_and_nearest_shade(project: Project) -> None:
    project.build()
    before = tree_digest(project.site)
    configure(project, lambda config: config["theme"]["palette"].update(primary="teal"))
    result = project.run("build")
    assert result.exit_code == 2, result.output
    line = line_of(project.config, "primary:")
    prefix = f"{project.config}:{line}:5: theme.palette.primary: 'teal': "
    assert (
        prefix + "header, tab and menu text on the header colour (#ffffff on #009485) has a contrast ratio of "
        "3.76:1, below the 4.5:1 WCAG 2.2 AA needs for text; the nearest shade of --md-primary-fg-color that "
        "passes is #008274"
    ) in result.output
    assert prefix + "links and button text (#009485 on #ffffff) has a contrast ratio of 3.76:1" in result.output
    assert "fail WCAG 2.2 AA contrast; nothing was built" in result.output
    assert tree_digest(project.site) == before


def test_the_nearest_shade_given_as_a_custom_colour_builds(project: Project) -> None:
    css = project.root / "overrides" / "assets" / "stylesheets" / "brand.css"
    css.write_text(":root > * { --md-primary-fg-color: #008274; --md-primary-fg-color--dark: #006a5e; }\n")
    configure(project, lambda config: config["theme"]["palette"].update(primary="custom"))
    configure(project, lambda config: config["extra_css"].append("assets/stylesheets/brand.css"))
    project.build()
    assert "assets/stylesheets/brand.css" in project.page("")


def test_a_too_light_custom_colour_is_caught_too(project: Project) -> None:
    css = project.root / "overrides" / "assets" / "stylesheets" / "brand.css"
    css.write_text(":root > * { --md-primary-fg-color: #66bb6a; }\n")
    configure(project, lambda config: config["theme"]["palette"].update(primary="custom"))
    configure(project, lambda config: config["extra_css"].append("assets/stylesheets/brand.css"))
    result = project.run("build")
    assert result.exit_code == 2
    assert "theme.palette.primary: 'custom': header, tab and menu text on the header colour (#ffffff on #66bb6a)" in (
        result.output
    )


def test_each_palette_of_a_light_and_dark_toggle_is_checked_and_located(project: Project) -> None:
    light = {"scheme": "default", "primary": "indigo", "accent": "deep purple"}
    dark = {"scheme": "slate", "primary": "indigo", "accent": "deep purple"}
    configure(project, lambda config: config["theme"].update(palette=[light, dark]))
    result = project.run("build")
    assert result.exit_code == 2
    line = line_of(project.config, "accent:", after="scheme: slate")
    assert (
        f"{project.config}:{line}:5: theme.palette[1].accent: 'deep-purple': links under the pointer or keyboard "
        "focus (#7c4dff on #1e2129) has a contrast ratio of 3.34:1"
    ) in result.output
    assert "theme.palette[0]" not in result.output


def test_an_unknown_colour_name_is_located(project: Project) -> None:
    configure(project, lambda config: config["theme"]["palette"].update(primary="tealish"))
    result = project.run("build")
    assert result.exit_code == 2
    assert f"{project.config}:{line_of(project.config, 'primary:')}:5: theme.palette.primary: 'tealish' is not" in (
        result.output
    )
    assert "indigo" in result.output and "teal," in result.output


# --- 4. the accessibility statement ----------------------------------------------------------------------


def test_a_public_build_without_a_contact_stops_naming_the_setting(project: Project) -> None:
    project.build()
    before = tree_digest(project.site)
    configure(project, lambda config: config["extra"].pop("contact_email"))
    result = project.run("build")
    assert result.exit_code == 1, result.output
    line = line_of(project.config, "extra:")
    assert f"{project.config}:{line}:1: extra.contact_email: a public site must give an e-mail address" in result.output
    assert tree_digest(project.site) == before
    assert project.run("build", "--audience", "internal").exit_code == 0  # an internal build may go without


def test_a_missing_contact_is_reported_with_the_content_errors(project: Project) -> None:
    configure(project, lambda config: config["extra"].pop("contact_email"))
    project.edit("reviews/eastvale-2018-baby-q.yaml", "title: Baby Q", "title: ''")
    result = project.run("build")
    assert result.exit_code == 1
    assert "extra.contact_email" in result.output and "eastvale-2018-baby-q.yaml" in result.output


def test_statement_follows_the_model_and_says_what_is_true(project: Project) -> None:
    set_extra(project, contact_email="access@example.org", contact_phone="01632 960000", organisation="Eastvale SCP")
    page = docs_page(project, "accessibility.md")
    for heading in (
        "# Accessibility statement for",
        "## Feedback and contact information",
        "## Reporting accessibility problems with this website",
        "## Enforcement procedure",
        "### Compliance status",
        "### Non-accessible content",
        "## Preparation of this accessibility statement",
    ):
        assert heading in page, heading
    assert '<a href="mailto:access@example.org">' in page and "or call 01632 960000" in page
    assert "It is run by Eastvale SCP." in page
    assert "partially compliant" in page and "because it has not yet been fully checked" in page
    assert "Equality and Human Rights Commission" in page and "Equality Advisory and Support Service" in page
    assert "prepared on 24 November 2026. It was last reviewed on 24 November 2026." in page
    assert "get back to you within 10 days" in page
    assert "axe-core" in page and "320 pixels" in page and "keyboard" in page
    # The build date is the newest public content date, never the clock; the internal review (2022) is not counted.
    assert "built from content last updated on 2 January 2021" in page
    assert "checked with automated accessibility tests each time the site is built" not in page
    assert "(Partnerships: replace" not in page


def test_statement_lists_known_problems_and_northern_ireland_enforcement(project: Project) -> None:
    problems = ["The insights charts have no text alternative.", "Some older pages have unclear link text."]
    configure(
        project,
        lambda config: config["extra"].update(
            nation="northern-ireland", accessibility={"compliance": "partial", "problems": problems}
        ),
    )
    page = docs_page(project, "accessibility.md")
    assert "due to the non-compliances listed below" in page
    assert page.count("The insights charts have no text alternative&#46;") == 2  # known problems, and non-compliances
    assert "Equality Commission for Northern Ireland" in page and "Equality Advisory" not in page
    assert "We have not yet recorded a check of this website by people" in page
    assert "prepared on" not in page


def test_statement_states_the_build_date_the_builder_gives(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")  # 24 November 2026
    configure(project, lambda config: config["extra"]["accessibility"].update(compliance="full", tested="Tested."))
    page = docs_page(project, "accessibility.md")
    assert "This version of the website was built on 24 November 2026." in page
    assert "This website is fully compliant" in page and "Tested&#46;" in page


# --- 5. feedback and freshness ---------------------------------------------------------------------------


def test_footer_of_every_page_has_feedback_organisation_and_statement(project: Project) -> None:
    set_extra(project, feedback_url="https://example.org/tell-us", organisation="Eastvale SCP")
    project.build()
    for url in ("", CHILD_P, "themes/safe-sleep/", "whats-new/", "accessibility/"):
        html = project.page(url)
        footer = html[html.index('<footer class="md-footer">') :]
        assert '<a href="https://example.org/tell-us">Give feedback on this site</a>' in footer, url
        assert "Published by Eastvale SCP." in footer
        assert "Accessibility statement</a>" in footer
    assert "https://example.org/tell-us" in (project.site / "404.html").read_text(encoding="utf-8")


def test_footer_offers_the_contact_address_when_there_is_no_feedback_form(built_project: Project) -> None:
    assert '<a href="mailto:learning@example.org">Give feedback: learning@example.org</a>' in built_project.page("")


def test_review_page_shows_when_its_extract_was_last_updated_in_words(built_project: Project) -> None:
    html = built_project.page(CHILD_P)
    assert '<strong>Extract last updated:</strong> <time datetime="2021-01-02">2 January 2021</time>' in html
    assert "Extract last updated" not in built_project.page(BABY_Q)


def test_whats_new_lists_the_newest_change_first_and_no_internal_review(built_project: Project) -> None:
    html = built_project.page("whats-new/")
    assert html.index("Child P") < html.index("Baby Q")
    assert 'Extract updated <time datetime="2021-01-02">2 January 2021</time>' in html
    assert 'Review published <time datetime="2018">2018</time>' in html
    assert "Family R" not in html and "westmoor" not in html
    assert 'href="../feed.xml"' in html


def read_feed(site: Path) -> ElementTree.Element:
    return ElementTree.fromstring((site / "feed.xml").read_bytes())


def test_feed_is_atom_with_the_same_reviews_and_no_internal_one(built_project: Project) -> None:
    feed = read_feed(built_project.site)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Child P: Northshire Safeguarding Partnership, 2020",
        "Baby Q: Eastvale Children's Board, 2018",
    ]
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [CHILD_P, BABY_Q]
    assert entries[0].findtext(f"{ATOM}updated") == "2021-01-02T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}published") == "2020-05-14T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2021-01-02T00:00:00Z"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}") and all(e.findtext(f"{ATOM}{required}") for e in entries)
    assert b"Family R" not in (built_project.site / "feed.xml").read_bytes()
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in built_project.page("")


def test_feed_links_are_absolute_when_the_site_has_an_address(project: Project) -> None:
    configure(project, lambda config: config.update(site_url="https://learning.example.org/briefings/"))
    project.build()
    feed = read_feed(project.site)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links[:2] == [
        "https://learning.example.org/briefings/feed.xml",
        "https://learning.example.org/briefings/whats-new/",
    ]
    assert f"https://learning.example.org/briefings/{CHILD_P}" in links
    assert feed.findtext(f"{ATOM}entry/{ATOM}id") == f"https://learning.example.org/briefings/{CHILD_P}"


def test_feed_escapes_everything_and_drops_what_xml_cannot_hold(project: Project) -> None:
    entry = build_corpus(validate_content(project.content), "public").reviews[0]
    hostile = entry.review.model_copy(update={"title": 'A <b>"&', "summary": "x ]]> <script>\x01\x0b y"})
    changes = [Change(dataclasses.replace(entry, review=hostile), "2021-01-02", True)]
    body = atom_feed(changes, SiteSettings(site_name="S & T")).content
    feed = ElementTree.fromstring(body)  # well-formed
    assert feed.findtext(f"{ATOM}title") == "S & T: what's new"
    assert feed.findtext(f"{ATOM}entry/{ATOM}title").startswith('A <b>"&: ')
    assert feed.findtext(f"{ATOM}entry/{ATOM}summary") == "x ]]> <script> y"
    assert b"<script>" not in body and b"<b>" not in body
