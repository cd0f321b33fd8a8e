"""Built-in lint profiles, kept as data files so a new standard is one new file.

Two kinds: presets (``minimal``, ``standard``, ``strict``) choose which rules run
and how loudly; coverage profiles (``huggingface``, ``eu-ai-act``, ``eu-ai-act-xii``, ``fmti``,
``cyclonedx``) list a standard's items with the card fields that answer each and
what counts as an answer, and lint with the rules of the preset they extend.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from cardgen.io.loader import parse_text
from cardgen.linter.findings import Severity, parse_severity

if TYPE_CHECKING:
    from cardgen.linter.rules.base import Rule

DEFAULT_PROFILE = "standard"
PRESET_NAMES: tuple[str, ...] = ("minimal", "standard", "strict")
COVERAGE_NAMES: tuple[str, ...] = ("huggingface", "eu-ai-act", "eu-ai-act-xii", "fmti", "cyclonedx")
PROFILE_NAMES: tuple[str, ...] = PRESET_NAMES + COVERAGE_NAMES

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Frozen(Mapping[K, V]):
    """A read-only mapping that, unlike ``MappingProxyType``, pickles: lint results carry profile
    items back from ``--jobs`` worker processes, and profiles are cached, so nobody may change them."""

    entries: dict[K, V]

    def __getitem__(self, key: K) -> V:
        return self.entries[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


NonePolicy = Literal["never", "explained"]


@dataclass(frozen=True)
class Item:
    """One thing a standard asks for, the card fields that answer it, and what counts as an answer."""

    id: str
    title: str
    part: str
    """The part of the card the item belongs to (see :mod:`cardgen.schema.parts`)."""
    fields: tuple[str, ...]
    """Dotted field paths, e.g. ``training.energy``; list entries are stepped through."""
    rationale: str = ""
    """One line citing the standard's text: why these fields answer the item."""
    match: Literal["any", "all"] = "any"
    """Covered when any (the default) or all of the fields are answered."""
    every: bool = False
    """Every entry of a list on the path must answer ("for all data sources"); by default one is enough."""
    where: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    """Conditions on list entries: a dotted path below a list field and the values that count,
    e.g. ``{evaluation.results.category: [fairness]}``; entries that fail them are left out."""
    none: NonePolicy = "explained"
    """Whether `none` with an explanation discloses (``explained``: "we do no monitoring, because ...")
    or never does (``never``: there is always a data size). A bare `none` never discloses."""


@dataclass(frozen=True)
class Unanswerable:
    """An item of a standard a model card cannot answer, and why: listed so the profile's scope is explicit."""

    id: str
    title: str
    reason: str


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
    unanswerable: tuple[Unanswerable, ...] = ()
    """The standard's items a card cannot answer, each with the reason."""

    def severity_for(self, rule: Rule) -> Severity | None:
        """The rule's severity under this profile, or None when the profile leaves it out."""
        if self.rules is not None and rule.id not in self.rules:
            return None
        return self.promote.get(rule.severity, rule.severity)


_ITEM_KEYS = frozenset({"id", "title", "part", "fields", "rationale", "match", "every", "where", "none", "same_as"})


def _item(raw: Mapping[str, Any]) -> Item:
    """An item from its YAML; ``same_as: profile/id`` takes another profile's item, renumbered and retitled."""
    if "same_as" in raw:
        profile, _, ident = str(raw["same_as"]).partition("/")
        base = next(item for item in load_profile(profile).items if item.id == ident)
        return dataclasses.replace(base, **{key: value for key, value in raw.items() if key in ("id", "title")})
    unknown = set(raw) - _ITEM_KEYS
    if unknown:
        raise ValueError(f"item {raw.get('id')}: unknown keys {sorted(unknown)}")
    match, none = raw.get("match", "any"), raw.get("none", "explained")
    if match not in ("any", "all") or none not in ("never", "explained"):
        raise ValueError(f"item {raw['id']}: match must be any or all, none must be never or explained")
    where = {
        str(path): tuple(value if isinstance(value, list) else [value]) for path, value in raw.get("where", {}).items()
    }
    return Item(
        str(raw["id"]),
        str(raw["title"]),
        str(raw["part"]),
        tuple(raw["fields"]),
        str(raw.get("rationale", "")),
        match,
        bool(raw.get("every", False)),
        Frozen(where),
        none,
    )


@functools.cache
def load_profile(name: str) -> Profile:
    """A built-in profile by name; ValueError for a name that is not one."""
    if name not in PROFILE_NAMES:
        raise ValueError(f"unknown profile {name!r}; choose one of {', '.join(PROFILE_NAMES)}")
    file_name = os.path.join(os.path.dirname(__file__), f"{name}.yaml")
    with open(file_name, encoding="utf-8") as handle:
        data = parse_text(handle.read(), file_name).data
    items = tuple(_item(raw) for raw in data.get("items", []))
    unanswerable = tuple(
        Unanswerable(str(raw["id"]), str(raw["title"]), str(raw["reason"])) for raw in data.get("unanswerable", [])
    )
    if "extends" in data:
        base = load_profile(data["extends"])
        rules, promote = base.rules, base.promote
    else:
        selected = data["rules"]
        rules = None if selected == "all" else frozenset(selected)
        promote = Frozen({parse_severity(old): parse_severity(new) for old, new in data.get("promote", {}).items()})
    description = data["description"].strip()
    return Profile(name, data["title"], description, rules, promote, data.get("reference", ""), items, unanswerable)
