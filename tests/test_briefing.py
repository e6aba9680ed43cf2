"""The 7-minute briefings: one page per review and per theme, made to print on two A4 pages."""

from __future__ import annotations

import random
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import segno
import yaml

from conftest import FIXTURE_CORPUS, Project
from generator.corpus import build_corpus
from generator.site.briefing import BriefingPlanner
from generator.site.shorten import ELLIPSIS, first_sentence, plain_text, shortened
from generator.site.text import LightMarkdown
from generator.validate import validate_content
from linkcheck import check_links
from searchindex import indexed_pages

SITE_URL = "https://example.org/learning/"
REVIEW_IDS = sorted(  # the public ones: a public build leaves out internal reviews
    path.stem
    for path in (FIXTURE_CORPUS / "reviews").glob("*.yaml")
    if yaml.safe_load(path.read_text(encoding="utf-8")).get("audience", "public") == "public"
)
THEME_IDS = [theme["id"] for theme in yaml.safe_load((FIXTURE_CORPUS / "themes.yaml").read_text(encoding="utf-8"))]


def text_of(html: str) -> str:
    """The visible text of a page, as a reader sees it: tags removed, entities decoded, white space run together."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.;:?])", r"\1", text)


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def hrefs(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<a [^>]*href="([^"]*)"', html)]


def review_data(project: Project, review_id: str) -> dict:
    return yaml.safe_load(project.review_file(review_id).read_text(encoding="utf-8"))


def set_site_url(project: Project, url: str = SITE_URL) -> None:
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(f"site_url: {url}\n{config}", encoding="utf-8")


# --- Content for briefings larger than the fixture's: plain words in sentences of real lengths -------------

_WORD_TEXT = (
    "the a to of and in that for with was not on at by from health visitor social worker family child baby "
    "mother father partner home visit record plan risk assessment concern referral meeting police school "
    "doctor nurse hospital agency manager team case review learning practice safety information sharing "
    "should must could would clear early every other about when after before during while because although"
)
WORDS = _WORD_TEXT.split()


def sentence(rng: random.Random, low: int, high: int, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + end


def add_vocabulary(project: Project, themes: int, agencies: int) -> tuple[list[str], list[str]]:
    """Extra themes and agency types, so a big review groups its learning as a real one does."""
    theme_ids, agency_ids = [f"extra-theme-{n}" for n in range(themes)], [f"extra-agency-{n}" for n in range(agencies)]
    with (project.content / "themes.yaml").open("a", encoding="utf-8") as stream:
        for n, theme_id in enumerate(theme_ids):
            stream.write(f"\n- id: {theme_id}\n  title: Extra theme number {n} on practice\n  summary: A theme.\n")
    with (project.content / "agencies.yaml").open("a", encoding="utf-8") as stream:
        for n, agency_id in enumerate(agency_ids):
            stream.write(f"\n- id: {agency_id}\n  title: Extra agency type {n}\n")
    return theme_ids, agency_ids


def add_review(
    project: Project,
    review_id: str,
    *,
    lessons: int,
    recommendations: int,
    themes: list[str],
    agencies: list[str],
    published: str = "2024-05-01",
    seed: int = 1,
) -> dict:
    """A review with the shape of the largest real extracts: a 200-word background, lessons of two or three
    sentences, recommendations of one or two, four questions."""
    rng = random.Random(seed)
    review = {
        "id": review_id,
        "title": f"Child {review_id[-2:].upper()}",
        "board": "Eastvale Safeguarding Children Partnership",
        "review_type": "serious-case-review",
        "published": published,
        "harm": ["physical-abuse", "neglect"],
        "outcome": "serious-harm",
        "child": {"age_group": "under-1"},
        "source": {"title": "Overview report", "url": "https://example.org/reports/overview.pdf"},
        "summary": "\n\n".join(" ".join(sentence(rng, 15, 25) for _ in range(5)) for _ in range(2)),
        "lessons": [
            {
                "id": f"lesson-{n}",
                "title": sentence(rng, 5, 10, end=""),
                "text": " ".join(sentence(rng, 10, 22) for _ in range(rng.randint(2, 3))),
                "themes": [themes[n % len(themes)]],
                "ref": f"3.{n}",
            }
            for n in range(lessons)
        ],
        "recommendations": [
            {
                "id": f"recommendation-{n}",
                "text": " ".join(sentence(rng, 12, 26) for _ in range(rng.randint(1, 2))),
                "agencies": [agencies[n % len(agencies)]],
            }
            for n in range(recommendations)
        ],
        "questions": [sentence(rng, 12, 20, end="?") for _ in range(4)],
    }
    project.review_file(review_id).write_text(yaml.safe_dump(review, sort_keys=False), encoding="utf-8")
    return review


def add_big_review(project: Project) -> dict:
    """About the size of the largest bundled extract: 30 lessons on 12 themes, 50 recommendations for 10 agencies."""
    themes, agencies = add_vocabulary(project, themes=12, agencies=10)
    return add_review(
        project, "eastvale-2024-child-zz", lessons=30, recommendations=50, themes=themes, agencies=agencies
    )


def add_reviews_on_one_theme(project: Project, reviews: int, lessons: int) -> list[dict]:
    """Many reviews whose lessons are all on `safe-sleep`, newer than the fixture's, newest last."""
    return [
        add_review(
            project,
            f"eastvale-{2021 + n // 12}-child-s{n:02d}",
            lessons=lessons,
            recommendations=2,
            themes=["safe-sleep"],
            agencies=["housing"],
            published=f"{2021 + n // 12}-{1 + n % 12:02d}-01",  # a month apart, newest last
            seed=n,
        )
        for n in range(reviews)
    ]


# --- Addresses, links both ways, search ---------------------------------------------------------------------


def test_every_review_and_theme_has_a_briefing_at_its_address(built_project: Project) -> None:
    for review_id in REVIEW_IDS:
        assert "7-minute briefing:" in built_project.page(f"reviews/{review_id}/briefing/")
    for theme_id in THEME_IDS:
        assert "7-minute briefing:" in built_project.page(f"themes/{theme_id}/briefing/")
    # The review page and the theme listing keep their own addresses.
    assert (built_project.site / "reviews" / REVIEW_IDS[0] / "index.html").is_file()
    assert (built_project.site / "themes" / THEME_IDS[0] / "index.html").is_file()


@pytest.mark.parametrize("review_id", REVIEW_IDS)
def test_review_briefing_shows_every_lesson_title_the_background_and_the_questions(
    built_project: Project, review_id: str
) -> None:
    data = review_data(built_project, review_id)
    text = text_of(article(built_project.page(f"reviews/{review_id}/briefing/")))
    for lesson in data["lessons"]:
        assert lesson["title"] in text
    for question in data.get("questions", []):
        assert question in text
    assert first_sentence(" ".join(data["summary"].split())) in text
    for heading in ("Background", "What we learned", "What to do", "Where to find more"):
        assert heading in text


@pytest.mark.parametrize(
    ("page", "briefing"), [("reviews/{}/", "reviews/{}/briefing/"), ("themes/{}/", "themes/{}/briefing/")]
)
def test_review_and_theme_pages_link_to_their_briefing_and_it_links_back(
    built_project: Project, page: str, briefing: str
) -> None:
    subject = REVIEW_IDS[0] if page.startswith("reviews") else THEME_IDS[0]
    page_url, briefing_url = page.format(subject), briefing.format(subject)
    page_html = built_project.page(page_url)
    link = re.search(r'<a href="([^"]+)">Print a 7-minute briefing</a>', page_html)
    assert link is not None
    assert urljoin("/" + page_url, link.group(1)) == "/" + briefing_url
    back = [urljoin("/" + briefing_url, href) for href in hrefs(article(built_project.page(briefing_url)))]
    assert "/" + page_url in back


def test_briefings_are_left_out_of_search(built_project: Project) -> None:
    locations = list(indexed_pages(built_project.site))
    assert not [location for location in locations if "briefing/" in location]
    assert f"/reviews/{REVIEW_IDS[0]}/" in locations  # the learning is found once, on its review page
    for path in built_project.site.glob("*/*/briefing/index.html"):
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8")  # Pagefind indexes only marked pages
    assert "search:\n  exclude: true" in (built_project.docs / "reviews" / REVIEW_IDS[0] / "briefing.md").read_text()


def test_the_link_crawl_checks_every_briefing_link(built_project: Project, tmp_path: Path) -> None:
    assert not check_links(built_project.site).broken
    site = tmp_path / "site"
    shutil.copytree(built_project.site, site)
    briefing = site / "reviews" / REVIEW_IDS[0] / "briefing" / "index.html"
    html = briefing.read_text(encoding="utf-8")
    briefing.write_text(html.replace("</article>", '<a href="../#no-such-lesson">x</a></article>'), encoding="utf-8")
    assert check_links(site).broken == [
        f"reviews/{REVIEW_IDS[0]}/briefing/index.html: ../#no-such-lesson (no #no-such-lesson)"
    ]


# --- The QR code ---------------------------------------------------------------------------------------------


def test_without_a_site_address_a_briefing_has_no_qr_code_and_says_where_it_was_printed_from(
    built_project: Project,
) -> None:
    html = built_project.page(f"reviews/{REVIEW_IDS[0]}/briefing/")
    assert "lb-qr-code" not in html and "<svg" not in article(html)
    text = text_of(article(html))
    assert f"Printed from Learning from case reviews, page reviews/{REVIEW_IDS[0]}/briefing/ of that site." in text


def test_with_a_site_address_a_briefing_has_a_qr_code_of_its_own_address(project: Project) -> None:
    set_site_url(project)
    project.build()
    for path in [f"reviews/{review_id}/briefing/" for review_id in REVIEW_IDS] + [f"themes/{THEME_IDS[0]}/briefing/"]:
        html = article(project.page(path))
        address = SITE_URL + path
        expected = segno.make_qr(address, error="m").svg_inline(
            omitsize=True, svgclass="lb-qr-code", lineclass=None, dark="#000", light="#fff"
        )
        assert f'<div class="lb-qr" aria-hidden="true">{expected}</div>' in html  # decorative: the address is beside it
        assert f"This briefing online: {address}." in text_of(html)
        assert "Printed from" not in html


# --- What fits: gists cut from the text, every lesson kept -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Spotting a risk is the first step. Then work out what it means.", "Spotting a risk is the first step."),
        ('She said "no." Then she left.', 'She said "no."'),
        ("Use section 3.1.5 of the guide, e.g. the form. It helps!", "Use section 3.1.5 of the guide, e.g. the form."),
        ("One sentence with no full stop", "One sentence with no full stop"),
    ],
)
def test_the_first_sentence_ends_at_a_full_stop_before_a_new_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


def test_text_too_long_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shortened("Ask where the baby sleeps, every visit.", 100) == "Ask where the baby sleeps, every visit."
    assert shortened("Ask where the baby sleeps, every visit.", 27) == "Ask where the baby sleeps…"
    assert len(shortened("word " * 50, 40)) <= 40


def test_gists_and_recommendations_in_short_are_cut_from_their_text_never_written(project: Project) -> None:
    add_big_review(project)
    corpus = build_corpus(validate_content(project.content), "public")
    planner, light = BriefingPlanner(), LightMarkdown()
    for entry in corpus.reviews:
        briefing = planner.review(entry)
        for group in briefing.lessons:
            for item in group.lessons:
                assert first_sentence(plain_text(light, item.lesson.text)).startswith(item.gist.removesuffix(ELLIPSIS))
        for agency_group in briefing.recommendations:
            for short in agency_group.shown:
                assert plain_text(light, short.recommendation.text).startswith(short.text.removesuffix(ELLIPSIS))


def test_a_review_with_30_lessons_and_50_recommendations_keeps_every_lesson_within_two_pages(project: Project) -> None:
    review = add_big_review(project)
    project.build()
    html = article(project.page(f"reviews/{review['id']}/briefing/"))
    for lesson in review["lessons"]:
        assert f">{lesson['title']}</a>" in html
    corpus = build_corpus(validate_content(project.content), "public")
    planner = BriefingPlanner()
    briefing = planner.review(next(entry for entry in corpus.reviews if entry.review.id == review["id"]))
    assert briefing.estimated_lines <= planner.measure.budget
    assert "50 recommendations, by the agency type each is for first" in text_of(html)


def test_a_theme_with_more_lessons_than_fit_shows_the_newest_and_says_how_many_more(project: Project) -> None:
    reviews = add_reviews_on_one_theme(project, reviews=8, lessons=30)
    project.build()
    html = article(project.page("themes/safe-sleep/briefing/"))
    text = text_of(html)
    newest = reviews[-1]
    for lesson in newest["lessons"]:
        assert lesson["title"] in text
    found = html[html.index('id="what-reviews-have-found"') : html.index('id="guidance"')]
    shown = found.count("<li>")
    total = int(re.search(r"(\d+) lessons from \d+ reviews", text).group(1))  # type: ignore[union-attr]
    more = re.search(r"(\d+) more lessons, from (\d+) older reviews, are listed on the theme page", text)
    assert more is not None, text
    assert shown + int(more.group(1)) == total
    assert reviews[0]["lessons"][-1]["title"] not in text  # the oldest review is left to the theme page
    assert "/themes/safe-sleep/" in [urljoin("/themes/safe-sleep/briefing/", href) for href in hrefs(html)]
