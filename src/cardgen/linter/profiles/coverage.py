"""How much of a standard a card discloses, item by item and part by part.

A standard asks for information, so only disclosed information counts:

- a real value; placeholder text (``TODO``, ``[More Information Needed]``, a lone
  ``-``) never does, and neither does an empty list or a group of placeholders;
- ``none`` with an explanation, where the item allows it ("we do no monitoring,
  because ...") — a bare ``none`` never does, at the field or on a part above it;
- ``unknown`` is an honest answer, but not the information: the item is shown as
  stated unknown, not covered;
- markers are read in any case (``Unknown``, ``N/A``), so they never pass for values.

Items may ask that every entry of a list answers (``every``) and that only entries
meeting conditions count (``where``). Coverage works on the parsed data, so it is
reported even for a card that fails schema validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cardgen.completeness import Completeness
from cardgen.linter.profiles import Item, Profile
from cardgen.schema.answers import explanation, has_content, plain, status
from cardgen.schema.parts import part_names

ItemState = Literal["covered", "unknown", "none", "missing"]
"""``none``: answered `none` where that is no disclosure (bare, or for an item that always has an answer)."""

_RANK: dict[ItemState, int] = {"covered": 3, "unknown": 2, "none": 1, "missing": 0}


@dataclass(frozen=True)
class ItemResult:
    item: Item
    state: ItemState

    @property
    def covered(self) -> bool:
        return self.state == "covered"


@dataclass(frozen=True)
class Coverage:
    profile: str
    title: str
    items: tuple[ItemResult, ...]

    @property
    def overall(self) -> Completeness:
        return _score(self.items)

    def by_part(self) -> dict[str, tuple[Completeness, list[ItemResult]]]:
        """Score and items of each part of the card that has items, in reading order."""
        grouped: dict[str, list[ItemResult]] = {}
        for result in self.items:
            grouped.setdefault(result.item.part, []).append(result)
        order = part_names()
        ordered = sorted(grouped, key=lambda part: order.index(part) if part in order else len(order))
        return {part: (_score(grouped[part]), grouped[part]) for part in ordered}


def _score(results: tuple[ItemResult, ...] | list[ItemResult]) -> Completeness:
    return Completeness(sum(result.covered for result in results), len(results))


def _meets(entry: Any, conditions: Mapping[tuple[str, ...], tuple[Any, ...]]) -> bool:
    """Whether a list entry meets the item's conditions on it (e.g. ``category: fairness``)."""
    for path, wanted in conditions.items():
        value = entry
        for key in path:
            value = plain(value)
            value = value.get(key) if isinstance(value, dict) else None
        if plain(value) not in wanted:
            return False
    return True


def _combine(states: list[ItemState], every: bool) -> ItemState:
    if not states:
        return "missing"
    if every:
        return min(states, key=_RANK.__getitem__)
    return max(states, key=_RANK.__getitem__)


def path_state(data: Any, dotted: str, item: Item) -> ItemState:
    """How far one field path of an item is disclosed in the card data."""
    keys = tuple(dotted.split("."))
    conditions = {tuple(path.split(".")): wanted for path, wanted in item.where.items()}

    def visit(node: Any, depth: int) -> ItemState:
        state = status(node)
        if state == "missing":
            return "missing"
        if state in ("unknown", "none"):
            reason = str(explanation(node) or "").strip()
            if state == "none" and reason and item.none == "explained":
                return "covered"
            return state
        value = plain(node)
        if isinstance(value, list):
            here = {path[depth:]: wanted for path, wanted in conditions.items() if path[:depth] == keys[:depth]}
            entries = [entry for entry in value if _meets(entry, here)]
            if depth == len(keys):
                return _combine(["covered" if has_content(entry) else "missing" for entry in entries], item.every)
            return _combine([visit(entry, depth) for entry in entries], item.every)
        if depth == len(keys):
            on_value = [wanted for path, wanted in conditions.items() if path == keys]
            return "covered" if has_content(value) and all(plain(value) in wanted for wanted in on_value) else "missing"
        if isinstance(value, dict):
            return visit(value.get(keys[depth]), depth + 1)
        return "missing"

    return visit(data, 0)


def item_state(item: Item, data: Mapping[str, Any]) -> ItemState:
    states = [path_state(data, dotted, item) for dotted in item.fields]
    if item.match == "all":
        return min(states, key=_RANK.__getitem__)
    return max(states, key=_RANK.__getitem__)


def coverage(profile: Profile, data: Mapping[str, Any]) -> Coverage:
    """Check card data against a coverage profile's items."""
    return Coverage(
        profile.name, profile.title, tuple(ItemResult(item, item_state(item, data)) for item in profile.items)
    )
