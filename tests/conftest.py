"""Shared test helpers: where things are, and running the CLI as a user does."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"

os.environ.setdefault("CARDGEN_CACHE_DIR", tempfile.mkdtemp(prefix="cardgen-test-cache-"))
"""Tests and the CLIs they start keep the validator cache out of the user's home."""


def example_cards() -> list[Path]:
    """Every example card shipped in examples/ (complete and incomplete), of every kind."""
    return sorted(EXAMPLES.glob("*.card.yaml"))


def example_model_cards() -> list[Path]:
    """The example model cards: what formats made for models only (Hub Markdown) are tested on."""
    return [path for path in example_cards() if not re.search(r"^kind: (?!model)", path.read_text(), re.MULTILINE)]


@pytest.fixture
def shared_data() -> Path:
    """The real-world inputs in ../shared/data; skips where a clone has none."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present in this checkout")
    return SHARED_DATA


def run_cardgen(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cardgen`` in a subprocess, as a user's shell would."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cardgen", *args],
        cwd=cwd or REPO,
        env=full_env,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=300,
    )


HOSTILE_INPUT_BOUNDS = pytest.mark.bounded(60, 1024)
"""Tests of hostile cards and paths: each within 60 processor seconds and 1 GiB of new memory."""


def _address_space() -> int:
    """This process's virtual memory now, in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def _processor_seconds() -> float:
    """Processor time of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture(autouse=True)
def _resource_bounds(request: pytest.FixtureRequest) -> Iterator[None]:
    """``@pytest.mark.bounded(seconds, megabytes)``: explicit time and memory bounds for hostile input.

    Memory: the address space may grow by at most ``megabytes`` during the test (a soft limit, restored
    after it), so an allocation beyond it fails with MemoryError here; the CLI processes the test starts
    inherit the limit, so a card that made them allocate without bound fails them too. Time: processor
    seconds of the test and its processes, which other work on a shared machine does not stretch.
    """
    marker = request.node.get_closest_marker("bounded")
    if marker is None:
        yield
        return
    seconds, megabytes = marker.args
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    start = _processor_seconds()
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    used = _processor_seconds() - start
    assert used <= seconds, f"took {used:.1f} s of processor time; the bound is {seconds} s"
