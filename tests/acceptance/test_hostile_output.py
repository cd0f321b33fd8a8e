"""Card text and file names cannot drive the terminal or break an output format.

Control characters written as escapes in quoted strings (``"\\e[2J"``), C1 controls
(U+009B is a one-character CSI on some terminals) and file names that are not UTF-8
reach every message as visible escapes, in every command and every lint format.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cardgen.errors import Position, Problem, shown
from tests.conftest import HOSTILE_INPUT_BOUNDS, REPO

pytestmark = HOSTILE_INPUT_BOUNDS

HOSTILE = "\x1b[2J\u009b31m\x07\n/etc/passwd:1:1: fake"
"""Clears the screen, sets a colour, rings the bell and fakes a ``path:line:col:`` line."""

RAW_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than the line breaks an output needs."""

ODD_NAME = b"card-\xff\x1b[2J.card.yaml"
"""A file name that is not UTF-8 and holds an escape sequence."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok", "ok"),
        ("\x1b[2J\x07", "\\x1b[2J\\x07"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x7f\u0085\u009b", "\\x7f\\x85\\x9b"),
        (os.fsdecode(b"caf\xe9"), "caf\\xe9"),
        ("\ud800", "\\ud800"),
        ("é 😀 \u2028", "é 😀 \u2028"),
    ],
)
def test_shown_escapes_control_characters_and_undecodable_bytes(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_a_problem_prints_on_one_line_with_its_text_escaped() -> None:
    problem = Problem(os.fsdecode(ODD_NAME), Position(2, 3), f"'{HOSTILE}' is not allowed")
    printed = str(problem)
    assert printed == "card-\\xff\\x1b[2J.card.yaml:2:3: '\\x1b[2J\\x9b31m\\x07\\n/etc/passwd:1:1: fake' is not allowed"
    assert not RAW_CONTROL.search(printed)


def _cardgen(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "cardgen", *args], cwd=cwd, env=env, capture_output=True, timeout=300, check=False
    )


def _hostile_cards(folder: Path) -> None:
    """A card whose value quotes hostile text in a schema error, under a name that is not UTF-8."""
    text = f'schema_version: "{HOSTILE.encode("unicode_escape").decode()}"\nmodel: {{name: demo}}\n'
    (folder / "plain.card.yaml").write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), ODD_NAME), "w", encoding="utf-8") as handle:
        handle.write(text)
    # A parse problem that quotes card text: a duplicate key written with an escape.
    (folder / "dup.card.yaml").write_text('model: {name: demo}\n"k\\e[2J": 1\n"k\\e[2J": 2\n', encoding="utf-8")


def _assert_clean(result: subprocess.CompletedProcess[bytes]) -> str:
    output = (result.stdout + result.stderr).decode("utf-8")  # raises if the output is not UTF-8
    assert "Traceback" not in output
    assert not RAW_CONTROL.search(output), output
    return output


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_lint_every_format_escapes_card_text_and_odd_file_names(tmp_path: Path, output_format: str) -> None:
    _hostile_cards(tmp_path)
    result = _cardgen("lint", "-f", output_format, ".", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    output = _assert_clean(result)
    assert "\\x1b[2J" in output
    assert "\\xff" in output or "%FF" in output
    if output_format == "sarif":
        log = json.loads(result.stdout)
        uris = [
            location["physicalLocation"]["artifactLocation"]["uri"]
            for entry in log["runs"][0]["results"]
            for location in entry["locations"]
        ]
        assert "card-%FF%1B%5B2J.card.yaml" in uris
    if output_format == "json":
        data = json.loads(result.stdout)
        assert "card-\\xff\\x1b[2J.card.yaml" in {finding["path"] for finding in data["findings"]}


@pytest.mark.parametrize("command", [["validate"], ["render", "-f", "md"]])
def test_validate_and_render_escape_card_text_and_odd_file_names(tmp_path: Path, command: list[str]) -> None:
    _hostile_cards(tmp_path)
    result = _cardgen(*command, "plain.card.yaml", ODD_NAME, "dup.card.yaml", cwd=tmp_path)
    assert result.returncode == 2
    output = _assert_clean(result)
    assert "plain.card.yaml:1:1: '\\x1b[2J\\x9b31m\\x07\\n/etc/passwd:1:1: fake'" in output
    assert "card-\\xff\\x1b[2J.card.yaml:1:1:" in output
    assert "dup.card.yaml:3:1: duplicate key 'k\\x1b[2J'" in output


def test_usage_errors_escape_the_file_names_they_quote(tmp_path: Path) -> None:
    result = _cardgen("render", "a\x1b[2J.card.yaml", "-o", "x\x1b[2J.txt", cwd=tmp_path)
    assert result.returncode == 2
    output = _assert_clean(result)
    assert "x\\x1b[2J.txt" in output
