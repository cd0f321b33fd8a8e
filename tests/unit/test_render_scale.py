"""Rendering takes time linear in the card's size: many results, many keys, deep nesting, in every format.

Measured on the shared 2-core development machine while other work ran:
- results: HTML 13.6 s and Markdown 16 s for 10,000 results (1.9 s / 3 s for 2,000);
  PDF about 65 ms per result (27 s for 500, 64 s for 1,000, 132 s for 2,000);
- 1,000 hyperparameters: HTML and Markdown 0.2 s, PDF 11 s (2,000: 19 s);
- 60 levels of nested mappings: 0.1 s (HTML, Markdown), PDF 4 s.
Before: the PDF took over 5 minutes for 18 nested levels and about 2 minutes for 1,000 keys, and
charts were drawn (quadratically) even for Markdown.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from cardgen.renderer import render_to_bytes
from cardgen.schema.card import Card

SECONDS_PER_THOUSAND_RESULTS = 12.0
"""Bound for HTML and Markdown: at most this many seconds per 1,000 results (measured: under 2)."""
PDF_SECONDS_BOUND = 90.0
"""Bound for a PDF of 1,000 keys or 60 nested levels (measured: 11 s and 4 s)."""


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


def _timed(card: Card, format: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    output = render_to_bytes(card, format, findings=[])
    return time.perf_counter() - start, output


@pytest.mark.parametrize("format", ["html", "md"])
@pytest.mark.timeout(600)
def test_ten_thousand_results_render_in_linear_time(format: str) -> None:
    small, _ = _timed(_results(1_000), format)
    large, output = _timed(_results(10_000), format)
    assert output.count(b"slice-9999") >= 1
    assert output.count(b"slice-") >= 10_000
    assert large < 25 * max(small, 0.2), (small, large)  # linear: about 10 times; quadratic: 100 times
    assert large < SECONDS_PER_THOUSAND_RESULTS * 10, large


@pytest.mark.timeout(600)
def test_pdf_time_grows_linearly_with_the_results() -> None:
    small, _ = _timed(_results(50), "pdf")
    large, output = _timed(_results(200), "pdf")
    assert output.startswith(b"%PDF")
    assert large < 8 * small, (small, large)  # linear: under 4 times (fixed costs); quadratic: 16 times


@pytest.mark.parametrize("format", ["html", "md", "pdf"])
@pytest.mark.timeout(600)
def test_a_thousand_keys_and_deep_nesting_render_quickly(format: str) -> None:
    for card, marker in ((_keys(1_000), b"key-999"), (_nested(60), b"level-0")):
        seconds, output = _timed(card, format)
        assert seconds < (PDF_SECONDS_BOUND if format == "pdf" else 10), seconds
        if format != "pdf":
            assert marker in output.lower()
