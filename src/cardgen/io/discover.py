"""Which files a command works on: files as given, and the card files below each directory.

One function for every command that takes directories (``lint``, ``validate``), so
they agree on what a card file is.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

CARD_PATTERNS: tuple[str, ...] = ("*.card.yaml", "*.card.yml", "*.card.json", "model_card.yaml", "model_card.yml")
"""The file names searched for when a directory is given; files named explicitly are always used."""


def path_key(path: str) -> str:
    """One key per file however it was named: absolute and normalised."""
    return os.path.normcase(os.path.abspath(path))


def card_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, and the card files below each directory (hidden directories skipped), in a stable order.

    A file met again (named twice, or named and inside a directory also given) is kept once, where it
    was first met: a card checked twice would report every finding twice and be counted twice.
    """
    found: dict[str, str] = {}
    for path in (os.fspath(each) for each in paths):
        if not os.path.isdir(path):
            found.setdefault(path_key(path), path)
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
            for name in sorted(files):
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in CARD_PATTERNS):
                    file = os.path.normpath(os.path.join(directory, name))
                    found.setdefault(path_key(file), file)
    return list(found.values())
