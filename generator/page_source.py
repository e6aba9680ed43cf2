"""Where in a hand-written page's source a value that a browser reads (an address, a tag) was written.

Python-Markdown keeps no source positions, so the value is searched for: in
the page's text with character references decoded (`&#104;ttps:` is found as
`https:` and reported where `&#104;` starts), from where the previous value
was found, since a page is rendered in order, and then from the start of the
page's Markdown.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable

_CHARACTER_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_SHORTEST = 4  # shorter text would be found by chance


class PageSource:
    """A page's text, searched for value after value; `start` is where its Markdown starts (after front matter)."""

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        parts: list[str] = []
        self.origins: list[int] = []  # for each character of `decoded`, where it is in `text`
        last = 0
        for match in _CHARACTER_REFERENCE.finditer(text):
            decoded = html.unescape(match.group())
            parts += [text[last : match.start()], decoded]
            self.origins += [*range(last, match.start()), *[match.start()] * len(decoded)]
            last = match.end()
        parts.append(text[last:])
        self.origins += [*range(last, len(text)), len(text)]
        self.decoded = "".join(parts)
        self.home = self.cursor = bisect_left(self.origins, start)

    def _search(self, pattern: re.Pattern[str]) -> int | None:
        for begin in (self.cursor, self.home):
            found = pattern.search(self.decoded, begin)
            if found is not None:
                self.cursor = found.start() + 1
                return self.origins[found.start()]
        return None

    def locate(self, texts: Iterable[str], tags: Iterable[str] = ()) -> tuple[int, int]:
        """The line and column of the first of `texts` found (exactly), else of the first of `tags` (in any case),
        else of the start of the page's Markdown."""
        patterns = [re.compile(re.escape(text)) for text in texts if len(text) >= _SHORTEST]
        patterns += [re.compile(re.escape(tag), re.IGNORECASE) for tag in tags]
        offset = next((found for pattern in patterns if (found := self._search(pattern)) is not None), None)
        offset = self.origins[self.home] if offset is None else offset
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1
