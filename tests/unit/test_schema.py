"""The card models: the public key names, the answer shapes, units, and human error messages."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from cardgen.errors import Position
from cardgen.io.loader import parse_text
from cardgen.schema import Card, EnergyFigure, explanation, items, plain, status
from cardgen.schema.export import card_json_schema, card_json_schema_text
from cardgen.schema.quantities import in_base_unit
from cardgen.validation import check
from tests.conftest import REPO

CONTRACT_KEYS = {
    "schema_version",
    "model",
    "data_creation",
    "curation",
    "training",
    "adaptation",
    "deployment",
    "evaluation",
    "intended_use",
    "risks",
    "dependencies",
    "extras",
}


def test_top_level_keys_are_the_public_contract() -> None:
    assert set(Card.model_fields) == CONTRACT_KEYS


def test_model_name_is_the_only_required_field() -> None:
    card = Card.model_validate({"model": {"name": "tiny"}})
    assert card.model.name == "tiny"
    assert card.training is None
    assert [name for name, field in Card.model_fields.items() if field.is_required()] == ["model"]


@pytest.mark.parametrize(
    ("raw", "state", "bare", "why"),
    [
        ("Apache-2.0", "given", "Apache-2.0", None),
        ("unknown", "unknown", None, None),
        ("none", "none", None, None),
        ({"value": "unknown", "explanation": "not disclosed"}, "unknown", None, "not disclosed"),
        ({"value": "MIT", "explanation": "per repo"}, "given", "MIT", "per repo"),
        (None, "missing", None, None),
    ],
)
def test_answers_are_plain_unknown_none_or_explained(raw: Any, state: str, bare: Any, why: str | None) -> None:
    card = Card.model_validate({"model": {"name": "m", "license": raw}})
    assert status(card.model.license) == state
    assert plain(card.model.license) == bare
    assert explanation(card.model.license) == why


def test_sections_themselves_may_be_answered_none() -> None:
    card = Card.model_validate(
        {"model": {"name": "base"}, "adaptation": {"value": "none", "explanation": "base model"}}
    )
    assert status(card.adaptation) == "none"
    assert explanation(card.adaptation) == "base model"


def test_list_fields_accept_markers_and_items_reads_them() -> None:
    card = Card.model_validate(
        {"model": {"name": "m"}, "risks": "unknown", "dependencies": [{"name": "d", "kind": "dataset"}]}
    )
    assert items(card.risks) == []
    assert [dep.name for dep in items(card.dependencies)] == ["d"]


def test_figures_carry_units_and_convert() -> None:
    energy = EnergyFigure(value=1500, unit="Wh", source="measured")
    assert in_base_unit(energy) == pytest.approx(1.5)
    card = Card.model_validate(
        {"model": {"name": "m"}, "training": {"emissions": {"value": 1438, "unit": "kgCO2eq", "source": "paper"}}}
    )
    assert card.training is not None


def _problems(text: str) -> list[tuple[int, int, str]]:
    card, problems = check(parse_text(text, "c.yaml"))
    assert (card is None) == bool(problems)
    return [(p.position.line, p.position.column, p.message) for p in problems]


VALIDATION_CASES = [
    pytest.param(
        "model:\n  name: m\n  licence: MIT\n",
        [(3, 3, "unknown key 'licence' in 'model' (did you mean 'license'?)")],
        id="misspelt-key",
    ),
    pytest.param(
        "modle:\n  name: m\n",
        [
            (1, 1, "missing required key 'model' at the top level"),
            (1, 1, "unknown key 'modle' at the top level (did you mean 'model'?)"),
        ],
        id="misspelt-section",
    ),
    pytest.param(
        "model:\n  name: m\ndeployment:\n  access: public\n",
        [(4, 3, "'public' is not allowed here; use 'open', 'limited' or 'closed'")],
        id="bad-choice",
    ),
    pytest.param(
        "model:\n  name: m\n  parameters: lots\n",
        [(3, 3, "expected a whole number, found 'lots'")],
        id="not-a-number",
    ),
    pytest.param(
        "model:\n  name: m\n  release_date: 2019-13-45\n",
        [(3, 3, "expected a date like 2024-05-31, found '2019-13-45'")],
        id="bad-date",
    ),
    pytest.param(
        "model:\n  name: m\ntraining:\n  energy:\n    value: 3\n",
        [(4, 3, "missing required key 'unit' in 'training.energy'")],
        id="figure-without-unit",
    ),
    pytest.param(
        "model:\n  name: m\nevaluation:\n  results:\n    - task: qa\n      metric: f1\n      value: 0.9\n      uncertainty: {lower: 0.8}\n",
        [(8, 7, "a confidence interval needs both lower and upper")],
        id="half-interval",
    ),
    pytest.param(
        "model:\n  name: m\nrisks:\n  - severity: {value: huge, explanation: x}\n",
        [(4, 16, "'huge' is not allowed here; use 'low', 'medium', 'high' or 'critical'")],
        id="explained-value-checked",
    ),
    pytest.param(
        "model:\n  name: ''\n",
        [(2, 3, "must not be empty")],
        id="empty-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), VALIDATION_CASES)
def test_validation_errors_are_human_and_positioned(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _problems(text) == expected


def test_the_schema_refuses_non_finite_numbers_that_bypass_the_loader() -> None:
    """The loader refuses `.inf` and `.nan` in any file; data built in Python still meets the schema's rule."""
    document = parse_text("model:\n  name: m\ntraining:\n  energy: {value: 1, unit: kWh}\n", "c.yaml")
    document.data["training"]["energy"]["value"] = float("inf")
    card, problems = check(document)
    assert card is None
    assert [(p.position.line, p.position.column, p.message) for p in problems] == [
        (4, 12, "expected a finite number, found the number inf")
    ]


def test_validation_messages_never_leak_pydantic_internals() -> None:
    text = "model:\n  name: m\n  license: {nme: x}\n  modalities: [text]\ntraining: {hardware: {count: -1}}\n"
    for _, _, message in _problems(text):
        for internal in ("plain", "explained", "tagged-union", "pydantic", "Input should"):
            assert internal not in message


def test_checked_in_json_schema_is_current() -> None:
    checked_in = (REPO / "schemas" / "card.schema.json").read_text(encoding="utf-8")
    assert checked_in == card_json_schema_text(), "run `cardgen schema > schemas/card.schema.json`"


def _properties(node: Any) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        found.extend(node.get("properties", {}).items())
        for value in node.values():
            found.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value))
    return found


def test_json_schema_is_2020_12_and_documents_every_field() -> None:
    schema = card_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    undocumented = [name for name, prop in _properties(schema) if not prop.get("title") or not prop.get("description")]
    assert undocumented == []


@pytest.mark.parametrize(
    ("card", "valid"),
    [
        ({"model": {"name": "m", "license": "unknown", "version": {"value": "none", "explanation": "x"}}}, True),
        ({"model": {"name": "m"}, "deployment": {"access": "public"}}, False),
        ({"model": {"name": "m", "licence": "MIT"}}, False),
        ({"schema_version": "1.0"}, False),
    ],
)
def test_json_schema_agrees_with_the_models(card: dict[str, Any], valid: bool) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(card_json_schema_text()))
    assert validator.is_valid(card) is valid
    assert (check(parse_text(json.dumps(card)))[0] is not None) is valid


def test_problem_positions_sort_in_file_order() -> None:
    _card, problems = check(parse_text("model:\n  name: m\n  zzz: 1\n  aaa: 2\n"))
    assert [p.position for p in problems] == [Position(3, 3), Position(4, 3)]
