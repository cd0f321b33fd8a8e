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
import functools
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    locations: Mapping[DataPath, Location] = field(default_factory=dict)
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

    def point(self, data_path: DataPath) -> Position:
        """Where a finding about a path points: a scalar's value, a container's key, or the nearest parent's key."""
        location = self.locations.get(tuple(data_path))
        if location is None:
            return self.position(data_path)
        value: Any = self.data
        for key in data_path:
            value = value[key]
        if value is not None and not isinstance(value, (dict, list)):
            return location.value
        return location.key or location.value


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


_NUMBER_START = frozenset("0123456789+-.")
"""First characters of every plain scalar that may be a number; the others are text or a constant."""


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
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text[0] not in _NUMBER_START:
        return text
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
        yield from iter(parser.get_event, None)  # None after the stream's end
    finally:
        parser.dispose()


_SURROGATE = re.compile("[\ud800-\udfff]")
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


@functools.lru_cache(maxsize=128)
def _outdented(column: int) -> re.Pattern[str]:
    """A line break, at most ``column`` spaces, then something else than a space or a line break."""
    return re.compile(rf"(?:\r\n|\r|\n) {{0,{column}}}(?=[^ \r\n])")


class _Lines:
    """Positions from character offsets, with YAML 1.2's line breaks only (CR, LF, CRLF).

    libyaml also breaks lines at U+0085, U+2028 and U+2029 (YAML 1.1), so its own line
    numbers are not used: every position comes from an offset through here.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return Position(line + 1, index - self.starts[line] + 1)


class SourceMap(Mapping[DataPath, Location]):
    """Where each value of a parsed text sits, kept as character offsets until a position is asked for.

    A card has hundreds of values and only those a finding names need a line and column,
    so the composer records one offset per value (and per key) and the line table of the
    text is built on the first question.
    """

    __slots__ = ("_lines", "key_offsets", "text", "value_offsets")

    def __init__(self, text: str) -> None:
        self.text = text
        self.value_offsets: dict[DataPath, int] = {}
        self.key_offsets: dict[DataPath, int] = {}
        """The offset of the key of each mapping entry; list items and the root have none."""
        self._lines: _Lines | None = None

    def position(self, index: int) -> Position:
        if self._lines is None:
            self._lines = _Lines(self.text)
        return self._lines.position(index)

    def only(self, paths: Iterable[DataPath]) -> SourceMap:
        """The same map for some of its paths, still without lines and columns worked out."""
        kept = SourceMap(self.text)
        kept._lines = self._lines
        kept.value_offsets = {path: self.value_offsets[path] for path in paths}
        kept.key_offsets = {path: self.key_offsets[path] for path in kept.value_offsets if path in self.key_offsets}
        return kept

    def __getitem__(self, path: DataPath) -> Location:
        value = self.value_offsets[path]
        key = self.key_offsets.get(path)
        return Location(None if key is None else self.position(key), self.position(value))

    def get(self, path: DataPath, default: None = None) -> Location | None:  # type: ignore[override]
        """Without the abstract Mapping's try/except round trip: positions are asked for per finding."""
        return self[path] if path in self.value_offsets else default

    def __contains__(self, path: object) -> bool:
        return path in self.value_offsets

    def __iter__(self) -> Iterator[DataPath]:
        return iter(self.value_offsets)

    def __len__(self) -> int:
        return len(self.value_offsets)


class _Frame:
    """An open mapping or sequence while the event stream is walked."""

    __slots__ = (
        "anchor",
        "block_column",
        "container",
        "flow",
        "is_list",
        "key",
        "key_index",
        "nodes_before",
        "path",
        "start_index",
    )

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        path: DataPath,
        anchor: str | None,
        nodes_before: int,
        flow: bool,
        block_column: int,
        start_index: int,
    ) -> None:
        self.container = container
        self.path = path
        self.is_list = isinstance(container, list)
        self.anchor = anchor
        self.nodes_before = nodes_before
        self.flow = flow
        self.block_column = block_column
        """The column (0-based) of the innermost block collection this one is in; lines it spans must go past it."""
        self.start_index = start_index
        """The offset of an outermost flow collection in block context (its lines are checked at its end), else -1."""
        self.key: str | None = None
        """The key whose value comes next, in a mapping."""
        self.key_index = 0


class _Composer:
    """Builds plain data from events, with a source map, under the given limits.

    This loop runs for every value of every card a pre-commit hook sees: each value
    costs an offset in the source map, and lines and columns are worked out only for
    the values that are reported (:class:`SourceMap`).
    """

    def __init__(self, path: str, limits: Limits, text: str) -> None:
        self.path = path
        self.limits = limits
        self.text = text
        self.source = SourceMap(text)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0
        self.stack: list[_Frame] = []
        self.root: Any = None

    def fail(self, index: int, message: str) -> LoadError:
        return LoadError(self.path, self.source.position(index), message)

    def count(self, index: int, amount: int = 1) -> None:
        self.nodes += amount
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                index,
                f"the card expands to more than {self.limits.max_nodes} values (aliases included); "
                "a card this large is refused to protect the machine: remove repeated aliases",
            )

    def plain_scalar(self, text: str, index: int) -> Any:
        try:
            return resolve_plain_scalar(text)
        except ValueError as error:
            raise self.fail(index, str(error)) from None

    def tagged_scalar(self, event: Any, index: int) -> Any:
        tag = event.tag
        if tag in _EXPLICIT_TAGS:
            try:
                return _EXPLICIT_TAGS[tag](event.value)
            except ValueError as error:
                raise self.fail(index, str(error)) from None
        if tag not in _STR_TAGS and tag not in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"):
            raise self.fail(index, f"the YAML tag {tag} is not supported; remove it")
        if event.style or tag in ("!", "tag:yaml.org,2002:str"):
            return event.value
        return self.plain_scalar(event.value, index)

    def open(self, event: Any, container: dict[str, Any] | list[Any], path: DataPath, parent: _Frame | None) -> _Frame:
        """Start filling a collection just placed at ``path``; returns its frame, now the innermost."""
        block_column = parent.block_column if parent else -1
        flow = bool(event.flow_style)
        if not flow:
            block_column = event.start_mark.column
        start_index = event.start_mark.index if flow and not (parent and parent.flow) else -1
        frame = _Frame(container, path, event.anchor, self.nodes, flow, block_column, start_index)
        self.stack.append(frame)
        return frame

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.start_index >= 0:
            # The outermost flow collection in block context: check the lines it spans.
            self.check_continuation(frame.start_index, event.end_mark.index, frame.block_column, comments=True)
            self.check_comment_gap(event.end_mark.index)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before + 1)

    def new_collection(self, event: Any, index: int) -> dict[str, Any] | list[Any]:
        """An empty mapping or list for a collection's start event, once tag, depth and size allow it."""
        if event.ctag is not None and event.tag not in _COLLECTION_TAGS:
            raise self.fail(index, f"the YAML tag {event.tag} is not supported; remove it")
        if len(self.stack) >= self.limits.max_depth:
            raise self.fail(index, f"nesting is deeper than {self.limits.max_depth} levels; flatten the structure")
        self.count(index)
        return {} if type(event) is MappingStartEvent else []

    def aliased(self, anchor: str, index: int) -> Any:
        """The value an alias stands for, counted again in full."""
        if anchor not in self.anchors:
            raise self.fail(index, f"alias *{anchor} refers to an anchor that is not defined before it")
        value, size = self.anchors[anchor]
        self.count(index, size)
        return value

    def refuse_merge_key(self, index: int) -> None:
        """``<<`` merge keys are YAML 1.1, not 1.2: read literally they would hide the merged keys, so refuse."""
        frame = self.stack[-1] if self.stack else None
        if frame is not None and not frame.is_list and frame.key is None:
            raise self.fail(
                index,
                "merge keys ('<<') are not part of YAML 1.2 and cardgen does not expand them; "
                "write the keys out (or quote '<<' if it is meant as a key)",
            )

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
                    offset + spaces,
                    "this line continues a value but is not indented past the enclosing block "
                    "(tabs do not count as indentation); indent it with spaces",
                )

    def check_multiline_scalar(self, start: int, end: int) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and not frame.flow:  # inside a flow collection, the collection's check covers it
            self.check_continuation(start, end, frame.block_column, comments=False)

    def check_comment_gap(self, end: int) -> None:
        """YAML 1.2: a comment is separated from what precedes it by white space."""
        if self.text.startswith("#", end):
            raise self.fail(end, "a comment needs a space before its '#'; add one")

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
        # The parser's end mark stops before trailing blank lines, so look on to the next line that is not
        # indented past the block; lines that are (the scalar's own) are skipped by the pattern.
        for match in _outdented(column).finditer(text, start):
            rest = _LINE.match(text, match.end()).group()  # type: ignore[union-attr]
            if rest.startswith("\t") and not rest.strip():
                raise self.fail(match.end(), "a tab cannot indent a block scalar's line; use spaces")
            if rest.strip():
                return

    def check_scalar_text(self, event: Any, start: Any, end: Any) -> None:
        """The YAML 1.2 rules on a scalar's text that libyaml does not enforce, and no merge keys."""
        style = event.style
        if style in {"|", ">"}:
            self.check_block_scalar(start.index)
            return
        if style:
            self.check_comment_gap(end.index)
            if style == '"' and _SURROGATE.search(event.value):
                raise self.fail(
                    start.index,
                    "a \\u escape names half of a surrogate pair (U+D800-U+DFFF) without the other; "
                    "write the character itself or an 8-digit \\U escape",
                )
        elif event.value == "<<":
            self.refuse_merge_key(start.index)
        if end.line != start.line:
            self.check_multiline_scalar(start.index, end.index)

    def walk(self, events: Iterable[Any]) -> Any:
        """Compose the document; raises LoadError for what a card may not be, MarkedYAMLError for bad YAML.

        One loop with the placing of values written out once, since it runs for every value of every
        card: a plain scalar on one line takes the shortest way. Collections are placed when they
        open, so the source map lists parents before children.
        """
        stack = self.stack
        value_offsets = self.source.value_offsets
        key_offsets = self.source.key_offsets
        frame: _Frame | None = None  # the innermost open collection
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                index = event.start_mark.index
                value = self.scalar(event)
                if frame is not None and frame.key is None and not frame.is_list:
                    self.set_key(frame, event.value, index)
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                index = event.start_mark.index
                value = self.new_collection(event, index)
            elif kind is AliasEvent:
                index = event.start_mark.index
                value = self.aliased(event.anchor, index)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.close(event)
                frame = stack[-1] if stack else None
                continue
            else:
                if kind is DocumentStartEvent:
                    self.start_document(event)
                continue
            # Place the value into the open collection, or make it the root, and record its offset.
            path: DataPath
            if frame is None:
                self.root = value
                path = ()
            elif frame.is_list:
                path = (*frame.path, len(frame.container))
                frame.container.append(value)  # type: ignore[union-attr]
            else:
                key = frame.key
                if key is None:
                    raise self.fail(index, "a key must be plain text, not a mapping, list or alias")
                path = (*frame.path, key)
                key_offsets[path] = frame.key_index
                frame.container[key] = value  # type: ignore[call-overload]
                frame.key = None
            value_offsets[path] = index
            if kind is not ScalarEvent and kind is not AliasEvent:
                frame = self.open(event, value, path, frame)
        return self.root

    def scalar(self, event: Any) -> Any:
        """A scalar's value, counted, once its text passes the checks that apply to it."""
        start = event.start_mark
        end = event.end_mark
        index = start.index
        text = event.value
        self.count(index)
        if event.style or end.line != start.line or text == "<<":
            self.check_scalar_text(event, start, end)
        if event.ctag is not None:  # `tag` is a property that builds a string; most scalars have none
            value = self.tagged_scalar(event, index)
        else:
            value = text if event.style else self.plain_scalar(text, index)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        return value

    def set_key(self, frame: _Frame, text: str, index: int) -> None:
        """Make a scalar the key of the mapping's next entry."""
        if text in frame.container:
            first_key: DataPath = (*frame.path, text)
            first = self.source.position(self.source.key_offsets[first_key]).line
            raise self.fail(
                index,
                f"duplicate key '{text}' (first defined on line {first}); "
                "keep one of them: YAML would silently drop the other",
            )
        frame.key = text
        frame.key_index = index

    def start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                event.start_mark.index, "the file holds more than one YAML document; keep one card per file"
            )


def _syntax_error(error: Any, composer: _Composer) -> LoadError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    return composer.fail(mark.index if mark else 0, f"YAML syntax error: {problem}; fix the syntax at this point")


def _compose_json(text: str, path: str, limits: Limits) -> _Composer:
    from cardgen.io.jsonevents import JsonSyntaxError, events

    composer = _Composer(path, limits, text)
    try:
        composer.walk(events(text, composer.source.position))
    except JsonSyntaxError as error:
        raise composer.fail(error.index, f"JSON syntax error: {error}; fix the syntax at this point") from None
    return composer


_STAND_INS = {0x85: "\ufdd0", 0x2028: "\ufdd1", 0x2029: "\ufdd2"}
_RESTORE = {ord(stand_in): chr(code) for code, stand_in in _STAND_INS.items()}


def _for_parsers(text: str) -> str:
    """The text as both parsers should see it: U+0085, U+2028 and U+2029 are content in YAML 1.2, but
    line breaks to libyaml and ruamel (1.1), so each is swapped for a stand-in of the same length
    (a noncharacter, printable to YAML), and swapped back in every scalar by :func:`_restored`."""
    # Substring tests, not a regex: they skip through a card's text several times faster.
    odd_breaks = any(chr(code) in text for code in _STAND_INS)
    if odd_breaks and not any(stand_in in text for stand_in in _STAND_INS.values()):
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
    # libyaml skips a byte order mark without counting it in offsets; without it, offsets index the text.
    text = text.removeprefix("\ufeff")
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
            error.position,
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
) -> tuple[Any, Mapping[DataPath, Location]]:
    """Any YAML or JSON value with where each piece came from, for files whose top level is not a card
    (front matter, other formats' JSON); the same bounds as for cards apply."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise _too_large(path, limits)
    composer = _compose_root(text, path, limits)
    return composer.root, composer.source


def _compose(text: str, path: str, limits: Limits) -> Document:
    composer = _compose_root(text, path, limits)
    root = composer.root
    if root is None:
        raise LoadError(path, Position(1, 1), "the file is empty; a card needs at least `model: {name: ...}`")
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        raise LoadError(
            path,
            Position(1, 1),
            f"the top level must be a mapping of sections (model:, training:, ...), not {kind}",
        )
    return Document(path=path, data=root, locations=composer.source, text=text)


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
