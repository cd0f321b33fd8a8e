"""Rendering takes time linear in the card's size: many results, many keys, deep nesting, in every format.

Measured on the shared 2-core development machine while other work ran:
- results: HTML 13.6 s and Markdown 16 s for 10,000 results (1.9 s / 3 s for 2,000);
  PDF 4.7 ms of processor time per result (47-48 s for 10,000, 98 s of wall time at a load of 5),
  down from 9 to 15 ms (about 65 ms of wall time under load) when every chart drew every result
  and the garbage collector re-scanned WeasyPrint's growing heap;
- 1,000 hyperparameters: HTML and Markdown 0.2 s, PDF 1.9 s of processor time;
- 61 levels of 17 keys (1,037 keys, as deep as the loader allows): HTML 0.05 s, Markdown 0.02 s,
  PDF 2.9 s of processor time; 60 levels of 2 keys: PDF 1.4 s.
Before: the PDF took over 5 minutes for 18 nested levels and about 2 minutes for 1,000 keys, and
charts were drawn (quadratically) even for Markdown."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cardgen.errors import LoadError
from cardgen.io.loader import DEFAULT_LIMITS, parse_text
from cardgen.renderer import render_to_bytes
from cardgen.schema.card import Card
from tests.conftest import REPO

SECONDS_PER_THOUSAND_RESULTS = 12.0
"""Bound for HTML and Markdown: at most this many processor seconds per 1,000 results (measured: 0.3)."""
PDF_SECONDS_BOUND = 45.0
"""Bound for a PDF of 1,000 keys or 61 nested levels (measured: 2 s and 3 s; 1,000 keys took 11 s before this change)."""
PDF_MS_PER_RESULT = 15.0
"""Bound for the PDF: processor milliseconds per result at 10,000 results (measured: 4.7)."""


def _card(data: dict[str, Any]) -> Card:
    return Card.model_validate({"model": {"name": "scale"}, **data})


def _results(count: int) -> Card:
    results = [
        {
            "task": f"task-{i % 5}",
            "dataset": {"name": f"set-{i % 50}", "split": "test"},
            "metric": f"metric-{i % 3}",
            "value": (i % 100) / 100,
            "slice": f"slice-{i}",
        }
        for i in range(count)
    ]
    return _card({"evaluation": {"results": results}})


def _keys(count: int) -> Card:
    return _card({"training": {"hyperparameters": {f"key-{i}": i for i in range(count)}}})


def _nested(depth: int) -> Card:
    value: Any = "leaf"
    for level in range(depth):
        value = {f"level-{level}": value, f"sibling-{level}": level}
    return _card({"training": {"hyperparameters": value}})


DEEPEST = 61
"""The most levels of hyperparameters the loader reads: with the 3 levels above them, its bound of 64."""
NESTED_WIDTH = 17
"""Keys per level of :func:`_nested_keys`: 16 values and the mapping of the next level."""


def _nested_keys(depth: int) -> Card:
    """Hyperparameters ``depth`` levels deep with :data:`NESTED_WIDTH` keys each, read through the loader.

    :data:`DEEPEST` levels (1,037 keys) under ``training.hyperparameters`` is as deep as the loader allows.
    """
    lines = ["model:\n  name: scale\ntraining:\n  hyperparameters:\n"]
    for level in range(depth):
        indent = "  " * (level + 2)
        lines += [f"{indent}key-{level}-{index}: {index}\n" for index in range(NESTED_WIDTH - 1)]
        lines.append(f"{indent}level-{level}:\n")
    lines.append("  " * (depth + 2) + "leaf: end\n")
    document = parse_text("".join(lines), "nested.card.yaml")
    return Card.model_validate(document.data)


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _cpu_timed(card: Card, format: str) -> tuple[float, bytes]:
    start = time.process_time()
    output = render_to_bytes(card, format, findings=[])
    return time.process_time() - start, output


PDF_MB_PER_RESULT = 0.4
"""Bound for the PDF's peak memory (resident set) per result at 10,000 results (measured: 1.8 GB in all,
most of it WeasyPrint's boxes and text layouts for 256 pages, held until the file is written)."""
MB_PER_THOUSAND_RESULTS = 50
"""Bound for the peak memory of HTML and Markdown per 1,000 results (measured: 120 MB in all at 10,000,
with the interpreter and the card)."""

_RENDER_IN_CHILD = """
import json, sys, time
from tests.unit.test_render_scale import _results
from cardgen.renderer import render_to_bytes
card = _results(int(sys.argv[1]))
start = time.process_time()
output = render_to_bytes(card, sys.argv[2], findings=[])
seconds = time.process_time() - start
open(sys.argv[3], "wb").write(output)
peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak": peak}))
"""


def _render_in_child(count: int, format: str, tmp_path: Path) -> tuple[float, float, bytes]:
    """Processor seconds, peak resident bytes and the output for ``count`` results, rendered in a fresh process.

    Processor time, not wall time: on a loaded shared machine wall time doubles while the work does not.
    The peak is the process's own high-water mark (VmHWM): ``ru_maxrss`` would count the test
    runner's memory, which Linux carries over into a child it starts.
    """
    target = tmp_path / f"{count}.{format}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_CHILD, str(count), format, str(target)],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(done.stdout)
    return figures["seconds"], figures["peak"], target.read_bytes()


@pytest.mark.parametrize("format", ["html", "md"])
@pytest.mark.timeout(600)
def test_ten_thousand_results_render_in_linear_time_and_memory(format: str, tmp_path: Path) -> None:
    small, _, _ = _render_in_child(1_000, format, tmp_path)
    large, peak, output = _render_in_child(10_000, format, tmp_path)
    assert output.count(b"slice-9999") >= 1
    assert output.count(b"slice-") >= 10_000
    assert large < 25 * max(small, 0.2), (small, large)  # linear: about 10 times; quadratic: 100 times
    assert large < SECONDS_PER_THOUSAND_RESULTS * 10, large
    assert peak < MB_PER_THOUSAND_RESULTS * 10 * 2**20, peak


@pytest.mark.timeout(900)
def test_a_pdf_of_ten_thousand_results_takes_linear_time_and_memory_and_keeps_every_result(tmp_path: Path) -> None:
    small, _, _ = _render_in_child(1_000, "pdf", tmp_path)
    large, peak, output = _render_in_child(10_000, "pdf", tmp_path)
    text = _pdf_text(output)
    assert {int(number) for number in re.findall(r"slice-(\d+)", text)} == set(range(10_000))  # every row
    assert "the first 30 of its 667 results; the table lists them all" in text
    # Linear: ten times the results take about ten times as long (less: fixed costs); quadratic: a hundred.
    assert large < 25 * small, (small, large)
    assert large < PDF_MS_PER_RESULT * 10_000 / 1000, large
    assert peak < PDF_MB_PER_RESULT * 10_000 * 2**20, peak


@pytest.mark.parametrize("format", ["html", "md", "pdf"])
@pytest.mark.timeout(600)
def test_a_thousand_keys_and_deep_nesting_render_quickly(format: str) -> None:
    for card, marker in ((_keys(1_000), b"key-999"), (_nested(60), b"level-0")):
        seconds, output = _cpu_timed(card, format)
        assert seconds < (PDF_SECONDS_BOUND if format == "pdf" else 10), seconds
        if format != "pdf":
            assert marker in output.lower()


@pytest.mark.parametrize("format", ["html", "md", "pdf"])
@pytest.mark.timeout(600)
def test_a_thousand_nested_keys_render_in_linear_time(format: str) -> None:
    with pytest.raises(LoadError, match=f"deeper than {DEFAULT_LIMITS.max_depth} levels"):
        _nested_keys(DEEPEST + 1)
    small, _ = _cpu_timed(_nested_keys(6), format)
    large, output = _cpu_timed(_nested_keys(DEEPEST), format)
    text = _pdf_text(output) if format == "pdf" else output.decode("utf-8")
    assert f"key-{DEEPEST - 1}-15" in text.lower()
    assert "leaf" in text.lower()
    # Ten times the keys and levels: about ten times the time; exponential in depth or quadratic: far more.
    assert large < 25 * max(small, 0.05), (small, large)
    assert large < (PDF_SECONDS_BOUND if format == "pdf" else 10), large
