"""Facts of a card that reach everything built on it: the data it holds about people, and its risks.

The same facts drive CG606 within one card and the inherited checks across cards,
so they are read from the card in one place. The graph keeps these facts, not the
cards, so that linting ten thousand cards holds a few kilobytes per card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cardgen.schema.answers import explanation, is_card_object, items, plain, status
from cardgen.schema.constraints import references

PERSONAL_FIELDS: tuple[str, ...] = ("personal_information", "sensitive_information")


def says_personal(entry: Any) -> bool:
    """Whether a data source, or a dataset's composition, says it holds personal or special-category data."""
    if is_card_object(entry):
        return any(plain(getattr(entry, name, None)) is True for name in PERSONAL_FIELDS)
    return isinstance(entry, dict) and any(plain(entry.get(name)) is True for name in PERSONAL_FIELDS)


def _part(card: Any, name: str) -> Any:
    """A part of the card, bare; None when its kind has none (asked of a model, pydantic's miss is slow)."""
    return plain(card.__dict__.get(name)) if is_card_object(card) else None


def personal_data(card: Any) -> list[str]:
    """Where the card says it holds personal data, in words: ``in data source 'Reddit'``, ``in its composition``."""
    found: list[str] = []
    composition = _part(card, "composition")
    if composition is not None and says_personal(composition):
        found.append("in its composition")
    creation = _part(card, "data_creation")
    for source in items(creation.sources) if creation is not None else []:
        if says_personal(source):
            found.append(f"in data source '{plain(source.name) or 'unnamed'}'")
    return found


def _answers_as(risk: Any) -> str | None:
    """Why a risk counts as an answer to another: it gives mitigations, or it is accepted with an explanation."""
    if status(risk.mitigations) == "given":
        return "with mitigations"
    if plain(risk.status) == "accepted" and (explanation(risk.status) or "").strip():
        return "accepted with an explanation"
    return None


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """What other cards need of one risk: to inherit it, or to be addressed by it."""

    index: int
    """Position in the card's ``risks``."""
    id: str | None
    category: str | None
    description: str
    addresses: tuple[str, ...]
    """The ``NAME#RISK-ID`` references it answers."""
    answers_as: str | None
    """How it counts as an answer (``with mitigations``, ``accepted with an explanation``), or None."""


def risk_facts(card: Any) -> tuple[RiskFacts, ...]:
    """The card's risks that are written out (not bare answers such as ``unknown``), positions kept."""
    return tuple(
        RiskFacts(
            index,
            risk.id,
            plain(risk.category),
            str(plain(risk.description) or ""),
            tuple(references(risk.addresses)),
            _answers_as(risk),
        )
        for index, risk in enumerate(items(card.risks))
        if is_card_object(risk)
    )
