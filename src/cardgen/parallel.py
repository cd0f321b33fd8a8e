"""Spread work on many cards over processes, with results in input order.

Lint, validate and render (and any later batch command) map one picklable
function over their inputs with :func:`parallel_map`: the same results in the
same order as a plain loop, so output and exit codes do not depend on ``--jobs``.
Processes, not threads, since the work is pure Python. The process pool is
imported only when it is used: one card never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNKS_PER_WORKER = 8
"""Items go to workers in chunks, about this many per worker: fewer round trips than one item each,
and small enough that a worker with slow cards does not hold up the others for long."""


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parallel_map(function: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> Iterator[R]:
    """``map(function, items)`` over up to ``jobs`` processes (None: :func:`default_jobs`), in input order.

    With one job or one item it runs here, in this process. ``function`` must be a module-level
    function, and items and results picklable; it should return problems as values rather than
    raise, so that one bad input does not stop the others.
    """
    workers = min(default_jobs() if jobs is None else jobs, len(items))
    if workers <= 1:
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts a worker in milliseconds with everything already imported; elsewhere the platform's default.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(function, items, chunksize=chunk)
