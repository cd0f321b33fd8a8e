"""Update card files in place while people keep editing them by hand.

A pipeline changes a few values; everything else in the file (comments, key
order, quoting, blank lines, indentation, line endings, anchors) must stay as the
author wrote it. The update is made on plain data, then carried into the text
value by value (:mod:`cardgen.io.splice`), so no line the update did not change is
rewritten. The new text is checked to read back as exactly the intended data,
then validated, then written atomically under a file lock, so that concurrent
writers (ranks of a distributed job) serialise.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from cardgen.errors import CardError, CardValidationError, Position, Problem
from cardgen.io.atomic import atomic_write, real_path
from cardgen.io.loader import DEFAULT_LIMITS, DataPath, Document, Limits, parse_text, read_document
from cardgen.io.splice import dump, same, splice
from cardgen.schema.card import Card
from cardgen.schema.values import is_explained, plain
from cardgen.validation import check

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT_SECONDS = 120.0
"""How long a writer waits for another process's update before giving up."""

ResultIdentity = tuple[Any, Any, Any, Any, Any]


def lock_for(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT_SECONDS) -> FileLock:
    """The inter-process lock guarding a card: ``<card>.lock`` next to the real file (symlinks resolved).

    filelock is imported here, not at module level, to keep ``import cardgen`` fast.
    """
    from filelock import FileLock

    return FileLock(f"{real_path(path)}.lock", timeout=timeout)


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


def _sync(container: Any, key: Any, new: Any, prune: bool) -> None:
    """Make ``container[key]`` equal ``new`` while leaving equal parts (and so their text) alone."""
    exists = key in container if isinstance(container, dict) else key < len(container)
    old = container[key] if exists else None
    if isinstance(old, dict) and isinstance(new, Mapping):
        for child_key, child in new.items():
            _sync(old, str(child_key), child, prune)
        if prune:
            for stale in [k for k in old if k not in new and old[k] is not None]:
                del old[stale]
        return
    if isinstance(old, list) and isinstance(new, (list, tuple)):
        for index, item in enumerate(new):
            if index < len(old):
                _sync(old, index, item, prune=True)
            else:
                old.append(to_yaml(item))
        del old[len(new) :]
        return
    if exists and not isinstance(old, (dict, list)) and _same_scalar(old, to_yaml(new)):
        return
    container[key] = to_yaml(new)


def _container_in(parent: Any, key: Any, kind: type[dict[str, Any]] | type[list[Any]]) -> Any:
    """The mapping or list at ``parent[key]``, looking inside ``{value, explanation}``.

    A missing value or a marker (``unknown``/``none``), bare or explained, is
    replaced: the pipeline now knows what the author could not say.
    """
    node: Any = parent.get(key) if isinstance(parent, dict) else parent[key]
    if is_explained(node):
        inner = node.get("value")
        if isinstance(inner, kind):
            return inner
    elif isinstance(node, kind):
        return node
    if isinstance(parent, list):
        raise KeyError(f"list item {key} is not a {'mapping' if kind is dict else 'list'}")
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


def _hashable(value: Any) -> Any:
    """A dictionary key for any result identity, even one whose parts are (invalid) lists or mappings."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class CardEditor:
    """A card file opened for a round-trip update; use :func:`edit` to get one.

    Each method returns the editor, so calls chain:
    ``editor.set("model.version", "1.1").upsert_result({...})``.
    """

    def __init__(self, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = os.fspath(path)
        self.limits = limits
        document = read_document(self.path, limits)
        with open(self.path, "rb") as handle:
            self._bom = handle.read(3) == b"\xef\xbb\xbf"
        self.original = document.text
        """The file's text as written (line endings included); a BOM is put back on writing."""
        self._was_valid = check(document)[0] is not None
        self._before = document.data
        self.data: dict[str, Any] = _unshared(document.data)
        """The card's data as the update will leave it; the methods below change it."""
        self._json = self.path.lower().endswith(".json")
        self._results: tuple[int, dict[Any, int]] | None = None
        self.card: Card | None = None
        """The validated card, once :meth:`commit` has run."""

    def _container_at(self, data_path: DataPath, then: str | int | None = None) -> Any:
        """The container at ``data_path``, created as needed: a list where the next key (or ``then``) is an index."""
        node: Any = self.data
        for index, key in enumerate(data_path):
            following = data_path[index + 1] if index + 1 < len(data_path) else then
            node = _container_in(node, key, list if isinstance(following, int) else dict)
        return node

    def set(self, data_path: str | Sequence[str | int], value: Any) -> CardEditor:
        """Set one value, creating the mappings above it; equal values keep their text."""
        *parents, key = parse_path(data_path)
        _sync(self._container_at(tuple(parents), key), key, value, prune=True)
        return self

    def remove(self, data_path: str | Sequence[str | int]) -> CardEditor:
        """Delete one key (or list item) if it is there; its comments go with it."""
        node: Any = self.data
        *parents, key = parse_path(data_path)
        for part in parents:
            if isinstance(node, Mapping):
                node = plain(node.get(part))
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = plain(node[part])
        if isinstance(node, dict):
            node.pop(key, None)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            del node[key]
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
        """Add an evaluation result, replacing the one with the same identity if there is one.

        Results are found through an index of their identities, so recording n results
        into a card that holds m takes time in n + m, not n x m.
        """
        data = result.model_dump(mode="json", exclude_none=True) if isinstance(result, BaseModel) else dict(result)
        results = _container_in(self._container_at(("evaluation",)), "results", list)
        if self._results is None or self._results[0] != id(results):
            index: dict[Any, int] = {}
            for position, item in enumerate(results):
                if isinstance(item, Mapping):
                    index.setdefault(_hashable(result_identity(item)), position)
            self._results = (id(results), index)
        identity = _hashable(result_identity(data))
        found = self._results[1].get(identity)
        if found is not None and found < len(results):
            _sync(results, found, data, prune=True)
            return self
        self._results[1][identity] = len(results)
        results.append(to_yaml(data))
        return self

    def replace_all(self, data: Mapping[str, Any]) -> CardEditor:
        """Make the whole card equal ``data``; unchanged parts keep their text and comments."""
        for key, value in data.items():
            _sync(self.data, key, value, prune=True)
        for stale in [key for key in self.data if key not in data and self.data[key] is not None]:
            del self.data[stale]
        self._results = None
        return self

    def text(self) -> str:
        """The updated file text: the author's text with only the changed values replaced."""
        return splice(self.original, self._before, self.data, json=self._json)

    def commit(self) -> Card:
        """Validate the updated card and replace the file atomically; an invalid card is never written."""
        text = self.text()
        document = parse_text(text, self.path, self.limits)
        if not same(document.data, self.data):
            message = (
                "cardgen could not carry this update into the text without changing other values, so the file "
                "was left as it was; please report this card to the cardgen project"
            )
            raise CardError([Problem(self.path, Position(1, 1), message)])
        card = validated(document, was_valid=self._was_valid)
        if text != self.original:
            atomic_write(self.path, ("\ufeff" if self._bom else "") + text)
        self.card = card
        return card


def validated(document: Document, *, was_valid: bool = True) -> Card:
    """The card ``document`` would be; raises :class:`CardValidationError` instead of allowing it to be written."""
    card, problems = check(document)
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
                    f"another process held {real_path(path)}.lock for more than {timeout:g} s; "
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
) -> Card:
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


def save(card: Card, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
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
        text = dump(to_yaml({"schema_version": card.schema_version, **data}))
        validated(parse_text(text, os.fspath(target), limits))
        atomic_write(target, text)
