"""How much of a briefing two printed A4 pages hold, and the steps by which a briefing is shortened to fit.

A review's briefing shows every lesson title; what gives way when space runs
short is the rest: first the gists beside the lesson titles, then the length of
each recommendation in short, then how many recommendations each agency type
shows, and last the length of the background and the number of questions.
`SHORTENINGS` lists the steps, most generous first. Lengths are counted in lines
of one print column (`PrintMeasure`), the unit of the print stylesheet. At the
last step about 120 lesson titles fit; a review with more keeps them all and
runs past two pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Shortening:
    """One step of abbreviation, in printed lines: how long lessons and recommendations may run, how many show."""

    lesson_lines: int  # lines a lesson's title and gist may take together; 0: titles only
    recommendation_lines: int  # lines of a recommendation in short; 0: only how many each agency type has
    per_agency: int | None = None  # recommendations shown per agency type; None: all
    background: int | None = None  # characters of the background; None: all of it
    questions: int | None = None  # questions shown; None: all


SHORTENINGS = (
    Shortening(lesson_lines=4, recommendation_lines=3),
    Shortening(lesson_lines=3, recommendation_lines=3),
    Shortening(lesson_lines=3, recommendation_lines=2),
    Shortening(lesson_lines=2, recommendation_lines=2),
    Shortening(lesson_lines=0, recommendation_lines=2),
    Shortening(lesson_lines=0, recommendation_lines=1),
    Shortening(lesson_lines=0, recommendation_lines=1, per_agency=3),
    Shortening(lesson_lines=0, recommendation_lines=1, per_agency=1, background=700, questions=4),
    Shortening(lesson_lines=0, recommendation_lines=0, per_agency=0, background=500, questions=3),
)
"""Most generous first. Lesson titles are never dropped from a review's briefing."""
THEME_LESSON_LINES = (4, 3, 2)
"""A theme briefing shows gists only if every lesson fits with them; else titles, as many as fit."""


@dataclass(frozen=True)
class PrintMeasure:
    """The printed briefing measured in lines of one column of body text (print.css: 9pt, two columns).

    Set against Chromium's A4 print of the bundled briefings forced to every step of `SHORTENINGS`
    (45 briefings): the estimate came between 1% below and 10% above the lines used, and two pages
    held up to about 266 of their 272 lines (the rest is lost at the foot of columns, where a list
    item or a heading would not fit). The budget keeps a further margin for fonts other than
    Arial's measures; the browser tests print the briefings and count their pages. A change to the
    briefing's print layout needs the same measurement again.
    """

    chars_per_line: float = 60.0  # at most, of 9pt Arial in a 90 mm column
    wrap_loss: float = 4.0  # characters a wrapped line leaves empty on average: the word that went on
    lines_per_column: float = 68.0  # 9pt at line height 1.25 down a 272 mm page
    list_size: float = 8.5 / 9  # lesson and recommendation lists are set in 8.5pt
    columns: int = 2
    pages: int = 2
    margin: float = 0.07  # kept free: 253 of 272 lines are planned

    @property
    def budget(self) -> float:
        return self.columns * self.pages * self.lines_per_column * (1 - self.margin)

    def _full(self, indent: float, size: float) -> float:
        return self.chars_per_line / size - indent

    def text(self, chars: int, indent: float = 0.0, size: float = 1.0) -> float:
        """Body lines taken by `chars` characters of running text, `indent` characters in, at `size` of 9pt.

        Every line but the last loses `wrap_loss` characters to wrapping: n lines hold n * (full - loss) + loss.
        """
        full = self._full(indent, size)
        return max(1, math.ceil((chars - self.wrap_loss) / (full - self.wrap_loss))) * size

    def chars_in(self, lines: int, indent: float = 0.0, size: float = 1.0) -> int:
        """Characters of running text that fit in `lines` lines of text at `size`."""
        return int(lines * (self._full(indent, size) - self.wrap_loss) + self.wrap_loss) if lines else 0

    def list_item(self, chars: int) -> float:
        return self.text(chars, LIST_INDENT, self.list_size) + ITEM_GAP

    def list_chars(self, lines: int) -> int:
        return self.chars_in(lines, LIST_INDENT, self.list_size)


# Fixed parts of a printed briefing, in column lines (headings with their space above and below).
HEAD_LINES = 2 * 4.5  # the print line, title and subtitle span both columns
SECTION_LINES = 2.2  # a section heading
GROUP_LINES = 1.4  # a theme, agency or review heading in a list
PARAGRAPH_GAP = 0.4
ITEM_GAP = 0.1
LIST_INDENT = 3.0  # characters
QR_LINES = 8.0  # the QR code and the address beside it
WHERE_LINES = 8.0  # "Where to find more", without the QR code
