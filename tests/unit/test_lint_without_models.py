"""``cardgen lint`` without pydantic: validating into the cache's records says exactly what the models say.

A process that has not loaded the card models (``cardgen lint`` with a warm cache)
validates into plain records (:mod:`cardgen.schema.cache`). Every outcome must be
the same as with the pydantic models, built (cold cache) or restored (warm cache):
the problems of an invalid card, word for word and at the same positions, and for a
valid card every finding and the completeness of every part.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from cardgen import validation
from cardgen.completeness import card_completeness
from cardgen.errors import LoadError
from cardgen.importers import card_data, import_cards
from cardgen.io.loader import Document, parse_text, read_document
from cardgen.io.roundtrip import new_text
from cardgen.linter.engine import lint_document
from cardgen.linter.rules import ALL_RULES
from cardgen.linter.rules.base import WHOLE_CARD
from cardgen.schema import cache
from cardgen.schema.answers import CardObject
from cardgen.schema.card import CARD_TYPES
from cardgen.schema.parts import part_names
from tests.conftest import example_cards


@functools.cache
def _validators() -> dict[str, cache.Restored]:
    """The three ways a card is validated: models built (cold cache), models restored, records restored."""
    entry = cache.stored().encode()
    return {
        "models, cold": cache.built(),
        "models, warm": cache.restored(entry, cache.model_classes()),
        "records, warm": cache.restored(entry),
    }


def _outcome(restored: cache.Restored, document: Document) -> tuple[Any, ...]:
    card, problems = validation.validate_with(restored, document)
    if card is None:
        return ("invalid", problems)
    findings = lint_document(document, card)
    return ("valid", findings, card_completeness(card), type(card).__name__)


def _assert_same_everywhere(document: Document) -> tuple[Any, ...]:
    outcomes = {name: _outcome(restored, document) for name, restored in _validators().items()}
    expected = outcomes["models, cold"]
    for name, outcome in outcomes.items():
        assert outcome == expected, f"{document.path}: {name} differs from the models built cold"
    return expected


def test_records_are_not_models_but_read_alike() -> None:
    """The records path really runs without the models: its cards are records, with the models' parts."""
    records = _validators()["records, warm"]
    document = read_document(example_cards()[0])
    card, problems = validation.validate_with(records, document)
    assert problems == []
    assert isinstance(card, CardObject)
    assert "pydantic" not in type(card).__module__
    assert not hasattr(card, "model_dump")
    for kind, card_type in records.card_types.items():
        assert part_names(card_type) == part_names(CARD_TYPES[kind])


@pytest.mark.parametrize("path", example_cards(), ids=lambda path: path.name)
def test_every_example_lints_the_same_without_the_models(path: Path) -> None:
    assert _assert_same_everywhere(read_document(path))[0] == "valid"


INVALID: dict[str, str] = {
    "text where a number goes": "model: {name: m, parameters: many}\n",
    "number where text goes": "model: {name: 5}\n",
    "list where a mapping goes": "model: {name: m}\ntraining: [1, 2]\n",
    "mapping where a list goes": "model: {name: m}\ndependencies: {name: x}\n",
    "true or false": (
        "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: 1, source: {verified: maybe}}\n"
    ),
    "not a date": "model: {name: m, release_date: May 2024}\n",
    "not a finite number": "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: '.nan'}\n",
    "infinite bound": (
        "model: {name: m}\nevaluation:\n  results:\n"
        "    - {task: t, metric: m, value: 1, uncertainty: {lower: '-inf', upper: 1}}\n"
    ),
    "huge whole number where text goes": "model: {name: 123456789012345678901234567890123456789}\n",
    "negative count": "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: 1, uncertainty: {std: 1, runs: 0}}\n",
    "misspelt key": "model: {name: m, licence: MIT}\n",
    "unknown key deep down": "model: {name: m}\ntraining: {hardware: {gpus: 8}}\n",
    "unknown top-level key": "model: {name: m}\ntraning: {}\n",
    "another kind's identity block": "model: {name: m}\ndataset: {name: d}\n",
    "missing identity": "training: {}\n",
    "missing required fields": "model: {name: m}\nevaluation:\n  results:\n    - {task: t}\n",
    "empty name": "model: {name: ''}\n",
    "not an allowed value": "model: {name: m}\nrisks:\n  - {severity: huge}\n",
    "explained, not allowed": "model: {name: m}\nrisks:\n  - severity: {value: huge, explanation: x}\n",
    "explanation without a value's kind": "model: {name: m}\ntraining: {value: yes, explanation: 1}\n",
    "half an interval": (
        "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: 1, uncertainty: {lower: 1}}\n"
    ),
    "interval out of order": (
        "model: {name: m}\nevaluation:\n  results:\n"
        "    - {task: t, metric: m, value: 1, uncertainty: {lower: 2, upper: 1}}\n"
    ),
    "no interval and no deviation": (
        "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: 1, uncertainty: {level: 0.9}}\n"
    ),
    "range out of order": "model: {name: m}\nevaluation:\n  results:\n    - {task: t, metric: m, value: 1, range: [1, 0]}\n",
    "bad risk id": "model: {name: m}\nrisks:\n  - {id: 'pii leak'}\n",
    "bad risk reference": "model: {name: m}\nrisks:\n  - {id: a, addresses: [webtext]}\n",
    "unknown kind": "kind: robot\nrobot: {name: r}\n",
    "kind that is not text": "kind: 5\nmodel: {name: m}\n",
    "kind left empty": "kind:\nmodel: {name: m}\n",
    "wrong schema version": "schema_version: '2.0'\nmodel: {name: m}\n",
    "dataset card with a model's part": "kind: dataset\ndataset: {name: d}\ntraining: {}\n",
    "dataset card with a misspelt key": "kind: dataset\ndataset: {name: d, licence: MIT}\n",
    "dataset card without identity": "kind: dataset\nmotivation: {}\n",
    "application card with wrong types": "kind: application\napplication: {name: a}\nusers: {count: lots}\n",
    "application card with a model block": "kind: application\nmodel: {name: m}\n",
    "an inline image that is not one": "model: {name: m}\nextras:\n  graphics:\n    - {image: 'data:image/svg+xml;base64,AAAA'}\n",
    "many problems at once": (
        "model: {name: 5, licence: MIT, parameters: x}\ntraining: [1]\nrisks:\n  - {id: 'a b', severity: huge}\n"
    ),
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_invalid_cards_get_the_same_problems_without_the_models(text: str) -> None:
    outcome = _assert_same_everywhere(parse_text(text, "bad.card.yaml"))
    assert outcome[0] == "invalid"
    assert outcome[1], "an invalid card reports at least one problem"


VALID: dict[str, str] = {
    "huge whole number": "model: {name: m, parameters: 123456789012345678901234567890123456789}\n",
    "a dataset card": "kind: dataset\ndataset: {name: d}\ncomposition: {instances: unknown}\n",
    "an application card": "kind: application\napplication: {name: a}\nusers: none\n",
    "every part unknown": "model: {name: m}\ntraining: unknown\ndeployment: {value: none, explanation: not released}\n",
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_edge_cards_lint_the_same_without_the_models(text: str) -> None:
    assert _assert_same_everywhere(parse_text(text, "edge.card.yaml"))[0] == "valid"


@pytest.mark.parametrize(
    ("folder", "pattern", "format_"),
    [
        ("hf-model-cards", "*.md", "hf"),
        ("mct/testdata", "*.json", "mct"),
        ("cyclonedx/examples", "*.json", "cyclonedx"),
        ("ecosystem-graphs/assets", "*.yaml", "ecosystem-graphs"),
    ],
)
def test_imported_cards_lint_the_same_without_the_models(
    shared_data: Path, folder: str, pattern: str, format_: str
) -> None:
    """Every card ``cardgen import`` makes from the real-world inputs, valid or not."""
    checked = 0
    for source in sorted((shared_data / folder).glob(pattern)):
        try:
            imported = import_cards(source, format_)
        except (LoadError, ValueError):
            continue  # an input the importer refuses makes no card
        for number, item in enumerate(imported):
            document = parse_text(new_text(card_data(item)), f"{source.name}-{number}.card.yaml")
            _assert_same_everywhere(document)
            checked += 1
    assert checked


def test_every_rule_is_about_a_part_of_its_kinds_cards() -> None:
    """What ``rule()`` checked when it could load the card models (a rule's part must exist in its cards)."""
    for rule in ALL_RULES:
        assert rule.part == WHOLE_CARD or any(rule.part in part_names(CARD_TYPES[kind]) for kind in rule.kinds), rule.id


def test_only_the_linter_gets_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are for readers of CardObject that ask (the linter); everyone else gets models, warm cache or not."""
    monkeypatch.setenv("CARDGEN_CACHE_DIR", str(tmp_path))
    document = read_document(example_cards()[0])
    validation.card_validator.cache_clear()
    try:
        assert isinstance(validation.check(document, records=True)[0], BaseModel)  # cold: built with the models
        assert list(tmp_path.glob("card-validator-*.json"))
        validation.card_validator.cache_clear()  # a new process: the cache is warm
        assert isinstance(validation.check(document)[0], BaseModel)
        assert isinstance(validation.check(document, records=True)[0], cache.Record)
    finally:
        validation.card_validator.cache_clear()
