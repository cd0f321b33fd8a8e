"""Built-in lint profiles, kept as data files so a new standard is one new file.

Two kinds: presets (``minimal``, ``standard``, ``strict``) choose which rules run
and how loudly; coverage profiles (``huggingface``, ``eu-ai-act``, ``fmti``,
``cyclonedx``) list a standard's items with the card fields that answer each,
and lint with the rules of the preset they extend.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from cardgen.io.loader import parse_text
from cardgen.linter.findings import Severity, parse_severity

if TYPE_CHECKING:
    from cardgen.linter.rules.base import Rule

DEFAULT_PROFILE = "standard"
PRESET_NAMES: tuple[str, ...] = ("minimal", "standard", "strict")
COVERAGE_NAMES: tuple[str, ...] = ("huggingface", "eu-ai-act", "fmti", "cyclonedx")
PROFILE_NAMES: tuple[str, ...] = PRESET_NAMES + COVERAGE_NAMES


@dataclass(frozen=True)
class Item:
    """One thing a standard asks for, and the card fields that answer it."""

    id: str
    title: str
    part: str
    """The part of the card the item belongs to (see :mod:`cardgen.schema.parts`)."""
    fields: tuple[str, ...]
    """Dotted field paths, e.g. ``training.energy``; list entries are stepped through."""
    match: Literal["any", "all"] = "any"
    """Covered when any (the default) or all of the fields are answered."""


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    rules: frozenset[str] | None
    """The rule ids that run; None for every rule."""
    promote: Mapping[Severity, Severity]
    """Severity changes, e.g. warning -> error under ``strict``."""
    reference: str = ""
    """Where the items come from, for coverage profiles."""
    items: tuple[Item, ...] = ()

    def severity_for(self, rule: Rule) -> Severity | None:
        """The rule's severity under this profile, or None when the profile leaves it out."""
        if self.rules is not None and rule.id not in self.rules:
            return None
        return self.promote.get(rule.severity, rule.severity)


def _item(raw: Mapping[str, Any]) -> Item:
    match = raw.get("match", "any")
    if match not in ("any", "all"):
        raise ValueError(f"item {raw['id']}: match must be any or all")
    return Item(str(raw["id"]), str(raw["title"]), str(raw["part"]), tuple(raw["fields"]), match)


@functools.cache
def load_profile(name: str) -> Profile:
    """A built-in profile by name; ValueError for a name that is not one."""
    if name not in PROFILE_NAMES:
        raise ValueError(f"unknown profile {name!r}; choose one of {', '.join(PROFILE_NAMES)}")
    file_name = os.path.join(os.path.dirname(__file__), f"{name}.yaml")
    with open(file_name, encoding="utf-8") as handle:
        data = parse_text(handle.read(), file_name).data
    items = tuple(_item(raw) for raw in data.get("items", []))
    if "extends" in data:
        base = load_profile(data["extends"])
        rules, promote = base.rules, base.promote
    else:
        selected = data["rules"]
        rules = None if selected == "all" else frozenset(selected)
        promote = MappingProxyType(
            {parse_severity(old): parse_severity(new) for old, new in data.get("promote", {}).items()}
        )
    return Profile(name, data["title"], data["description"].strip(), rules, promote, data.get("reference", ""), items)
