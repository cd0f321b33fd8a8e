"""`--jobs N`: the same output, in the same order, the same files and the same exit code as one job, for every
batch command (lint, validate, render, site)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardgen.linter.profiles import PROFILE_NAMES
from tests.conftest import example_cards, run_cardgen

INVALID = "model:\n  name: m\n  licence: MIT\n"
"""Parses, but does not fit the schema (exit 1)."""

UNREADABLE: dict[str, bytes] = {
    "syntax.card.yaml": b"model:\n  name: [oops\n",
    "latin1.card.yaml": b"model:\n  name: \xff\xfe\n",
}
"""Cannot be parsed (exit 2); a path that does not exist is a third kind."""


def _cards(folder: Path, kinds: str) -> list[str]:
    """Cards in the order ``kinds`` spells: g(ood), i(nvalid), u(nreadable), m(issing)."""
    examples = example_cards()
    unreadable = list(UNREADABLE.items())
    paths = []
    for index, kind in enumerate(kinds):
        path = folder / f"{index:02d}-{kind}.card.yaml"
        if kind == "g":
            shutil.copyfile(examples[index % len(examples)], path)
        elif kind == "i":
            path.write_text(INVALID)
        elif kind == "u":
            path.write_bytes(unreadable[index % len(unreadable)][1])
        paths.append(path.name)
    return paths


MIXES = [
    pytest.param("gggggg", id="all-good"),
    pytest.param("gigggig", id="good-and-invalid"),
    pytest.param("gugimgiuggm", id="good-invalid-unreadable-missing"),
    pytest.param("umu", id="only-unreadable"),
]


def _same_with_one_and_two_jobs(folder: Path, *args: str) -> tuple[int, str]:
    one = run_cardgen(*args, "--jobs", "1", cwd=folder)
    two = run_cardgen(*args, "--jobs", "2", cwd=folder)
    assert "Traceback" not in one.stderr + two.stderr
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    return one.returncode, one.stdout + one.stderr


@pytest.mark.parametrize("kinds", MIXES)
def test_lint_is_the_same_with_two_jobs(tmp_path: Path, kinds: str) -> None:
    cards = _cards(tmp_path, kinds)
    code, output = _same_with_one_and_two_jobs(tmp_path, "lint", "--format", "json", *cards)
    examples = [path.name for path in example_cards()]
    copies = [examples[index % len(examples)] for index, kind in enumerate(kinds) if kind == "g"]
    has_errors = "i" in kinds or "incomplete.card.yaml" in copies  # the one example with lint errors
    assert code == (2 if {"u", "m"} & set(kinds) else 1 if has_errors else 0)
    for card in cards:
        assert card in output


def test_lint_text_output_is_the_same_with_two_jobs(tmp_path: Path) -> None:
    """The text format too: findings, problems and the summary and completeness table, in the same order."""
    kinds = "gugimgiuggm"
    cards = _cards(tmp_path, kinds)
    code, output = _same_with_one_and_two_jobs(tmp_path, "lint", "--format", "text", *cards)
    assert code == 2
    for card, kind in zip(cards, kinds, strict=True):
        if kind != "g":  # a card without findings is not named in the text format
            assert card in output


@pytest.mark.parametrize("kinds", MIXES)
def test_validate_is_the_same_with_two_jobs(tmp_path: Path, kinds: str) -> None:
    cards = _cards(tmp_path, kinds)
    code, output = _same_with_one_and_two_jobs(tmp_path, "validate", *cards)
    assert code == (2 if {"u", "m"} & set(kinds) else 1 if "i" in kinds else 0)
    good = kinds.count("g")
    invalid = kinds.count("i")
    assert f"{good} valid, {invalid} invalid, {len(kinds) - good - invalid} unreadable" in output


def _written_with_one_and_two_jobs(folder: Path, *args: str) -> tuple[int, str, dict[str, bytes]]:
    """Run a command that writes into ``out`` with one job, then two; the output, exit code and every file
    written must be the same. Returns the exit code, stdout and the files by their path under ``out``."""
    files = {}
    runs = {}
    for jobs in ("1", "2"):
        shutil.rmtree(folder / "out", ignore_errors=True)
        result = run_cardgen(*args, "-o", "out", "--jobs", jobs, cwd=folder)
        assert "Traceback" not in result.stderr
        runs[jobs] = (result.returncode, result.stdout, result.stderr)
        out = folder / "out"
        files[jobs] = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert runs["2"] == runs["1"]
    assert files["2"] == files["1"]
    code, stdout, _ = runs["1"]
    return code, stdout, files["1"]


def _good(cards: list[str], kinds: str) -> list[str]:
    """The stems of the good cards, in input order."""
    return [card.removesuffix(".card.yaml") for card, kind in zip(cards, kinds, strict=True) if kind == "g"]


@pytest.mark.parametrize("kinds", MIXES)
def test_render_is_the_same_with_two_jobs(tmp_path: Path, kinds: str) -> None:
    cards = _cards(tmp_path, kinds)
    code, stdout, pages = _written_with_one_and_two_jobs(tmp_path, "render", *cards)
    assert code == (2 if {"u", "m"} & set(kinds) else 1 if "i" in kinds else 0)
    written = _good(cards, kinds)
    assert stdout.split() == [f"out/{name}.html" for name in written]
    assert sorted(pages) == sorted(f"{name}.html" for name in written)


@pytest.mark.parametrize("kinds", MIXES)
def test_site_is_the_same_with_two_jobs(tmp_path: Path, kinds: str) -> None:
    """The site's card pages are rendered by the workers; the whole site must come out byte for byte the same."""
    cards = _cards(tmp_path, kinds)
    code, _, pages = _written_with_one_and_two_jobs(tmp_path, "site", *cards)
    assert code == (2 if {"u", "m"} & set(kinds) else 1 if "i" in kinds else 0)
    site = ["index.html", "graph.html", "overview.html"]
    assert sorted(pages) == sorted([*site, *(f"cards/{name}.html" for name in _good(cards, kinds))])


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_lint_with_every_profile_is_the_same_with_two_jobs(tmp_path: Path, profile: str) -> None:
    """Coverage profiles send their items back from the workers too (they once failed to pickle)."""
    cards = _cards(tmp_path, "gggggg")
    for output_format in ("json", "text"):
        _same_with_one_and_two_jobs(tmp_path, "lint", "--profile", profile, "--format", output_format, *cards)
