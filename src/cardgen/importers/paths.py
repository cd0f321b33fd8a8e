"""Field paths in other formats' JSON, so an importer can keep what it does not map and an exporter put it back.

A path is written ``model_details.version.diff`` or ``model_parameters.data[0].graphics``.
An importer marks the paths it used; every other leaf of the source is kept verbatim
under ``extras.metadata.<format>`` by its path, and named in the report.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from cardgen.errors import DataPath, LoadError, Position
from cardgen.io.loader import Location, parse_value, read_text

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def steps(path: str) -> list[str | int]:
    """``a.b[0].c`` -> ["a", "b", 0, "c"]."""
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def joined(parts: DataPath) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class JsonSource:
    """A JSON file read with positions, and the paths an importer has used."""

    def __init__(self, path: str) -> None:
        self.path = path
        text = read_text(path)
        try:
            self.data: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise LoadError(path, Position(error.lineno, error.colno), f"not valid JSON: {error.msg}") from None
        except RecursionError:
            raise LoadError(path, Position(1, 1), "the JSON is nested too deeply to read") from None
        self.locations: Mapping[DataPath, Location] = {}
        # Positions for messages come from the YAML event parser; valid JSON it cannot read (escaped
        # surrogate pairs) leaves messages pointing at the file's start.
        with contextlib.suppress(LoadError):
            self.locations = parse_value(text, path)[1]
        self.used: set[str] = set()

    def fail(self, where: DataPath, message: str) -> LoadError:
        location: Location | None = self.locations.get(where)
        return LoadError(self.path, (location.key or location.value) if location else Position(1, 1), message)

    def get(self, *where: str | int) -> Any:
        """The value at a path, or None; a text or number read this way counts as used."""
        node = self.peek(*where)
        if node is not None and not isinstance(node, (dict, list)):
            self.used.add(joined(where))
        return node

    def peek(self, *where: str | int) -> Any:
        """The value at a path, or None, without counting it as used."""
        node = self.data
        for step in where:
            if isinstance(step, int):
                node = node[step] if isinstance(node, list) and step < len(node) else None
            else:
                node = node.get(step) if isinstance(node, dict) else None
        return node

    def use(self, *where: str | int) -> None:
        """Count a whole mapping or list as used."""
        self.used.add(joined(where))

    def leftovers(self) -> Iterator[tuple[str, Any]]:
        """Every part of the source no importer step used, as (path, value), largest pieces first."""
        yield from unused(self.data, (), self.used)


def unused(node: Any, where: DataPath, used: set[str]) -> Iterator[tuple[str, Any]]:
    """The parts of ``node`` (at ``where``) not under a used path, as (path, value), largest pieces first."""
    path = joined(where)
    if path in used:
        return
    below = [item for item in used if item.startswith((f"{path}.", f"{path}[")) or not path]
    if not below:
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from unused(value, (*where, key), used)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from unused(value, (*where, index), used)


def put(document: dict[str, Any], path: str, value: Any) -> bool:
    """Set ``value`` at ``path`` in ``document``, creating mappings and lists on the way; an existing value wins.
    False when the document's shape has no room for the path (a mapping where it needs a list, or the reverse)."""
    parts = steps(path)
    node: Any = document
    for step, following in zip(parts, [*parts[1:], None], strict=True):
        empty: Any = [] if isinstance(following, int) else {}
        if not _fits(node, step):
            return False
        if following is None:
            if isinstance(step, int):
                while len(node) <= step:
                    node.append(None)
                node[step] = value if node[step] is None else node[step]
            else:
                node.setdefault(step, value)
            return True
        if isinstance(step, int):
            while len(node) <= step:
                node.append(None)
            if node[step] is None:
                node[step] = empty
            node = node[step]
        else:
            node = node.setdefault(step, empty)
    return True


def _fits(node: Any, step: str | int) -> bool:
    """Whether ``node`` is the container ``step`` indexes: a list for a number, a mapping for a key."""
    return isinstance(node, list) if isinstance(step, int) else isinstance(node, dict)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Card data as {path: value} down to single values; ``{value, explanation}`` and empty
    collections count as single values, so :func:`put` rebuilds exactly the same data."""
    if isinstance(data, dict) and data and not _explained(data):
        found: dict[str, Any] = {}
        for key, value in data.items():
            found.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return found
    if isinstance(data, list) and data:
        found = {}
        for index, value in enumerate(data):
            found.update(flatten(value, f"{prefix}[{index}]"))
        return found
    return {prefix: data}


def merge(base: Any, extra: Any) -> Any:
    """``base`` with what ``extra`` adds where ``base`` has nothing (mappings by key, lists by position)."""
    if isinstance(base, dict) and isinstance(extra, dict) and not _explained(base):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return [merge(item, extra[index]) if index < len(extra) else item for index, item in enumerate(base)] + extra[
            len(base) :
        ]
    return base


def _explained(data: dict[str, Any]) -> bool:
    """``{value, explanation}``: one answer, never merged into or split up."""
    return "explanation" in data and set(data) <= {"value", "explanation"}


def iso_date(text: str) -> bool:
    """Only YYYY-MM-DD becomes a date: sources also hold 08/28/2020, which is kept as written."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
