"""Update card files in place while people keep editing them by hand.

A pipeline changes a few values; everything else in the file (comments, key
order, quoting, blank lines, indentation, long lines) must stay as the author
wrote it. ruamel.yaml's round-trip mode keeps most of that, but it still
normalises some text (it re-folds multi-line plain scalars and evens out mixed
indentation). So the update is done on the round-trip document and then only
the lines the update changed are carried back into the author's text with a
three-way merge: original text, ruamel's re-emission of the unchanged document,
and its emission of the changed one. The merged text is checked to mean exactly
what the changed document means, then validated, then written atomically under
a file lock, so that concurrent writers (ranks of a distributed job) serialise.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import io
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from cardgen.errors import CardError, CardValidationError, LoadError, Position, Problem
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import DEFAULT_LIMITS, DataPath, Limits, parse_text, read_document
from cardgen.schema.card import AnyCard
from cardgen.schema.values import is_explained, plain
from cardgen.validation import check

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT_SECONDS = 120.0
"""How long a writer waits for another process's update before giving up."""

ResultIdentity = tuple[Any, Any, Any, Any, Any]
_Node = TypeVar("_Node", CommentedMap, CommentedSeq)


def lock_for(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT_SECONDS) -> FileLock:
    """The inter-process lock guarding a card: ``<card>.lock`` in the same directory.

    filelock is imported here, not at module level, to keep ``import cardgen`` fast.
    """
    from filelock import FileLock

    return FileLock(f"{os.fspath(path)}.lock", timeout=timeout)


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


def _sync(container: Any, key: Any, new: Any, prune: bool) -> None:
    """Make ``container[key]`` equal ``new`` while leaving equal parts (and their comments) alone."""
    exists = key in container if isinstance(container, CommentedMap) else key < len(container)
    old = container[key] if exists else None
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        for child_key, child in new.items():
            _sync(old, str(child_key), child, prune)
        if prune:
            for stale in [k for k in old if k not in new and old[k] is not None]:
                del old[stale]
        return
    if isinstance(old, CommentedSeq) and isinstance(new, (list, tuple)):
        for index, item in enumerate(new):
            if index < len(old):
                _sync(old, index, item, prune=True)
            else:
                old.append(to_yaml(item))
        del old[len(new) :]
        return
    if exists and not isinstance(old, (CommentedMap, CommentedSeq)) and _same_scalar(old, to_yaml(new)):
        return
    container[key] = to_yaml(new)


def _container_in(parent: Any, key: Any, kind: type[_Node]) -> _Node:
    """The mapping or list at ``parent[key]``, looking inside ``{value, explanation}``.

    A missing value or a marker (``unknown``/``none``) is replaced: the pipeline now
    knows what the author could not say.
    """
    node = parent.get(key) if isinstance(parent, CommentedMap) else parent[key]
    if is_explained(node):
        inner = node.get("value")
        if isinstance(inner, kind):
            return inner
    if isinstance(node, kind):
        return node
    if isinstance(parent, CommentedSeq):
        raise KeyError(f"list item {key} is not a {'mapping' if kind is CommentedMap else 'list'}")
    fresh = kind()
    parent[key] = fresh
    return fresh


def parse_path(data_path: str | Sequence[str | int]) -> DataPath:
    """``"training.hyperparameters.lr"`` or ``("evaluation", "results", 0)`` as a data path."""
    if isinstance(data_path, str):
        return tuple(int(part) if part.isdigit() else part for part in data_path.split("."))
    return tuple(data_path)


def result_identity(result: Mapping[str, Any]) -> ResultIdentity:
    """What makes two results the same measurement: task, dataset name and split, metric, slice."""
    dataset = result.get("dataset")
    dataset = dataset if isinstance(dataset, Mapping) else {}
    return (
        result.get("task"),
        plain(dataset.get("name")),
        plain(dataset.get("split")),
        result.get("metric"),
        result.get("slice"),
    )


class CardEditor:
    """A card file opened for a round-trip update; use :func:`edit` to get one.

    Each method returns the editor, so calls chain:
    ``editor.set("model.version", "1.1").upsert_result({...})``.
    """

    def __init__(self, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = os.fspath(path)
        self.limits = limits
        document = read_document(self.path, limits)
        self._crlf = "\r\n" in document.text
        with open(self.path, "rb") as handle:
            self._bom = handle.read(3) == b"\xef\xbb\xbf"
        self.original = document.text.replace("\r\n", "\n")
        """The file's text with Unix newlines; Windows newlines and a BOM are put back on writing."""
        self._was_valid = check(document)[0] is not None
        self._yaml = _yaml_for(self.original)
        try:
            self.data: CommentedMap = self._yaml.load(self.original)
        except YAMLError as error:
            raise LoadError(self.path, Position(1, 1), f"cannot load the card for updating: {error}") from None
        self._baseline = _dump(self._yaml, self.data)
        self.card: AnyCard | None = None
        """The validated card, once :meth:`commit` has run."""

    def _container_at(self, data_path: DataPath, then: str | int | None = None) -> Any:
        """The container at ``data_path``, created as needed: a list where the next key (or ``then``) is an index."""
        node: Any = self.data
        for index, key in enumerate(data_path):
            following = data_path[index + 1] if index + 1 < len(data_path) else then
            if isinstance(following, int):
                node = _container_in(node, key, CommentedSeq)
            else:
                node = _container_in(node, key, CommentedMap)
        return node

    def set(self, data_path: str | Sequence[str | int], value: Any) -> CardEditor:
        """Set one value, creating the mappings above it; equal values keep their text."""
        *parents, key = parse_path(data_path)
        _sync(self._container_at(tuple(parents), key), key, value, prune=True)
        return self

    def merge(self, data_path: str | Sequence[str | int], changes: Mapping[str, Any]) -> CardEditor:
        """Merge a nested mapping: given keys are set, keys not given stay as they are."""
        target = self._container_at(parse_path(data_path))
        for key, value in changes.items():
            if isinstance(value, Mapping) and not (isinstance(value, BaseModel) or is_explained(value)):
                self.merge((*parse_path(data_path), str(key)), value)
            else:
                _sync(target, str(key), value, prune=True)
        return self

    def upsert_result(self, result: Mapping[str, Any] | BaseModel) -> CardEditor:
        """Add an evaluation result, replacing the one with the same identity if there is one."""
        data = result.model_dump(mode="json", exclude_none=True) if isinstance(result, BaseModel) else dict(result)
        results = _container_in(self._container_at(("evaluation",)), "results", CommentedSeq)
        identity = result_identity(data)
        for index, existing in enumerate(results):
            if isinstance(existing, Mapping) and result_identity(existing) == identity:
                _sync(results, index, data, prune=True)
                return self
        results.append(to_yaml(data))
        return self

    def replace_all(self, data: Mapping[str, Any]) -> CardEditor:
        """Make the whole card equal ``data``; unchanged parts keep their text and comments."""
        for key, value in data.items():
            _sync(self.data, key, value, prune=True)
        for stale in [key for key in self.data if key not in data and self.data[key] is not None]:
            del self.data[stale]
        return self

    def text(self) -> str:
        """The updated file text: the author's text with only the changed lines replaced."""
        changed = hoist_insertions(self._baseline, _dump(self._yaml, self.data))
        merged = merge_text(self.original, self._baseline, changed)
        if merged != changed and not _same_data(merged, changed, self.limits):
            return changed
        return merged

    def commit(self) -> AnyCard:
        """Validate the updated card and replace the file atomically; an invalid card is never written."""
        text = self.text()
        card = validated(text, self.path, self.limits, was_valid=self._was_valid)
        if text != self.original:
            written = text.replace("\n", "\r\n") if self._crlf else text
            atomic_write(self.path, ("\ufeff" if self._bom else "") + written)
        self.card = card
        return card


def _same_data(first: str, second: str, limits: Limits) -> bool:
    try:
        return parse_text(first, limits=limits).data == parse_text(second, limits=limits).data
    except LoadError:
        return False


def validated(text: str, path: str, limits: Limits = DEFAULT_LIMITS, *, was_valid: bool = True) -> AnyCard:
    """The card ``text`` would be; raises :class:`CardValidationError` instead of allowing it to be written."""
    card, problems = check(parse_text(text, path, limits))
    if card is None:
        why = (
            "the update would make the card invalid" if was_valid else "the card is invalid (it was before the update)"
        )
        raise CardValidationError(
            [Problem(p.path, p.position, f"{why}, so it was not written: {p.message}") for p in problems]
        )
    return card


@contextmanager
def locked(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the card's lock; a lock held elsewhere for too long becomes a clear error."""
    from filelock import Timeout

    try:
        with lock_for(path, timeout):
            yield
    except Timeout:
        raise CardError(
            [
                Problem(
                    os.fspath(path),
                    Position(1, 1),
                    f"another process held {os.fspath(path)}.lock for more than {timeout:g} s; "
                    "wait for it to finish, or delete the lock file if no process is using the card",
                )
            ]
        ) from None


@contextmanager
def edit(
    path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> Iterator[CardEditor]:
    """Open a card for a fluent round-trip update; it is validated and written when the block ends.

    The card's lock is held from reading to writing, so updates from several
    processes never overwrite one another. If the block raises, nothing is written.
    """
    with locked(path, lock_timeout):
        editor = CardEditor(path, limits)
        yield editor
        editor.commit()


def update(
    path: str | os.PathLike[str],
    changes: Mapping[str, Any] | None = None,
    *,
    results: Sequence[Mapping[str, Any] | BaseModel] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> AnyCard:
    """Merge ``changes`` (a nested mapping) and upsert ``results`` into a card file, keeping its formatting.

    Returns the updated, validated card. Raises :class:`CardValidationError` (and
    leaves the file alone) when the result would not be a valid card.
    """
    with edit(path, limits) as editor:
        editor.merge((), changes or {})
        for result in results:
            editor.upsert_result(result)
    assert editor.card is not None
    return editor.card


def save(card: AnyCard, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
    """Write a card to ``path``; an existing file is updated in place so its comments survive.

    Fields the card never set (pydantic's unset defaults) are left as the file has
    them, so a file without ``schema_version`` does not gain one, nor lose it.
    """
    target = Path(path)
    data = card.model_dump(mode="json", exclude_none=True, exclude_unset=True)
    with locked(target):
        if target.exists():
            editor = CardEditor(target, limits)
            if "schema_version" in editor.data and "schema_version" not in data:
                data = {"schema_version": card.schema_version, **data}
            editor.replace_all(data).commit()
            return
        text = _dump(_yaml_for(""), to_yaml({"schema_version": card.schema_version, **data}))
        validated(text, os.fspath(target), limits)
        atomic_write(target, text)
