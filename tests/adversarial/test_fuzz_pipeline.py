"""Fuzzing load -> validate -> lint -> render with valid, mutated and broken cards.

The only exceptions allowed out of the library are its documented ones (CardError and
its subclasses: LoadError, CardValidationError, template and layout problems); every
message they carry prints on one line with control characters escaped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.cards import read, validate
from cardgen.errors import CardError, CardValidationError, LoadError
from cardgen.linter.reporters import REPORTERS, reporter
from cardgen.linter.run import lint_files
from cardgen.renderer import render_to_bytes
from tests.adversarial.cards import base_data, broken_bytes, dump, hostile_valid_cards, mutated_cards
from tests.adversarial.conftest import ADVERSARIAL
from tests.conftest import HOSTILE_INPUT_BOUNDS

pytestmark = HOSTILE_INPUT_BOUNDS

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _printable(messages: list[str]) -> None:
    for message in messages:
        assert not RAW_CONTROL.search(message), message
        assert "\n" not in message, message


def run_pipeline(path: Path, formats: tuple[str, ...] = ("html", "md")) -> str:
    """Every stage a user can reach with this file; returns how far the card got."""
    results = lint_files([path])
    _printable([str(problem) for problem in results.problems])
    for name in REPORTERS.names():
        import io

        stream = io.StringIO()
        reporter(name)(results, stream)
        assert not RAW_CONTROL.search(stream.getvalue())
        stream.getvalue().encode("utf-8")  # valid UTF-8: no lone surrogates reach a report
    try:
        problems = validate(path)
        _printable([str(problem) for problem in problems])
        card = read(path)  # as the CLI does: the card and the file it came from
    except LoadError as error:
        _printable([str(problem) for problem in error.problems])
        return "unreadable"
    except CardValidationError as error:
        _printable([str(problem) for problem in error.problems])
        return "invalid"
    for name in formats:
        try:
            output = render_to_bytes(card, name)
        except CardError as error:
            _printable([str(problem) for problem in error.problems])
            return "refused"
        if name == "html":
            assert b"<script>alert(1)" not in output
        if name != "pdf":
            output.decode("utf-8")
    return "rendered"


def _write(tmp_path: Path, raw: bytes, suffix: str) -> Path:
    path = tmp_path / f"fuzz.card.{suffix}"
    path.write_bytes(raw)
    return path


def test_the_base_card_renders(tmp_path: Path) -> None:
    """The fuzzing starts from a card that goes all the way, so mutations test every stage."""
    assert run_pipeline(_write(tmp_path, dump(base_data(), as_json=False), "yaml")) == "rendered"
    assert run_pipeline(_write(tmp_path, dump(base_data(), as_json=True), "json")) == "rendered"


def test_mutated_cards_never_crash(tmp_path: Path) -> None:
    """Wrong types, missing and unknown keys, hostile text, deep nesting, as YAML and as JSON."""
    outcomes: list[str] = []

    @ADVERSARIAL
    @given(card=mutated_cards(), as_json=st.booleans())
    def check(card: dict[str, Any], as_json: bool) -> None:
        outcomes.append(run_pipeline(_write(tmp_path, dump(card, as_json), "json" if as_json else "yaml")))

    check()
    # The mutations reach every stage, not only the loader.
    assert {"unreadable", "invalid", "rendered"} <= set(outcomes), outcomes


def test_hostile_text_in_valid_cards_never_crashes(tmp_path: Path) -> None:
    """Control characters, bidi overrides, markup and template syntax in fields that take text."""
    outcomes: list[str] = []

    @ADVERSARIAL
    @given(card=hostile_valid_cards(), as_json=st.booleans())
    def check(card: dict[str, Any], as_json: bool) -> None:
        outcomes.append(run_pipeline(_write(tmp_path, dump(card, as_json), "json" if as_json else "yaml")))

    check()
    assert outcomes.count("rendered") >= len(outcomes) // 3, outcomes


def test_broken_bytes_never_crash(tmp_path: Path) -> None:
    """Truncated files, random bytes spliced in or flipped, and random bytes alone."""
    outcomes: list[str] = []

    @ADVERSARIAL
    @given(raw=broken_bytes(), suffix=st.sampled_from(["yaml", "json"]))
    def check(raw: bytes, suffix: str) -> None:
        outcomes.append(run_pipeline(_write(tmp_path, raw, suffix)))

    check()
    assert "unreadable" in outcomes, outcomes


def test_pdf_on_a_sample_of_hostile_cards(tmp_path: Path) -> None:
    """WeasyPrint takes seconds per card, so the PDF stage sees a small sample."""
    outcomes: list[str] = []

    @settings(ADVERSARIAL, max_examples=3)
    @given(card=hostile_valid_cards())
    def check(card: dict[str, Any]) -> None:
        outcomes.append(run_pipeline(_write(tmp_path, dump(card, as_json=False), "yaml"), formats=("pdf",)))

    check()
    assert "rendered" in outcomes, outcomes
