"""Every exception of the project, and the exit code the command line gives for each.

`ContentError` is one finding about one place in one file; `ContentErrors`
carries all of them at once. The command line (`cli.py`) is the one place that
turns a `BriefingsError` into messages and an exit code: 1 for content and
build errors, 2 for usage and configuration errors.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

FieldPath = tuple[str | int, ...]

MAX_SHOWN_PER_FILE = 50
"""Errors listed for one file; the rest are counted on one closing line ("and N more")."""


def format_field_path(field_path: FieldPath) -> str:
    """`("lessons", 2, "title")` -> `lessons[2].title`, the way editors read YAML."""
    text = ""
    for part in field_path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


def one_line(text: str) -> str:
    """`text` with every character that is not printable written as Python writes it in `repr`.

    Line breaks (including the ones only `str.splitlines` sees: U+0085, U+2028, U+001C-U+001E),
    tabs, terminal escapes and other control or format characters become `\\n`, `\\x1b`,
    `\\u2028`: text quoted from content can never split an error line or start a forged one.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in a content file, reported as `path:line:col: field.path: message`.

    The line is always one line: path, field and message are shown with control
    characters escaped (see `one_line`), since they may quote what a file holds.
    """

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}:{self.column}: {one_line(self.field)}: {one_line(self.message)}"


def first_shown(places: Sequence[tuple[int, int, str]]) -> set[int]:
    """Which of one file's errors, given as (line, column, field), a report lists: the first by place.

    Only these are worth the cost of a "did you mean" hint: a list of 99,000 wrong
    ids must not spend seconds on hints that are never shown.
    """
    if len(places) <= MAX_SHOWN_PER_FILE:
        return set(range(len(places)))
    return set(heapq.nsmallest(MAX_SHOWN_PER_FILE, range(len(places)), key=places.__getitem__))


def _listed(errors: list[ContentError]) -> list[str]:
    """The lines of sorted errors, at most `MAX_SHOWN_PER_FILE` a file, each file's rest counted on one line."""
    lines = []
    for path, group in itertools.groupby(errors, key=lambda error: error.path):
        in_file = list(group)
        lines += [str(error) for error in in_file[:MAX_SHOWN_PER_FILE]]
        if len(in_file) > MAX_SHOWN_PER_FILE:
            more = f"and {len(in_file) - MAX_SHOWN_PER_FILE:,} more error(s) in this file"
            lines.append(f"{one_line(path)}: {more}; correct the ones above and run again")
    return lines


EXIT_CONTENT_OR_BUILD_ERROR = 1
EXIT_USAGE_ERROR = 2


class BriefingsError(Exception):
    """A failure reported to the user as a message and an exit code, never as a traceback."""

    exit_code = EXIT_CONTENT_OR_BUILD_ERROR

    def messages(self) -> list[str]:
        """The lines to print, most specific first; a value with a line break never splits one."""
        return [one_line(str(self))]


class ContentErrors(BriefingsError):
    """Raised with every error found, so that callers report them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} content error(s)")
        # Sorted by a key, not by the dataclass's comparison: ten times faster for a file of 100,000 errors.
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.column, e.field, e.message))

    def messages(self) -> list[str]:
        return [*_listed(self.errors), f"{len(self.errors):,} error(s) found; nothing was built."]


class AnonymityFindings(ContentErrors):
    """Text that could identify a person, found by the anonymity gate (`briefings check`, a public build)."""

    def messages(self) -> list[str]:
        return [
            *_listed(self.errors),
            f"{len(self.errors):,} anonymity finding(s); nothing was published. Remove or reword each one; "
            "if the board has checked a phrase and allows it, list it under `anonymity: checked:` in its review file "
            "(a deny-listed name cannot be allowed).",
        ]


class BuildFailed(BriefingsError):
    """MkDocs could not build the site (a strict-mode warning, a broken link in a hand-written page)."""


class UsageError(BriefingsError):
    """The command was given something it cannot use: an option, `mkdocs.yml`, a folder."""

    exit_code = EXIT_USAGE_ERROR

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []

    def messages(self) -> list[str]:
        return [one_line(line) for line in (*self.details, str(self))]


class UnsafeDocsFolder(UsageError):
    """The docs folder holds files the generator did not write; it will not touch them."""


class UnknownPage(ValueError):
    """A generated page linked to a page the generator does not write: a bug in a template, never in content."""
