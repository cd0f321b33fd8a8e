"""Change YAML files in place while people keep editing them by hand.

A pipeline changes a few values; everything else in the file (comments, key
order, quoting, blank lines, indentation, long lines) must stay as the author
wrote it. ruamel.yaml's round-trip mode keeps most of that, but it still
normalises some text (it re-folds multi-line plain scalars and evens out mixed
indentation). So the change is made on the round-trip document and then only
the lines it changed are carried back into the author's text with a three-way
merge: original text, ruamel's re-emission of the unchanged document, and its
emission of the changed one. The merged text is checked to mean exactly what the
changed document means. What a card may contain, validation and the lock are
:mod:`cardgen.cards`' business; this module knows YAML text only.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import io
import os
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from cardgen.errors import LoadError, Position
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import DEFAULT_LIMITS, Limits, parse_text, read_document


def _detect_indent(text: str) -> tuple[int, int, int]:
    """The file's mapping indent, sequence indent and dash offset, by majority vote.

    ruamel.yaml writes one indentation style per document; using the author's
    keeps added blocks looking like the rest of the file.
    """
    mappings: Counter[int] = Counter()
    offsets: Counter[tuple[int, int]] = Counter()
    previous_key_column: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous_key_column is not None:
            if stripped.startswith("- "):
                after_dash = len(stripped) - len(stripped[1:].lstrip(" "))
                offsets[(indent - previous_key_column, indent - previous_key_column + after_dash)] += 1
            elif indent > previous_key_column:
                mappings[indent - previous_key_column] += 1
        content = stripped
        key_column = indent
        while content.startswith("- "):
            rest = content[2:].lstrip(" ")
            key_column += len(content) - len(rest)
            content = rest
        opens_block = re.match(r"""^[^\s#'"{\[][^#]*:\s*(#.*)?$""", content) is not None
        previous_key_column = key_column if opens_block else None
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    offset, sequence = offsets.most_common(1)[0][0] if offsets else (2, mapping + 2)
    return mapping, max(sequence, offset + 2), offset


def _yaml_for(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _detect_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yaml.explicit_start = line.rstrip() == "---" or line.startswith("--- ")
            break
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _matches(base: list[str], other: list[str]) -> dict[int, int]:
    """Line index in ``base`` -> line index in ``other`` for lines the two share."""
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def _hunks(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """Where ``other`` differs from ``base``: base range and the lines that replace it."""
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _merge_gap(gap_a: list[str], gap_o: list[str], gap_b: list[str]) -> list[str]:
    """Both sides changed this stretch: apply both when their edits do not touch, else take the update's."""
    hunks = sorted(_hunks(gap_o, gap_a) + _hunks(gap_o, gap_b), key=lambda hunk: (hunk[0], hunk[1]))
    merged: list[str] = []
    position = 0
    previous_insertion: int | None = None
    for start, end, lines in hunks:
        if start < position or (start == end and start == previous_insertion):
            return gap_b
        merged.extend(gap_o[position:start])
        merged.extend(lines)
        position = end
        previous_insertion = start if start == end else None
    merged.extend(gap_o[position:])
    return merged


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def hoist_insertions(baseline: str, changed: str) -> str:
    """Put keys appended to a block above the blank lines and comments that close it.

    ruamel.yaml keeps the blank line and comments that separate one section from
    the next with the last key before them, so keys appended to the first section
    would land after the separator, under the next section's comment. Lines are
    moved only past blank lines and comments indented no deeper than the next key.
    """
    o, b = baseline.splitlines(keepends=True), changed.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, o, b, autojunk=False)
    moved = list(b)
    for tag, _, _, j1, j2 in reversed(matcher.get_opcodes()):
        if tag != "insert" or not all(line.strip() for line in b[j1:j2]):
            continue
        following = next((line for line in b[j2:] if line.strip()), None)
        next_indent = _indent_of(following) if following is not None else -1
        if min(_indent_of(line) for line in b[j1:j2]) <= next_indent:
            continue
        start = j1
        while start > 0 and (
            not b[start - 1].strip()
            or (b[start - 1].lstrip().startswith("#") and _indent_of(b[start - 1]) <= next_indent)
        ):
            start -= 1
        if start < j1:
            moved[start:j2] = b[j1:j2] + b[start:j1]
    return "".join(moved)


def merge_text(original: str, baseline: str, changed: str) -> str:
    """Carry the lines that differ between ``baseline`` and ``changed`` into ``original``.

    ``baseline`` is ruamel's re-emission of ``original`` without changes; where it
    differs from the original only by normalisation, the original text wins;
    where the update touched the same lines, the changed text wins.
    """
    if baseline == changed:
        return original
    a, o, b = (text.splitlines(keepends=True) for text in (original, baseline, changed))
    to_a, to_b = _matches(o, a), _matches(o, b)
    anchors = [(i, to_a[i], to_b[i]) for i in range(len(o)) if i in to_a and i in to_b]
    anchors.append((len(o), len(a), len(b)))
    merged: list[str] = []
    next_o = next_a = next_b = 0
    for index_o, index_a, index_b in anchors:
        gap_a, gap_o, gap_b = a[next_a:index_a], o[next_o:index_o], b[next_b:index_b]
        merged.extend(gap_a if gap_b == gap_o else gap_b if gap_a == gap_o else _merge_gap(gap_a, gap_o, gap_b))
        if index_o < len(o):
            merged.append(a[index_a])
        next_o, next_a, next_b = index_o + 1, index_a + 1, index_b + 1
    return "".join(merged)


def to_yaml(value: Any) -> Any:
    """Plain Python (or a card model) as round-trip nodes that ruamel.yaml can write back."""
    if isinstance(value, BaseModel):
        return to_yaml(value.model_dump(mode="json", exclude_none=True))
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[str(key)] = to_yaml(item)
        return node
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_yaml(item) for item in value)
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
    """Make ``container[key]`` equal ``new`` while leaving equal parts (and their comments) alone."""
    exists = key in container if isinstance(container, CommentedMap) else key < len(container)
    old = container[key] if exists else None
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        for child_key, child in new.items():
            sync(old, str(child_key), child, prune)
        if prune:
            for stale in [k for k in old if k not in new and old[k] is not None]:
                del old[stale]
        return
    if isinstance(old, CommentedSeq) and isinstance(new, (list, tuple)):
        for index, item in enumerate(new):
            if index < len(old):
                sync(old, index, item, prune=True)
            else:
                old.append(to_yaml(item))
        del old[len(new) :]
        return
    if exists and not isinstance(old, (CommentedMap, CommentedSeq)) and _same_scalar(old, to_yaml(new)):
        return
    container[key] = to_yaml(new)


def new_text(data: Mapping[str, Any]) -> str:
    """YAML text for a new file, written the way updates write (two-space indents, no line folding)."""
    return _dump(_yaml_for(""), to_yaml(data))


def _same_data(first: str, second: str, limits: Limits) -> bool:
    try:
        return parse_text(first, limits=limits).data == parse_text(second, limits=limits).data
    except LoadError:
        return False


class RoundTripFile:
    """A YAML file opened for a round-trip change: ruamel's :attr:`data` to change, and :meth:`text` after.

    Windows newlines and a byte-order mark are put back on :meth:`write`.
    """

    def __init__(self, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = os.fspath(path)
        self.limits = limits
        self.document = read_document(self.path, limits)
        """The file as the loader reads it: plain data and its source map."""
        self._crlf = "\r\n" in self.document.text
        with open(self.path, "rb") as handle:
            self._bom = handle.read(3) == b"\xef\xbb\xbf"
        self.original = self.document.text.replace("\r\n", "\n")
        """The file's text with Unix newlines."""
        self._yaml = _yaml_for(self.original)
        try:
            self.data: CommentedMap = self._yaml.load(self.original)
        except YAMLError as error:
            raise LoadError(self.path, Position(1, 1), f"cannot load the card for updating: {error}") from None
        self._baseline = _dump(self._yaml, self.data)

    def text(self) -> str:
        """The changed file text: the author's text with only the changed lines replaced."""
        changed = hoist_insertions(self._baseline, _dump(self._yaml, self.data))
        merged = merge_text(self.original, self._baseline, changed)
        if merged != changed and not _same_data(merged, changed, self.limits):
            return changed
        return merged

    def write(self, text: str) -> None:
        """Replace the file atomically with ``text`` (as :meth:`text` gives it); unchanged text is not rewritten."""
        if text != self.original:
            written = text.replace("\n", "\r\n") if self._crlf else text
            atomic_write(self.path, ("\ufeff" if self._bom else "") + written)
