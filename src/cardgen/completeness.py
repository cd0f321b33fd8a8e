"""How much of each part of the card is answered: one measure for the linter's summary and the renderer's chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from cardgen.schema.parts import parts
from cardgen.schema.values import explanation, plain, status

MACHINE_WRITTEN: frozenset[str] = frozenset({"run"})
"""Fields the recorder fills; people are not asked to write them."""


@dataclass(frozen=True)
class Completeness:
    answered: int
    total: int

    @property
    def ratio(self) -> float:
        return self.answered / self.total if self.total else 0.0


def is_answered(answer: Any) -> bool:
    """Given, or `none`, or `unknown` with a reason: an honest answer counts, a silent gap does not."""
    state = status(answer)
    return state in ("given", "none") or (state == "unknown" and explanation(answer) is not None)


def _fields(section: BaseModel) -> Completeness:
    names = [name for name in type(section).model_fields if name not in MACHINE_WRITTEN]
    answered = sum(is_answered(getattr(section, name)) for name in names)
    return Completeness(answered, len(names))


def part_completeness(card: BaseModel, part: str) -> Completeness:
    """Completeness of one part: the share of its fields answered (over every entry, for lists)."""
    answer = getattr(card, part)
    if status(answer) == "none" or (status(answer) == "unknown" and explanation(answer) is not None):
        return Completeness(1, 1)
    value = plain(answer)
    if isinstance(value, BaseModel):
        return _fields(value)
    if isinstance(value, list) and value:
        counts = [_fields(entry) for entry in value]
        return Completeness(sum(c.answered for c in counts), sum(c.total for c in counts))
    return Completeness(0, 1)


def card_completeness(card: BaseModel) -> dict[str, Completeness]:
    """Completeness of every part of the card, keyed by part name in reading order."""
    return {part.name: part_completeness(card, part.name) for part in parts(type(card))}
