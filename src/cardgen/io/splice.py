"""Carry a change of a card's data into its text value by value, leaving every other byte as it was.

A re-emitting YAML writer (even ruamel.yaml's round-trip mode) normalises what it
does not understand: mixed indentation, folded plain scalars, blank lines and
comments at block ends, integer-like keys, CR line endings; and it cannot tell an
alias from a copy. So the update is done on the text itself: the file is parsed
once into a tree of nodes with their character spans, the old data is compared
with the new, and only the values that differ are replaced, entries that went
away are cut out and new entries are inserted after the last line of their block.
A value reached through an alias is written out in full where the alias was,
unless the anchored original now holds the same value, so an update never
changes what an alias shares unless both places were asked to change.

Time is linear in the size of the card: one parse, one walk of old and new data
(each value compared once per level of nesting) and one pass to apply the edits.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from cardgen.io.loader import resolve_plain_scalar, yaml_events


@dataclass(eq=False)
class Node:
    """One value in the text: its kind, its span (anchor included) and its children."""

    kind: str  # "map", "seq", "scalar" or "alias"
    start: int
    end: int
    column: int
    flow: bool = False
    anchor: str | None = None
    style: str | None = None
    text: str = ""
    keys: list[Node] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    target: Node | None = None
    lead: int = 0
    """A block collection's first key or dash."""
    aliased: bool = False
    """Whether an alias lies inside: an unchanged value must still be walked to check it."""


def parse_tree(text: str) -> Node:
    """The root node of ``text``, which the loader has already accepted."""
    stack: list[Node] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    for event in yaml_events(text):
        kind = type(event)
        mark = event.start_mark
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            flow = bool(event.flow_style)
            name = "map" if kind is MappingStartEvent else "seq"
            stack.append(Node(name, mark.index, mark.index, mark.column, flow=flow, anchor=event.anchor))
            continue
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()
            node.end = event.end_mark.index if node.flow else _content_end(text, node)
            if not node.flow and node.items:  # an anchor before a block collection is not where it starts
                first = node.keys[0].start if node.kind == "map" else text.rindex("-", 0, node.items[0].start)
                node.lead, node.column = first, first - _line_start(text, first)
        elif kind is ScalarEvent:
            node = Node("scalar", mark.index, event.end_mark.index, mark.column, anchor=event.anchor)
            node.style, node.text = event.style or None, event.value
            if node.style in ("|", ">"):
                node.end = _trim_block_scalar(text, node.start, node.end)
        elif kind is AliasEvent:
            node = Node("alias", mark.index, event.end_mark.index, mark.column, target=anchors[event.anchor])
            for open_node in stack:
                open_node.aliased = True
        else:
            continue
        if node.anchor:
            anchors[node.anchor] = node
        if not stack:
            root = node
        elif stack[-1].kind == "map" and len(stack[-1].keys) == len(stack[-1].items):
            stack[-1].keys.append(node)
        else:
            stack[-1].items.append(node)
    assert root is not None
    return root


def _content_end(text: str, node: Node) -> int:
    """Where a block collection's last value ends (the parser's end mark lies at the next token)."""
    last = node.items[-1] if node.items else None
    return last.end if last is not None else node.start


def _trim_block_scalar(text: str, start: int, end: int) -> int:
    """A literal or folded scalar ends at its last non-blank line; the blank lines after it are not its text."""
    body = text[start:end]
    last = len(body.rstrip(" \t\r\n"))
    return start + last


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _line_end(text: str, index: int) -> int:
    """The index of the line break ending the line that holds ``index`` (or the end of the text)."""
    match = _BREAK.search(text, index)
    return match.start() if match else len(text)


def _after_break(text: str, index: int) -> int:
    """Just past the line break at ``index``."""
    return index + (2 if text.startswith("\r\n", index) else 1 if index < len(text) else 0)


_BREAK = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    """The file's own line break: the most common one, Unix when there is none."""
    counts = Counter(_BREAK.findall(text))
    return counts.most_common(1)[0][0] if counts else "\n"


def detect_indent(text: str) -> tuple[int, int]:
    """The file's mapping indent and sequence dash offset (relative to the parent key), by majority vote."""
    mappings: Counter[int] = Counter()
    offsets: Counter[int] = Counter()
    previous: int | None = None
    for line in _BREAK.split(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous is not None:
            if stripped.startswith("- "):
                offsets[indent - previous] += 1
            elif indent > previous:
                mappings[indent - previous] += 1
        content, column = stripped, indent
        while content.startswith("- "):
            rest = content[2:].lstrip(" ")
            column += len(content) - len(rest)
            content = rest
        opens_block = re.match(r"""^[^\s#'"{\[][^#]*:\s*(#.*)?$""", content) is not None
        previous = column if opens_block else None
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    offset = offsets.most_common(1)[0][0] if offsets else 0
    return mapping, max(offset, 0)


# ---------------------------------------------------------------------------------------------- writing values

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_DATE_LIKE = re.compile(r"\d{4}-\d\d-\d\d")
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f\\x7f-\\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"\\\\]')
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(character: str) -> str:
    code = ord(character)
    return _ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def double_quoted(text: str) -> str:
    """A double-quoted scalar any YAML (and JSON) reader reads back as ``text``, on one line."""
    return '"' + _NEEDS_ESCAPE.sub(lambda match: _escape(match.group()), text) + '"'


def _printable(text: str) -> bool:
    return _NEEDS_ESCAPE.search(text.replace('"', "").replace("\\", "")) is None


def _reads_as_itself(text: str) -> bool:
    """Whether ``text`` unquoted reads back as this text; one that spells a number a card refuses
    (``.nan``, ``.inf``, an over-long integer) must be quoted, not make the writer fail."""
    try:
        return resolve_plain_scalar(text) == text and isinstance(resolve_plain_scalar(text), str)
    except ValueError:
        return False


def _plain_safe(text: str) -> bool:
    """Whether ``text`` can be written unquoted, in block and flow context alike, and read back as this text."""
    return bool(
        text
        and text == text.strip()
        and text[0] not in _INDICATORS
        and _printable(text)
        and not any(mark in text for mark in (":", " #", ",", "[", "]", "{", "}"))
        and not text.endswith(":")
        and not _DATE_LIKE.match(text)
        and _reads_as_itself(text)
    )


def scalar_text(value: Any, style: str | None = None, json: bool = False) -> str:
    """One scalar as YAML text; ``style`` is the quoting the author used for the value it replaces."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if json or style == '"' or not _printable(text):
        return double_quoted(text)
    if style != "'" and _plain_safe(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def key_text(key: str, json: bool = False) -> str:
    return scalar_text(key, json=json)


def flow_text(value: Any, json: bool = False) -> str:
    """A value on one line: flow collections, quoted text."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{key_text(str(key), json)}: {flow_text(item, json)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(item, json) for item in value) + "]"
    return scalar_text(value, json=json)


@dataclass(frozen=True)
class Layout:
    """How the file indents: mapping step, dash offset under a key, and content gap after a dash."""

    step: int = 2
    offset: int = 0
    gap: int = 2


def _is_block(value: Any) -> bool:
    return isinstance(value, (Mapping, list)) and bool(value)


def block_lines(value: Mapping[str, Any], column: int, layout: Layout) -> list[str]:
    """A non-empty mapping as block lines at ``column``."""
    lines: list[str] = []
    for key, item in value.items():
        head = " " * column + key_text(str(key)) + ":"
        if isinstance(item, Mapping) and item:
            lines += [head, *block_lines(item, column + layout.step, layout)]
        elif isinstance(item, list) and item:
            lines += [head, *sequence_lines(item, column + layout.offset, layout)]
        else:
            lines.append(f"{head} {flow_text(item)}")
    return lines


def sequence_lines(value: list[Any], dash: int, layout: Layout) -> list[str]:
    """A non-empty list as block lines with dashes at ``dash``."""
    lines: list[str] = []
    for item in value:
        if _is_block(item):
            nested = _nested_lines(item, dash + layout.gap, layout)
            lines += [" " * dash + "-" + " " * (layout.gap - 1) + nested[0].lstrip(" "), *nested[1:]]
        else:
            lines.append(" " * dash + "- " + flow_text(item))
    return lines


def _nested_lines(value: Any, column: int, layout: Layout) -> list[str]:
    return block_lines(value, column, layout) if isinstance(value, Mapping) else sequence_lines(value, column, layout)


def dump(data: Mapping[str, Any], layout: Layout = Layout()) -> str:
    """A whole new card file from plain data."""
    return "\n".join(block_lines(data, 0, layout)) + "\n"


# ---------------------------------------------------------------------------------------------- the update


@dataclass(frozen=True)
class Slot:
    """Where a value sits, to replace it whole: after a key's colon, after a dash, or in a flow collection."""

    start: int
    end: int
    kind: str  # "map", "seq" or "flow"
    column: int  # the key's column (map) or the dash's (seq)
    gap: int = 2


_DELETED = object()


def same(old: Any, new: Any) -> bool:
    """Equal as card data: booleans are not numbers, text is not a number."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return old.keys() == new.keys() and all(same(old[key], new[key]) for key in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, (Mapping, list)) or isinstance(new, (Mapping, list)):
        return False
    if isinstance(old, bool) != isinstance(new, bool) or isinstance(old, str) != isinstance(new, str):
        return False
    return bool(old == new)


class _Splicer:
    def __init__(self, text: str, json: bool) -> None:
        self.text = text
        self.json = json
        self.newline = newline_of(text)
        step, offset = detect_indent(text)
        self.layout = Layout(step, offset)
        self.edits: list[tuple[int, int, str]] = []
        self.after: dict[int, Any] = {}
        """What each anchored node holds after the update, so its aliases can tell whether they still share it."""

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append((start, end, text))

    def result(self) -> str:
        pieces: list[str] = []
        position = 0
        for start, end, text in sorted(self.edits, key=lambda edit: (edit[0], edit[1])):
            assert start >= position, "overlapping edits"
            pieces += [self.text[position:start], text]
            position = end
        pieces.append(self.text[position:])
        return "".join(pieces)

    # -- slots

    def map_slot(self, key: Node, value: Node, parent: Node) -> Slot:
        if parent.flow or self.json:
            return Slot(value.start, value.end, "flow", parent.column)
        colon = self.text.index(":", key.end) + 1
        end = colon if value.kind == "scalar" and value.start == value.end else max(colon, value.end)
        return Slot(colon, end, "map", key.column)

    def seq_slot(self, item: Node, parent: Node) -> Slot:
        if parent.flow or self.json:
            return Slot(item.start, item.end, "flow", parent.column)
        dash = self.text.rindex("-", 0, item.start)
        end = dash + 1 if item.kind == "scalar" and item.start == item.end else item.end
        gap = item.column - parent.column if parent.items and self._same_line(dash, item.start) else self.layout.gap
        return Slot(dash + 1, end, "seq", parent.column, max(gap, 2))

    def _same_line(self, first: int, second: int) -> bool:
        return _BREAK.search(self.text, first, second) is None

    def write(self, slot: Slot, value: Any, anchor: str | None) -> None:
        """Replace the value in ``slot`` by ``value`` written out in full."""
        tag = f"&{anchor} " if anchor else ""
        if slot.kind == "flow" or not _is_block(value):
            text = flow_text(value, self.json)
            self.replace(slot.start, slot.end, (tag if slot.kind == "flow" else " " + tag) + text)
            return
        if slot.kind == "map":
            column = slot.column + (self.layout.step if isinstance(value, Mapping) else self.layout.offset)
            lines = _nested_lines(value, column, self.layout)
            self.replace(
                slot.start, slot.end, (" " + tag.strip() if tag else "") + self.newline + self.newline.join(lines)
            )
            return
        lines = _nested_lines(value, slot.column + slot.gap, Layout(self.layout.step, self.layout.offset, slot.gap))
        head = " " + tag.strip() + self.newline + lines[0] if tag else " " * (slot.gap - 1) + lines[0].lstrip(" ")
        self.replace(slot.start, slot.end, self.newline.join([head, *lines[1:]]))

    # -- the walk

    def value(self, node: Node, slot: Slot, old: Any, new: Any) -> None:
        if node.kind == "alias":
            assert node.target is not None
            shared = self.after.get(id(node.target), old)
            if shared is _DELETED or not same(shared, new):
                self.write(slot, new, None)
            return
        if node.anchor:
            self.after[id(node)] = new
        if same(old, new) and not node.aliased:
            return
        if node.kind == "map" and isinstance(old, Mapping) and isinstance(new, Mapping) and new:
            self.mapping(node, slot, old, new)
        elif node.kind == "seq" and isinstance(old, list) and isinstance(new, list) and new:
            self.sequence(node, slot, old, new)
        elif node.kind == "scalar" and not _is_block(new) and not isinstance(new, (Mapping, list)):
            self.replace(node.start, node.end, (f"&{node.anchor} " if node.anchor else "") + self.scalar(node, new))
        else:
            for child in (*node.keys, *node.items):
                self.forget(child)
            self.write(slot, new, node.anchor)

    def scalar(self, node: Node, new: Any) -> str:
        style = node.style if node.style in ("'", '"') else None
        return scalar_text(new, style, self.json)

    def forget(self, node: Node) -> None:
        """A value that goes away: aliases of anchors inside it can no longer share them."""
        if node.anchor:
            self.after[id(node)] = _DELETED
        for child in (*node.keys, *node.items):
            self.forget(child)

    def mapping(self, node: Node, slot: Slot, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        entries = list(zip(node.keys, node.items, strict=True))
        names = [key.text for key, _ in entries]
        kept = [name for name in names if name in new]
        added = [name for name in new if name not in old]
        removed = len(kept) < len(names)
        compact = not node.flow and not self.json and not self._at_line_start(node.keys[0].start)
        if not kept or (removed and (node.flow or self.json)) or (compact and names[0] not in new):
            for _, value in entries:
                self.forget(value)
            self.write(slot, new, node.anchor)
            return
        for (key, value), name in zip(entries, names, strict=True):
            if name in new:
                self.value(value, self.map_slot(key, value, node), old[name], new[name])
            else:
                self.forget(value)
                start = _line_start(self.text, key.start)
                self.replace(start, self._past_line(value.end if value.end > key.end else key.end), "")
        if not added:
            return
        last_key, last_value = entries[-1]
        if node.flow or self.json:
            text = "".join(f", {key_text(name, self.json)}: {flow_text(new[name], self.json)}" for name in added)
            self.replace(last_value.end, last_value.end, text)
            return
        lines = block_lines({name: new[name] for name in added}, node.keys[0].column, self.layout)
        self.insert_lines(max(last_value.end, last_key.end), lines)

    def sequence(self, node: Node, slot: Slot, old: list[Any], new: list[Any]) -> None:
        items = node.items
        common = min(len(old), len(new))
        block = not node.flow and not self.json
        if len(new) < len(old) and (not block or not self._at_line_start(node.lead)):
            for item in items:
                self.forget(item)
            self.write(slot, new, node.anchor)
            return
        for index in range(common):
            self.value(items[index], self.seq_slot(items[index], node), old[index], new[index])
        if len(new) < len(old):
            for item in items[common:]:
                self.forget(item)
            dash = self.text.rindex("-", 0, items[common].start)
            self.replace(_line_start(self.text, dash), self._past_line(items[-1].end), "")
        elif len(new) > len(old):
            extra = new[len(old) :]
            if not block:
                text = "".join(", " + flow_text(item, self.json) for item in extra)
                self.replace(items[-1].end, items[-1].end, text)
                return
            gap = self.seq_slot(items[0], node).gap
            lines = sequence_lines(extra, node.column, Layout(self.layout.step, self.layout.offset, gap))
            self.insert_lines(items[-1].end, lines)

    def _at_line_start(self, index: int) -> bool:
        return not self.text[_line_start(self.text, index) : index].strip()

    def _past_line(self, index: int) -> int:
        return _after_break(self.text, _line_end(self.text, index))

    def insert_lines(self, after: int, lines: list[str]) -> None:
        """New lines after the line holding ``after``: above any blank lines and comments that close the block."""
        end = _line_end(self.text, after)
        if end == len(self.text):
            self.replace(end, end, "".join(self.newline + line for line in lines))
        else:
            self.replace(
                _after_break(self.text, end),
                _after_break(self.text, end),
                "".join(line + self.newline for line in lines),
            )


def splice(text: str, old: Mapping[str, Any], new: Mapping[str, Any], json: bool = False) -> str:
    """``text`` (which reads as ``old``) changed so that it reads as ``new``, touching only what differs."""
    if same(old, new):
        return text
    splicer = _Splicer(text, json)
    root = parse_tree(text)
    if root.kind != "map":
        raise ValueError("the top level of a card is a mapping")
    splicer.mapping(root, Slot(root.start, root.end, "flow", 0), old, new)
    return splicer.result()
