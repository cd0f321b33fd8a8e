"""User templates stay inside their directory and inside bounds of time, steps, memory and output size."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from cardgen.cards import load
from cardgen.renderer import render_to_bytes
from cardgen.renderer.environment import BoundedSandbox, TemplateProblem
from cardgen.schema.card import Card
from tests.conftest import HOSTILE_INPUT_BOUNDS

pytestmark = HOSTILE_INPUT_BOUNDS

CARD = Card.model_validate({"model": {"name": "bounded"}})
TYPICAL = Path(__file__).resolve().parents[2] / "examples" / "gpt2.card.yaml"
MEMORY_BOUND_BYTES = 100 * 1024 * 1024
"""Peak Python allocation allowed while a hostile template is refused (the bombs ask for gigabytes)."""
SECONDS_BOUND = 25.0
"""Wall time allowed to refuse a hostile template: the step budget (2,000,000) takes a few seconds."""


def _template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "card.html.j2").write_text(body, encoding="utf-8")
    return folder


def _refused(folder: Path, match: str) -> None:
    with pytest.raises(TemplateProblem, match=match):
        render_to_bytes(CARD, "html", findings=[], template_dir=folder)


def test_include_through_a_symlink_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    folder = _template(tmp_path, '{% include "leak.txt" %}')
    (folder / "leak.txt").symlink_to(secret)
    _refused(folder, "leads outside the template directory")
    (folder / "card.html.j2").write_text('{% include "../secret.txt" %}', encoding="utf-8")
    _refused(folder, "secret.txt")
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)
    (folder / "card.html.j2").write_text('{% include "sub/secret.txt" %}', encoding="utf-8")
    _refused(folder, "leads outside the template directory")


def test_links_inside_the_directory_still_work(tmp_path: Path) -> None:
    folder = _template(tmp_path, '<p>{% include "part.txt" %}</p>')
    (folder / "real-part.txt").write_text("inside", encoding="utf-8")
    (folder / "part.txt").symlink_to(folder / "real-part.txt")
    assert render_to_bytes(CARD, "html", findings=[], template_dir=folder) == b"<p>inside</p>"


@pytest.mark.timeout(20)
def test_a_fifo_template_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = _template(tmp_path, '{% include "pipe" %}')
    os.mkfifo(folder / "pipe")
    _refused(folder, "not a regular file")


BOMBS = [
    '{{ "x".ljust(2**31) }}',
    '{{ "x".rjust(2**31) }}',
    '{{ "x".center(2**31) }}',
    '{{ "x".zfill(2**31) }}',
    '{{ "\t".expandtabs(2**31) }}',
    '{{ ("x" * 1000).replace("x", "y" * 100000) }}',
    '{{ ("x" * 1000).replace("", "y" * 100000) }}',
    '{{ "{:>2147483647}".format("x") }}',
    '{{ "{:>{w}}".format("x", w=2**31) }}',
    '{{ "%2147483647s" % "x" }}',
    '{{ "%*s" % (2**31, "x") }}',
    '{{ "%2147483647s"|format("x") }}',
    '{{ "x"|center(2**31) }}',
    '{{ "x"|indent(2**31, true) }}',
    '{{ ("x" * 9000000) ~ ("x" * 9000000) }}',
    '{{ ("x" * 9000000) + ("x" * 9000000) }}',
    '{{ ",".join(["x" * 1000] * 20000) }}',
    '{{ (["x" * 1000] * 20000)|join(",") }}',
    '{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
    '{% set ns = namespace(s=["x"]) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}',
    '{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}',
    '{% set big %}{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}{% endset %}{{ big|length }}',
]


@pytest.mark.parametrize("body", BOMBS)
@pytest.mark.timeout(60)
def test_string_growth_is_refused_before_it_allocates(tmp_path: Path, body: str) -> None:
    folder = _template(tmp_path, body)
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(
            TemplateProblem, match=r"card\.html\.j2:\d+:1: template error: .*too large|longer than|more than"
        ):
            render_to_bytes(CARD, "html", findings=[], template_dir=folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < SECONDS_BOUND
    assert peak < MEMORY_BOUND_BYTES, peak


RUNAWAYS = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% set k = i + j %}{% endfor %}{% endfor %}",
    "{% macro m(n) %}{% for i in range(100) %}{{ m(n + 1) if n < 3 else '' }}{% endfor %}{% endmacro %}"
    "{% for i in range(100000) %}{{ m(0) }}{% endfor %}",
]


@pytest.mark.parametrize("body", RUNAWAYS)
@pytest.mark.timeout(60)
def test_nested_loops_stop_at_the_step_budget_or_the_time_limit(tmp_path: Path, body: str) -> None:
    folder = _template(tmp_path, body)
    start = time.monotonic()
    _refused(folder, "loop iterations or macro calls|ran for more than")
    assert time.monotonic() - start < SECONDS_BOUND


def test_the_time_limit_stops_a_slow_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BoundedSandbox, "TIME_LIMIT_SECONDS", 0.5)
    monkeypatch.setattr(BoundedSandbox, "MAX_STEPS", 10**12)
    folder = _template(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    _refused(folder, r"ran for more than 0\.5 s")
    assert time.monotonic() - start < 5


def test_ordinary_templates_are_unaffected(tmp_path: Path) -> None:
    folder = _template(
        tmp_path,
        '{{ "%5.1f" % 3.14159 }}|{{ "{:>6}".format("x") }}|{{ "ab".center(6) }}|{{ ("a" * 3).replace("a", "bb") }}|'
        '{{ ["a", "b"]|join(",") }}|{{ "x"|center(5) }}|{% for i in range(3) %}{{ i }}{% endfor %}',
    )
    html = render_to_bytes(CARD, "html", findings=[], template_dir=folder).decode("utf-8")
    assert html == "  3.1|     x|  ab  |bbbbbb|a,b|  x  |012"


@pytest.mark.parametrize("format", ["html", "md"])
def test_the_output_budget_counts_every_character_of_cardgen_s_own_pages(
    format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values, answers and tables are written by Python helpers the default templates call; what they
    return is counted where the template writes it, so the output budget bounds the whole page."""
    card = load(TYPICAL)
    page = render_to_bytes(card, format, findings=[]).decode("utf-8")
    monkeypatch.setattr(BoundedSandbox, "MAX_OUTPUT", len(page) - 1)
    with pytest.raises(TemplateProblem, match="wrote more than"):
        render_to_bytes(card, format, findings=[])
