"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

Paths come from users and cards from many hands, so a write goes where the user
meant: a symlink is followed and the real file replaced (the link stays a link),
a FIFO or character device (``/dev/stdout``, ``/dev/null``) is written to as a
shell redirection would, and anything else that is not a regular file is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def _loop(path: str | os.PathLike[str]) -> OSError:
    return OSError(
        errno.ELOOP, "a symlink loop: the link leads back to itself; fix or remove the link", os.fspath(path)
    )


def _mode(path: str | os.PathLike[str]) -> int | None:
    """The mode of what ``path`` leads to (symlinks followed), None when nothing is there yet."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _loop(path) from None
        raise


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` lands in, symlinks resolved; a symlink loop raises OSError(ELOOP).

    Writers and the card lock both use it, so a card reached through a link and
    through its real path is one file under one lock.
    """
    exists = _mode(path) is not None
    try:
        return Path(os.path.realpath(path, strict=exists))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _loop(path) from None
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, then rename.

    An interrupted run (crash, Ctrl-C, full disk) leaves the previous file, or no file,
    but never a truncated one. Text is written as UTF-8 with the newlines given. An
    existing file keeps its permission bits; a new one gets the usual umask-based mode.
    A symlink is followed; a FIFO or character device is written directly (it cannot
    be half-written: it holds no previous content); a directory, socket or block
    device is refused with an OSError.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode(path)
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            with open(path, "wb") as stream:
                stream.write(payload)
            return
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "it is a directory; name a file", os.fspath(path))
        raise OSError(errno.EINVAL, "not a regular file, FIFO or terminal; refusing to replace it", os.fspath(path))
    target = real_path(path)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _mode_for(target: Path) -> int:
    """The existing file's mode, or what a plain ``open(path, "w")`` would have given."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
