"""A card built in code that does not fit says which field, as a card file writes it, and what to do."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cardgen import Card, CardValueError
from cardgen.schema.evaluation import Result
from cardgen.schema.stages import Training

NAME = {"name": "m"}

CASES: list[tuple[dict[str, Any], list[str]]] = [
    (
        {"model": NAME, "evaluation": {"results": [{"task": "t", "metric": "m", "value": "high"}]}},
        ["evaluation.results[0].value: expected a number, found 'high'"],
    ),
    (
        {"model": {"name": "m", "licence": "MIT"}},
        ["model.licence: unknown key 'licence' in 'model' (did you mean 'license'?)"],
    ),
    ({"model": {}}, ["model.name: missing required key 'name' in 'model'"]),
    (
        {"model": NAME, "training": {"energy": {"value": 3, "unit": "joules"}}},
        ["training.energy.unit: 'joules' is not allowed here; use 'Wh', 'kWh' or 'MWh'"],
    ),
    (
        {
            "model": NAME,
            "data_creation": {"sources": [{"name": "a"}, {"name": "b", "size": {"value": "x", "unit": "GB"}}]},
        },
        ["data_creation.sources[1].size.value: expected a number, found 'x'"],
    ),
    (
        {"model": NAME, "risks": [{"category": "misuse"}, {"category": "nope"}]},
        [
            "risks[1].category: 'nope' is not allowed here; use 'bias/fairness', 'misuse', 'privacy', 'security', "
            "'robustness', 'environmental', 'legal' or 'other'"
        ],
    ),
    (
        {
            "model": NAME,
            "evaluation": {
                "value": {"results": [{"task": "t", "metric": "m", "value": 1, "uncertainty": {"lower": 1}}]},
                "explanation": "from the paper",
            },
        },
        [
            "evaluation.value.results[0].uncertainty: a confidence interval needs both lower and upper",
            "evaluation.value: a mapping is not allowed here; use 'unknown' or 'none'",
        ],
    ),
    (
        {"model": NAME, "training": {"hardware": {"count": -1}}, "deployment": {"access": "public"}},
        [
            "training.hardware.count: the number -1 is out of range: greater than or equal to 0",
            "deployment.access: 'public' is not allowed here; use 'open', 'limited' or 'closed'",
        ],
    ),
]


def _lines(error: CardValueError) -> list[str]:
    return str(error).splitlines()[1:]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_constructor_names_fields_as_the_file_writes_them(data: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(CardValueError) as raised:
        Card(**data)
    assert [line.strip() for line in _lines(raised.value)] == expected
    assert raised.value.problems == [tuple(line.split(": ", 1)) for line in expected]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_model_validate_says_the_same(data: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(CardValueError) as raised:
        Card.model_validate(data)
    assert str(raised.value).splitlines()[0] == "Card does not fit the card schema:"
    assert [line.strip() for line in _lines(raised.value)] == expected


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_model_validate_json_says_the_same(data: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(CardValueError) as raised:
        Card.model_validate_json(json.dumps(data))
    assert [line.strip() for line in _lines(raised.value)] == expected


def test_text_that_is_not_json_is_a_card_value_error_too() -> None:
    with pytest.raises(CardValueError, match=r"Card does not fit the card schema:\n  invalid JSON: "):
        Card.model_validate_json("{model:")


@pytest.mark.parametrize(("data", "_"), CASES)
def test_no_pydantic_branch_tag_or_wording_reaches_the_message(data: dict[str, Any], _: list[str]) -> None:
    with pytest.raises(CardValueError) as raised:
        Card(**data)
    for internal in ("plain", "explained", "marker", "literal[", "Input should", "pydantic", ".0."):
        assert internal not in str(raised.value)


def test_parts_built_alone_name_their_own_fields_and_are_value_errors() -> None:
    with pytest.raises(ValueError, match=r"Result does not fit the card schema:\n  value: expected a number"):
        Result(task="t", metric="m", value="high")  # type: ignore[arg-type]
    with pytest.raises(CardValueError, match=r"energy\.unit: 'J' is not allowed"):
        Training.model_validate({"energy": {"value": 1, "unit": "J"}})


def test_valid_cards_and_nested_models_still_build() -> None:
    card = Card(model=NAME, evaluation={"results": [Result(task="t", metric="m", value=1.0)]})  # type: ignore[arg-type]
    assert card.evaluation.results[0].value == 1.0  # type: ignore[union-attr,index]
    assert Card.model_validate(card.model_dump()) == card
