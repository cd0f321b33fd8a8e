"""Where a rendered page's time goes: CPU milliseconds per page of the whole page and of each phase.

    PYTHONPATH=src python benchmarks/render_phases.py [CARD] [--rounds 5] [--count 300]

Each line is the minimum over ``--rounds`` rounds of ``--count`` pages (the least disturbed round on a
shared machine). To compare two trees, run it with each tree's ``src`` on PYTHONPATH in turn, several
times. The phases do not add up to the page: a phase timed alone reuses memory the previous call just
freed, which the page, doing one phase after another, cannot.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import cardgen
from cardgen.renderer import gaps, html, linked
from cardgen.renderer.environment import render_template
from cardgen.renderer.view import build

TYPICAL_CARD = Path(__file__).resolve().parents[1] / "examples" / "gpt2.card.yaml"


def per_page(work: Callable[[], object], rounds: int, count: int) -> float:
    """CPU milliseconds per call of ``work``: the least of ``rounds`` rounds of ``count`` calls, after one."""
    work()
    least = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(count):
            work()
        least = min(least, (time.process_time() - start) / count)
    return least * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("card", nargs="?", default=str(TYPICAL_CARD))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=300)
    arguments = parser.parse_args()
    loaded = cardgen.read(arguments.card)
    card = loaded.card
    findings = gaps(loaded)
    view = build(card, findings)
    phases: dict[str, Callable[[], object]] = {
        "whole HTML page": lambda: cardgen.render_to_bytes(loaded, "html"),
        "whole Hub Markdown page": lambda: cardgen.render_to_bytes(loaded, "md"),
        "documentation gaps (the lint of the card)": lambda: gaps(loaded),
        "  of which the graph of linked cards": lambda: linked(loaded),
        "view, HTML": lambda: build(card, findings),
        "view, Markdown (no pictures)": lambda: build(card, findings, pictures=False),
        "HTML template on a built view": lambda: render_template(
            None,
            html.TEMPLATE,
            card=view,
            label=html.label,
            risk_label=html.risk_label,
            extras=card.extras,
            html_value=html.html_value,
            html_answer=html.html_answer,
            html_table=html.html_table,
        ),
    }
    for name, work in phases.items():
        print(f"{name:44} {per_page(work, arguments.rounds, arguments.count):7.3f} ms")


if __name__ == "__main__":
    main()
