"""Turn a card file into plain data plus a source map, refusing hostile input.

Parsing works on the YAML event stream (C-accelerated where ruamel.yaml.clib is
installed) instead of a round-trip load: events carry marks, so positions come
for free, and an explicit stack bounds depth and node count without recursion.
The C parser predates YAML 1.2: where it refuses a document, a YAML 1.2 parser
(:mod:`cardgen.io.yaml12`) decides before a syntax error is reported, and checks
of the 1.2 rules the C parser does not enforce run on both paths. ``.json`` files
are parsed as JSON (:mod:`cardgen.io.jsonevents`), which YAML is not quite: JSON
escapes surrogate pairs, YAML refuses them.
"""

from __future__ import annotations

import bisect
import errno
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
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
    max_fallback_chars: int = 256 * 1024
    """Longer texts that the C parser refuses are not re-read by the pure-Python YAML 1.2 parser (about
    5 s per MB here, 5x the C path): the C parser's error is reported. Cards are tens of kilobytes."""


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
_SPECIAL_FLOATS = frozenset({".inf", "+.inf", "-.inf", ".nan"})
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
        raise ValueError(
            f"an integer longer than {MAX_INT_DIGITS} digits is not accepted; write it as text in quotes if it is an id"
        )
    return int(digits, base)


def _finite(text: str) -> float:
    number = math.inf if text.lower() in _SPECIAL_FLOATS else float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is not finite; cards hold finite numbers only, so write one")
    return number


def _resolve_int(text: str) -> int | None:
    """The integer a scalar spells in the core schema (decimal, 0o octal, 0x hex), or None."""
    if _INT.match(text):
        return _bounded_int(text, 10)
    if _OCT.match(text):
        return _bounded_int(text[2:], 8)
    if _HEX.match(text):
        return _bounded_int(text[2:], 16)
    return None


def resolve_plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema; dates stay text for pydantic.

    Raises ValueError for what a card may not hold: over-long integers and numbers that are not finite.
    """
    if text and text[0] not in _MAY_RESOLVE:
        return text
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    integer = _resolve_int(text)
    if integer is not None:
        return integer
    if _FLOAT.match(text) or text.lower() in _SPECIAL_FLOATS:
        return _finite(text)
    return text


def _tagged_int(text: str) -> int:
    """``!!int``: the same forms and the same digit cap as an untagged integer."""
    integer = _resolve_int(text.strip())
    if integer is None:
        raise ValueError(f"'{text[:40]}' is not a valid int")
    return integer


def _tagged_float(text: str) -> float:
    stripped = text.strip()
    if not (_FLOAT.match(stripped) or _INT.match(stripped) or stripped.lower() in _SPECIAL_FLOATS):
        raise ValueError(f"'{text[:40]}' is not a valid float")
    return _finite(stripped)


_EXPLICIT_TAGS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": _tagged_int,
    "tag:yaml.org,2002:float": _tagged_float,
}


def _c_events(text: str) -> Iterator[Any]:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on whether the C extension is installed
        from cardgen.io import yaml12

        yield from yaml12.events(text)
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

    __slots__ = (
        "anchor",
        "block_column",
        "container",
        "data_path",
        "flow",
        "key_lines",
        "nodes_before",
        "pending_key",
        "pending_key_position",
        "start",
        "start_index",
    )

    container: dict[str, Any] | list[Any]
    data_path: DataPath
    anchor: str | None
    nodes_before: int
    pending_key: str | None
    pending_key_position: Position | None
    key_lines: dict[str, int]
    start: Position
    start_index: int
    flow: bool
    block_column: int
    """The column (0-based) of the innermost block collection this one is in; lines it spans must go past it."""


_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK = re.compile(r"\r\n|\r|\n")


_LINE = re.compile(r"[^\r\n]*")


def text_lines(text: str) -> list[str]:
    """The lines of a card's text as YAML 1.2 and the loader's positions count them: broken at CR, LF and
    CRLF only (``str.splitlines`` also breaks at U+2028, U+2029, U+0085 and more, shifting line numbers)."""
    lines = _BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def _later_lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Each line that begins after a line break within ``text[start:end]``, with its offset (lazily)."""
    for match in _BREAK.finditer(text, start, end):
        line = _LINE.match(text, match.end(), end)
        yield match.end(), line.group() if line else ""


class _Lines:
    """Positions from character offsets, with YAML 1.2's line breaks only (CR, LF, CRLF).

    libyaml also breaks lines at U+0085, U+2028 and U+2029 (YAML 1.1); a text holding
    them gets its positions from here instead of from the parser's marks.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return Position(line + 1, index - self.starts[line] + 1)


class _Composer:
    """Builds plain data from events, with a source map, under the given limits.

    This loop runs for every value of every card a pre-commit hook sees, so each
    event's position is computed once and passed along.
    """

    def __init__(self, path: str, limits: Limits, text: str) -> None:
        self.path = path
        self.limits = limits
        self.text = text
        self.lines: _Lines | None = _Lines(text) if _ODD_BREAKS.search(text) else None
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
            except ValueError as error:
                raise self.fail(position, str(error)) from None
        if tag not in _STR_TAGS and tag not in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"):
            raise self.fail(position, f"the YAML tag {tag} is not supported; remove it")
        if event.style or tag in ("!", "tag:yaml.org,2002:str"):
            return event.value
        return self.plain_scalar(event.value, position)

    def plain_scalar(self, text: str, position: Position) -> Any:
        try:
            return resolve_plain_scalar(text)
        except ValueError as error:
            raise self.fail(position, str(error)) from None

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

    def open(self, event: Any, container: dict[str, Any] | list[Any], position: Position) -> None:
        if len(self.stack) >= self.limits.max_depth:
            raise self.fail(
                position,
                f"nesting is deeper than {self.limits.max_depth} levels; flatten the structure",
            )
        self.count(position)
        data_path: DataPath = ()
        block_column = -1
        in_flow = False
        if self.stack:
            parent = self.stack[-1]
            block_column = parent.block_column
            in_flow = parent.flow
            if isinstance(parent.container, list):
                data_path = (*parent.data_path, len(parent.container))
            elif parent.pending_key is None:
                raise self.fail(position, "a key must be plain text, not a mapping, list or alias")
            else:
                data_path = (*parent.data_path, parent.pending_key)
        flow = bool(event.flow_style)
        if not flow:
            block_column = event.start_mark.column
        index = event.start_mark.index if flow and not in_flow else -1
        self.stack.append(
            _Frame(container, data_path, event.anchor, self.nodes, None, None, {}, position, index, flow, block_column)
        )

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.start_index >= 0:
            # The outermost flow collection in block context: check the lines it spans.
            self.check_continuation(frame.start_index, event.end_mark.index, frame.block_column, comments=True)
            self.check_comment_gap(event.end_mark.index)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before + 1)
        self.add(frame.container, frame.start, None)

    def alias(self, anchor: str, position: Position) -> None:
        if anchor not in self.anchors:
            raise self.fail(position, f"alias *{anchor} refers to an anchor that is not defined before it")
        value, size = self.anchors[anchor]
        self.count(position, size)
        self.add(value, position, None)

    def refuse_merge_key(self, position: Position) -> None:
        """``<<`` merge keys are YAML 1.1, not 1.2: read literally they would hide the merged keys, so refuse."""
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.pending_key is None:
            raise self.fail(
                position,
                "merge keys ('<<') are not part of YAML 1.2 and cardgen does not expand them; "
                "write the keys out (or quote '<<' if it is meant as a key)",
            )

    def position_at(self, index: int) -> Position:
        if self.lines is None:
            self.lines = _Lines(self.text)
        return self.lines.position(index)

    def check_continuation(self, start: int, end: int, column: int, comments: bool) -> None:
        """YAML 1.2: each further line of a multi-line flow node is indented past its block, with spaces.

        libyaml accepts such lines at any indentation (``key: "a\\nb"`` with ``b`` in column 1, or a tab).
        """
        if column < 0:
            return
        for offset, line in _later_lines(self.text, start, end):
            spaces = len(line) - len(line.lstrip(" "))
            content = line[spaces:].lstrip(" \t")
            # Tolerated: comment lines, and a closing bracket at the block's own indentation
            # (`key: [` ... `]`), a common style every YAML library accepts.
            closing = comments and content[:1] in ("]", "}") and spaces == column
            if content and spaces <= column and not (comments and content.startswith("#")) and not closing:
                raise self.fail(
                    self.position_at(offset + spaces),
                    "this line continues a value but is not indented past the enclosing block "
                    "(tabs do not count as indentation); indent it with spaces",
                )

    def check_multiline_scalar(self, start: int, end: int) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and not frame.flow:  # inside a flow collection, the collection's check covers it
            self.check_continuation(start, end, frame.block_column, comments=False)

    def check_comment_gap(self, end: int) -> None:
        """YAML 1.2: a comment is separated from what precedes it by white space."""
        if self.text[end : end + 1] == "#":
            raise self.fail(self.position_at(end), "a comment needs a space before its '#'; add one")

    def check_block_scalar(self, start: int) -> None:
        """A block scalar's header (``|``, ``>-``, ``|2+``) ends at a space or line break, never at '#';
        a tab may not stand in the indentation of its blank lines (libyaml and ruamel accept both)."""
        text = self.text
        index = start
        if text[index : index + 1] in ("|", ">"):
            index += 1
            while text[index : index + 1] in ("+", "-") or text[index : index + 1].isdigit():
                index += 1
            self.check_comment_gap(index)
        column = self.stack[-1].block_column if self.stack else -1
        if column < 0:
            return
        # The parser's end mark stops before trailing blank lines, so walk on to the next less-indented line.
        for offset, line in _later_lines(text, start, len(text)):
            spaces = len(line) - len(line.lstrip(" "))
            rest = line[spaces:]
            if spaces <= column and rest.startswith("\t") and not rest.strip():
                raise self.fail(
                    self.position_at(offset + spaces), "a tab cannot indent a block scalar's line; use spaces"
                )
            if spaces <= column and rest.strip():
                return

    def walk(self, events: Iterable[Any]) -> Any:
        """Compose the document; raises LoadError for what a card may not be, MarkedYAMLError for bad YAML."""
        documents = 0
        lines = self.lines
        for event in events:
            kind = type(event)
            mark = event.start_mark
            position = lines.position(mark.index) if lines else Position(mark.line + 1, mark.column + 1)
            if kind is ScalarEvent:
                self.count(position)
                style = event.style
                end = event.end_mark
                if style in {"|", ">"}:
                    self.check_block_scalar(mark.index)
                else:
                    if style:
                        self.check_comment_gap(end.index)
                        if style == '"' and _SURROGATE.search(event.value):
                            raise self.fail(
                                position,
                                "a \\u escape names half of a surrogate pair (U+D800-U+DFFF) without the other; "
                                "write the character itself or an 8-digit \\U escape",
                            )
                    elif event.value == "<<":
                        self.refuse_merge_key(position)
                    if end.line != mark.line:
                        self.check_multiline_scalar(mark.index, end.index)
                value = self.scalar(event, position)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                self.add(value, position, event.value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag not in _COLLECTION_TAGS:
                    raise self.fail(position, f"the YAML tag {event.tag} is not supported; remove it")
                self.open(event, {} if kind is MappingStartEvent else [], position)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.close(event)
            elif kind is AliasEvent:
                self.alias(event.anchor, position)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(position, "the file holds more than one YAML document; keep one card per file")
        return self.root


def _syntax_error(error: Any, composer: _Composer) -> LoadError:
    mark = error.problem_mark or error.context_mark
    position = composer.position_at(mark.index) if mark else Position(1, 1)
    problem = error.problem or error.context or "invalid YAML"
    return composer.fail(position, f"YAML syntax error: {problem}; fix the syntax at this point")


def _compose_json(text: str, path: str, limits: Limits) -> _Composer:
    from cardgen.io.jsonevents import JsonSyntaxError, events

    composer = _Composer(path, limits, text)
    try:
        composer.walk(events(text, composer.position_at))
    except JsonSyntaxError as error:
        raise composer.fail(
            composer.position_at(error.index), f"JSON syntax error: {error}; fix the syntax at this point"
        ) from None
    return composer


_STAND_INS = {0x85: "\ufdd0", 0x2028: "\ufdd1", 0x2029: "\ufdd2"}
_RESTORE = {ord(stand_in): chr(code) for code, stand_in in _STAND_INS.items()}


def _for_parsers(text: str) -> str:
    """The text as both parsers should see it: U+0085, U+2028 and U+2029 are content in YAML 1.2, but
    line breaks to libyaml and ruamel (1.1), so each is swapped for a stand-in of the same length
    (a noncharacter, printable to YAML), and swapped back in every scalar by :func:`_restored`."""
    if _ODD_BREAKS.search(text) and not any(stand_in in text for stand_in in _STAND_INS.values()):
        return text.translate(_STAND_INS)
    return text


def _restored(events: Iterator[Any], swapped: bool) -> Iterator[Any]:
    if not swapped:
        return events
    return (_restore(event) for event in events)


def _restore(event: Any) -> Any:
    if type(event) is ScalarEvent:
        event.value = event.value.translate(_RESTORE)
    return event


def yaml_events(text: str) -> list[Any]:
    """The events of a text the loader has accepted, as the loader read them (marks index ``text``):
    the C parser's, or the YAML 1.2 parser's where the C parser refuses the text."""
    from ruamel.yaml.error import MarkedYAMLError

    source = _for_parsers(text)
    swapped = source is not text
    try:
        return list(_restored(_c_events(source), swapped))
    except MarkedYAMLError:
        from cardgen.io import yaml12

        return list(_restored(yaml12.events(source), swapped))


def _compose_root(text: str, path: str, limits: Limits) -> _Composer:
    """Compose with the C parser, and where it refuses the text, let the YAML 1.2 parser decide."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    if path.lower().endswith(".json"):
        return _compose_json(text, path, limits)
    source = _for_parsers(text)
    swapped = source is not text
    composer = _Composer(path, limits, text)
    try:
        try:
            composer.walk(_restored(_c_events(source), swapped))
        except MarkedYAMLError:
            if len(text) > limits.max_fallback_chars:
                raise
            from cardgen.io import yaml12

            composer = _Composer(path, limits, text)
            composer.walk(_restored(yaml12.events(source), swapped))
    except MarkedYAMLError as error:
        raise _syntax_error(error, composer) from None
    except ReaderError as error:
        raise composer.fail(
            composer.position_at(error.position),
            f"the character U+{error.character:04X} is not allowed in YAML; remove it",
        ) from None
    return composer


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


def parse_value(
    text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[DataPath, Location]]:
    """Any YAML or JSON value with where each piece came from, for files whose top level is not a card
    (front matter, other formats' JSON); the same bounds as for cards apply."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise _too_large(path, limits)
    composer = _compose_root(text, path, limits)
    return composer.root, composer.locations


def _compose(text: str, path: str, limits: Limits) -> Document:
    composer = _compose_root(text, path, limits)
    root, locations = composer.root, composer.locations
    if root is None:
        raise LoadError(path, Position(1, 1), "the file is empty; a card needs at least `model: {name: ...}`")
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        raise LoadError(
            path,
            Position(1, 1),
            f"the top level must be a mapping of sections (model:, training:, ...), not {kind}",
        )
    return Document(path=path, data=root, locations=locations, text=text)


def parse_text(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse card text into a :class:`Document`; raises :class:`LoadError` with a position."""
    return _compose(text, path, limits)


def _read_regular_file(name: str, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file; a FIFO or device would block or never end, so it is refused."""
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file")
        return handle.read(limit)


def read_text(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> str:
    """The UTF-8 text of a regular file, checking its size before reading it whole."""
    name = os.fspath(path)
    try:
        raw = _read_regular_file(name, limits.max_bytes + 1)
    except OSError as error:
        raise LoadError(name, Position(1, 1), f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > limits.max_bytes:
        raise _too_large(name, limits)
    return _decode(raw, name)


def read_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse one card file."""
    return _compose(read_text(path, limits), os.fspath(path), limits)
