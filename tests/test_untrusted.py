"""Untrusted text, hostile YAML, interrupted builds, reproducibility: a failed build costs nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Project, make_project, tree_digest
from generator.site.text import LightMarkdown
from searchindex import indexed_pages

CHILD_P = "reviews/northshire-2020-child-p/"
REVIEW = "reviews/northshire-2020-child-p.yaml"

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://example.org"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    'text {: onclick="alert(1)" }',
    '--8<-- "/etc/passwd"',
    "{{ config }} {% raw %} {% if x %}",
    "# not a heading",
    "> not a quote",
    "---",
    '!!! danger "not an admonition"',
    "| not | a | table |",
    "    not code",
    "&amp; &lt;b&gt; &#60;",
    "<!-- comment -->",
    "<https://example.org/autolink>",
]


class PageStructure(HTMLParser):
    """What a hostile string could change: scripts, handlers, frames, unsafe links, headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.unsafe_links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag}[{name}]")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.unsafe_links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def structure(html: str) -> PageStructure:
    parser = PageStructure()
    parser.feed(html)
    return parser


def set_field(project: Project, relative: str, path: tuple, value: str) -> None:
    file = project.content / relative
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def normalised(text: str) -> str:
    return " ".join(text.split())


# (file, field path, page where it shows, whether it takes light Markdown)
TEXT_FIELDS = [
    (REVIEW, ("title",), CHILD_P, False),
    (REVIEW, ("board",), CHILD_P, False),
    (REVIEW, ("summary",), CHILD_P, True),
    (REVIEW, ("lessons", 0, "title"), CHILD_P, False),
    (REVIEW, ("lessons", 0, "text"), CHILD_P, True),
    (REVIEW, ("lessons", 0, "ref"), CHILD_P, False),
    (REVIEW, ("recommendations", 0, "text"), CHILD_P, True),
    (REVIEW, ("recommendations", 0, "outcome"), CHILD_P, True),
    (REVIEW, ("recommendations", 0, "body"), CHILD_P, False),
    (REVIEW, ("good_practice", 0, "text"), CHILD_P, True),
    (REVIEW, ("questions", 0), CHILD_P, True),
    ("themes.yaml", (0, "title"), "themes/safe-sleep/", False),
    ("themes.yaml", (0, "summary"), "themes/safe-sleep/", True),
    ("agencies.yaml", (0, "title"), "agencies/ambulance/", False),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One build with every hostile string in every text field (joined, one field each)."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    payload = "\n\n".join(HOSTILE)
    for relative, path, _page, _light in TEXT_FIELDS:
        set_field(project, relative, path, payload)
    project.build()
    return project


BRIEFINGS = {CHILD_P + "briefing/", "themes/safe-sleep/briefing/"}  # gists and recommendations in short


@pytest.mark.parametrize(
    "page", sorted({page for *_, page, _light in TEXT_FIELDS} | {"", "reviews/", "insights/"} | BRIEFINGS)
)
def test_hostile_text_cannot_add_script_handlers_frames_or_unsafe_links(hostile_site: Project, page: str) -> None:
    found = structure(hostile_site.page(page))
    assert "script" not in found.tags and "iframe" not in found.tags and "img" not in found.tags
    assert not found.handlers and not found.unsafe_links
    assert "blockquote" not in found.tags and "pre" not in found.tags and "hr" not in found.tags


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_exactly_as_written(hostile_site: Project, hostile: str) -> None:
    text = structure(hostile_site.page(CHILD_P)).visible_text
    assert normalised(hostile) in text


def test_hostile_text_does_not_change_the_page_outline(hostile_site: Project, built_project: Project) -> None:
    def headings(project: Project) -> list[str]:
        return [tag for tag in structure(project.page(CHILD_P)).tags if tag in ("h1", "h2", "h3")]

    assert headings(hostile_site) == headings(built_project)


def test_page_titles_are_escaped_for_the_theme(hostile_site: Project) -> None:
    head = hostile_site.page(CHILD_P).split("</head>")[0]
    assert "<script>alert" not in head and "<img src=x" not in head
    assert "&lt;script&gt;alert" in head


def test_light_markdown_still_renders(project: Project) -> None:
    set_field(
        project, REVIEW, ("lessons", 0, "text"), "First *emphasis* and **strong**.\n\n- one\n- two\n\nLast paragraph."
    )
    project.build()
    html = project.page(CHILD_P)
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert "<li>one</li>" in html and "<p>Last paragraph.</p>" in html


@pytest.mark.parametrize("value", ["NO", "yes", "1.10", "08", "2015", "null-ish", "~tilde"])
def test_yaml_lookalikes_stay_text_on_the_page(project: Project, value: str) -> None:
    project.edit(REVIEW, "    title: Repeat safe sleep advice at every visit", f"    title: {value}")
    project.build()
    assert f"#### {value}" in "".join(
        line
        for line in (project.docs / "reviews/northshire-2020-child-p.md").read_text().splitlines(keepends=True)
        if line.startswith("####")
    ).replace("&#46;", ".").replace("&#45;", "-").replace("&#126;", "~")
    assert value in structure(project.page(CHILD_P)).visible_text


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "//example.org", "http:/x"]
)
def test_only_http_urls_are_accepted(project: Project, url: str) -> None:
    set_field(project, "themes.yaml", (0, "guidance", 0, "url"), url)
    result = project.run("validate")
    assert result.exit_code == 1
    assert (
        "themes.yaml:" in result.output
        and "[0].guidance[0].url" in result.output
        and "is not a web address" in result.output
    )


# --- bad YAML through the command line --------------------------------------------------

BAD_FILES = {
    "duplicate-key": (b"id: x\nid: y\n", 2, "id", "duplicate key"),
    "alias": (b"id: &a x\ntitle: *a\n", 1, "title", "aliases"),
    "python-tag": (b"id: x\ntitle: !!python/name:os.system\n", 2, "title", "!!python/name:os.system"),
    "not-utf8": (b"id: x\ntitle: \xff\n", 2, "(file)", "not UTF-8"),
    "syntax": (b"id: x\ntitle: [unclosed\n", 3, "(file)", "YAML syntax error"),
    "empty": (b"", 1, "(file)", "the file is empty"),
    "two-documents": (b"id: x\n---\nid: y\n", 2, "(file)", "exactly one YAML document"),
    "control-character": (b'id: x\ntitle: "a\x1b"\n', 2, "(file)", "U+001B"),
    "not-a-mapping": (b"- just\n- a list\n", 1, "(file)", "must be a mapping"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_yaml_gives_file_line_field_and_exit_one(project: Project, kind: str) -> None:
    raw, line, field, message = BAD_FILES[kind]
    bad = project.content / "reviews" / "bad.yaml"
    bad.write_bytes(raw)
    result = project.run("validate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    expected_prefix = f"{bad}:{line}:"
    lines = [entry for entry in result.output.splitlines() if entry.startswith(expected_prefix)]
    # The rest of the file is checked too (a missing field may be listed first): every error at once.
    assert any(f": {field}: " in entry and message in entry for entry in lines), result.output


def test_oversized_file_is_refused(project: Project) -> None:
    (project.content / "reviews" / "big.yaml").write_text("summary: " + "x" * 1_100_000 + "\n", encoding="utf-8")
    result = project.run("validate")
    assert result.exit_code == 1 and "big.yaml:1:1: (file): the file is" in result.output


# --- atomic builds ---------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError])
def test_interrupted_or_crashed_build_keeps_the_last_good_site(
    project: Project, monkeypatch: pytest.MonkeyPatch, failure: type[BaseException]
) -> None:
    project.build()
    project.forget_last_build()  # the next build does its work: here, fails or is stopped
    before = tree_digest(project.site)
    content_before = tree_digest(project.content)

    def fail(config: object) -> None:
        Path(config.site_dir, "half-written.html").write_text("partial")  # type: ignore[attr-defined]
        raise failure("stopped")

    monkeypatch.setattr("generator.build.run_mkdocs", fail)
    if failure is KeyboardInterrupt:  # Ctrl-C: one line, the shell's exit code for an interrupt
        result = project.run("build")
        assert result.exit_code == 130 and "Interrupted: the site folder was left as it was." in result.output
    else:
        with pytest.raises(failure):
            project.run("build")
    assert tree_digest(project.site) == before
    assert tree_digest(project.content) == content_before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


def test_builds_never_modify_content(project: Project) -> None:
    before = tree_digest(project.content)
    project.build()
    project.build("--audience", "internal")
    assert tree_digest(project.content) == before


# --- reproducible -------------------------------------------------------------------------


def build_in_subprocess(project: Project, site: Path, env_extra: dict[str, str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env_extra
    code = "from generator.cli import main; main()"
    args = ["build", "--content", str(project.content), "--config-file", str(project.config), "--site-dir", str(site)]
    completed = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_two_builds_are_byte_identical_whatever_the_time_zone_or_locale(project: Project) -> None:
    first, second = project.root / "site-a", project.root / "site-b"
    build_in_subprocess(project, first, {"TZ": "UTC", "LC_ALL": "C.UTF-8"})
    # A different time zone and locale, and files touched so their order and times on disk differ.
    for path in sorted((project.content / "reviews").glob("*.yaml"), reverse=True):
        path.write_bytes(path.read_bytes())
    build_in_subprocess(project, second, {"TZ": "Pacific/Auckland", "LC_ALL": "C", "LANG": "C"})
    assert tree_digest(first) == tree_digest(second)
    assert "sitemap.xml.gz" in tree_digest(first) and "pagefind/pagefind-entry.json" in tree_digest(first)


# --- audience ---------------------------------------------------------------------------------


def test_public_counts_leave_out_internal_reviews(built_project: Project, project: Project) -> None:
    public_home = structure(built_project.page("")).visible_text
    assert "2 reviews: 3 lessons" in public_home.replace("**", "")
    public_index = indexed_pages(built_project.site)
    assert not [url for url, record in public_index.items() if "westmoor" in url or "Family R" in record["content"]]
    project.build("--audience", "internal")
    internal_home = structure(project.page("")).visible_text
    assert "3 reviews: 4 lessons" in internal_home
    assert "/reviews/westmoor-2022-family-r/" in indexed_pages(project.site)


# --- property: any text, shown literally ----------------------------------------------------------

PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029\x85")
PLAIN_TEXT = st.text(PRINTABLE, min_size=1, max_size=60).filter(lambda s: s.strip())
# Light Markdown turns *x* into emphasis and "1. " into a list: those are allowed
# formatting, so the literal check leaves out those characters for such fields.
LIGHT_TEXT = st.text(
    st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="*_\u2028\u2029\x85"),
    min_size=1,
    max_size=60,
).map(lambda s: "x " + s)


@pytest.fixture(scope="module")
def property_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("property") / "project")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plain=PLAIN_TEXT, light=LIGHT_TEXT, field=st.sampled_from(TEXT_FIELDS))
def test_any_text_builds_and_appears_literally(property_project: Project, plain: str, light: str, field: tuple) -> None:
    relative, path, page, is_light = field
    original = (property_project.content / relative).read_bytes()
    value = light if is_light else plain
    try:
        set_field(property_project, relative, path, value)
        property_project.build()
        assert normalised(value) in structure(property_project.page(page)).visible_text
    finally:
        (property_project.content / relative).write_bytes(original)


# --- the light-Markdown fast path -----------------------------------------------------------

MARKDOWN_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    [*"*_-+.1 \n\t&<>#`[]()!\\\"'", "1. ", "- ", "&amp;", "<b>", "  \n", "\n\n"]
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(MARKDOWN_ALPHABET, max_size=30).map("".join))
def test_plain_paragraph_shortcut_gives_what_the_converter_gives(text: str) -> None:
    light = LightMarkdown()
    assert light(text) == light.convert(text)
