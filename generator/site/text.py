"""Untrusted text made safe for the page: Markdown escaping, light Markdown, front-matter strings.

Every value from content is untrusted. Jinja's `finalize` hook (`finalize`
below) escapes each `{{ value }}` for Markdown: every ASCII punctuation
character becomes a numeric character reference, so no Markdown, HTML,
attribute-list or snippet syntax survives. Text fields that allow light
Markdown go through `LightMarkdown`, a Python-Markdown instance that knows only
paragraphs, lists and emphasis, and its HTML is embedded as a block.
"""

from __future__ import annotations

import html
import json
import re
import string
from typing import Any, ClassVar

import markdown
from markupsafe import Markup

_MARKDOWN_SPECIAL = frozenset(string.punctuation)
_MAY_START_A_LIST = re.compile(r"\d+\.|[-+*]")


def escape_markdown(value: str) -> str:
    """Plain text that Markdown, HTML and every extension will show exactly as written.

    Each ASCII punctuation character becomes `&#NN;`; line breaks become spaces
    because this is for inline places (headings, list items, table cells).
    """
    return "".join(
        f"&#{ord(char)};" if char in _MARKDOWN_SPECIAL else (" " if char in "\r\n\t" else char) for char in value
    )


def finalize(value: Any) -> Markup:
    """Escape every `{{ value }}` for Markdown unless it is already marked safe.

    Entities are valid in both Markdown and HTML, so the same escaping is safe
    inside the raw HTML blocks of a page too.
    """
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value)
    if value is None:
        return Markup("")
    return Markup(escape_markdown(str(value)))


def front_matter_text(value: str) -> Markup:
    """A YAML (JSON) string for front matter.

    Material prints `title` and `description` raw, in text and in attributes
    (`<meta name="description" content="...">`), so quotes are escaped too.
    """
    return Markup(json.dumps(html.escape(" ".join(value.split()), quote=True), ensure_ascii=False))


def _is_plain_paragraph(line: str) -> bool:
    """One line of text with nothing light Markdown would act on: no emphasis marks, no list start.

    Leading white space is left to the converter, which would strip it.
    """
    return (
        bool(line)
        and line.isprintable()
        and not line[0].isspace()
        and "*" not in line
        and "_" not in line
        and not _MAY_START_A_LIST.match(line)
    )


MAX_EMPHASIS_MARKERS = 1_000
"""Above this many `*` and `_` in one field, emphasis is shown as typed.

Python-Markdown rebuilds the whole paragraph for each emphasis it finds, so its
time grows with the square of the text: 200,000 markers took 48 s. No real
extract comes near this many; past it, the text keeps its paragraphs and lists.
"""


def _plain_paragraphs(text: str) -> str:
    """Paragraphs as escaped text: the last resort for text the converter cannot take."""
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs if paragraph)


class LightMarkdown:
    """Python-Markdown reduced to the contract's light Markdown: paragraphs, lists, emphasis.

    Everything else (raw HTML, links, images, headings, rules, quotes, code,
    entities, escapes) is switched off, so it is shown as the text it is. Its
    time stays linear in the text (see `MAX_EMPHASIS_MARKERS`), and text nested
    deeper than Python can follow (`- - - ... x`, hundreds deep) is shown as
    plain paragraphs instead of failing.
    """

    _KEEP: ClassVar[dict[str, set[str]]] = {
        "preprocessors": {"normalize_whitespace"},
        "blockprocessors": {"empty", "indent", "olist", "ulist", "paragraph"},
        "inlinePatterns": {"linebreak", "not_strong", "em_strong", "em_strong2"},
    }

    def __init__(self) -> None:
        self._md = self._reduced(self._KEEP)
        self._blocks_only = self._reduced({**self._KEEP, "inlinePatterns": set()})

    @staticmethod
    def _reduced(keep: dict[str, set[str]]) -> markdown.Markdown:
        converter = markdown.Markdown(output_format="html")
        for registry_name, names in keep.items():
            owner = converter.parser if registry_name == "blockprocessors" else converter
            registry = getattr(owner, registry_name)
            for item in list(registry._priority):
                if item.name not in names:
                    registry.deregister(item.name)
        return converter

    def __call__(self, text: str) -> str:
        line = text.rstrip("\r\n")  # YAML block scalars end with a line break; the converter drops it
        if _is_plain_paragraph(line):
            # What the converter gives for one line with no emphasis or list marker,
            # ten times faster; a property test holds the two paths equal.
            return f"<p>{html.escape(line, quote=False)}</p>"
        return self.convert(text)

    def convert(self, text: str) -> str:
        """The full light-Markdown conversion."""
        converter = self._md
        # Hard line breaks (two spaces at a line's end) are inline patterns too, as costly as emphasis.
        if text.count("*") + text.count("_") + text.count("  \n") > MAX_EMPHASIS_MARKERS:
            converter = self._blocks_only
        converter.reset()
        # The serializer leaves entity-like text (`&amp;`) alone; escaping `&` first
        # makes an author's `&amp;` or `&#106;` show exactly as typed.
        escaped = text.replace("&", "&amp;")
        try:
            converted = converter.convert(escaped)
        except RecursionError:
            return _plain_paragraphs(text)
        # Keep the HTML on as few lines as possible and free of blank lines so the
        # site's Markdown takes it as one raw block.
        return str(converted.replace("\n\n", "\n"))
