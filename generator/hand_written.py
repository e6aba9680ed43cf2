"""Hand-written pages of `content/pages/`: read safely, named within the rules, never fetching from another host.

A page is trusted Markdown, but the promise that nothing is fetched from
another host holds for it too: an image, script, frame, stylesheet or media
file addressed to another host is a located error, and so is a page whose name
would replace a generated address, or front matter the theme cannot use
(`front_matter.py`).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors
from generator.front_matter import front_matter_errors
from generator.model import RESERVED_NAMES_TEXT, is_reserved_name
from generator.read import decode_content, read_content_file

PAGES_FOLDER = "pages"


@dataclass(frozen=True)
class HandWrittenPage:
    """A page of `content/pages/`, read and checked: its file name (`about.md`) and its bytes as written."""

    name: str
    content: bytes


_REMOTE_MESSAGE = "fetches from another host; intranets have no internet"
# A URL that leaves the site: a scheme and two slashes (or backslashes, which browsers read as
# slashes), two slashes alone, or a web scheme without slashes (`https:host/x` from an http page).
_REMOTE_URL = re.compile(r"(?:[a-z][a-z0-9+.\-]*:)?[\\/]{2}|(?:https?|ftp|wss?):", re.IGNORECASE)
_URL_SPACE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# Text that is shown, not run: fenced code blocks, code spans and HTML comments.
_NOT_MARKUP = re.compile(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,}).*?(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)"  # a fenced block, to its end
    r"|(?P<ticks>`+).+?(?P=ticks)"  # a code span
    r"|<!--.*?(?:-->|\Z)",  # a comment
    re.MULTILINE | re.DOTALL,
)
_IMAGE_ALT = r"!\[(?P<alt>(?:[^\[\]\n]|\n(?!\n)|\[[^\[\]\n]{0,200}\]){0,500})\]"
_MARKDOWN_IMAGE = re.compile(_IMAGE_ALT + r"(?:\(\s*(?P<url><[^>\n]*>|[^\s)]+)|\[(?P<ref>[^\]\n]{0,200})\])?")
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]{1,200})\]:[ \t]*\n?[ \t]*(?P<url><[^>\n]*>|\S+)", re.MULTILINE)
# A start tag; a value may hold `>` but no `<`, so that each `<` is looked at once.
_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attributes>(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>")
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<css>.*?)(?:</style\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*["']?(?P<url>[^"')\s]*)|@import\s+["'](?P<import>[^"']*)""", re.IGNORECASE)
# The attributes that name a URL the browser fetches (on the elements below; `<a href>` is a link).
_FETCHING_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "href", "xlink:href", "poster", "data", "background"})
_ELEMENT_KINDS = {
    "img": "the image",
    "image": "the image",  # SVG
    "input": "the image",  # type="image"
    "body": "the image",  # background=
    "table": "the image",
    "td": "the image",
    "script": "the script",
    "iframe": "the frame",
    "frame": "the frame",
    "link": "the linked file",
    "video": "the media",
    "audio": "the media",
    "source": "the media",
    "track": "the media",
    "embed": "the embedded object",
    "object": "the embedded object",
    "base": "the base address",  # would send every relative address on the page to another host
}
Fetch = tuple[int, str, str]
"""Where in the page (offset), what (`the image`), and the URL as written."""


def _cleaned_url(url: str) -> str:
    """A URL as the browser reads it: entities decoded, tabs and line breaks dropped, ends trimmed."""
    return _URL_SPACE.sub("", html.unescape(url)).strip(_C0_AND_SPACE)


def _is_remote(url: str) -> bool:
    """Whether a browser would fetch `url` (as written in Markdown or an HTML attribute) from another host."""
    return _REMOTE_URL.match(_cleaned_url(url)) is not None


def _shown_url(url: str) -> str:
    """A URL for an error message: as the browser reads it, at most 100 characters."""
    cleaned = _cleaned_url(url)
    return cleaned if len(cleaned) <= 100 else cleaned[:99] + "…"


def _without_code(text: str) -> str:
    """`text` with code blocks, code spans and comments blanked out, every other character where it was."""
    return _NOT_MARKUP.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of white space do not count."""
    return " ".join(text.lower().split())


def _markdown_image_fetches(markup: str) -> Iterator[Fetch]:
    """Markdown images, inline or by reference, whose URL is on another host."""
    references: dict[str, str] = {}
    for match in _REFERENCE.finditer(markup):
        references.setdefault(_label(match["label"]), match["url"].strip("<>"))
    for match in _MARKDOWN_IMAGE.finditer(markup):
        if match["url"] is not None:  # `![alt](url "title")` or `![alt](<url>)`
            url, offset = match["url"], match.start("url")
            if url.startswith("<"):
                url, offset = url[1:-1], offset + 1
        else:  # `![alt][ref]`, `![alt][]` or `![alt]`: the URL is in the reference definition
            url, offset = references.get(_label(match["ref"] or match["alt"]), ""), match.start()
        if _is_remote(url):
            yield offset, "the image", url


def _css_fetches(css: str, offset: int) -> Iterator[Fetch]:
    """`url(...)` and `@import "..."` in CSS starting at `offset`, on another host."""
    for match in _CSS_URL.finditer(css):
        group = "url" if match["url"] is not None else "import"
        if _is_remote(match[group]):
            yield offset + match.start(group), "the CSS resource", match[group]


def _tag_fetches(tag: re.Match[str]) -> Iterator[Fetch]:
    """The URL attributes of one HTML start tag, and CSS in its `style`, on another host."""
    name = tag["name"].lower()
    values: dict[str, tuple[str, int]] = {}
    for attribute in _ATTRIBUTE.finditer(tag["attributes"]):
        group = next(group for group in ("double", "single", "bare") if attribute[group] is not None)
        values.setdefault(
            attribute["name"].lower(), (attribute[group], tag.start("attributes") + attribute.start(group))
        )
    what = _ELEMENT_KINDS.get(name)
    if name == "link" and "stylesheet" in values.get("rel", ("", 0))[0].lower():
        what = "the stylesheet"
    for attribute_name, (value, offset) in values.items():
        if attribute_name == "style":
            yield from _css_fetches(value, offset)
        elif what is not None and attribute_name in _FETCHING_ATTRIBUTES:
            if attribute_name.endswith("srcset"):  # "a.png 1x, https://x/b.png 2x": the first word of each
                candidates = [part.split()[0] for part in value.split(",") if part.split()]
            else:
                candidates = [value]
            remote = next((url for url in candidates if _is_remote(url)), None)
            if remote is not None:
                yield offset, what, remote


def _remote_fetches(text: str) -> Iterator[Fetch]:
    """Everything in a page that a browser would fetch from another host; code and comments are left out."""
    markup = _without_code(text)
    yield from _markdown_image_fetches(markup)
    for tag in _TAG.finditer(markup):
        yield from _tag_fetches(tag)
    for style in _STYLE_ELEMENT.finditer(markup):
        yield from _css_fetches(style["css"], style.start("css"))


def remote_resource_errors(text: str, path: str) -> list[ContentError]:
    """A located error for each image, script, frame, stylesheet or media file a page would fetch
    from another host. Links to other sites are fine: following one is the reader's choice."""
    errors = []
    for offset, what, url in sorted(_remote_fetches(text)):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        errors.append(ContentError(path, line, column, "(page)", f"{what} '{_shown_url(url)}' {_REMOTE_MESSAGE}"))
    return errors


def _page_name_message(stem: str) -> str:
    """Why a hand-written page cannot be called `stem`.md."""
    if stem.lower() == "index":
        return f"'{stem}' is reserved: pages/{stem}.md would replace the home page; choose another name"
    return (
        f"'{stem}' is reserved for an address the site generates; choose another name "
        f"(reserved: {RESERVED_NAMES_TEXT}, and every name made only of digits)"
    )


def load_pages(
    content_dir: Path, theme_dirs: Sequence[Path] | None = None
) -> tuple[list[HandWrittenPage], list[ContentError]]:
    """The hand-written pages of `content/pages/`, each read through `read_content_file`, and every error:
    a page not in UTF-8, a name the site reserves, a page that fetches from another host, front matter
    the theme cannot use (`front_matter.py`; templates and icons looked for in `theme_dirs` when given),
    and any file or folder there that is not a page."""
    pages_dir = content_dir / PAGES_FOLDER
    if not os.path.lexists(pages_dir):
        return [], []
    if not pages_dir.is_dir():
        message = "must be a folder of hand-written pages named <name>.md"
        return [], [ContentError(str(pages_dir), 1, 1, "(folder)", message)]
    pages: list[HandWrittenPage] = []
    errors: list[ContentError] = []
    for path in sorted(pages_dir.iterdir()):
        shown = str(path)
        if path.name.startswith("."):  # editors' and systems' own files (.DS_Store, .about.md.swp)
            continue
        if path.is_dir():
            message = "pages/ holds no subfolders; hand-written pages are pages/<name>.md"
            errors.append(ContentError(shown, 1, 1, "(folder)", message))
            continue
        if path.suffix != ".md":
            message = "pages/ holds only hand-written pages named <name>.md; this file would not be published"
            errors.append(ContentError(shown, 1, 1, "(file)", message))
            continue
        if is_reserved_name(path.stem):
            errors.append(ContentError(shown, 1, 1, "(page)", _page_name_message(path.stem)))
        elif "." in path.stem:  # feed.xml.md would be /feed.xml/, over the feed the build writes
            message = f"'{path.name}' has a dot in its name: name pages with letters, digits and hyphens"
            errors.append(ContentError(shown, 1, 1, "(page)", message))
        try:
            raw = read_content_file(path, content_dir, shown)
        except ContentErrors as refused:
            errors += refused.errors
            continue
        text, found = decode_content(raw, shown)
        if text is None:
            errors += found
            continue
        errors += remote_resource_errors(text, shown) + front_matter_errors(text, shown, theme_dirs)
        pages.append(HandWrittenPage(path.name, raw))
    return pages, errors
