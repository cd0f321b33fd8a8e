"""The `bounded` marker's memory bound is real: in the test and in the processes it starts."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.bounded(30, 64)
def test_an_allocation_beyond_the_bound_fails_in_the_test() -> None:
    with pytest.raises(MemoryError):
        bytearray(512 * 2**20)


@pytest.mark.bounded(30, 64)
def test_a_started_process_inherits_the_bound() -> None:
    allocate = "import resource; bytearray(resource.getrlimit(resource.RLIMIT_AS)[0])"
    child = subprocess.run([sys.executable, "-c", allocate], capture_output=True, text=True, check=False)
    assert child.returncode != 0
    assert "MemoryError" in child.stderr


def test_the_bound_is_lifted_after_the_test() -> None:
    assert len(bytearray(512 * 2**20)) == 512 * 2**20
