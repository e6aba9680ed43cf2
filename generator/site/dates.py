"""Dates of the contract (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as calendar dates, and in words for readers.

Month names are written out here rather than by `strftime`, whose names follow
the machine's locale: the same content must give the same pages everywhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# Fixed English names: the site must read the same whatever the build machine's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def calendar_date(value: str) -> datetime.date:
    """`2026`, `2026-11` or `2026-11-24` as a date: a missing month or day counts as the first."""
    year, month, day = [*value.split("-"), "01", "01"][:3]
    return datetime.date(int(year), int(month), int(day))


def in_words(value: str | datetime.date) -> str:
    """`2026-11-24` -> `24 November 2026`; `2026-11` -> `November 2026`; `2026` -> `2026`."""
    if isinstance(value, datetime.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def iso(value: str | datetime.date) -> str:
    """The full `YYYY-MM-DD` form, for `<time datetime>` and feeds."""
    return (value if isinstance(value, datetime.date) else calendar_date(value)).isoformat()


@dataclass(frozen=True)
class BuildDate:
    """The date a build states: `SOURCE_DATE_EPOCH` when the builder gives it, else the newest content date.

    Never the clock: the same input gives the same pages.
    """

    date: datetime.date
    from_content: bool
