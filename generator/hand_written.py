"""Hand-written pages of `content/pages/`: read safely, named within the rules, never fetching from another host.

A page is trusted Markdown, but the promise that nothing is fetched from
another host holds for it too: an image, script, frame, stylesheet, font or
media file addressed to another host is a located error (`remote_fetch.py`
finds them, rendering the page with the site's own Markdown extensions), and so
is a page whose name would replace a generated address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from generator.errors import ContentError, ContentErrors
from generator.model import RESERVED_NAMES_TEXT, is_reserved_name
from generator.read import decode_content, read_content_file
from generator.remote_fetch import MarkdownDialect, remote_fetch_errors

PAGES_FOLDER = "pages"


@dataclass(frozen=True)
class HandWrittenPage:
    """A page of `content/pages/`, read and checked: its file name (`about.md`) and its bytes as written."""

    name: str
    content: bytes


_MARKUP = frozenset('<>"`')


def _page_errors(text: str, path: str, dialect: MarkdownDialect) -> list[ContentError]:
    """What the page would fetch from another host, and its front matter values as plain text: Material prints
    a page's title and description without escaping them."""
    try:
        body, meta = get_data(text)
    except Exception:  # MkDocs itself reports front matter it cannot read
        body, meta = text, {}
    # MkDocs renders what follows the front matter: a suffix of the text, so positions are the file's own.
    errors = remote_fetch_errors(text, body if text.endswith(body) else text, path, dialect)

    def walk(value: object, field: str) -> None:
        if isinstance(value, str) and any(char in _MARKUP or not char.isprintable() for char in value):
            message = 'must be plain text: no <, >, ", ` or control characters (Material prints it unescaped)'
            errors.append(ContentError(path, 1, 1, field, message))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{field}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{field}[{index}]")

    for key, value in meta.items():
        walk(value, f"(front matter).{key}")
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
    content_dir: Path, dialect: MarkdownDialect | None = None
) -> tuple[list[HandWrittenPage], list[ContentError]]:
    """The hand-written pages of `content/pages/`, each read through `read_content_file`, and every error:
    a page not in UTF-8, a name the site reserves, a page that fetches from another host (read in the Markdown
    `dialect` of the site: MkDocs' own without one), and any file or folder there that is not a page."""
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
        errors += _page_errors(text, shown, dialect or MarkdownDialect())
        pages.append(HandWrittenPage(path.name, raw))
    return pages, errors
