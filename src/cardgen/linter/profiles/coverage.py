"""How much of a standard a card answers, item by item and part by part.

An item is covered when its fields are answered in the sense of
:func:`cardgen.completeness.is_answered`: a value, ``none`` (does not apply) or
``unknown`` with an explanation count; a missing field or a bare ``unknown``
does not. Coverage works on the parsed data, so it is reported even for a card
that fails schema validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cardgen.completeness import PARTS, Completeness, is_answered
from cardgen.linter.profiles import Item, Profile
from cardgen.schema.values import plain, status


@dataclass(frozen=True)
class ItemResult:
    item: Item
    covered: bool


@dataclass(frozen=True)
class Coverage:
    profile: str
    title: str
    items: tuple[ItemResult, ...]

    @property
    def overall(self) -> Completeness:
        return Completeness(sum(result.covered for result in self.items), len(self.items))

    def by_stage(self) -> dict[str, tuple[Completeness, list[ItemResult]]]:
        """Score and items of each part of the card that has items, in reading order."""
        grouped: dict[str, list[ItemResult]] = {}
        for result in self.items:
            grouped.setdefault(result.item.stage, []).append(result)
        return {
            stage: (Completeness(sum(result.covered for result in grouped[stage]), len(grouped[stage])), grouped[stage])
            for stage in sorted(grouped, key=lambda stage: PARTS.index(stage) if stage in PARTS else len(PARTS))
        }


def values_at(data: Any, dotted: str) -> list[Any]:
    """Every value a dotted field path reaches, through list entries; a ``none``/``unknown`` parent answers for its children."""
    nodes: list[Any] = [data]
    for key in dotted.split("."):
        reached: list[Any] = []
        for node in nodes:
            if status(node) in ("none", "unknown"):
                reached.append(node)
                continue
            value = plain(node)
            entries = value if isinstance(value, list) else [value]
            reached.extend(plain(entry).get(key) if isinstance(plain(entry), dict) else None for entry in entries)
        nodes = reached
    return nodes


def field_answered(data: Mapping[str, Any], dotted: str) -> bool:
    return any(is_answered(value) for value in values_at(data, dotted))


def coverage(profile: Profile, data: Mapping[str, Any]) -> Coverage:
    """Check card data against a coverage profile's items."""
    results = []
    for item in profile.items:
        answered = [field_answered(data, dotted) for dotted in item.fields]
        results.append(ItemResult(item, all(answered) if item.match == "all" else any(answered)))
    return Coverage(profile.name, profile.title, tuple(results))
