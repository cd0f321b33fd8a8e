"""The parts of a card, described once and derived from the card model.

A *part* is any top-level section of a card; a *stage* is one of the five parts
that form the ecosystem chain. Completeness, the lint summary, the HTML view,
the Hub Markdown, ``cardgen init`` and the tests all read this description, so
a part added to the card model appears everywhere without editing them. It reads
``model_fields`` only, so the cache's records (``cardgen lint``) have the same parts.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from cardgen.schema.answers import STAGE_MARK, is_card_object
from cardgen.schema.introspect import models_in

_WORDS = {"url": "URL", "id": "ID", "gb": "(GB)", "sha256": "SHA-256", "co2": "CO₂", "cpu": "CPU", "spdx": "SPDX"}

NOT_PARTS: frozenset[str] = frozenset({"schema_version", "kind", "extras"})
"""Top-level keys that are not parts people are asked to write: bookkeeping (what the card is, not what the
asset is), and the extras that imports bring along (shown after the parts when present, never counted as missing)."""


def title_of(name: str) -> str:
    """A field name as people read it: ``memory_gb`` -> ``Memory (GB)``."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Part:
    """One top-level section of a card and how it is shown."""

    name: str
    title: str
    description: str
    is_stage: bool
    """One of the five chain stages (data creation -> ... -> deployment)."""
    shape: Literal["block", "list"]
    """``block``: one mapping of fields; ``list``: entries shown as the rows of a table."""
    model: type[Any]
    """The model of the block, or of one entry of the list."""

    @property
    def columns(self) -> tuple[str, ...]:
        """For a list part, the table's columns: the entry's fields in schema order."""
        return tuple(self.model.model_fields) if self.shape == "list" else ()


def is_list(annotation: Any) -> bool:
    """Whether a field holds a list (of entries or of values), through Answer, Optional and Annotated."""
    if typing.get_origin(annotation) is list:
        return True
    return any(is_list(argument) for argument in typing.get_args(annotation))


def _part(name: str, field: Any) -> Part:
    extra = field.json_schema_extra
    return Part(
        name=name,
        title=title_of(name),
        description=field.description or "",
        is_stage=isinstance(extra, dict) and bool(extra.get(STAGE_MARK)),
        shape="list" if is_list(field.annotation) else "block",
        model=models_in(field.annotation)[0],
    )


_PARTS_OF: dict[type[Any], tuple[Part, ...]] = {}
"""The parts of each card class, computed once."""


def parts(card_type: type[Any] | None = None) -> tuple[Part, ...]:
    """The parts of a card class (by default the model card), in reading order (the order of its fields)."""
    if card_type is None:
        from cardgen.schema.card import Card

        card_type = Card
    found = _PARTS_OF.get(card_type)
    if found is None:
        fields = card_type.model_fields.items()
        found = _PARTS_OF[card_type] = tuple(_part(name, field) for name, field in fields if name not in NOT_PARTS)
    return found


def part_names(card_type: type[Any] | None = None) -> tuple[str, ...]:
    return tuple(part.name for part in parts(card_type))


def card_part_names(card: Any) -> tuple[str, ...]:
    """The parts of a card object's class; of the model card for plain data, which has no class to ask."""
    return part_names(type(card)) if is_card_object(card) else part_names()


def stage_names(card_type: type[Any] | None = None) -> tuple[str, ...]:
    """The chain stages in order; flaws flow from left to right."""
    return tuple(part.name for part in parts(card_type) if part.is_stage)


def __getattr__(name: str) -> Any:
    """``PARTS`` and ``STAGES``, the model card's, computed on first use: they need the card model (PEP 562)."""
    computed: Callable[[], Any] | None = {"PARTS": parts, "STAGES": stage_names}.get(name)
    if computed is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = computed()
    globals()[name] = value
    return value
