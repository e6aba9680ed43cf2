"""Find what a hand-written page would make a browser fetch from another host, located in the page's source.

The page is rendered as MkDocs renders it (Python-Markdown with the site's own
extensions and their settings), and the HTML is parsed by a parser that follows
the WHATWG HTML standard (justhtml), so markup is read as a browser reads it:
comments, raw text, attribute quoting, SVG and MathML alike. Python 3.11's
`html.parser` reads `<!-- --!>`, `</script x>`, `<img alt=="x src=…>"` and a
`<style>` inside SVG differently from browsers, each a way past the check.

Every attribute that makes a browser fetch is checked on every element, and so
is CSS (style attributes, `<style>`, SVG paint attributes) read with tinycss2.
An address is remote when it has a scheme (https:, ftp:, file:, …; not data:
or about:) or starts with two slashes or backslashes, once the characters a
browser drops are dropped. `data:` addresses are local for images and media; a `data:` frame,
script, stylesheet or object is a document that could fetch in turn. Links
(`<a href>`, `<area href>`) and forms are followed only by the reader's choice.
The page is read twice, with scripting on and off, as `<noscript>` differs; its
first heading is read again as Material prints it, into <title>. What
a script does when it runs is not read: keep scripts out of hand-written pages.

Each finding is reported where it was most likely written in the page's
source (`page_source.py`).
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import markdown
import tinycss2
from justhtml import Element, JustHTML, Node, Template, Text
from mkdocs.config.defaults import MkDocsConfig

from generator.errors import ContentError
from generator.page_source import PageSource

MKDOCS_BUILT_IN = ("toc", "tables", "fenced_code")  # MkDocs puts these before every site's own list
REMOTE_MESSAGE = "fetches from another host; intranets have no internet"
DOCUMENT_MESSAGE = "holds a document of its own, which can fetch from another host; save it as a file of the site"


@dataclass(frozen=True)
class MarkdownDialect:
    """The Markdown extensions a site renders pages with, and their settings: MkDocs' own when there is no site."""

    extensions: tuple[str, ...] = MKDOCS_BUILT_IN
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, config: MkDocsConfig | None) -> MarkdownDialect:
        if config is None:
            return cls()
        return cls(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))


@dataclass(frozen=True)
class _Fetch:
    what: str  # "the image": what the browser fetches, in words
    url: str  # as the browser reads it
    written: str  # the value it came from, to find in the source
    element: str  # the element's name: the last thing to look for in the source
    document: bool  # a `data:` address holding a document, which could fetch in turn


# Material's template follows the page: a tag or quoted value left open runs on into it, which `"'>` closes.
_BEFORE = "<!DOCTYPE html><html><head></head><body><article>"
_AFTER = "\n\"'></article></body></html>"
_URL_ATTRIBUTES = frozenset({"src", "poster", "background", "lowsrc", "dynsrc", "data", "codebase", "manifest", "icon"})
_URL_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "archive", "ping", "attributionsrc"})
_MARKERS = frozenset({"marker", "marker-start", "marker-mid", "marker-end"})
_CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke", "filter", "mask", "clip-path", "cursor"}) | _MARKERS  # url()
_ANIMATION_ATTRIBUTES = frozenset({"to", "from", "by", "values"})  # SVG's <set>/<animate> can change an href
_LINKS = frozenset({"a", "area"})  # their href is a link: followed only if the reader chooses
_KINDS = {
    **dict.fromkeys(["img", "image", "feimage", "input", "picture", "mglyph"], "the image"),
    **dict.fromkeys(["iframe", "frame", "portal", "fencedframe"], "the frame"),
    **dict.fromkeys(["video", "audio", "source", "track"], "the media"),
    **dict.fromkeys(["embed", "object", "applet", "param"], "the embedded object"),
    "script": "the script",
    "base": "the base address",  # would send every relative address on the page to another host
    "use": "the drawing",
    "meta": "the redirect",
}
_IMAGE_ATTRIBUTES = frozenset({"poster", "background", "lowsrc", "dynsrc"})
_DATA_IS_LOCAL = frozenset({"the image", "the media", "the CSS resource"})  # a data: image cannot fetch
_SCRIPT_DATA = {"speculationrules": "the prefetched page", "importmap": "the script"}  # JSON a browser acts on
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URL_SPACE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_REFRESH = re.compile(r"[\s\d.]*[;,]?\s*(?:url\s*=\s*)?", re.IGNORECASE)


def _browser_url(value: str) -> str:
    """An address as a browser's URL parser reads it: tabs and line breaks dropped, control characters trimmed."""
    return _URL_SPACE.sub("", value).strip(_C0_AND_SPACE)


def _is_remote(url: str) -> bool:
    """Whether `url` (read by `_browser_url`) leaves the site: a scheme, or `//`, `\\\\`, `/\\`."""
    scheme = _SCHEME.match(url)
    if scheme is not None:  # data: holds what it names; about:blank names nothing
        return scheme.group().lower() not in ("data:", "about:")
    return len(url) >= 2 and url[0] in "/\\" and url[1] in "/\\"


def leaves_the_site(value: str) -> bool:
    """Whether a browser given `value` as an address would fetch or open it from somewhere other than the site."""
    return _is_remote(_browser_url(value))


def _css_urls(css: str) -> Iterator[tuple[str, str]]:
    """Every address CSS can load, with what it is: url() and every string, wherever it stands (image-set("…"),
    `@import "…"`, or a custom property that a var() puts into image-set()). tinycss2 reads escapes and comments."""

    def walk(tokens: Iterable[Any]) -> Iterator[tuple[str, str]]:
        after_import = False
        for token in tokens:
            if token.type in ("whitespace", "comment"):
                continue
            kind = "the stylesheet" if after_import else "the CSS resource"
            if token.type in ("url", "string"):
                yield token.value, kind
            elif token.type == "function":  # `@import url("x.css")` imports too
                yield from ((url, kind if after_import else found) for url, found in walk(token.arguments))
            elif token.type in ("() block", "[] block", "{} block"):
                yield from walk(token.content)
            after_import = token.type == "at-keyword" and token.lower_value == "import"

    yield from walk(tinycss2.parse_component_value_list(css))


def _listed_urls(value: str) -> list[str]:
    """The addresses in a list such as srcset (`a.png 1x, //x/b.png 2x`) or ping: each word, and each part of
    a word between commas, so that no way of splitting the list hides one."""
    words = [word.strip(",") for word in value.split()]
    return list(dict.fromkeys(part for word in words for part in [word, *word.split(",")] if part))


def _json_strings(text: str) -> Iterator[str]:
    """Every string in a JSON text; nothing if a browser would not read it as JSON either."""
    try:
        stack: list[Any] = [json.loads(text)]
    except ValueError:
        return
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            stack += value


def _text_of(node: Node | Text) -> str:
    """The text inside an element, however the parser split it (SVG's <style> holds nodes, not raw text)."""
    if isinstance(node, Text):
        return node.data or ""
    return "".join(_text_of(child) for child in node.children or [])


def _kind(name: str, attribute: str, attributes: dict[str, str]) -> str:
    """What a browser fetches from `attribute` of element `name`, in words."""
    if attribute in ("ping", "attributionsrc"):
        return "the report address"
    if attribute == "xml:base":
        return "the base address"
    if name == "link":
        return "the stylesheet" if "stylesheet" in attributes.get("rel", "").lower().split() else "the linked file"
    if attribute in _IMAGE_ATTRIBUTES and name not in _KINDS:
        return "the image"
    return _KINDS.get(name, "the resource")


def _holds_address(name: str, attribute: str) -> bool:
    """Whether `attribute` of element `name` holds one address that a browser fetches."""
    if attribute == "href" or attribute.endswith(":href"):  # xlink:href too
        return name not in _LINKS
    return attribute in _URL_ATTRIBUTES or attribute == "xml:base" or (attribute == "value" and name == "param")


def _element_urls(element: Element) -> Iterator[tuple[str, str, str]]:
    """Every address `element` makes a browser fetch, with what it is and the value it came from."""
    name = element.name.lower()
    attributes = {key.lower(): value or "" for key, value in (element.attrs or {}).items()}
    refresh = name == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh"
    for attribute, value in attributes.items():
        what = _kind(name, attribute, attributes)
        animation = attribute in _ANIMATION_ATTRIBUTES and element.namespace == "svg"
        if attribute in _CSS_ATTRIBUTES or animation:
            yield from ((url, kind, url) for url, kind in _css_urls(value))
        if attribute in _URL_LIST_ATTRIBUTES or animation:
            yield from ((url, what, url) for url in (value.split(";") if animation else _listed_urls(value)))
        elif _holds_address(name, attribute):
            yield value, what, value
        elif attribute == "content" and refresh:  # `0; url='https://…'`
            url = _REFRESH.sub("", value, count=1).strip().strip("'\"")
            yield url, what, url
    if name == "style":
        yield from ((url, kind, url) for url, kind in _css_urls(_text_of(element)))
    if name == "script" and attributes.get("type", "").strip().lower() in _SCRIPT_DATA:
        what = _SCRIPT_DATA[attributes["type"].strip().lower()]
        yield from ((url, what, url) for url in _json_strings(_text_of(element)))


def _elements(root: Node) -> Iterator[Element]:
    """Every element under `root` in document order, the inside of <template> too (a script can show it)."""
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            yield node
        children = list(getattr(node, "children", None) or [])
        if isinstance(node, Template) and node.template_content is not None:
            children.append(node.template_content)
        stack += reversed(children)


@functools.lru_cache(maxsize=64)  # srcdoc in srcdoc: each document is read once
def _document_fetches(page: str) -> tuple[_Fetch, ...]:
    """What a browser fetches from another host for an HTML document or page body, in document order."""
    # <noscript> holds raw text with scripting on and markup with it off: readers may have either.
    found: Counter[_Fetch] = Counter()
    ordered: list[_Fetch] = []
    for scripting in (True, False):
        here: Counter[_Fetch] = Counter()
        root = JustHTML(_BEFORE + page + _AFTER, sanitize=False, scripting_enabled=scripting).root
        for element in _elements(root):
            srcdoc = (element.attrs or {}).get("srcdoc")
            nested = _document_fetches(srcdoc) if element.name.lower() == "iframe" and srcdoc else []
            for fetch in [*_element_fetches(element), *nested]:
                here[fetch] += 1
                if here[fetch] > found[fetch]:
                    found[fetch] += 1
                    ordered.append(fetch)
    return tuple(ordered)


def _element_fetches(element: Element) -> Iterator[_Fetch]:
    """The addresses of `element` that leave the site, or are `data:` documents."""
    for written, what, value in _element_urls(element):
        url = _browser_url(written)
        data = url.lower().startswith("data:")
        if _is_remote(url) or (data and what not in _DATA_IS_LOCAL):
            yield _Fetch(what, url, value, element.name.lower(), data)


def _host(url: str) -> str:
    """The host part of `url`, if Python can read one."""
    try:
        return urlsplit(url).netloc
    except ValueError:  # `https://[x/`: no host to look for
        return ""


def _shown(url: str) -> str:
    """An address for an error message: at most 100 characters."""
    return url if len(url) <= 100 else url[:99] + "…"


def _title_fetches(rendered: str) -> tuple[_Fetch, ...]:
    """What the page's title would fetch: MkDocs takes it from a first heading, and Material prints it into
    <title> through `striptags`, which turns `&lt;` back into `<`: `# &lt;/title&gt;&lt;img …&gt;` is markup there."""
    root = JustHTML(_BEFORE + rendered + _AFTER, sanitize=False).root
    article = next(element for element in _elements(root) if element.name == "article")
    first = next((child for child in article.children or [] if isinstance(child, Element)), None)
    if first is None or first.name != "h1":
        return ()
    fetches = _document_fetches(f"<title>{_text_of(first)}</title>")
    return tuple(replace(fetch, what=f"{fetch.what} in the page's title") for fetch in fetches)


def rendered_html(body: str, dialect: MarkdownDialect) -> str:
    """A page's Markdown as HTML, as MkDocs renders it for the site (its link rewriting aside)."""
    return markdown.Markdown(extensions=list(dialect.extensions), extension_configs=dialect.configs).convert(body)


def remote_fetch_errors(text: str, body: str, path: str, dialect: MarkdownDialect) -> list[ContentError]:
    """A located error for each thing the page would make a browser fetch from another host.

    `text` is the page file's text, `body` its Markdown after the front matter (a suffix of `text`)."""
    try:
        rendered = rendered_html(body, dialect)
    except Exception as error:  # an extension's own failure: MkDocs would stop on it too
        return [ContentError(path, 1, 1, "(page)", f"cannot be rendered as Markdown: {error}")]
    source = PageSource(text, len(text) - len(body))
    errors: dict[tuple[int, int, str], None] = {}
    for fetch in [*_document_fetches(rendered), *_title_fetches(rendered)]:
        url = fetch.url
        # Where it was written: the address as the browser reads it or as the attribute held it, its host,
        # and last the element's tag (a Markdown image: `![`).
        texts = [url, fetch.written, url[url.find("//") :] if "//" in url else "", _host(url)]
        position = source.locate(texts, [f"<{fetch.element}", *(["!["] if fetch.element == "img" else [])])
        message = f"{fetch.what} '{_shown(url)}' {DOCUMENT_MESSAGE if fetch.document else REMOTE_MESSAGE}"
        errors[(*position, message)] = None
    return [ContentError(path, line, column, "(page)", message) for line, column, message in sorted(errors)]
