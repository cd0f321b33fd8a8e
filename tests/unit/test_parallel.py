"""parallel_map: input order whatever finishes first, really in other processes, and inline for one job."""

from __future__ import annotations

import os
import threading
import time

from cardgen.parallel import default_jobs, parallel_map, shared_map


def _slow_for_small(number: int) -> tuple[int, int]:
    """Early items take longest, so out-of-order completion would show in the result."""
    time.sleep(0.002 * (20 - number % 20))
    return number * number, os.getpid()


def test_results_come_in_input_order_from_other_processes() -> None:
    results = list(parallel_map(_slow_for_small, list(range(60)), jobs=2))
    assert [square for square, _ in results] == [number * number for number in range(60)]
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers
    assert len(workers) == 2


def test_one_job_or_one_item_runs_in_this_process() -> None:
    for items, jobs in (([1, 2, 3], 1), ([4], 2)):
        results = list(parallel_map(_slow_for_small, items, jobs=jobs))
        assert results == [(number * number, os.getpid()) for number in items]


def test_no_items_and_the_default() -> None:
    assert list(parallel_map(_slow_for_small, [], jobs=None)) == []
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


def _locked_sum(shared: tuple[threading.Lock, list[int]], index: int) -> tuple[int, int]:
    lock, numbers = shared
    with lock:
        return numbers[index] * 2, os.getpid()


def test_shared_map_hands_the_shared_object_to_forked_workers_without_pickling_it() -> None:
    shared = (threading.Lock(), list(range(40)))  # a lock cannot be pickled: only inheritance gets it there
    results = list(shared_map(_locked_sum, shared, list(range(40)), jobs=2))
    assert [double for double, _ in results] == [number * 2 for number in range(40)]
    assert os.getpid() not in {pid for _, pid in results}
    assert list(shared_map(_locked_sum, shared, [3], jobs=1)) == [(6, os.getpid())]
