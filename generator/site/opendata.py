"""The open data files: every lesson as CSV, every review as JSON."""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel

from generator.corpus import Corpus
from generator.model import Review
from generator.site.urls import page_url, review_path, site_root

LESSONS_CSV, REVIEWS_JSON = "data/lessons.csv", "data/reviews.json"
DATA_FILES = (LESSONS_CSV, REVIEWS_JSON)
LESSONS_CSV_COLUMNS = ["review_id", "board", "year", "lesson_id", "title", "themes", "agencies", "url"]


class _OpenData(BaseModel):
    """The shape of /data/reviews.json."""

    audience: str
    reviews: list[Review]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula (CSV injection): prefix a quote.

    Spreadsheets skip leading white space and line breaks before a formula, so those count too.
    """
    return "'" + value if value[:1] in _FORMULA_STARTS or value.lstrip()[:1] in _FORMULA_STARTS else value


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def lessons_csv(corpus: Corpus, site_url: str | None) -> bytes:
    """`data/lessons.csv`: one row per lesson, with its address."""
    # Without a site address of its own, a lesson's address is given from the site root.
    root = site_root(site_url) or "/"
    rows = [LESSONS_CSV_COLUMNS]
    for entry in corpus.reviews:
        review = entry.review
        for lesson in review.lessons:
            url = f"{root}{page_url(review_path(review.id))}#{lesson.id}"
            fields = [review.id, review.board, review.year, lesson.id, lesson.title]
            fields += [";".join(lesson.themes), ";".join(lesson.agencies), url]
            rows.append([spreadsheet_safe(field) for field in fields])
    return csv_text(rows).encode("utf-8")


def reviews_json(corpus: Corpus) -> bytes:
    """`data/reviews.json`: every review of the build, as the content contract has it."""
    # pydantic serialises in Rust, several times faster than model_dump + json.dumps at 2,000 reviews.
    document = _OpenData.model_construct(audience=corpus.audience, reviews=[entry.review for entry in corpus.reviews])
    return document.model_dump_json(exclude_none=True).encode("utf-8") + b"\n"
