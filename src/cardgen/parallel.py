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
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

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


_shared: list[Any] = []
"""What :func:`shared_map`'s workers read: set before the pool forks them, so they inherit it."""


def _call_with_shared(task: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    function, item = task
    return function(_shared[-1], item)


def shared_map(
    function: Callable[[S, T], R], shared: S | None, items: Sequence[T], jobs: int | None = None
) -> Iterator[R]:
    """``function(shared, item)`` for each item, as :func:`parallel_map` does, where ``shared`` is large
    (the cards being linted, their graph) and is read by every item.

    Forked workers inherit ``shared`` instead of receiving a copy with each task; where processes are
    not forked they would not see it, so a ``shared`` that is not None runs in this process there.
    """
    if shared is not None and sys.platform != "linux":
        jobs = 1
    _shared.append(shared)
    try:
        yield from parallel_map(_call_with_shared, [(function, item) for item in items], jobs)
    finally:
        _shared.pop()
