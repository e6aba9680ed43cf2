"""Issue 12: a hand-written page fetches nothing from another host, however the fetch is written.

Each page is rendered with the site's own Markdown extensions and read as a browser reads HTML; every
finding is a located error. The cases include each way past the old pattern scanner that a hostile
test found, and the places where Python's `html.parser` reads HTML differently from browsers.
"""

from __future__ import annotations

import pytest

from conftest import Project, make_project
from generator.build import load_site_config
from generator.remote_fetch import DOCUMENT_MESSAGE, REMOTE_MESSAGE, MarkdownDialect, remote_fetch_errors

PAGE = "pages/about.md"
HOST = "https://evil.example/"
EVIL = f"{HOST}x.png"


@pytest.fixture(scope="module")
def site_dialect(tmp_path_factory: pytest.TempPathFactory) -> MarkdownDialect:
    """The Markdown dialect of the bundled mkdocs.yml (attr_list, tables, toc and MkDocs' own)."""
    project = make_project(tmp_path_factory.mktemp("dialect") / "project")
    return MarkdownDialect.of(load_site_config(project.config))


def errors_in(markdown: str, dialect: MarkdownDialect) -> list[str]:
    """The error lines for a page whose Markdown, after a heading and a blank line, is `markdown`."""
    text = f"# About\n\n{markdown}\n"
    return [str(error) for error in remote_fetch_errors(text, text, PAGE, dialect)]


def remote(position: str, what: str, url: str = EVIL) -> str:
    """The error line for a fetch from another host at `position` ("line:column")."""
    return f"{PAGE}:{position}: (page): {what} '{url}' {REMOTE_MESSAGE}"


# Markdown after "# About\n\n" (so its first line is line 3), where the error points, what it names, and the address
# as the browser reads it (EVIL unless given).
BYPASSES = {
    # The nine ways past the pattern scanner.
    "attribute-holding-<": (f'<img alt="<" src="{EVIL}">', "3:19", "the image"),
    "empty-comment-before": (f'<!--> <img src="{EVIL}">', "3:17", "the image"),
    "backticks-in-html-block": (f'<div>\n`<img src="{EVIL}">`\n</div>', "4:12", "the image"),
    "nested-brackets-in-alt": (f"![a [b] c]({EVIL})", "3:12", "the image"),
    "attr-list-srcset": (f'![x](a.png){{ srcset="{EVIL} 2x" }}', "3:22", "the image"),
    "attr-list-css-escape": (f'Para\n{{ style="background: \\75rl({EVIL})" }}', "4:28", "the CSS resource"),
    "attr-list-image-set": (f"Para\n{{ style=\"background: image-set('{EVIL}' 1x)\" }}", "4:33", "the CSS resource"),
    "svg-feimage": (f'<svg><filter id="f"><feImage href="{EVIL}"/></filter></svg>', "3:36", "the image"),
    "svg-image-xlink": (f'<svg><image xlink:href="{EVIL}"/></svg>', "3:25", "the image"),
    "svg-use": (f'<svg><use href="{HOST}s.svg#i"/></svg>', "3:17", "the drawing", f"{HOST}s.svg#i"),
    # Addresses written to slip past a check of the scheme.
    "entity-scheme": ('<img src="&#104;ttps://evil.example/x.png">', "3:11", "the image"),
    "entity-scheme-in-markdown": ("![x](&#104;ttps://evil.example/x.png)", "3:6", "the image"),
    "all-entities": (
        '<img src="&#x68;&#x74;&#x74;&#x70;&#x73;&#x3a;&#x2f;&#x2f;evil.example/x.png">',
        "3:11",
        "the image",
    ),
    "uppercase": ('<IMG SRC="HTTPS://EVIL.EXAMPLE/X.PNG">', "3:11", "the image", "HTTPS://EVIL.EXAMPLE/X.PNG"),
    "tab-in-scheme": ('<img src="ht&#9;tps://evil.example/x.png">', "3:11", "the image"),
    "leading-space-and-control": ('<img src=" &#1;//evil.example/x.png">', "3:16", "the image", "//evil.example/x.png"),
    "scheme-relative": ("![x](//evil.example/x.png)", "3:6", "the image", "//evil.example/x.png"),
    "backslashes": ('<img src="\\\\evil.example/x.png">', "3:11", "the image", "\\\\evil.example/x.png"),
    "slash-backslash": ('<img src="/\\evil.example/x.png">', "3:11", "the image", "/\\evil.example/x.png"),
    "ftp": ('<img src="ftp://evil.example/x.png">', "3:11", "the image", "ftp://evil.example/x.png"),
    "file-share": ('<img src="file://server/share/x.png">', "3:11", "the image", "file://server/share/x.png"),
    # Elements and attributes that fetch.
    "svg-image-in-html": (f'<svg><image href="{EVIL}"/></svg>', "3:19", "the image"),
    "video-poster": (f'<video controls poster="{EVIL}"></video>', "3:25", "the media"),
    "input-image": (f'<input type="image" alt="Go" src="{EVIL}">', "3:35", "the image"),
    "object-data": (f'<object data="{HOST}o.pdf"></object>', "3:15", "the embedded object", f"{HOST}o.pdf"),
    "embed": (f'<embed src="{HOST}o.swf">', "3:13", "the embedded object", f"{HOST}o.swf"),
    "iframe": (f'<iframe src="{HOST}"></iframe>', "3:14", "the frame", HOST),
    "picture-source-srcset": (
        f'<picture><source srcset="{EVIL} 2x"><img src="a.png" alt=""></picture>',
        "3:26",
        "the media",
    ),
    "script": (f'<script src="{HOST}s.js"></script>', "3:14", "the script", f"{HOST}s.js"),
    "link-preload": (
        f'<link rel="preload" as="font" href="{HOST}f.woff2">',
        "3:37",
        "the linked file",
        f"{HOST}f.woff2",
    ),
    "link-dns-prefetch": ("<link rel=dns-prefetch href=//evil.example>", "3:29", "the linked file", "//evil.example"),
    "base": ('<base href="//evil.example/">', "3:13", "the base address", "//evil.example/"),
    "meta-refresh": (f'<meta http-equiv="Refresh" content="0; URL=\'{HOST}\'">', "3:45", "the redirect", HOST),
    "link-ping": (f'<a href="about/" ping="{HOST}ping">About</a>', "3:24", "the report address", f"{HOST}ping"),
    "iframe-srcdoc": (f'<iframe srcdoc="&lt;img src=&quot;{HOST}x.png&quot;&gt;"></iframe>', "3:35", "the image"),
    "speculation-rules": (
        f'<script type="speculationrules">{{"prefetch": [{{"urls": ["{HOST}"]}}]}}</script>',
        "3:58",
        "the prefetched page",
        HOST,
    ),
    "svg-fill": (f'<svg><rect fill="url({HOST}p.svg#g)"/></svg>', "3:22", "the CSS resource", f"{HOST}p.svg#g"),
    "svg-set-href": (
        f'<svg><image href="a.png"><set attributeName="href" to="{EVIL}"/></image></svg>',
        "3:56",
        "the resource",
    ),
    "mathml-mglyph": (f'<math><mglyph src="{EVIL}"/></math>', "3:20", "the image"),
    # CSS.
    "import-url": (f'<style>@import url("{HOST}a.css");</style>', "3:21", "the stylesheet", f"{HOST}a.css"),
    "import-string": (f"<style>@import '{HOST}a.css';</style>", "3:17", "the stylesheet", f"{HOST}a.css"),
    "font-face": (
        "<style>@font-face { font-family: x; src: url(//evil.example/f.woff2) }</style>",
        "3:46",
        "the CSS resource",
        "//evil.example/f.woff2",
    ),
    "css-variable-string": (
        f"<p style=\"--a: '{EVIL}'; background-image: image-set(var(--a) 1x)\">x</p>",
        "3:17",
        "the CSS resource",
    ),
    "style-comment-and-escape": (
        f'<p style="background: u/**/rl(a.png); background: u\\rl({EVIL})">x</p>',
        "3:56",
        "the CSS resource",
    ),
    "svg-style-entities": (
        '<svg><style>@import "&#104;ttps://evil.example/a.css";</style></svg>',
        "3:22",
        "the stylesheet",
        f"{HOST}a.css",
    ),
    # Where Python's html.parser and browsers part ways (each checked against Chromium's parse).
    "comment-ended-by---!>": (f'<!-- x --!> <img src="{EVIL}"> -->', "3:23", "the image"),
    "cdata-outside-svg": (f'<![CDATA[ x > <img src="{EVIL}"> ]]>', "3:25", "the image"),
    "script-end-tag-with-junk": (f'<script></script x><img src="{EVIL}">', "3:30", "the image"),
    "double-equals": (f'<p>\n<img alt=="x src={EVIL}>">\n</p>', "4:18", "the image"),
    "svg-style-is-markup": (f'<svg><style><image href="{EVIL}"/></style></svg>', "3:26", "the image"),
    "comment-inside-textarea": (f'<textarea><!--</textarea><img src="{EVIL}">-->', "3:36", "the image"),
    "img-inside-select": (f'<select><img src="{EVIL}"></select>', "3:19", "the image"),
    "noscript": (f'<noscript><img src="{EVIL}"></noscript>', "3:21", "the image"),
    "tag-left-open": (f"<div>\n<img src={EVIL}", "4:10", "the image"),
}


# Local pictures, links to other sites, data: pictures, and code and comments that show HTML.
ORDINARY_PAGE = (
    "See [the guidance](https://example.org/guidance), <https://example.org/> and [how to use](how-to-use.md).\n\n"
    '<a href="https://example.org/">a link</a>, <svg><a href="https://example.org/"><text>a drawn link</text></a></svg>\n\n'
    "![our logo](assets/logo.png) ![up](../x.png) ![dot](data:image/png;base64,iVBORw0KGgo=)\n\n"
    '<img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E" alt="">\n\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use href="#icon"/>'
    '<rect fill="url(#shade)"/></svg>\n\n'
    '<form action="https://example.org/search"><button formaction="https://example.org/go">Go</button></form>\n\n'
    '<p style="background: url(assets/paper.png)">Paper</p> {: style="color: red" }\n\n'
    'Write `<img src="https://x.org/a.png">` to embed, for example:\n\n'
    '```html\n<script src="https://x.org/s.js"></script>\n```\n\n'
    '    <iframe src="https://x.org/"></iframe>\n\n'
    '<!-- <iframe src="https://x.org/"></iframe> -->\n\n'
    '<iframe src="about:blank" title="Nothing yet"></iframe>\n'
)


@pytest.mark.parametrize("kind", list(BYPASSES))
def test_a_page_that_fetches_from_another_host_is_a_located_error(site_dialect: MarkdownDialect, kind: str) -> None:
    markdown, position, what, *url = BYPASSES[kind]
    assert errors_in(markdown, site_dialect) == [remote(position, what, *url)]


@pytest.mark.parametrize(
    ("markdown", "column", "what", "url"),
    [
        pytest.param(
            '<iframe src="data:text/html,<img src=https://evil/>"></iframe>',
            14,
            "the frame",
            "data:text/html,<img src=https://evil/>",
            id="iframe",
        ),
        pytest.param(
            '<object data="data:image/svg+xml,%3Csvg/%3E"></object>',
            15,
            "the embedded object",
            "data:image/svg+xml,%3Csvg/%3E",
            id="object",
        ),
        pytest.param(
            '<script src="data:text/javascript,fetch(1)"></script>',
            14,
            "the script",
            "data:text/javascript,fetch(1)",
            id="script",
        ),
        pytest.param(
            "<style>@import 'data:text/css,a{}';</style>", 17, "the stylesheet", "data:text/css,a{}", id="import"
        ),
    ],
)
def test_a_data_address_holding_a_document_is_an_error(
    site_dialect: MarkdownDialect, markdown: str, column: int, what: str, url: str
) -> None:
    assert errors_in(markdown, site_dialect) == [f"{PAGE}:3:{column}: (page): {what} '{url}' {DOCUMENT_MESSAGE}"]


def test_each_fetch_is_reported_where_it_is_written(site_dialect: MarkdownDialect) -> None:
    markdown = (
        f'<p><img src="{EVIL}"></p> <p><img src="{EVIL}"></p>\n\n'
        '<img srcset="a.png 1x, //evil.example/b.png 2x, https://evil.example/c.png 3x">\n\n'
        f"![Logo][logo] and ![again][logo]\n\n[logo]: {EVIL}"
    )
    assert errors_in(markdown, site_dialect) == [
        remote("3:14", "the image"),
        remote("3:60", "the image"),
        remote("5:24", "the image", "//evil.example/b.png"),
        remote("5:49", "the image", "https://evil.example/c.png"),
        remote("9:9", "the image"),  # both images use the address of the reference definition
    ]


def test_a_first_heading_cannot_put_markup_into_the_pages_title(site_dialect: MarkdownDialect) -> None:
    # MkDocs takes the title from the first heading; Material prints it into <title> through `striptags`,
    # which turns &lt; back into <: the heading's text would close <title> and load the picture.
    markdown = f"Contact &lt;/title&gt;&lt;img src={EVIL}&gt;\n\nHello."
    text = f"# {markdown}\n"
    errors = [str(error) for error in remote_fetch_errors(text, text, PAGE, site_dialect)]
    assert errors == [remote("1:37", "the image in the page's title")]
    # Text that only looks like markup, and a heading that is not the page's first, are fine.
    harmless = "# Children &lt; 5 &amp; &lt;b&gt; `<i>`\n"
    assert remote_fetch_errors(harmless, harmless, PAGE, site_dialect) == []
    assert errors_in(f"# {markdown}", site_dialect) == []


def test_positions_count_the_front_matter(site_dialect: MarkdownDialect) -> None:
    text = f"---\ntitle: About us\n---\n\n# About\n\n![Logo]({EVIL})\n"
    body = text[text.index("# About") :]
    assert [str(error) for error in remote_fetch_errors(text, body, PAGE, site_dialect)] == [remote("7:9", "the image")]


def test_ordinary_pages_have_no_findings(site_dialect: MarkdownDialect) -> None:
    assert errors_in(ORDINARY_PAGE, site_dialect) == []


def test_the_sites_own_markdown_extensions_decide(site_dialect: MarkdownDialect) -> None:
    markdown = f'![x](a.png){{ srcset="{EVIL} 2x" }}'
    assert errors_in(markdown, site_dialect) == [remote("3:22", "the image")]
    # Without attr_list the braces are text on the page: nothing is fetched.
    assert errors_in(markdown, MarkdownDialect()) == []


def test_validate_reports_every_fetch_at_once_in_the_sites_dialect(project: Project) -> None:
    (project.content / "pages" / "about.md").write_text(
        "# About\n\n"
        f'<img alt="<" src="{EVIL}">\n\n'
        f"![a [b] c]({EVIL})\n\n"
        f'Para\n{{ style="background: \\75rl({EVIL})" }}\n',
        encoding="utf-8",
    )
    (project.content / "pages" / "contact.md").write_text(
        f'# Contact\n\n<svg><filter id="f"><feImage href="{EVIL}"/></filter></svg>\n', encoding="utf-8"
    )
    result = project.run("validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    prefix = str(project.content) + "/"
    assert [line.replace(prefix, "") for line in result.output.splitlines() if line.startswith(prefix)] == [
        remote("3:19", "the image"),
        remote("5:12", "the image"),
        remote("8:28", "the CSS resource"),
        remote("3:36", "the image").replace("about.md", "contact.md"),
    ]
    # The same page in a site without attr_list: the attribute list is text, not a fetch.
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config.replace("  - attr_list\n", ""), encoding="utf-8")
    lines = [line for line in project.run("validate").output.splitlines() if line.startswith(prefix)]
    assert len(lines) == 3 and not any(":8:" in line for line in lines), lines


def test_build_refuses_the_page_and_keeps_the_last_good_site(project: Project) -> None:
    project.build()
    about = project.page("about/")
    (project.content / "pages" / "about.md").write_text(
        f'# About\n\n<p>\n<img alt=="x src={EVIL}>">\n</p>\n', encoding="utf-8"
    )
    result = project.run("build")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"pages/about.md:4:18: (page): the image '{EVIL}' {REMOTE_MESSAGE}" in result.output
    assert project.page("about/") == about


def test_an_ordinary_hand_written_page_builds(project: Project) -> None:
    (project.content / "pages" / "about.md").write_text(
        "# About\n\n"
        "Read [the guidance](https://example.org/guidance) or [how to use this site](how-to-use.md).\n\n"
        "![A dot](data:image/png;base64,iVBORw0KGgo=)\n\n"
        '<a href="https://example.org/">Our partnership</a>\n\n'
        '```html\n<img src="https://x.org/a.png">\n```\n',
        encoding="utf-8",
    )
    project.build()
    about = project.page("about/")
    assert 'href="https://example.org/guidance"' in about
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in about
    assert "&lt;img src=" in about
