"""A card named twice, in whatever spelling, is one card: each finding once, each card counted once.

Naming a directory and a file inside it, or the same file as ``x`` and ``./x``, is common in hooks and
scripts; every command that takes directories must then see each card once, as if it had been named once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardgen.io.discover import card_files
from tests.conftest import EXAMPLES, run_cardgen

LINKED = ("bert-base-uncased.card.yaml", "bert-base-uncased-sst2.card.yaml", "incomplete.card.yaml")
"""A fine-tune whose base model's risks it does not all address (inherited-risk findings), and a card with
lint errors, so that every kind of finding is in the output."""


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    for name in LINKED:
        shutil.copyfile(EXAMPLES / name, folder / name)
    return folder


def again(folder: Path) -> list[str]:
    """The folder, then its cards again: by the same name, through ``.`` and through ``..``."""
    return ["cards", *(f"cards/{name}" for name in LINKED), f"./cards/{LINKED[1]}", f"cards/../cards/{LINKED[2]}"]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("lint", "--format", "json"), id="lint-json"),
        pytest.param(("lint",), id="lint-text"),
        pytest.param(("validate",), id="validate"),
        pytest.param(("graph", "--format", "json"), id="graph"),
    ],
)
def test_a_card_named_twice_is_reported_once(cards: Path, command: tuple[str, ...]) -> None:
    once = run_cardgen(*command, "cards", cwd=cards.parent)
    twice = run_cardgen(*command, *again(cards), cwd=cards.parent)
    assert "Traceback" not in twice.stderr
    assert (twice.returncode, twice.stdout, twice.stderr) == (once.returncode, once.stdout, once.stderr)


def test_the_inherited_risk_findings_are_each_once(cards: Path) -> None:
    """The fine-tune leaves two of its base model's risks unaddressed (legal, environmental): two findings,
    one per upstream risk, however often the cards are named."""
    result = run_cardgen("lint", *again(cards), cwd=cards.parent)
    inherited = [line for line in result.stdout.splitlines() if " CG610 " in line]
    assert len(inherited) == 2, inherited
    assert "(legal)" in inherited[0]
    assert "(environmental)" in inherited[1]
    assert f"in {len(LINKED)} cards" in result.stdout + result.stderr


def test_card_files_keep_the_first_spelling_of_each_file(cards: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cards.parent)
    assert card_files(again(cards)) == card_files(["cards"]) == [f"cards/{name}" for name in sorted(LINKED)]
    assert card_files(["missing.card.yaml", "./missing.card.yaml"]) == ["missing.card.yaml"]
