"""What a long build is doing and how far it has got: a bar per stage on a terminal, plain lines elsewhere.

The command line chooses how progress is shown (`reporting`); the steps that
take time (validating reviews, rendering, writing, MkDocs' pages, the search
index) open a `stage` and advance it. Worker processes report through the
parent, which is the only one that writes to the terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

import click

Mode = Literal["bar", "lines", "quiet"]
Advance = Callable[[int], None]

_mode: Mode = "quiet"  # the library is quiet unless the command line asks otherwise


def mode_for(quiet: bool) -> Mode:
    """Bars on a terminal, lines in logs and CI, nothing with --quiet."""
    if quiet:
        return "quiet"
    return "bar" if sys.stderr.isatty() else "lines"


@contextmanager
def reporting(mode: Mode) -> Iterator[None]:
    global _mode
    previous, _mode = _mode, mode
    try:
        yield
    finally:
        _mode = previous


@contextmanager
def stage(label: str, total: int | None = None) -> Iterator[Advance]:
    """One step of the build: yields `advance(n)`; says when it finished and how long it took."""
    if _mode == "quiet":
        yield lambda count: None
        return
    started = time.perf_counter()
    if _mode == "bar" and total:
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
            yield bar.update
        return
    click.echo(f"{label}…", err=True)
    yield lambda count: None
    done = f"{total:,} " if total is not None else ""
    click.echo(f"{label}: {done}done in {time.perf_counter() - started:.1f} s", err=True)
