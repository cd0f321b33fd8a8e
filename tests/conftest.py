"""Shared test helpers: where things are, and running the CLI as a user does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
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
