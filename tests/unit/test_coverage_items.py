"""Every item of every coverage profile, against cards that disclose it and cards that only seem to.

The cards are built from the item's own definition and the card's JSON Schema: a
value of the right type at each field (a card that must validate, so a field path
that is not in the schema or a condition no value can meet fails here), then the
same card with the value replaced by each thing that is not a disclosure. A table
of hand-written cases after that pins the audit's examples.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest

from cardgen.io.loader import parse_text
from cardgen.linter.profiles import COVERAGE_NAMES, Item, load_profile
from cardgen.linter.profiles.coverage import coverage, item_state
from cardgen.schema.card import Card
from cardgen.schema.export import card_json_schema
from cardgen.schema.parts import part_names

PARTS = tuple(name for name in part_names() if name != "model")
"""The parts a card may answer as a whole; ``model`` holds the required name."""


@functools.cache
def _schema() -> dict[str, Any]:
    return card_json_schema()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """The plain-value branch of a property: past $ref, optional and the unknown/none/explained alternatives."""
    while True:
        if "$ref" in node:
            node = _schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node:
            choices = [
                choice
                for choice in node["anyOf"]
                if choice.get("type") != "null"
                and choice.get("enum") != ["unknown", "none"]
                and "Explained" not in choice.get("$ref", "")
            ]
            node = choices[0]
        else:
            return node


def _example(node: dict[str, Any], *, minimal: bool = False) -> Any:
    """A valid value for a schema node: required keys (else the first, unless minimal) for objects, one entry for arrays."""
    node = _resolve(node)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties")
        if not properties:
            return {"setting": "documented"}
        required = node.get("required") or ([] if minimal else list(properties)[:1])
        return {key: _example(properties[key]) for key in required}
    if kind == "array":
        return [_example(node.get("items", {"type": "string"}))]
    if node.get("format") == "date":
        return "2020-01-02"
    return {"string": "documented", "integer": 3, "number": 1.5, "boolean": True}.get(str(kind), "documented")


def _node_at(path: tuple[str, ...]) -> dict[str, Any]:
    node: dict[str, Any] = _schema()
    for key in path:
        node = _resolve(node)
        if node.get("type") == "array":
            node = _resolve(node["items"])
        node = node["properties"][key]
    return node


def _place(card: dict[str, Any], path: tuple[str, ...], value: Any, entries: int = 1) -> None:
    """Write ``value`` at a dotted path, creating groups and (each) list entry on the way."""
    node: Any = card
    for depth, key in enumerate(path):
        last = depth == len(path) - 1
        schema = _resolve(_node_at(path[: depth + 1]))
        if last:
            targets = node if isinstance(node, list) else [node]
            for target in targets:
                target[key] = copy.deepcopy(value)
            return
        targets = node if isinstance(node, list) else [node]
        children = []
        for target in targets:
            if schema.get("type") == "array":
                target.setdefault(key, [_example(schema["items"]) for _ in range(entries)])
            else:
                target.setdefault(key, _example(schema, minimal=True))
            children.append(target[key])
        node = [entry for child in children for entry in (child if isinstance(child, list) else [child])]


def _list_prefix(dotted: str) -> str:
    """The list a condition looks into: the longest prefix of its path that is a list in the schema."""
    path = tuple(dotted.split("."))
    lists = [path[:depth] for depth in range(1, len(path)) if _resolve(_node_at(path[:depth])).get("type") == "array"]
    return ".".join(lists[-1]) if lists else ""


def _conditions_on(item: Item, dotted: str) -> list[str]:
    """The item's conditions that apply to a field: on the field itself, or on the list it steps through."""
    return [
        condition
        for condition in item.where
        if dotted == condition or (_list_prefix(condition) and (dotted + ".").startswith(_list_prefix(condition) + "."))
    ]


def _condition_value(item: Item, path: str, meet: bool) -> Any:
    wanted = item.where[path]
    if meet:
        return wanted[0]
    schema = _resolve(_node_at(tuple(path.split("."))))
    if "enum" in schema:
        return next(value for value in schema["enum"] if value not in wanted)
    return not wanted[0] if isinstance(wanted[0], bool) else "something else"


def _card(item: Item, value: Any = None, *, meet: bool = True, fields: tuple[str, ...] | None = None,
          entries: int = 1) -> dict[str, Any]:  # fmt: skip
    """A card whose item fields hold ``value`` (default: a valid example) and whose entries meet the conditions."""
    card: dict[str, Any] = {"model": {"name": "probe"}}
    for dotted in fields if fields is not None else item.fields:
        path = tuple(dotted.split("."))
        _place(card, path, _example(_node_at(path)) if value is None else value, entries)
        for condition in _conditions_on(item, dotted) if value is None else ():
            _place(card, tuple(condition.split(".")), _condition_value(item, condition, meet), entries)
    return card


ITEMS = [(name, item) for name in COVERAGE_NAMES for item in load_profile(name).items]


def _ids(case: tuple[str, Item]) -> str:
    return f"{case[0]}:{case[1].id}"


@pytest.mark.parametrize("case", ITEMS, ids=_ids)
def test_a_real_value_in_every_field_covers_the_item(case: tuple[str, Item]) -> None:
    _, item = case
    card = _card(item)
    Card.model_validate(card)
    assert item_state(item, card) == "covered", card


@pytest.mark.parametrize("case", ITEMS, ids=_ids)
def test_what_does_not_count(case: tuple[str, Item]) -> None:
    _, item = case
    assert item_state(item, {"model": {"name": "[More Information Needed]"}}) == "missing"
    filtered = any(_conditions_on(item, field) for field in item.fields)
    """Entries that fail the conditions are left out before their markers are read: missing, not none."""
    for marker in ("none", "None", "N/A"):
        state = item_state(item, _card(item, marker))
        assert state == "none" or (filtered and state == "missing"), f"a bare {marker!r} is no disclosure"
    for unknown in ("Unknown", {"value": "unknown", "explanation": "not measured"}):
        state = item_state(item, _card(item, unknown))
        assert state == "unknown" or (filtered and state == "missing")
    explained_none = item_state(item, _card(item, {"value": "none", "explanation": "there is none, because ..."}))
    if not filtered:
        assert explained_none == ("covered" if item.none == "explained" else "none")
    part = item.fields[0].split(".")[0]
    if part in PARTS:
        assert item_state(item, {"model": {"name": "probe"}, part: "none"}) != "covered", "a bare none part"
    for placeholder in ("TODO", "[More Information Needed]", "-"):
        card = _card(item, placeholder)
        assert item_state(item, card) != "covered", f"placeholder {placeholder!r}"
    conditioned = tuple(field for field in item.fields if _conditions_on(item, field))
    if conditioned:
        assert item_state(item, _card(item, meet=False, fields=conditioned)) != "covered", "entries failing conditions"
    if item.match == "all" and len(item.fields) > 1:
        assert item_state(item, _card(item, fields=item.fields[:1])) != "covered", "only one of the fields"


@pytest.mark.parametrize("case", [case for case in ITEMS if case[1].every], ids=_ids)
def test_items_for_all_entries_need_every_entry(case: tuple[str, Item]) -> None:
    _, item = case
    card = _card(item, entries=2)
    assert item_state(item, card) == "covered"
    for dotted in item.fields:
        *parents, last = dotted.split(".")
        node: Any = card
        for key in parents:
            node = node[key]
            node = node[-1] if isinstance(node, list) else node
        del node[last]
    assert item_state(item, card) != "covered", "the second entry does not answer"


@pytest.mark.parametrize("name", COVERAGE_NAMES)
def test_every_item_says_why_from_the_standard(name: str) -> None:
    profile = load_profile(name)
    assert [item.id for item in profile.items if len(item.rationale) < 20 or "\n" in item.rationale] == []


@pytest.mark.parametrize("name", COVERAGE_NAMES)
def test_a_card_of_a_name_and_bare_nones_scores_at_most_ten_percent(name: str) -> None:
    probe = {"model": {"name": "probe"}, **dict.fromkeys(PARTS, "none")}
    assert coverage(load_profile(name), probe).overall.ratio <= 0.10
    for spelling in ("None", "NONE", "N/A"):
        assert coverage(load_profile(name), {**probe, **dict.fromkeys(PARTS, spelling)}).overall.ratio <= 0.10


CASES: list[tuple[str, str, str, str]] = [
    # (profile, item id, card after `model: {name: x}`, expected state)
    (
        "fmti",
        "third-party-capabilities-evaluation",
        "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9, source: {name: us, verified: false}}\n",
        "missing",
    ),
    (
        "fmti",
        "third-party-capabilities-evaluation",
        "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9, source: {name: HF, verified: true}}\n",
        "covered",
    ),
    ("fmti", "data-license", "data_creation:\n  sources:\n    - {name: a, license: MIT}\n    - {name: b}\n", "missing"),
    (
        "fmti",
        "data-license",
        "data_creation:\n  sources:\n    - {name: a, license: MIT}\n    - {name: b, license: {value: unknown, explanation: scraped}}\n",
        "unknown",
    ),
    (
        "fmti",
        "data-license",
        "data_creation:\n  sources:\n    - {name: a, license: MIT}\n    - {name: b, license: CC-BY-4.0}\n",
        "covered",
    ),
    ("fmti", "energy-usage", "training:\n  energy: Unknown\n", "unknown"),
    ("fmti", "energy-usage", "training: {value: none, explanation: no training}\n", "none"),
    ("fmti", "monitoring-mechanism", "deployment:\n  monitoring: none\n", "none"),
    (
        "fmti",
        "monitoring-mechanism",
        "deployment:\n  monitoring: {value: none, explanation: weights are downloaded; use is not seen}\n",
        "covered",
    ),
    ("fmti", "monitoring-mechanism", "deployment: none\n", "none"),
    ("fmti", "external-model-access-protocol", "deployment:\n  access: open\n", "missing"),
    ("fmti", "additional-dependencies", "dependencies:\n  - {name: c4, kind: dataset}\n", "missing"),
    ("fmti", "additional-dependencies", "dependencies:\n  - {name: t5-base, kind: model}\n", "covered"),
    ("fmti", "limitations-description", "intended_use:\n  out_of_scope_uses: [medical advice]\n", "missing"),
    ("fmti", "model-license", "  license: TODO\n", "missing"),
    (
        "fmti",
        "unintentional-harm-evaluation",
        "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9}\n",
        "missing",
    ),
    (
        "fmti",
        "unintentional-harm-evaluation",
        "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9, category: fairness}\n",
        "covered",
    ),
    ("cyclonedx", "considerations.performanceTradeoffs", "evaluation:\n  summary: It does well.\n", "missing"),
    ("huggingface", "datasets", "data_creation:\n  sources:\n    - {name: WebText}\n", "missing"),
    ("huggingface", "datasets", "dependencies:\n  - {name: webtext, kind: dataset}\n", "covered"),
    ("eu-ai-act", "2c-bias", "curation:\n  quality_control: manual spot checks\n", "missing"),
    ("eu-ai-act", "1e", "model:\n  modalities: {input: [text], output: [text]}\n", "missing"),
]


@pytest.mark.parametrize(("profile", "ident", "snippet", "expected"), CASES)
def test_the_audits_cases(profile: str, ident: str, snippet: str, expected: str) -> None:
    body = snippet.split("\n", 1)[1] if snippet.startswith("model:\n") else snippet
    data = parse_text("model:\n  name: x\n" + body, "case.yaml").data
    item = next(item for item in load_profile(profile).items if item.id == ident)
    assert item_state(item, data) == expected
