"""The library's card files: read, load and validate them; save, update and edit them in place.

Reading goes through :mod:`cardgen.io.loader` (plain data with a source map) and
:mod:`cardgen.validation`. Writing is a round-trip update (:mod:`cardgen.io.roundtrip`)
that keeps the author's comments and formatting; the result is validated before the
file is replaced atomically, under a file lock, so that concurrent writers (ranks of
a distributed job) take turns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from cardgen.errors import CardError, CardValidationError, DataPath, Position, Problem
from cardgen.io.atomic import atomic_write, real_path
from cardgen.io.loader import DEFAULT_LIMITS, Document, Limits, Location, SourceMap, parse_text, read_document
from cardgen.io.roundtrip import RoundTripFile, new_text, sync, to_yaml
from cardgen.linter.live import LiveDocument
from cardgen.schema.answers import is_explained, plain
from cardgen.schema.card import AnyCard, CardBase
from cardgen.schema.constraints import result_key
from cardgen.schema.kinds import identity_of
from cardgen.schema.messages import child_at
from cardgen.validation import check

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT_SECONDS = 120.0
"""How long a writer waits for another process's update before giving up."""


@dataclass(frozen=True)
class LoadedCard:
    """A card together with the file it was read from: what the renderer needs for positions and settings."""

    card: AnyCard
    source: Document
    """The file as read: its path, its data as written, its text (for inline suppressions) and its source map."""


_ABSENT = object()
_UNSEEN = object()


def _kept_locations(data: Any, written: Any, locations: Mapping[DataPath, Location]) -> Mapping[DataPath, Location]:
    """The positions (of values in ``written``, the file's data) whose value is still in ``data``.

    Under a top-level key whose value is as written (most of a card between reading and rendering),
    every position is kept without a look-up: equal data has the same paths. Elsewhere each value is
    looked up once, from its parent's. A file's source map stays one (its lines and columns are
    worked out only for what is reported).
    """
    same = {key for key, value in data.items() if written.get(key, _ABSENT) == value} if type(written) is dict else ()
    if type(written) is dict and len(same) == len(written):
        return locations  # every part written is as written (the card may have gained some): every position stays
    nodes: dict[DataPath, Any] = {(): data}
    kept = [path for path in locations if (path and path[0] in same) or _node_at(path, nodes) is not _ABSENT]
    if len(kept) == len(locations):
        return locations  # every position stays (dates, say, were written as dates and are dumped as text)
    if isinstance(locations, SourceMap):
        return locations.only(kept)
    return {path: locations[path] for path in kept}


def _node_at(path: DataPath, nodes: dict[DataPath, Any]) -> Any:
    """The value at ``path`` (or ``_ABSENT``), remembered in ``nodes`` with every parent on the way."""
    node = nodes.get(path, _UNSEEN)
    if node is _UNSEEN:
        parent = _node_at(path[:-1], nodes)
        found, child = child_at(parent, path[-1])
        node = nodes[path] = child if found else _ABSENT
    return node


def as_document(card: CardBase, source: Document | None = None) -> Document:
    """The card as it is now, in the form the linter reads a file in.

    The data is the card object's, so what was changed in code counts; from the
    ``source`` file come its path, its text (for inline suppressions) and the
    positions of the values that are still there. A value that exists only in
    memory points at its nearest parent in the file; a card read from no file
    has no positions (:data:`~cardgen.io.loader.NOWHERE`). The data and positions
    are worked out when first asked for, from the card as it is then (see
    :class:`~cardgen.linter.live.LiveDocument`).
    """

    def dump() -> tuple[dict[str, Any], Mapping[DataPath, Location]]:
        data = card.model_dump(mode="json", exclude_none=True, warnings=False)  # values set in code stay as set
        return data, {} if source is None else _kept_locations(data, source.data, source.locations)

    if source is None:
        return LiveDocument(f"<card {identity_of(card).name}>", "", card, dump)
    return LiveDocument(source.path, source.text, card, dump)


def read(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> LoadedCard:
    """Read a card file into a validated card of its kind (:class:`Card` for models) and the :class:`Document` it came from.

    Raises :class:`~cardgen.errors.LoadError` when the file cannot be parsed and
    :class:`~cardgen.errors.CardValidationError` when it does not fit the schema.
    """
    document = read_document(path, limits)
    card, problems = check(document)
    if card is None:
        raise CardValidationError(problems)
    return LoadedCard(card, document)


def load(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> AnyCard:
    """Read a card file into a card of its kind; raises like :func:`read`."""
    return read(path, limits).card


def validate(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """The schema problems of a card file; parse failures raise :class:`~cardgen.errors.LoadError`."""
    return check(read_document(path, limits))[1]


def lock_for(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT_SECONDS) -> FileLock:
    """The inter-process lock guarding a card: ``<card>.lock`` next to the real file (symlinks resolved),
    so writers that reach the card through a link and through its real path take turns.

    filelock is imported here, not at module level, to keep ``import cardgen`` fast.
    """
    from filelock import FileLock

    return FileLock(f"{real_path(path)}.lock", timeout=timeout)


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


def validated(text: str, path: str, limits: Limits = DEFAULT_LIMITS, *, was_valid: bool = True) -> AnyCard:
    """The card ``text`` would be; raises :class:`CardValidationError` instead of allowing it to be written."""
    return _validated(parse_text(text, path, limits), was_valid)


def _validated(document: Document, was_valid: bool) -> AnyCard:
    card, problems = check(document)
    if card is None:
        why = (
            "the update would make the card invalid" if was_valid else "the card is invalid (it was before the update)"
        )
        raise CardValidationError(
            [Problem(p.path, p.position, f"{why}, so it was not written: {p.message}") for p in problems]
        )
    return card


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


def _hashable(value: Any) -> Any:
    """A dictionary key for any result key, even one whose parts are (invalid) lists or mappings."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def parse_path(data_path: str | Sequence[str | int]) -> DataPath:
    """``"training.hyperparameters.lr"`` or ``("evaluation", "results", 0)`` as a data path."""
    if isinstance(data_path, str):
        return tuple(int(part) if part.isdigit() else part for part in data_path.split("."))
    return tuple(data_path)


class CardEditor(RoundTripFile):
    """A card file opened for a round-trip update; use :func:`edit` to get one.

    Each method returns the editor, so calls chain:
    ``editor.set("model.version", "1.1").upsert_result({...})``.
    """

    def __init__(self, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self._was_valid = check(self.document)[0] is not None
        self._results: tuple[int, dict[Any, int]] | None = None
        self.card: AnyCard | None = None
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
        sync(self._container_at(tuple(parents), key), key, value, prune=True)
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
                sync(target, str(key), value, prune=True)
        return self

    def upsert_result(self, result: Mapping[str, Any] | BaseModel) -> CardEditor:
        """Add an evaluation result, replacing the one with the same :func:`~cardgen.schema.evaluation.result_key`.

        Results are found through an index of their keys, so recording n results
        into a card that holds m takes time in n + m, not n x m.
        """
        data = result.model_dump(mode="json", exclude_none=True) if isinstance(result, BaseModel) else dict(result)
        results = _container_in(self._container_at(("evaluation",)), "results", list)
        if self._results is None or self._results[0] != id(results):
            index: dict[Any, int] = {}
            for position, existing in enumerate(results):
                if isinstance(existing, Mapping):
                    index.setdefault(_hashable(result_key(existing)), position)
            self._results = (id(results), index)
        key = _hashable(result_key(data))
        found = self._results[1].get(key)
        if found is not None and found < len(results):
            sync(results, found, data, prune=True)
            return self
        self._results[1][key] = len(results)
        results.append(to_yaml(data))
        return self

    def replace_all(self, data: Mapping[str, Any]) -> CardEditor:
        """Make the whole card equal ``data``; unchanged parts keep their text and comments."""
        for key, value in data.items():
            sync(self.data, key, value, prune=True)
        for stale in [key for key in self.data if key not in data and self.data[key] is not None]:
            del self.data[stale]
        self._results = None
        return self

    def commit(self) -> AnyCard:
        """Validate the updated card and replace the file atomically; an invalid card is never written."""
        document = self.changed()
        card = _validated(document, self._was_valid)
        self.write(document.text)
        self.card = card
        return card


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

    A result replaces the one with the same task, dataset (name, config, split,
    revision), metric and slice, and is appended otherwise. Returns the updated,
    validated card. Raises :class:`CardValidationError` (and leaves the file alone)
    when the result would not be a valid card.
    """
    with edit(path, limits) as editor:
        editor.merge((), changes or {})
        for result in results:
            editor.upsert_result(result)
    assert editor.card is not None
    return editor.card


def save(card: CardBase, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
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
        write_new(target, {"schema_version": card.schema_version, **data}, limits)


def write_new(path: str | os.PathLike[str], data: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS) -> AnyCard:
    """Write card data to a file that has none yet: validated first, then written atomically; returns the card."""
    text = new_text(data)
    card = validated(text, os.fspath(path), limits)
    atomic_write(path, text)
    return card
