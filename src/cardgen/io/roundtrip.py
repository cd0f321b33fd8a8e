"""Change YAML files in place while people keep editing them by hand.

A pipeline changes a few values; everything else in the file (comments, key
order, quoting, blank lines, indentation, line endings, anchors) must stay as the
author wrote it. The change is made on plain data (:attr:`RoundTripFile.data`),
then carried into the text value by value (:mod:`cardgen.io.splice`), so no line
the change did not touch is rewritten, and the new text is checked to read back
as exactly the changed data. What a card may contain, validation and the lock
are :mod:`cardgen.cards`' business; this module knows YAML text only.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from cardgen.errors import CardError, Position, Problem
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import DEFAULT_LIMITS, Document, Limits, parse_text, read_document
from cardgen.io.splice import dump, same, splice


def to_yaml(value: Any) -> Any:
    """Plain Python (or a card model) as the plain data a card holds: dicts, lists, text, numbers, booleans."""
    if isinstance(value, BaseModel):
        return to_yaml(value.model_dump(mode="json", exclude_none=True))
    if isinstance(value, Mapping):
        return {str(key): to_yaml(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_yaml(item) for item in value]
    if isinstance(value, enum.Enum):
        return to_yaml(value.value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "item"):  # numpy and torch scalars
        return to_yaml(value.item())
    raise TypeError(f"cannot write a {type(value).__name__} into a card; give text, a number, a list or a mapping")


def _unshared(value: Any) -> Any:
    """A copy in which no two places share a container (the loader shares one for an anchor and its aliases)."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


def _instant(text: str) -> datetime.datetime | None:
    """A date-time written as text (``Z`` or ``+00:00``, ``T`` or space), or None for anything else."""
    if not re.match(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", text):
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _same_scalar(old: Any, new: Any) -> bool:
    """Equal as card data, so the author's spelling of the value is kept."""
    if isinstance(old, (datetime.date, datetime.datetime)):
        old = old.isoformat()
    if isinstance(old, bool) != isinstance(new, bool) or isinstance(old, str) != isinstance(new, str):
        return False
    if isinstance(old, str) and old != new:
        instant = _instant(old)
        return instant is not None and instant == _instant(new)
    return bool(old == new)


def sync(container: Any, key: Any, new: Any, prune: bool) -> None:
    """Make ``container[key]`` equal ``new`` while leaving equal parts (and so their text) alone."""
    exists = key in container if isinstance(container, dict) else key < len(container)
    old = container[key] if exists else None
    if isinstance(old, dict) and isinstance(new, Mapping):
        for child_key, child in new.items():
            sync(old, str(child_key), child, prune)
        if prune:
            for stale in [k for k in old if k not in new and old[k] is not None]:
                del old[stale]
        return
    if isinstance(old, list) and isinstance(new, (list, tuple)):
        for index, item in enumerate(new):
            if index < len(old):
                sync(old, index, item, prune=True)
            else:
                old.append(to_yaml(item))
        del old[len(new) :]
        return
    if exists and not isinstance(old, (dict, list)) and _same_scalar(old, to_yaml(new)):
        return
    container[key] = to_yaml(new)


def new_text(data: Mapping[str, Any]) -> str:
    """YAML text for a new file, written the way updates write new values (two-space indents)."""
    return dump(to_yaml(data))


class RoundTripFile:
    """A YAML file opened for a change: plain :attr:`data` to change, :meth:`changed` and :meth:`write` after.

    A byte-order mark is put back on :meth:`write`; line endings are the file's own.
    """

    def __init__(self, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = os.fspath(path)
        self.limits = limits
        self.document = read_document(self.path, limits)
        """The file as the loader reads it: plain data and its source map."""
        with open(self.path, "rb") as handle:
            self._bom = handle.read(3) == b"\xef\xbb\xbf"
        self.original = self.document.text
        """The file's text as written (line endings included)."""
        self.data: dict[str, Any] = _unshared(self.document.data)
        """The data as the change will leave it."""
        self._json = self.path.lower().endswith(".json")

    def text(self) -> str:
        """The changed file text: the author's text with only the changed values replaced."""
        return splice(self.original, self.document.data, self.data, json=self._json)

    def changed(self) -> Document:
        """The changed text, parsed; it must read back as :attr:`data`, or nothing is written."""
        document = parse_text(self.text(), self.path, self.limits)
        if not same(document.data, self.data):
            message = (
                "cardgen could not carry this change into the text without changing other values, so the file "
                "was left as it was; please report this file to the cardgen project"
            )
            raise CardError([Problem(self.path, Position(1, 1), message)])
        return document

    def write(self, text: str) -> None:
        """Replace the file atomically with ``text`` (as :meth:`text` gives it); unchanged text is not rewritten."""
        if text != self.original:
            atomic_write(self.path, ("\ufeff" if self._bom else "") + text)
