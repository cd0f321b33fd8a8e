"""Hostile output paths from the command line: links followed, FIFOs written, loops a message, never a traceback."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import HOSTILE_INPUT_BOUNDS, run_cardgen
from tests.unit.test_io_paths import CARD, fifo_reader, loop

pytestmark = HOSTILE_INPUT_BOUNDS


@pytest.mark.timeout(120)
def test_render_and_init_on_links_fifos_and_loops(tmp_path: Path) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text(CARD, encoding="utf-8")
    real = tmp_path / "real.md"
    (tmp_path / "link.md").symlink_to(real)
    result = run_cardgen("render", str(card), "-o", str(tmp_path / "link.md"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.md").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("---\n")

    with fifo_reader(tmp_path / "pipe.md") as received:
        result = run_cardgen("render", str(card), "-o", str(tmp_path / "pipe.md"))
    assert result.returncode == 0, result.stderr
    assert received[0].startswith(b"---\n")
    assert stat.S_ISFIFO((tmp_path / "pipe.md").lstat().st_mode)

    target = loop(tmp_path, "looped.md")
    result = run_cardgen("render", str(card), "-o", str(target))
    assert result.returncode == 2
    assert f"{target}: cannot write: a symlink loop" in result.stderr
    assert "Traceback" not in result.stderr

    result = run_cardgen("init", str(loop(tmp_path, "new.card.yaml")))
    assert result.returncode == 2
    assert "symlink loop" in result.stderr
    assert "Traceback" not in result.stderr

    looped_card = loop(tmp_path, "looped.card.yaml")
    for command in (["render", str(looped_card)], ["validate", str(looped_card)], ["lint", str(looped_card)]):
        result = run_cardgen(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert str(looped_card) in result.stderr
        assert "Traceback" not in result.stderr
