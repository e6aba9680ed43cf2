"""The decisions behind the reader's pages (issue 13), without a browser: what the corpus and the plan choose to show.

Related reviews weighted by rare shared themes, the few co-occurring themes that
matter, counts in words, dates as precise as written, report references, one-line
summaries, listings split by the length of their text, breadcrumbs, contents, and
the data file the review index filters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.corpus import build_corpus
from generator.model import Agency, Review, Theme
from generator.site.labels import and_list, human_date, report_ref
from generator.site.plan import PlanLimits, paginate, plan_pages
from generator.site.reviewdata import review_index_data
from generator.site.views import (
    agency_counts_line,
    common_bodies,
    counted,
    counts_sentence,
    filter_options,
    one_line,
    review_contents,
    review_crumbs,
    status_line,
)
from generator.validate import Content
from linkcheck import check_links

THEMES = [Theme(id=t, title=t.replace("-", " ").capitalize(), summary="About " + t) for t in "abcdefgh"]
AGENCIES = [Agency(id="police", title="Police"), Agency(id="schools", title="Schools")]


def review(review_id: str, published: str, *theme_sets: list[str], **fields: Any) -> Review:
    lessons = [
        {"id": f"l{n}", "title": f"Lesson {n}", "text": "Text.", "themes": themes, "agencies": ["police"]}
        for n, themes in enumerate(theme_sets)
    ]
    data = {
        "id": review_id,
        "title": review_id.title(),
        "board": "Board",
        "review_type": "serious-case-review",
        "published": published,
        "summary": "A summary.",
        "lessons": lessons,
        **fields,
    }
    return Review.model_validate(data)


def corpus_of(*reviews: Review):
    return build_corpus(Content(reviews=tuple(reviews), themes=tuple(THEMES), agencies=tuple(AGENCIES)), "public")


# --- related reviews -------------------------------------------------------------------------------


def test_a_shared_rare_theme_relates_two_reviews_more_than_a_common_one() -> None:
    # "a" is in every review; "h" only in x and y.
    corpus = corpus_of(
        review("x", "2020", ["a", "h"]),
        review("y", "2019", ["a", "h", "b"]),
        review("z", "2021", ["a", "b"]),
        review("w", "2018", ["a", "c"]),
        review("v", "2017", ["a", "d"]),
    )
    related = {entry.review.id: entry.related for entry in corpus.reviews}
    assert related["x"][0].review.id == "y"
    assert [theme.id for theme in related["x"][0].shared_themes] == ["h", "a"]  # the rarest named first


def test_at_most_three_related_reviews_each_naming_at_most_three_shared_themes() -> None:
    many = ["a", "b", "c", "d", "e", "f"]
    corpus = corpus_of(*[review(f"r{n}", f"20{10 + n}", many) for n in range(6)])
    for entry in corpus.reviews:
        assert len(entry.related) == 3
        for related in entry.related:
            assert len(related.shared_themes) == 3 and related.shared_count == 6 and related.more_shared == 3


def test_a_review_with_many_themes_is_not_closest_to_everything() -> None:
    corpus = corpus_of(
        review("broad", "2022", ["a", "b", "c", "d", "e", "f", "g"]),
        review("p", "2021", ["b", "c"]),
        review("q", "2020", ["b", "c"]),
    )
    related = {entry.review.id: [r.review.id for r in entry.related] for entry in corpus.reviews}
    assert related["p"][0] == "q"  # same two themes beats a superset of thirty


def test_reviews_sharing_no_theme_are_not_related_and_ties_go_to_the_newer() -> None:
    corpus = corpus_of(
        review("old", "2001", ["a"]),
        review("new", "2003", ["a"]),
        review("mid", "2002", ["a"]),
        review("alone", "2004", ["b"]),
    )
    related = {entry.review.id: [r.review.id for r in entry.related] for entry in corpus.reviews}
    assert related["alone"] == []
    assert related["old"] == ["new", "mid"]


# --- co-occurring themes, main themes, counts per agency and theme ----------------------------------------


def test_co_occurring_themes_put_the_telling_before_the_ubiquitous_and_the_plan_names_a_few() -> None:
    reviews = [review(f"r{n}", f"20{10 + n}", ["a", "b", THEMES[2 + n % 6].id]) for n in range(9)]
    reviews.append(review("s", "2025", ["h", "c", "a"]))  # "a" is in every review
    corpus = corpus_of(*reviews)
    b = next(entry for entry in corpus.themes if entry.theme.id == "b")
    others = [theme.id for theme, _ in b.co_occurring]
    assert others[-1] == "a"  # met with b in all nine of its reviews, but it is in every review
    assert dict((theme.id, n) for theme, n in b.co_occurring)["a"] == 9
    limits = PlanLimits(co_occurring_themes=3)
    page = next(p for p in plan_pages(corpus, limits) if p.path == "themes/b.md")
    assert len(page.context["co_occurring"]) == 3 and "a" not in [t.id for t, _ in page.context["co_occurring"]]


def test_main_themes_are_those_with_most_lessons_and_filter_options_carry_counts() -> None:
    entry = corpus_of(review("r", "2020", ["c"], ["b", "a"], ["a"], ["b"], ["a"])).reviews[0]
    assert [theme.id for theme in entry.main_themes] == ["a", "b", "c"]
    theme_a = next(t for t in corpus_of(review("r", "2020", ["a"], ["a"])).themes if t.theme.id == "a")
    assert filter_options(theme_a.agency_counts) == (filter_options(((AGENCIES[0], 2),)))
    assert [(o.value, o.label, o.count) for o in filter_options(theme_a.agency_counts)] == [("police", "Police", 2)]


# --- words -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2013-03-16", "16 March 2013"), ("2013-03", "March 2013"), ("2013", "2013"), ("2020-01-05", "5 January 2020")],
)
def test_dates_are_as_precise_as_written(value: str, shown: str) -> None:
    assert human_date(value) == shown


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        ("4.2", "paragraph 4.2"),
        ("6", "paragraph 6"),
        ("3.1.5", "paragraph 3.1.5"),
        ("Appendix 1, 6.4", "Appendix 1, 6.4"),
        ("Individual agency recommendations, PtPCT", "Individual agency recommendations, PtPCT"),
    ],
)
def test_report_references_read_as_the_report_numbers_them(ref: str, shown: str) -> None:
    assert report_ref(ref) == shown


def test_counts_are_plural_only_when_more_than_one_and_zero_is_left_out() -> None:
    assert counted(1, "lesson") == "1 lesson" and counted(2, "lesson") == "2 lessons"
    assert counted(2000, "review") == "2,000 reviews" and counted(0, "review") == "0 reviews"
    assert counted(1, "example of good practice", "examples of good practice") == "1 example of good practice"
    assert counts_sentence([(3, "lesson", None), (0, "recommendation", None), (1, "example", None)]) == (
        "3 lessons and 1 example"
    )
    assert counts_sentence([(0, "lesson", None)]) == ""
    assert and_list(["a", "b", "c"]) == "a, b and c" and and_list(["a"]) == "a"


def test_agency_lines_leave_out_what_is_zero_and_what_no_review_states() -> None:
    rec = {"id": "rec", "text": "Do it.", "agencies": ["schools"]}
    stated = {"id": "done", "text": "Done.", "agencies": ["schools"], "status": "implemented"}
    corpus = corpus_of(review("r", "2020", ["a"], recommendations=[rec, stated]))
    schools = next(entry for entry in corpus.agencies if entry.agency.id == "schools")
    assert agency_counts_line(schools) == "2 recommendations from 1 review"
    assert status_line(schools) == "Where a review states progress: 1 implemented."
    police = next(entry for entry in corpus.agencies if entry.agency.id == "police")
    assert agency_counts_line(police) == "1 lesson from 1 review" and status_line(police) == ""


def test_one_line_summary_is_the_first_sentence_as_plain_text() -> None:
    assert one_line("Baby E was *born early*. Then more.\n\nSecond paragraph.") == "Baby E was born early."
    long = "word " * 60
    cut = one_line(long.strip() + ".", limit=40)
    assert len(cut) <= 40 and cut.endswith("…") and not cut.endswith(" …")


# --- where the reader is, and what is on the page -------------------------------------------------------


def test_breadcrumb_contents_and_one_addressee_per_group() -> None:
    recs = [
        {"id": "r1", "text": "One.", "agencies": ["police"], "body": "Northshire Police"},
        {"id": "r2", "text": "Two.", "agencies": ["police"], "body": "Northshire Police"},
        {"id": "r3", "text": "Three.", "agencies": ["schools"], "body": "School A"},
        {"id": "r4", "text": "Four.", "agencies": ["schools"], "body": "School B"},
    ]
    entry = corpus_of(review("r", "2020-05", ["a"], ["b", "a"], recommendations=recs)).reviews[0]
    assert [(c.label, c.path) for c in review_crumbs(entry.review)] == [
        ("Reviews", "reviews/index.md"),
        ("2020", "reviews/2020.md"),
        ("R", None),
    ]
    contents = review_contents(entry, feedback=False)
    assert [(c.label, c.anchor, c.count) for c in contents] == [
        ("Background", "background", ""),
        ("Key learning", "key-learning", "2 lessons"),
        ("Recommendations", "recommendations", "4 recommendations"),
        ("Source and citation", "source-and-citation", ""),
    ]
    assert [(g.label, g.anchor, g.count) for g in contents[1].groups] == [
        ("A", "theme--a", "1"),
        ("B", "theme--b", "1"),
    ]
    assert [g.anchor for g in contents[2].groups] == ["agency--police", "agency--schools"]
    assert common_bodies(entry) == {"police": "Northshire Police"}  # schools' two differ: named on each


def test_listing_pages_split_by_the_length_of_their_text_never_splitting_a_review() -> None:
    long_text = "Long text. " * 200  # about 2,200 characters
    reviews = [review(f"r{n}", f"20{10 + n}", ["a"], ["a"]) for n in range(4)]
    reviews.append(
        Review.model_validate(
            {
                **reviews[0].model_dump(exclude_none=True),
                "id": "long",
                "published": "2025",
                "lessons": [{"id": "l", "title": "T", "text": long_text, "themes": ["a"]}],
            }
        )
    )
    theme_a = next(t for t in corpus_of(*reviews).themes if t.theme.id == "a")
    pages = paginate(theme_a.by_review, "themes/a.md", "A", per_page=400, text_per_page=4_000)
    assert [[group.review.id for group in page.groups] for page in pages] == [
        ["long"],
        ["r3", "r2", "r1"],
        ["r0"],
    ]
    assert [page.path for page in pages] == ["themes/a.md", "themes/a/2.md", "themes/a/3.md"]


# --- the review index's data file -------------------------------------------------------------------


def test_review_index_data_holds_every_review_with_what_its_card_and_filters_need() -> None:
    corpus = corpus_of(
        review("r2", "2021-06-01", ["b"], ["a"], ["a"], child={"age_group": "1-4"}, harm=["neglect"]),
        review("r1", "2019", ["c"], recommendations=[{"id": "x", "text": "X.", "agencies": ["schools"]}]),
    )
    data = json.loads(review_index_data(corpus, card_themes=1))
    assert [row[0] for row in data["reviews"]] == ["r2", "r1"]
    newest = data["reviews"][0]
    assert newest[1:5] == ["R2", 0, "2021-06-01", "1 June 2021"]
    assert data["types"][newest[5]] == ["serious-case-review", "Serious case review"]
    assert data["ages"][newest[6]] == ["1-4", "1 to 4 years"] and data["harms"][newest[7][0]][0] == "neglect"
    assert [data["themes"][n][0] for n in newest[8]] == ["a", "b"] and newest[9] == 1
    assert data["reviews"][1][6] == -1
    assert sorted(data["agencies"][n][0] for n in data["reviews"][1][10]) == ["police", "schools"]
    assert newest[11] == "A summary."


def test_every_link_and_anchor_of_the_reader_site_resolves(tmp_path: Path) -> None:
    from browser.test_reader_pages import build_reader_site

    project = build_reader_site(tmp_path / "reader")
    report = check_links(project.site)
    assert not report.broken, report.broken
    assert (project.site / "data" / "review-index.json").is_file()
    assert (project.site / "themes" / "bruising" / "3" / "index.html").is_file()  # split, as the browser tests need
