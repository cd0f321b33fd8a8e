"""Turn a card file into plain data plus a source map, refusing hostile input.

Parsing works on the YAML event stream (C-accelerated where ruamel.yaml.clib is
installed) instead of a round-trip load: events carry marks, so positions come
for free, and an explicit stack bounds depth and node count without recursion.
JSON files go through the same path, since JSON is YAML 1.2.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from cardgen.errors import DataPath, LoadError, Position


@dataclass(frozen=True)
class Limits:
    """Bounds on what the loader accepts, so that a card cannot exhaust memory or stack."""

    max_bytes: int = 4 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000


DEFAULT_LIMITS = Limits()


class Location(NamedTuple):
    """Where a value sits: its key (for mapping entries) and the value itself."""

    key: Position | None
    value: Position


NOWHERE = Position(0, 0)
"""The position of a value that is in no file: a card made or changed in code."""


@dataclass
class Document:
    """A parsed card file: the data, where each piece came from, and the text for comment scans."""

    path: str
    data: dict[str, Any]
    locations: dict[DataPath, Location] = field(default_factory=dict)
    text: str = ""

    def position(self, data_path: DataPath) -> Position:
        """The position of a value's key, or of the nearest ancestor that exists.

        A parsed file always has its root's; data that was never in a file has no
        locations, and every position in it is :data:`NOWHERE`.
        """
        for end in range(len(data_path), -1, -1):
            location = self.locations.get(tuple(data_path[:end]))
            if location is not None:
                return location.key or location.value
        return NOWHERE

    def value_position(self, data_path: DataPath) -> Position:
        """The position of the value itself, falling back like :meth:`position`."""
        location = self.locations.get(tuple(data_path))
        return location.value if location is not None else self.position(data_path)


_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    "+.inf": math.inf,
    "-.inf": -math.inf,
    ".nan": math.nan,
}
_CONSTANTS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


_MAY_RESOLVE = frozenset("0123456789+-.~nNtTfF")
"""First characters of every plain scalar that is not text; anything else is text at once."""


MAX_INT_DIGITS = 100
"""Longer integers are refused: no card needs them, and Python caps int() of long digit strings."""


def _bounded_int(digits: str, base: int) -> int:
    if len(digits.lstrip("+-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer longer than {MAX_INT_DIGITS} digits")
    return int(digits, base)


def resolve_plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema; dates stay text for pydantic."""
    if text and text[0] not in _MAY_RESOLVE:
        return text
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if _INT.match(text):
        return _bounded_int(text, 10)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return _bounded_int(text[2:], 8)
    if _HEX.match(text):
        return _bounded_int(text[2:], 16)
    lowered = text.lower()
    if lowered in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[lowered]
    return text


_EXPLICIT_TAGS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


def _events(text: str) -> Iterator[Any]:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on whether the C extension is installed
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


@dataclass
class _Frame:
    """An open mapping or sequence while the event stream is walked."""

    __slots__ = ("anchor", "container", "data_path", "key_lines", "nodes_before", "pending_key", "pending_key_position")

    container: dict[str, Any] | list[Any]
    data_path: DataPath
    anchor: str | None
    nodes_before: int
    pending_key: str | None
    pending_key_position: Position | None
    key_lines: dict[str, int]


class _Composer:
    """Builds plain data from events, with a source map, under the given limits.

    This loop runs for every value of every card a pre-commit hook sees, so each
    event's position is computed once and passed along.
    """

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.locations: dict[DataPath, Location] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.stack: list[_Frame] = []
        self.root: Any = None

    def fail(self, position: Position, message: str) -> LoadError:
        return LoadError(self.path, position, message)

    def count(self, position: Position, amount: int = 1) -> None:
        self.nodes += amount
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                position,
                f"the card expands to more than {self.limits.max_nodes} values (aliases included); "
                "a card this large is refused to protect the machine: remove repeated aliases",
            )

    def scalar(self, event: Any, position: Position) -> Any:
        tag = event.tag
        if tag is None:
            return event.value if event.style else self.plain_scalar(event.value, position)
        if tag in _EXPLICIT_TAGS:
            try:
                return _EXPLICIT_TAGS[tag](event.value)
            except ValueError:
                raise self.fail(position, f"'{event.value[:40]}' is not a valid {tag.rsplit(':', 1)[1]}") from None
        if tag not in _STR_TAGS and tag not in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"):
            raise self.fail(position, f"the YAML tag {tag} is not supported; remove it")
        if event.style or tag in ("!", "tag:yaml.org,2002:str"):
            return event.value
        return self.plain_scalar(event.value, position)

    def plain_scalar(self, text: str, position: Position) -> Any:
        try:
            return resolve_plain_scalar(text)
        except ValueError as error:
            raise self.fail(position, f"{error} is not accepted; write it as text in quotes if it is an id") from None

    def add(self, value: Any, position: Position, key_text: str | None) -> None:
        """Place a finished value into the open container (or make it the root).

        ``key_text`` is the scalar's source text, for when the value is a mapping key.
        """
        stack = self.stack
        if not stack:
            self.root = value
            self.locations[()] = Location(None, position)
            return
        frame = stack[-1]
        container = frame.container
        if isinstance(container, list):
            item_path = (*frame.data_path, len(container))
            self.locations[item_path] = Location(None, position)
            container.append(value)
            return
        key = frame.pending_key
        if key is None:
            self.set_key(frame, key_text, position)
            return
        key_path = (*frame.data_path, key)
        self.locations[key_path] = Location(frame.pending_key_position, position)
        container[key] = value
        frame.pending_key = None

    def set_key(self, frame: _Frame, text: str | None, position: Position) -> None:
        if text is None:
            raise self.fail(position, "a key must be plain text, not a mapping, list or alias")
        first = frame.key_lines.get(text)
        if first is not None:
            raise self.fail(
                position,
                f"duplicate key '{text}' (first defined on line {first}); "
                "keep one of them: YAML would silently drop the other",
            )
        frame.key_lines[text] = position.line
        frame.pending_key = text
        frame.pending_key_position = position

    def open(self, container: dict[str, Any] | list[Any], anchor: str | None, position: Position) -> None:
        if len(self.stack) >= self.limits.max_depth:
            raise self.fail(
                position,
                f"nesting is deeper than {self.limits.max_depth} levels; flatten the structure",
            )
        self.count(position)
        data_path: DataPath = ()
        if self.stack:
            parent = self.stack[-1]
            if isinstance(parent.container, list):
                data_path = (*parent.data_path, len(parent.container))
            elif parent.pending_key is None:
                raise self.fail(position, "a key must be plain text, not a mapping, list or alias")
            else:
                data_path = (*parent.data_path, parent.pending_key)
        self.stack.append(_Frame(container, data_path, anchor, self.nodes, None, None, {}))

    def close(self, start: Position) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before + 1)
        self.add(frame.container, start, None)

    def alias(self, anchor: str, position: Position) -> None:
        if anchor not in self.anchors:
            raise self.fail(position, f"alias *{anchor} refers to an anchor that is not defined before it")
        value, size = self.anchors[anchor]
        self.count(position, size)
        self.add(value, position, None)

    def run(self, text: str) -> Any:
        from ruamel.yaml.error import MarkedYAMLError
        from ruamel.yaml.reader import ReaderError

        starts: list[Position] = []
        documents = 0
        try:
            for event in _events(text):
                kind = type(event)
                mark = event.start_mark
                position = Position(mark.line + 1, mark.column + 1)
                if kind is ScalarEvent:
                    self.count(position)
                    value = self.scalar(event, position)
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                    self.add(value, position, event.value)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    if event.tag not in _COLLECTION_TAGS:
                        raise self.fail(position, f"the YAML tag {event.tag} is not supported; remove it")
                    self.open({} if kind is MappingStartEvent else [], event.anchor, position)
                    starts.append(position)
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    self.close(starts.pop())
                elif kind is AliasEvent:
                    self.alias(event.anchor, position)
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(position, "the file holds more than one YAML document; keep one card per file")
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
            problem = error.problem or error.context or "invalid YAML"
            raise self.fail(position, f"YAML syntax error: {problem}; fix the syntax at this point") from None
        except ReaderError as error:
            before = text[: error.position]
            position = Position(before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1)
            raise self.fail(
                position, f"the character U+{error.character:04X} is not allowed in YAML; remove it"
            ) from None
        return self.root


def _decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            path,
            Position(line, column),
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it with UTF-8 encoding",
        ) from None
    return text.removeprefix("\ufeff")


def _too_large(path: str, limits: Limits) -> LoadError:
    return LoadError(
        path, Position(1, 1), f"the file is larger than {limits.max_bytes} bytes; cards are refused above that size"
    )


def _compose(text: str, path: str, limits: Limits) -> Document:
    composer = _Composer(path, limits)
    root = composer.run(text)
    if root is None:
        raise LoadError(path, Position(1, 1), "the file is empty; a card needs at least `model: {name: ...}`")
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        raise LoadError(
            path,
            Position(1, 1),
            f"the top level must be a mapping of sections (model:, training:, ...), not {kind}",
        )
    return Document(path=path, data=root, locations=composer.locations, text=text)


def parse_text(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse card text into a :class:`Document`; raises :class:`LoadError` with a position."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise _too_large(path, limits)
    return _compose(text, path, limits)


def _read_regular_file(name: str, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file; a FIFO or device would block or never end, so it is refused."""
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file")
        return handle.read(limit)


def read_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse one card file, checking its size before reading it whole."""
    name = os.fspath(path)
    try:
        raw = _read_regular_file(name, limits.max_bytes + 1)
    except OSError as error:
        raise LoadError(name, Position(1, 1), f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > limits.max_bytes:
        raise _too_large(name, limits)
    return _compose(_decode(raw, name), name, limits)
