"""Hostile card files through the CLI as a user runs it: no traceback, a documented exit code, clean output."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adversarial.cards import BASE_TEXT, EDGE_STRINGS, base_data, dump
from tests.conftest import HOSTILE_INPUT_BOUNDS, REPO

pytestmark = HOSTILE_INPUT_BOUNDS

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _hostile_files(folder: Path) -> list[Path]:
    rng = random.Random(12)
    raw = BASE_TEXT.encode("utf-8")
    hostile = base_data()
    hostile["model"]["description"] = "".join(EDGE_STRINGS[:12])
    hostile["training"]["hyperparameters"] = {"lr": 0.1, "note": "\x1b[2J\n/etc/passwd:1:1: fake"}
    nested: object = "deep"
    for _ in range(100):
        nested = {"value": nested}
    deep = {**base_data(), "extra": nested}
    files = {
        "truncated.card.yaml": raw[: len(raw) // 2],
        "random.card.yaml": bytes(rng.randrange(256) for _ in range(400)),
        "flipped.card.yaml": raw[:100] + b"\xff\xfe" + raw[102:],
        "hostile.card.yaml": dump(hostile, as_json=False),
        "hostile-json.card.json": dump(hostile, as_json=True),
        "deep.card.yaml": dump(deep, as_json=False),
        "nan.card.yaml": raw.replace(b"objective: cross-entropy", b"hyperparameters: {lr: .nan}"),
        "tag.card.yaml": b"model: !!python/object/apply:os.system ['true']\n",
        "empty.card.yaml": b"",
        "bom-only.card.yaml": b"\xef\xbb\xbf",
    }
    paths = []
    for name, content in files.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "cardgen", *args], cwd=cwd, env=env, capture_output=True, timeout=300, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "cards"],
        ["lint", "cards"],
        ["lint", "-f", "json", "cards"],
        ["lint", "-f", "sarif", "cards"],
        ["lint", "-f", "github", "cards"],
        ["render", "-f", "md", "-o", "out"],
    ],
)
def test_hostile_files_through_the_cli(tmp_path: Path, command: list[str]) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    paths = _hostile_files(cards)
    arguments = [*command, *(str(path.relative_to(tmp_path)) for path in paths)] if command[0] == "render" else command
    result = _run(*arguments, cwd=tmp_path)
    output = (result.stdout + result.stderr).decode("utf-8")
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert not RAW_CONTROL.search(output), output
    for name in ("truncated", "random", "flipped", "nan", "tag", "empty", "bom-only"):
        assert f"{name}.card.yaml:" in output
