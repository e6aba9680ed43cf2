"""Text cut short without being rewritten: the rule behind a briefing's gists and recommendations in short.

The rule: take the text as plain text (light Markdown's emphasis marks and list
markers removed, white space run together); take its first sentence, which ends
at the first `.`, `!` or `?` (with any closing quote or bracket) that is followed
by white space and then anything but a lower-case letter; if that is longer than
the room there is, cut it at the last space that fits and end it with `…`.
Nothing is ever added but the ellipsis.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.site.text import LightMarkdown

ELLIPSIS = "…"
# A sentence ends at ., ! or ? (and any closing quotes or brackets) followed by white space and
# then something other than a lower-case letter, so "e.g. the" and "3.1.5" do not end one.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*(?=\\s+[^a-z\\s])")


# Text with none of these, and no line that may start a list, is plain text already.
_MARKDOWN_OR_HTML = frozenset("*_&<>\\`")
_LIST_START = re.compile(r"^\s*(?:\d+\.|[-+*])", re.MULTILINE)


def plain_text(light_markdown: LightMarkdown, text: str) -> str:
    """A light-Markdown field as one line of plain text: emphasis marks and list markers gone."""
    if _MARKDOWN_OR_HTML.isdisjoint(text) and not _LIST_START.search(text):
        return " ".join(text.split())  # what the conversion gives, without converting
    return Markup(light_markdown(text)).striptags()


def first_sentence(text: str) -> str:
    """The first sentence of plain text: up to the first sentence end (`_SENTENCE_END`), or all of it."""
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def shortened(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its whole words that fit with `…` after them."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - 1, 1)]
    if not text[len(head)].isspace() and " " in head:
        head = head[: head.rindex(" ")]  # drop the word the cut went through
    return head.rstrip(" ,;:-\u2013\u2014") + ELLIPSIS
