"""How much of a standard a card answers, item by item and part by part.

An item is covered when its fields disclose something: a value, or ``none`` (does
not apply). ``unknown`` is an honest answer, and the completeness summary counts
it when explained, but a standard asks for the information itself, so here it
marks the item as stated unknown, not covered. Coverage works on the parsed data,
so it is reported even for a card that fails schema validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cardgen.completeness import Completeness
from cardgen.linter.profiles import Item, Profile
from cardgen.schema.parts import part_names
from cardgen.schema.values import plain, status


@dataclass(frozen=True)
class ItemResult:
    item: Item
    covered: bool
    stated_unknown: bool = False
    """Not covered, but the card says the information is unknown (rather than saying nothing)."""


@dataclass(frozen=True)
class Coverage:
    profile: str
    title: str
    items: tuple[ItemResult, ...]

    @property
    def overall(self) -> Completeness:
        return Completeness(sum(result.covered for result in self.items), len(self.items))

    def by_part(self) -> dict[str, tuple[Completeness, list[ItemResult]]]:
        """Score and items of each part of the card that has items, in reading order."""
        grouped: dict[str, list[ItemResult]] = {}
        for result in self.items:
            grouped.setdefault(result.item.part, []).append(result)
        order = part_names()
        return {
            part: (Completeness(sum(result.covered for result in grouped[part]), len(grouped[part])), grouped[part])
            for part in sorted(grouped, key=lambda part: order.index(part) if part in order else len(order))
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


def field_status(data: Mapping[str, Any], dotted: str) -> str:
    """``disclosed`` (a value or `none` somewhere the path reaches), else ``unknown`` or ``missing``."""
    states = {status(value) for value in values_at(data, dotted)}
    if states & {"given", "none"}:
        return "disclosed"
    return "unknown" if "unknown" in states else "missing"


def coverage(profile: Profile, data: Mapping[str, Any]) -> Coverage:
    """Check card data against a coverage profile's items."""
    results = []
    for item in profile.items:
        states = [field_status(data, dotted) for dotted in item.fields]
        disclosed = [state == "disclosed" for state in states]
        covered = all(disclosed) if item.match == "all" else any(disclosed)
        results.append(ItemResult(item, covered, not covered and "unknown" in states))
    return Coverage(profile.name, profile.title, tuple(results))
