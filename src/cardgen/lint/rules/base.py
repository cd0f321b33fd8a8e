"""What a rule is and what it sees: the shared vocabulary of every rule family.

A rule is a small function that looks at a validated card and yields the data
paths it objects to; the engine turns paths into file positions, so rules never
deal with lines and columns.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from cardgen.io.loader import DataPath, Document
from cardgen.lint.findings import Severity
from cardgen.schema.values import answer_shape, plain, status

Stage = Literal[
    "card",
    "model",
    "data_creation",
    "curation",
    "training",
    "adaptation",
    "deployment",
    "evaluation",
    "intended_use",
    "risks",
    "dependencies",
]
"""The part of the card a rule is about; ``card`` for rules that apply to every field."""

Hit = tuple[DataPath, str]
"""A rule's objection: the data path it is about and a message saying what to do."""


def is_explained(raw: Any) -> bool:
    """Whether a value was written as ``{value, explanation}``."""
    return isinstance(raw, dict) and answer_shape(raw) == "explained"


@dataclass(frozen=True)
class Node:
    """A value in the card together with its data path, so rules can report where it is.

    Works on validated cards (pydantic models) and on plain parsed data alike;
    ``{value, explanation}`` wrappers are stepped through, with ``value`` kept in
    the path because it is a key in the file.
    """

    path: DataPath
    raw: Any

    @property
    def value(self) -> Any:
        """The bare value, or None for missing, ``unknown`` and ``none``."""
        return plain(self.raw)

    @property
    def status(self) -> Literal["missing", "unknown", "none", "given"]:
        return status(self.raw)

    @property
    def given(self) -> bool:
        return self.status == "given"

    @property
    def missing(self) -> bool:
        return self.status == "missing"

    def _unwrapped(self) -> tuple[DataPath, Any]:
        if is_explained(self.raw):
            return (*self.path, "value"), self.raw.get("value")
        return self.path, self.raw

    def __getitem__(self, key: str | int) -> Node:
        path, base = self._unwrapped()
        child: Any = None
        if isinstance(base, BaseModel):
            if isinstance(key, str) and key in type(base).model_fields:
                child = getattr(base, key)
        elif isinstance(base, dict):
            child = base.get(key)
        elif isinstance(base, list) and isinstance(key, int) and 0 <= key < len(base):
            child = base[key]
        return Node((*path, key), child)

    def get(self, *keys: str | int) -> Node:
        """The node at a path below this one, e.g. ``node.get("training", "energy")``."""
        node = self
        for key in keys:
            node = node[key]
        return node

    def entries(self) -> list[Node]:
        """The entries of a list field, each with its path."""
        path, base = self._unwrapped()
        if not isinstance(base, list):
            return []
        return [Node((*path, index), entry) for index, entry in enumerate(base)]


def lookup(data: Any, path: DataPath) -> Any:
    """The plain-data value at an existing data path."""
    for key in path:
        data = data[key]
    return data


def walk(value: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Every value below ``value`` (itself included) with its data path, depth first."""
    yield path, value
    if isinstance(value, BaseModel):
        for name in value.model_fields_set:
            yield from walk(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, (*path, index))


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

    @property
    def root(self) -> Node:
        return Node((), self.card)


Check = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable id, a short name, a default severity, a stage and its documentation."""

    id: str
    name: str
    severity: Severity
    stage: Stage
    doc: str
    check: Check | None
    """None for the schema rule, whose findings come from validation rather than a check."""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.split("\n", 1)[0]


def rule(rule_id: str, name: str, severity: Severity, stage: Stage) -> Callable[[Check], Rule]:
    """Turn a check function into a :class:`Rule`; its docstring becomes the rule's documentation."""

    def make(check: Check) -> Rule:
        if not check.__doc__:
            raise ValueError(f"rule {rule_id} needs a docstring: it is the rule's documentation")
        return Rule(rule_id, name, severity, stage, inspect.cleandoc(check.__doc__), check)

    return make
