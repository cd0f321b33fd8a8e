"""Writes land in regular files only: symlinks are followed (and locked as their real file), FIFOs and
character devices are written directly, loops and other non-regular targets are clear errors.

Never run against /dev/null itself: every case is built in a temporary directory.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cardgen.cards import edit, load, lock_for, locked, save, update
from cardgen.errors import CardError
from cardgen.io.atomic import atomic_write, real_path
from cardgen.record import record_training
from cardgen.renderer import render

CARD = "model:\n  name: linked   # a comment that must survive\n"


@contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """A FIFO at ``path`` with a reader draining it, so a writer never blocks."""
    os.mkfifo(path)
    received: list[bytes] = []

    def drain() -> None:
        with open(path, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    yield received
    reader.join(timeout=10)
    assert not reader.is_alive(), "the writer never closed the FIFO"


def loop(tmp_path: Path, name: str = "loop") -> Path:
    first, second = tmp_path / name, tmp_path / f"{name}-back"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def test_a_symlinked_target_is_resolved_and_its_real_file_written(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "created.html")
    atomic_write(dangling, "made")
    assert dangling.is_symlink()
    assert (tmp_path / "created.html").read_text() == "made"


@pytest.mark.timeout(20)
def test_a_fifo_target_is_written_directly_and_stays_a_fifo(tmp_path: Path) -> None:
    pipe = tmp_path / "out.html"
    with fifo_reader(pipe) as received:
        atomic_write(pipe, "<p>through the pipe</p>")
    assert received == [b"<p>through the pipe</p>"]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["out.html"]


@pytest.mark.timeout(20)
def test_a_symlink_to_a_fifo_is_written_through(tmp_path: Path) -> None:
    pipe, link = tmp_path / "pipe", tmp_path / "stdout"
    link.symlink_to(pipe)
    with fifo_reader(pipe) as received:
        atomic_write(link, b"bytes")
    assert received == [b"bytes"]
    assert link.is_symlink()


def test_a_symlink_loop_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    target = loop(tmp_path)
    for write in (lambda: atomic_write(target, "x"), lambda: real_path(target), lambda: lock_for(target)):
        with pytest.raises(OSError, match="symlink loop") as caught:
            write()
        assert caught.value.errno == errno.ELOOP
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["loop", "loop-back"]


def test_directories_and_sockets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="directory"):
        atomic_write(tmp_path, "x")
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(OSError, match="not a regular file"):
            atomic_write(path, "x")
    finally:
        server.close()
    assert stat.S_ISSOCK(path.lstat().st_mode)


@pytest.fixture
def linked_card(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "cards" / "real.card.yaml"
    real.parent.mkdir()
    real.write_text(CARD, encoding="utf-8")
    link = tmp_path / "link.card.yaml"
    link.symlink_to(real)
    return real, link


def test_updates_through_a_symlinked_card_update_the_real_card(linked_card: tuple[Path, Path]) -> None:
    real, link = linked_card
    update(link, {"model": {"version": "2"}})
    with edit(link) as editor:
        editor.set("model.license", "mit")
    card = load(link)
    card.model.description = "saved"
    save(card, link)
    with record_training(link, rank=0):
        pass
    assert link.is_symlink()
    text = real.read_text(encoding="utf-8")
    assert "# a comment that must survive" in text
    data = load(real)
    assert (data.model.version, data.model.license, data.model.description) == ("2", "mit", "saved")
    assert sorted(path.name for path in real.parent.iterdir()) == ["real.card.yaml", "real.card.yaml.lock"]


def test_a_card_and_its_symlink_share_one_lock(linked_card: tuple[Path, Path]) -> None:
    real, link = linked_card
    assert lock_for(link).lock_file == lock_for(real).lock_file == f"{real}.lock"

    def write_through_the_link() -> None:
        with edit(link, lock_timeout=0.2) as editor:
            editor.set("model.version", "never")

    with locked(real), pytest.raises(CardError, match=r"real\.card\.yaml\.lock"):
        write_through_the_link()
    assert "never" not in real.read_text(encoding="utf-8")


@pytest.mark.timeout(60)
def test_render_follows_links_writes_fifos_and_reports_loops(tmp_path: Path) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text(CARD, encoding="utf-8")
    real = tmp_path / "page.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    render(card, link)
    assert link.is_symlink()
    assert real.read_text().startswith("<!DOCTYPE html>")
    with fifo_reader(tmp_path / "out.md") as received:
        render(card, tmp_path / "out.md")
    assert received[0].startswith(b"---\n")
    with pytest.raises(OSError, match="symlink loop"):
        render(card, loop(tmp_path, "page.md"))
