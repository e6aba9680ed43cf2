"""Hand-written pages of `content/pages/`: read safely, named within the rules, never fetching from another host.

A page is trusted Markdown, but the promise that nothing is fetched from
another host holds for it too: an image, script, frame, stylesheet, font or
media file addressed to another host is a located error (`remote_fetch.py`
finds them, rendering the page with the site's own Markdown extensions), and so
is a page whose name would replace a generated address, or front matter the
theme cannot use (`front_matter.py`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import YAML_RE, get_data

from generator.errors import ContentError, ContentErrors
from generator.front_matter import front_matter_errors
from generator.model import RESERVED_NAMES_TEXT, is_reserved_name
from generator.read import decode_content, read_content_file
from generator.remote_fetch import MarkdownDialect, remote_fetch_errors

PAGES_FOLDER = "pages"


@dataclass(frozen=True)
class HandWrittenPage:
    """A page of `content/pages/`, read and checked: its file name (`about.md`) and its bytes as written."""

    name: str
    content: bytes


def _page_errors(
    text: str, path: str, dialect: MarkdownDialect, theme_dirs: Sequence[Path] | None
) -> list[ContentError]:
    """What the page would fetch from another host, and front matter the theme cannot use."""
    errors = front_matter_errors(text, path, theme_dirs)
    # Front matter is read only once it is known to be safe (no aliases, limited nesting); refused front
    # matter is left out unread, as the page will not be built.
    block = YAML_RE.match(text)
    body = (text[block.end() :] if block else text) if errors else get_data(text)[0]
    # MkDocs renders what follows the front matter: a suffix of the text, so positions are the file's own.
    return remote_fetch_errors(text, body if text.endswith(body) else text, path, dialect) + errors


def _page_name_message(stem: str) -> str:
    """Why a hand-written page cannot be called `stem`.md."""
    if stem.lower() == "index":
        return f"'{stem}' is reserved: pages/{stem}.md would replace the home page; choose another name"
    return (
        f"'{stem}' is reserved for an address the site generates; choose another name "
        f"(reserved: {RESERVED_NAMES_TEXT}, and every name made only of digits)"
    )


def load_pages(
    content_dir: Path, dialect: MarkdownDialect | None = None, theme_dirs: Sequence[Path] | None = None
) -> tuple[list[HandWrittenPage], list[ContentError]]:
    """The hand-written pages of `content/pages/`, each read through `read_content_file`, and every error:
    a page not in UTF-8, a name the site reserves, a page that fetches from another host (read in the Markdown
    `dialect` of the site: MkDocs' own without one), front matter the theme cannot use (`front_matter.py`;
    templates and icons looked for in `theme_dirs` when given), and any file or folder there that is not a page."""
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
        # Line ends as MkDocs reads the page (text mode): a CRLF page's front matter is front matter to it too.
        as_mkdocs_reads = text.replace("\r\n", "\n").replace("\r", "\n")
        errors += _page_errors(as_mkdocs_reads, shown, dialect or MarkdownDialect(), theme_dirs)
        pages.append(HandWrittenPage(path.name, raw))
    return pages, errors
