"""Share independent, CPU-bound steps between processes: validating reviews, rendering and building pages.

Each step maps a function over positions 0..count-1. Worker processes are
forked, so they inherit everything the parent set up (content, corpus,
templates, the MkDocs configuration) without pickling it; only results travel
back. Results come back in position order, so the output never depends on the
number of workers. Where fork is unavailable, or one CPU or few items make a
pool not worth starting, the same function runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

from generator import progress

Result = TypeVar("Result")

MIN_ITEMS_PER_WORKER = 50
"""Below this, starting a process costs more than it saves."""

_job: Callable[[int], Any] | None = None
_count = 0
_forced: tuple[int, int] | None = None  # (workers, minimum items per worker) set by `sharing`


def worker_count() -> int:
    """Processes to use: the CPUs this process may run on, at most 4 (beyond that, writing files dominates)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if _forced is not None:
        return _forced[0]
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4))


@contextmanager
def sharing(workers: int, min_items_per_worker: int = 1) -> Iterator[None]:
    """Share every step between `workers` processes, however few the items: for tests and benchmarks."""
    global _forced
    previous, _forced = _forced, (workers, min_items_per_worker)
    try:
        yield
    finally:
        _forced = previous


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool: one message, no worker tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_chunk(chunk: range) -> tuple[range, list[Any]]:
    gc.enable()  # the parent may have paused collection (see `collection_paused`); a worker makes its own garbage
    assert _job is not None
    return chunk, [_job(position) for position in chunk]


CHUNKS_PER_WORKER = 16
"""Work is handed out in this many pieces per worker: enough to balance the load and to show progress."""


def fork_map(
    function: Callable[[int], Result], count: int, workers: int | None = None, label: str | None = None
) -> list[Result]:
    """`[function(i) for i in range(count)]`, shared between forked processes when that pays.

    With a `label`, the work is a stage of the build's progress (see `progress.py`).
    """
    global _job, _count
    min_items = _forced[1] if _forced is not None else MIN_ITEMS_PER_WORKER
    workers = min(workers or worker_count(), count // min_items)
    with progress.stage(label, count) if label else nullcontext(lambda done: None) as advance:
        results: list[Any] = []
        if workers <= 1:
            for position in range(count):
                results.append(function(position))
                advance(1)
            return results
        _job, _count = function, count
        size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
        chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
        results = [None] * count
        # Objects made before the fork are never freed by a worker: frozen, the collector
        # stops walking them (the corpus, the content, MkDocs' pages) and stops touching
        # their memory, which would copy every page of it into each worker.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
                for chunk, chunk_results in pool.imap_unordered(_run_chunk, chunks):
                    results[chunk.start : chunk.stop] = chunk_results
                    advance(len(chunk))
        finally:
            gc.unfreeze()
            _job, _count = None, 0
        return results


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one batch step, as batch compilers do.

    Loading 2,000 reviews makes millions of long-lived objects, and each full
    collection walks all of them again: a second of a 2,000-review build went on
    collections that freed almost nothing. Reference counting still frees
    everything else, and collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
