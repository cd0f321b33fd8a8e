"""Which files are cards: the files named, and the card files below each directory named."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

CARD_PATTERNS: tuple[str, ...] = ("*.card.yaml", "*.card.yml", "*.card.json", "model_card.yaml", "model_card.yml")
"""The file names searched for when a directory is given; files named explicitly are always taken."""


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, and the card files below each directory, in a stable order."""
    found: list[str] = []
    for path in (os.fspath(each) for each in paths):
        if not os.path.isdir(path):
            found.append(path)
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
            found.extend(
                os.path.normpath(os.path.join(directory, name))
                for name in sorted(files)
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in CARD_PATTERNS)
            )
    return found
