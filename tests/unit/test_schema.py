"""The card models: the public key names, the answer shapes, units, and human error messages."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from cardgen.errors import Position
from cardgen.io.loader import parse_text
from cardgen.schema import Card, EnergyFigure, explanation, items, plain, status
from cardgen.schema.card import ApplicationCard, DatasetCard
from cardgen.schema.export import card_json_schema, card_json_schema_text
from cardgen.schema.kinds import identity_of
from cardgen.schema.quantities import in_base_unit
from cardgen.validation import check
from tests.conftest import REPO

CONTRACT_KEYS = {
    "schema_version",
    "kind",
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


SHARED = ["evaluation", "intended_use", "risks", "dependencies", "extras"]


def test_top_level_keys_are_the_public_contract() -> None:
    assert set(Card.model_fields) == CONTRACT_KEYS
    assert list(DatasetCard.model_fields) == [
        "schema_version",
        "kind",
        "dataset",
        *["motivation", "composition", "data_creation", "curation", "deployment", "maintenance"],
        *SHARED,
    ]
    assert list(ApplicationCard.model_fields) == [
        "schema_version",
        "kind",
        "application",
        *["adaptation", "deployment", "users", "quality"],
        *SHARED,
    ]


@pytest.mark.parametrize(
    ("data", "kind", "card_type"),
    [
        ({"model": {"name": "m"}}, "model", Card),
        ({"schema_version": "1.0", "model": {"name": "m"}}, "model", Card),
        ({"kind": "model", "model": {"name": "m"}}, "model", Card),
        ({"kind": "dataset", "dataset": {"name": "d"}}, "dataset", DatasetCard),
        ({"kind": "application", "application": {"name": "a"}}, "application", ApplicationCard),
    ],
)
def test_kind_chooses_the_card_class_and_absent_means_model(data: dict[str, Any], kind: str, card_type: type) -> None:
    card, problems = check(parse_text(json.dumps(data)))
    assert problems == []
    assert type(card) is card_type
    assert card is not None
    assert card.kind == kind
    assert identity_of(card).name == data[kind]["name"]


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
    pytest.param(
        "kind: datset\ndataset:\n  name: d\n",
        [
            (
                1,
                1,
                "'datset' is not a kind of card; use 'model', 'dataset', 'application' (or leave 'kind' out for a model card)",
            )
        ],
        id="unknown-kind",
    ),
    pytest.param(
        "kind: [dataset]\ndataset:\n  name: d\n",
        [
            (
                1,
                1,
                "a list is not a kind of card; use 'model', 'dataset', 'application' (or leave 'kind' out for a model card)",
            )
        ],
        id="kind-not-text",
    ),
    pytest.param(
        "model:\n  name: m\ndataset:\n  name: d\n",
        [
            (
                3,
                1,
                "unknown key 'dataset' at the top level (a model card's identity block is 'model:'; write 'kind: dataset' for a dataset card)",
            )
        ],
        id="dataset-block-without-kind",
    ),
    pytest.param(
        "kind: dataset\nmodel:\n  name: m\n",
        [
            (1, 1, "missing required key 'dataset' at the top level"),
            (
                2,
                1,
                "unknown key 'model' at the top level (a dataset card's identity block is 'dataset:'; write 'kind: model' for a model card)",
            ),
        ],
        id="model-block-in-dataset-card",
    ),
    pytest.param(
        "kind: dataset\ndataset:\n  name: d\n  licence: MIT\ncomposition:\n  count: many\n",
        [
            (4, 3, "unknown key 'licence' in 'dataset' (did you mean 'license'?)"),
            (6, 3, "expected a whole number, found 'many'"),
        ],
        id="dataset-fields",
    ),
    pytest.param(
        "kind: application\napplication:\n  name: a\ntraining: {}\nusers:\n  monthly_active_users: -5\n",
        [
            (
                4,
                1,
                "unknown key 'training' at the top level; allowed keys: adaptation, application, dependencies, deployment, evaluation, extras, intended_use, kind, quality, risks, schema_version, users",
            ),
            (6, 3, "the number -5 is out of range: greater than or equal to 0"),
        ],
        id="application-has-no-training",
    ),
    pytest.param(
        "schema_version: '2.0'\nmodel:\n  name: m\n",
        [(1, 1, "'2.0' is not allowed here; use '1.0' or '1.1'")],
        id="schema-version",
    ),
    pytest.param(
        "model:\n  name: m\nrisks:\n  - id: pii leak\n  - id: ok\n    addresses: [webtext#pii, webtext]\n",
        [
            (4, 5, "'pii leak' is not a risk id; use letters, digits, '.', '_' or '-' (e.g. pii-leak)"),
            (6, 5, "'webtext' is not a risk reference; write NAME#RISK-ID, e.g. webtext#pii"),
        ],
        id="risk-ids-and-references",
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
        ({"schema_version": "1.1", "kind": "dataset", "dataset": {"name": "d"}, "composition": {"count": 3}}, True),
        ({"dataset": {"name": "d"}}, False),
        ({"kind": "dataset", "model": {"name": "m"}}, False),
        ({"kind": "application", "application": {"name": "a"}, "users": {"monthly_active_users": 10}}, True),
        ({"kind": "application", "application": {"name": "a"}, "training": {}}, False),
        ({"kind": "robot", "model": {"name": "m"}}, False),
        ({"model": {"name": "m"}, "risks": [{"id": "a", "addresses": "x#y"}]}, True),
    ],
)
def test_json_schema_agrees_with_the_models(card: dict[str, Any], valid: bool) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(card_json_schema_text()))
    assert validator.is_valid(card) is valid
    assert (check(parse_text(json.dumps(card)))[0] is not None) is valid


def test_problem_positions_sort_in_file_order() -> None:
    _card, problems = check(parse_text("model:\n  name: m\n  zzz: 1\n  aaa: 2\n"))
    assert [p.position for p in problems] == [Position(3, 3), Position(4, 3)]
