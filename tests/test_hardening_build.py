"""Second hardening round, the build side: no payload reaches an attribute, settings are text and web addresses."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from conftest import Project
from test_untrusted import set_field

BREAKOUT = '" http-equiv="refresh" content="0;url=https://evil.example/'
CHILD_P = "reviews/northshire-2020-child-p/"


class HeadAttributes(HTMLParser):
    """Every <meta> and <title> of a page, as the browser parses them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: list[dict[str, str | None]] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.metas.append(dict(attrs))
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def head_of(html: str) -> HeadAttributes:
    parser = HeadAttributes()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    ("relative", "path", "page"),
    [
        ("themes.yaml", (0, "summary"), "themes/safe-sleep/"),
        ("themes.yaml", (0, "title"), "themes/safe-sleep/"),
        ("agencies.yaml", (0, "title"), "agencies/ambulance/"),
        ("reviews/northshire-2020-child-p.yaml", ("title",), CHILD_P),
        ("reviews/northshire-2020-child-p.yaml", ("board",), CHILD_P),
    ],
)
def test_a_quote_never_breaks_out_of_an_attribute(project: Project, relative: str, path: tuple, page: str) -> None:
    set_field(project, relative, path, "Ordinary words" + BREAKOUT)
    project.build()
    head = head_of(project.page(page))
    assert not [meta for meta in head.metas if "http-equiv" in meta]
    descriptions = [meta["content"] for meta in head.metas if meta.get("name") == "description"]
    assert len(descriptions) == 1
    assert all(
        "refresh" not in (meta.get("content") or "") or "Ordinary words" in (meta.get("content") or "")
        for meta in head.metas
    )


def test_quotes_in_titles_read_as_quotes(project: Project) -> None:
    set_field(project, "themes.yaml", (0, "title"), 'Babies\' "safe" sleep')
    project.build()
    assert head_of(project.page("themes/safe-sleep/")).titles[0].startswith('Babies\' "safe" sleep')


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("site_name", "<script>alert(1)</script>", "must be plain text"),
        ("site_name", 'Board" onmouseover="alert(1)', "must be plain text"),
        ("site_url", "javascript:alert(1)//", "is not a web address"),
        ("site_url", 'https://example.org/"><script>', "not a plain web address"),
        ("extra.feedback_url", "javascript:alert(1)", "is not a web address"),
        ("extra.feedback_url", "data:text/html,x", "is not a web address"),
        ("extra.content_note", "<b>note</b>", "must be plain text"),
        ("extra.unknown_setting", "x", "unknown setting 'unknown_setting'"),
    ],
)
def test_settings_are_text_and_web_addresses(project: Project, setting: str, value: str, message: str) -> None:
    text = project.config.read_text(encoding="utf-8")
    if setting.startswith("extra."):
        key = setting.removeprefix("extra.")
        text = text[: text.index("\nextra:")] + f"\nextra:\n  {key}: '{value}'\n"
    else:
        text = f"{setting}: '{value}'\n" + "\n".join(
            line for line in text.splitlines() if not line.startswith(f"{setting}:")
        )
    project.config.write_text(text, encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(f"{project.config}:")]
    assert lines and f": {setting}: " in lines[0] and message in lines[0], result.output
    assert not project.site.exists()


def test_board_may_write_an_ampersand_with_spaces(project: Project) -> None:
    text = project.config.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("site_name:")]
    project.config.write_text("site_name: Children & Families learning\n" + "\n".join(lines) + "\n", encoding="utf-8")
    project.build()
    assert head_of(project.page("")).titles[0].startswith("Children & Families learning")


@pytest.mark.parametrize("title", ["\n=HYPERLINK(1)", " =1+1", "\t@SUM(A1)", "\r\n-2+3"])
def test_csv_cells_never_start_a_formula(project: Project, title: str) -> None:
    set_field(project, "reviews/northshire-2020-child-p.yaml", ("lessons", 0, "title"), title)
    project.build()
    rows = list(csv.reader(io.StringIO((project.site / "data" / "lessons.csv").read_text(encoding="utf-8"))))
    cells = [
        cell for row in rows for cell in row if cell.strip().startswith(("=", "+", "-", "@")) or cell[:1] in "\t\r\n"
    ]
    assert all(cell.startswith("'") for cell in cells), cells


@pytest.mark.parametrize("text", ["- " * 500 + "x", "1. " * 400 + "x", "* " * 600 + "x"])
def test_deeply_nested_list_text_builds(project: Project, text: str) -> None:
    set_field(project, "reviews/northshire-2020-child-p.yaml", ("lessons", 0, "text"), text)
    result = project.run("build")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "x</p>" in project.page(CHILD_P) or "x</li>" in project.page(CHILD_P)


def test_emphasis_flood_is_shown_as_typed_so_conversion_stays_linear(project: Project) -> None:
    flood = "*a" * 200_000  # 400 KB: under the file cap; quadratic in Python-Markdown's emphasis handling
    set_field(project, "reviews/northshire-2020-child-p.yaml", ("lessons", 0, "text"), flood)
    project.build()
    page = project.page(CHILD_P)
    assert "*a*a*a*a" in page and "<em>a</em>a<em>" not in page


def test_emphasis_still_works_in_ordinary_text(project: Project) -> None:
    set_field(project, "reviews/northshire-2020-child-p.yaml", ("lessons", 0, "text"), "Be *curious*, always.")
    project.build()
    assert "Be <em>curious</em>, always." in project.page(CHILD_P)
