"""What a rule is and what it sees: the shared vocabulary of every rule family.

A rule is a small function that looks at a validated card and yields the data
paths it objects to; the engine turns paths into file positions, so rules never
deal with lines and columns. A rule of the graph (:func:`graph_rule`) looks at the
facts the ecosystem graph keeps of every card linted together, not at the card.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from cardgen.errors import DataPath, dotted
from cardgen.io.loader import Document
from cardgen.linter.findings import Severity
from cardgen.linter.live import LiveDocument
from cardgen.schema.answers import (
    MARKER_SPELLINGS,
    PLACEHOLDER_VALUES,
    answer_shape,
    explanation,
    is_card_object,
    is_explained,
    plain,
    status,
    unwrapped,
)
from cardgen.schema.kinds import KINDS

WHOLE_CARD = "card"
"""The part named by rules that apply to every field of the card."""

if TYPE_CHECKING:
    from cardgen.ecosystem.graph import Graph

SHORT_TEXT = max(len(text) for text in (*PLACEHOLDER_VALUES, *MARKER_SPELLINGS))
"""The longest marker spelling or placeholder value."""

Hit = tuple[DataPath, str]
"""A rule's objection: the data path it is about and a message saying what to do."""


class Node:
    """A value in the card together with its data path, so rules can report where it is.

    Works on validated cards (pydantic models, or the records ``cardgen lint`` validates
    into) and on plain parsed data alike; ``{value, explanation}`` wrappers are stepped
    through, with ``value`` kept in the path because it is a key in the file. A slotted class, as rules make
    hundreds per card. A node remembers the children (and list entries) it has handed out: the rules of one
    card walk from one root (:attr:`Context.root`) to the same parts over and over.
    """

    __slots__ = ("_children", "_entries", "path", "raw")

    def __init__(self, path: DataPath, raw: Any) -> None:
        self.path = path
        self.raw = raw
        self._children: dict[str | int, Node] | None = None
        self._entries: list[Node] | None = None

    @property
    def value(self) -> Any:
        """The bare value, or None for missing, ``unknown`` and ``none``."""
        return plain(self.raw)

    @property
    def status(self) -> Literal["missing", "unknown", "none", "given"]:
        return status(self.raw)

    @property
    def given(self) -> bool:
        return status(self.raw) == "given"

    @property
    def missing(self) -> bool:
        return status(self.raw) == "missing"

    @property
    def explained_absence(self) -> bool:
        """Answered ``none`` or ``unknown`` with a reason: a stated gap rather than an oversight."""
        return self.status in ("none", "unknown") and bool(str(explanation(self.raw) or "").strip())

    def __getitem__(self, key: str | int) -> Node:
        children = self._children
        if children is None:
            children = self._children = {}
        else:
            known = children.get(key)
            if known is not None:
                return known
        raw = self.raw
        path = self.path
        if isinstance(raw, dict) and "explanation" in raw and is_explained(raw):
            path = (*path, "value")
        node = children[key] = Node((*path, key), self.look(key))
        return node

    def look(self, key: str | int) -> Any:
        """The value of a child, as :meth:`__getitem__` would hold it, without making its node: for a rule
        that looks at one field of many entries, and needs a node only for what it reports."""
        raw = self.raw
        if isinstance(raw, dict):  # no card object is a mapping: the cheap tests first
            if "explanation" in raw and is_explained(raw):
                raw = raw.get("value")
            else:
                return raw.get(key)
        if isinstance(raw, dict):
            return raw.get(key)
        if isinstance(raw, list):
            return raw[key] if isinstance(key, int) and 0 <= key < len(raw) else None
        if raw is not None and is_card_object(raw):
            return raw.__dict__.get(key) if isinstance(key, str) else None  # field values, not methods
        return None

    def get(self, *keys: str | int) -> Node:
        """The node at a path below this one, e.g. ``node.get("training", "energy")``."""
        node = self
        for key in keys:
            node = node[key]
        return node

    def entries(self) -> list[Node]:
        """The entries of a list field, each with its path (one list, made on the first call: do not change it)."""
        entries = self._entries
        if entries is None:
            bare = unwrapped(self.raw)[0]
            entries = self._entries = [self[index] for index in range(len(bare))] if isinstance(bare, list) else []
        return entries


def lookup(data: Any, path: DataPath) -> Any:
    """The value at an existing data path, in plain data or in the validated card (whose shape is the same)."""
    for key in path:
        container: Any = data.__dict__ if is_card_object(data) else data
        data = container[key]
    return data


def texts_with_paths(data: Any) -> list[tuple[DataPath, str]]:
    """Every text value in plain parsed data (itself included) with its data path, parents before children."""
    found: list[tuple[DataPath, str]] = [((), data)] if isinstance(data, str) else []
    if isinstance(data, (dict, list)):
        _visit((), data, found)
    return found


def _visit(path: DataPath, collection: dict[str, Any] | list[Any], found: list[tuple[DataPath, str]]) -> None:
    """Add the texts inside a collection; recursion is bounded by the loader's depth limit.

    A module function, not a closure: a closure that calls itself is a reference cycle, which
    kept every card's walk alive until the garbage collector came by for it.
    """
    for key, child in collection.items() if isinstance(collection, dict) else enumerate(collection):
        if isinstance(child, str):
            found.append(((*path, key), child))
        elif isinstance(child, (dict, list)):
            _visit((*path, key), child, found)


NOTABLE_TEXTS: frozenset[str] = frozenset({*PLACEHOLDER_VALUES, *MARKER_SPELLINGS})
"""What a text may be, once stripped and in lower case, for a rule on whole values to look at it:
a placeholder value or a spelling of a marker."""


class Scanned(NamedTuple):
    """What the rules that look at every value need of a card, gathered in one pass that makes a data
    path only for the few values a rule may report (a card has hundreds of values)."""

    texts: list[str]
    """Every text value, without its path."""
    notable: list[tuple[DataPath, str, str]]
    """The texts that are, once stripped and in lower case, in :data:`NOTABLE_TEXTS`: each with its path
    and that key."""
    dated: list[tuple[DataPath, str]]
    """The texts with a dash where a date (2024-01-31) has its first one, and the dates of a card object
    as text: the only values that can be a date."""
    explained: list[tuple[DataPath, dict[str, Any]]]
    """Every ``{value, explanation}`` mapping."""


_SCALARS: frozenset[type] = frozenset({int, float, bool})
_DATES: frozenset[type] = frozenset({datetime.date, datetime.datetime})


def scan(data: Any) -> Scanned | None:
    """Gather :class:`Scanned` from plain parsed data, or from a card object as its dump to plain data has it
    (its dates as text); None when it meets a value whose dump only the card models can tell (a tuple, an
    enum, ... set in code). Parsed data holds nothing else than text, numbers, mappings and lists."""
    scanned = Scanned([], [], [], [])
    return scanned if _scan((), _items(data), scanned) else None


def _items(collection: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(collection, dict):
        return collection.items()
    if isinstance(collection, list):
        return enumerate(collection)
    return collection.__dict__.items() if is_card_object(collection) else ()


def _scan(path: DataPath, items: Iterable[tuple[Any, Any]], scanned: Scanned) -> bool:
    """Add what is inside a collection (a module function, as :func:`_visit` is, and for the same reason);
    False when it meets a value :func:`scan` cannot tell the dump of."""
    texts, notable, dated, explained = scanned
    for key, child in items:
        if child is None:  # a third of a card object's fields
            continue
        kind = type(child)  # the exact types, as parsing and dumping make them: one test for most values
        if kind is str:
            texts.append(child)
            if len(child) <= SHORT_TEXT or len(child.strip()) <= SHORT_TEXT:
                lowered = child.strip().lower()
                if lowered in NOTABLE_TEXTS:
                    notable.append(((*path, key), child, lowered))
            if child[4:5] == "-":
                dated.append(((*path, key), child))
        elif kind in _SCALARS:
            continue
        elif kind is dict:
            inner = (*path, key)
            if "explanation" in child and answer_shape(child) == "explained":
                explained.append((inner, child))
            if not _scan(inner, child.items(), scanned):
                return False
        elif kind is list:
            if not _scan((*path, key), enumerate(child), scanned):
                return False
        elif kind in _DATES:
            dated.append(((*path, key), child.isoformat()))
        elif is_card_object(child):
            if not _scan((*path, key), child.__dict__.items(), scanned):
                return False
        else:
            return False
    return True


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at for one card."""

    document: Document
    card: Any
    """The validated :class:`~cardgen.schema.card.Card` (plain data works too)."""
    path: str
    """The card file's path; upstream card paths are relative to it."""
    today: datetime.date
    """The latest date that is not in the future anywhere on Earth (UTC today plus one day)."""

    @cached_property
    def root(self) -> Node:
        """The whole card; every rule of the card starts from this one node (see :class:`Node`)."""
        return Node((), self.card)

    @property
    def kind(self) -> str:
        """The kind of card: model, dataset or application."""
        kind = self.card.get("kind") if isinstance(self.card, dict) else getattr(self.card, "kind", None)
        return kind if isinstance(kind, str) else "model"

    @property
    def identity(self) -> Node:
        """The identity block, named after the card's kind (``model``, ``dataset``, ``application``)."""
        return self.root[self.kind]

    @cached_property
    def scanned(self) -> Scanned:
        """The card's values as written in the file, or (for a card from code) as the card holds them now,
        scanned once for all rules."""
        found = scan(self.document.card) if isinstance(self.document, LiveDocument) else None
        if found is None:
            found = scan(self.document.data)
            assert found is not None, "parsed data, and a card's dump, hold only what scan knows"
        return found

    def where(self, path: DataPath) -> str:
        """Where a value is, for a message that points back at it: its line, or (for a card from no file) its field."""
        line = self.document.position(path).line
        return f"on line {line}" if line else f"at {dotted(path)}"

    @property
    def strings(self) -> list[tuple[DataPath, str]]:
        """Every text value as written in the file, with its path: a walk of its own, for the rare rule
        that needs the path of any text (:attr:`scanned` has the texts alone)."""
        return texts_with_paths(self.document.data)


Check = Callable[[Context], Iterator[Hit]]
GraphCheck = Callable[["Graph", str], Iterator[Hit]]
"""A check of the card at a path among the cards linted with it; it sees only the graph's facts."""


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable id, a short name, a default severity, the part it is about and its documentation."""

    id: str
    name: str
    severity: Severity
    part: str
    """A part of the card (see :mod:`cardgen.schema.parts`), or ``card`` for every field."""
    doc: str
    check: Check | None
    """None for the schema rule, whose findings come from validation, and for the rules of the graph."""
    kinds: tuple[str, ...] = KINDS
    """The kinds of card the rule applies to (it also needs its part to exist in the card)."""
    graph_check: GraphCheck | None = None
    """For a rule that follows dependencies: it runs once every card is read, on the graph's facts
    alone and pointing at the graph's positions, so that the cards need not stay in memory."""

    def applies_to(self, kind: str, parts: tuple[str, ...]) -> bool:
        """Whether the rule checks a card of ``kind`` whose parts are ``parts``: a dataset card has no training."""
        return kind in self.kinds and (self.part == WHOLE_CARD or self.part in parts)

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.split("\n", 1)[0]


def rule(
    rule_id: str, name: str, severity: Severity, part: str, kinds: tuple[str, ...] = KINDS
) -> Callable[[Check], Rule]:
    """Turn a check function into a :class:`Rule`; its docstring becomes the rule's documentation.

    ``kinds`` narrows the rule to some kinds of card beyond those that have its part (a unit
    test checks that the part is one of theirs: checked here, it would load the card models).
    """

    def make(check: Check) -> Rule:
        return Rule(rule_id, name, severity, part, _documentation(rule_id, check), check, kinds)

    return make


def graph_rule(
    rule_id: str, name: str, severity: Severity, part: str, kinds: tuple[str, ...] = KINDS
) -> Callable[[GraphCheck], Rule]:
    """Turn a check of the graph (see :attr:`Rule.graph_check`) into a :class:`Rule`, as :func:`rule` does."""

    def make(check: GraphCheck) -> Rule:
        return Rule(rule_id, name, severity, part, _documentation(rule_id, check), None, kinds, check)

    return make


def _documentation(rule_id: str, check: Callable[..., Iterator[Hit]]) -> str:
    if not check.__doc__:
        raise ValueError(f"rule {rule_id} needs a docstring: it is the rule's documentation")
    return inspect.cleandoc(check.__doc__)


def core_missing(section: Node, label: str, fields: tuple[str, ...]) -> Iterator[Hit]:
    """The core information a part of the card must give: the whole part, or each missing field.

    A part answered ``unknown`` or ``none`` is left to the rules on those answers.
    """
    if section.missing:
        yield section.path, f"the card has no {label}; add `{section.path[-1]}:` or answer it with `unknown` and why"
        return
    value = section.value
    if not is_card_object(value):
        return
    for name in fields:
        if status(section.look(name)) == "missing":
            field = section[name]
            about = (type(value).model_fields[name].description or "").rstrip(".")
            yield field.path, f"{label} lacks '{name}' ({about}); write it, or `unknown` with an explanation"
