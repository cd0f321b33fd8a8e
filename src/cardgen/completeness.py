"""How much of each part of the card is answered, and how: one measure for the linter's summary and the renderer.

Every field is in one of five states, because "answered" hides the difference
that matters to a reader: a value (documented), ``unknown`` with a reason,
``unknown`` alone, ``none`` (does not apply), or nothing at all. Placeholder text
(``TODO``, ``[More Information Needed]``) is nothing. A part answered as a whole
(``training: {value: unknown, explanation: ...}``) gives that state to each of its
fields, so a part whose fields are all unknown is never shown as complete.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from cardgen.schema.answers import (
    MARKER_SPELLINGS,
    has_content,
    is_card_object,
    is_placeholder,
    plain,
    status,
    unwrapped,
)
from cardgen.schema.parts import parts

MACHINE_WRITTEN: frozenset[str] = frozenset({"run", "incomplete_runs"})
"""Fields the recorder fills; people are not asked to write them."""

FieldState = Literal["documented", "explained_unknown", "bare_unknown", "not_applicable", "missing"]
FIELD_STATES: tuple[FieldState, ...] = ("documented", "explained_unknown", "bare_unknown", "not_applicable", "missing")

STATE_WORDS: dict[FieldState, str] = {
    "documented": "documented",
    "explained_unknown": "unknown, explained",
    "bare_unknown": "unknown, no reason given",
    "not_applicable": "not applicable",
    "missing": "missing",
}
"""How each state reads in a summary."""


@dataclass(frozen=True)
class Completeness:
    """A score: how many of ``total`` were answered (documented fields, or covered standard items)."""

    answered: int
    total: int

    @property
    def ratio(self) -> float:
        return self.answered / self.total if self.total else 0.0


@dataclass(frozen=True)
class PartCompleteness(Completeness):
    """The fields of a part by state; ``answered`` counts documented fields only."""

    explained_unknown: int = 0
    bare_unknown: int = 0
    not_applicable: int = 0
    missing: int = 0

    @property
    def documented(self) -> int:
        return self.answered

    def count(self, state: FieldState) -> int:
        return self.answered if state == "documented" else int(getattr(self, state))

    @classmethod
    def of(cls, states: Iterable[FieldState]) -> PartCompleteness:
        listed = list(states)
        return _shared_part_completeness(
            listed.count("documented"),
            len(listed),
            listed.count("explained_unknown"),
            listed.count("bare_unknown"),
            listed.count("not_applicable"),
            listed.count("missing"),
        )

    @classmethod
    def combined(cls, scores: Iterable[PartCompleteness]) -> PartCompleteness:
        listed = list(scores)
        names = ("answered", "total", "explained_unknown", "bare_unknown", "not_applicable", "missing")
        return cls(*(sum(getattr(score, name) for score in listed) for name in names))

    def summary(self) -> str:
        """E.g. ``5 of 12 documented; 3 unknown, explained; 4 missing``: every state that occurs, in words."""
        others = [f"{self.count(state)} {STATE_WORDS[state]}" for state in FIELD_STATES[1:] if self.count(state)]
        return "; ".join([f"{self.documented} of {self.total} documented", *others])


@functools.lru_cache(maxsize=4096)
def _shared_part_completeness(*counts: int) -> PartCompleteness:
    """One object per set of counts: a lint run over ten thousand cards keeps a score per part of
    each, and most are equal (the values are immutable, so sharing them is safe)."""
    return PartCompleteness(*counts)


def field_state(answer: Any) -> FieldState:
    """The state of one answer; text that is only a placeholder is missing."""
    if answer is None:  # most fields of a part are not given, and most that are hold text: both answered first
        return "missing"
    if type(answer) is str:  # not a mapping, so no explanation: a marker, or text with or without content
        if len(answer) <= 8:
            marker = MARKER_SPELLINGS.get(answer.strip().lower())
            if marker is not None:
                return "bare_unknown" if marker == "unknown" else "not_applicable"
        return "documented" if answer.strip() and not is_placeholder(answer) else "missing"
    value, why = unwrapped(answer)
    state = status(value)
    if state == "unknown":
        return "explained_unknown" if why and why.strip() else "bare_unknown"
    if state == "none":
        return "not_applicable"
    if state == "given" and has_content(answer):
        return "documented"
    return "missing"


_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _names(model: type[Any]) -> tuple[str, ...]:
    """The fields a person answers (worked out once per model: a page asks for every entry of every part)."""
    names = _NAMES.get(model)
    if names is None:
        names = _NAMES[model] = tuple(name for name in model.model_fields if name not in MACHINE_WRITTEN)
    return names


def part_completeness(card: Any, part: str) -> PartCompleteness:
    """The states of one part's fields (over every entry, for lists); a part answered whole gives them its state."""
    answer = getattr(card, part)
    value = plain(answer)
    if is_card_object(value):
        return PartCompleteness.of(map(field_state, map(getattr, itertools.repeat(value), _names(type(value)))))
    entries = [entry for entry in value if is_card_object(entry)] if isinstance(value, list) else []
    if entries:
        return PartCompleteness.of(
            field_state(getattr(entry, name)) for entry in entries for name in _names(type(entry))
        )
    names = _names(next(each.model for each in parts(type(card)) if each.name == part))
    whole = field_state(answer) if status(answer) in ("unknown", "none") else "missing"
    return PartCompleteness.of([whole] * len(names))


def card_completeness(card: Any) -> dict[str, PartCompleteness]:
    """Completeness of every part of the card, keyed by part name in reading order."""
    return {part.name: part_completeness(card, part.name) for part in parts(type(card))}
