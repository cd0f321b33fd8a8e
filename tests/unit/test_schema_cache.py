"""The validator cache: the same answers as pydantic's own validator, and nothing else loads from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from pydantic import ValidationError
from pydantic_core import SchemaValidator

from cardgen import validation
from cardgen.io.loader import read_document
from cardgen.schema import cache
from cardgen.schema.card import card_adapter
from cardgen.schema.kinds import KINDS
from tests.conftest import example_cards


def _code_under_test() -> dict[str, str]:
    """The child process imports the cardgen this test runs (a worktree puts its own on PYTHONPATH)."""
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}


def _round_tripped() -> SchemaValidator:
    """The validator of a card of any kind, through the cache's encoding and back."""
    stored = json.dumps(cache.encode(card_adapter().core_schema))
    return SchemaValidator(cache.parse(stored, cache.model_classes()))


@pytest.mark.parametrize("path", example_cards(), ids=lambda path: path.name)
def test_cached_validator_builds_the_same_cards(path: Path) -> None:
    data = read_document(path).data
    assert _round_tripped().validate_python(data) == card_adapter().validate_python(data)


INVALID: list[dict[str, Any]] = [
    {"model": {"name": "m", "licence": "MIT"}},
    {"model": {"name": "m"}, "deployment": {"access": "public"}},
    {
        "model": {"name": "m"},
        "evaluation": {"results": [{"task": "t", "metric": "m", "value": 1, "uncertainty": {"lower": 1}}]},
    },
    {"model": {"name": "m"}, "risks": [{"severity": {"value": "huge", "explanation": "x"}}]},
    {"training": {}},
]


@pytest.mark.parametrize("data", INVALID)
def test_cached_validator_reports_the_same_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as cached:
        _round_tripped().validate_python(data)
    with pytest.raises(ValidationError) as built:
        cache.built().validator.validate_python(
            data
        )  # pydantic's own validator (Card.model_validate speaks in card terms)
    assert cached.value.errors(include_url=False, include_context=False) == built.value.errors(
        include_url=False, include_context=False
    )


@pytest.mark.parametrize(
    "reference",
    [
        "os:system",
        "builtins:eval",
        "cardgen.schema.values:__builtins__",
        "cardgen.io.atomic:atomic_write",
        "cardgen.schema.values:",
    ],
)
@pytest.mark.parametrize("with_models", [True, False], ids=["models", "records"])
def test_names_outside_the_models_and_their_validators_are_refused(reference: object, with_models: bool) -> None:
    classes = cache.model_classes() if with_models else cache.records({"cardgen.schema.card:Card": []})
    with pytest.raises(cache.UnsupportedSchema):
        cache.parse(json.dumps({"type": "model", "cls": {"$py": reference}}), classes)


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a stored core schema."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_a_corrupt_entry_is_replaced_and_a_stored_one_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDGEN_CACHE_DIR", str(tmp_path))
    entry = tmp_path / f"card-validator-{cache.cache_key()}.json"
    entry.write_text('{"type": "model", "cls": {"$py": "os:system"}}')
    validation.card_validator.__wrapped__()
    head, schema = entry.read_text().split("\n")
    stored = json.loads(schema)
    assert stored["type"] == "definitions"
    assert set(json.loads(head)) == {"models", "kinds"}
    # A fresh process reads the entry instead of building: prove it by planting a marker in it.
    version_fields = [node for node in _nodes(stored) if node.get("expected") == ["1.0", "1.1"]]
    assert len(version_fields) == 3  # the schema_version of each kind of card
    for field in version_fields:
        field["expected"] = ["1.0", "planted-marker"]
    entry.write_text(f"{head}\n{json.dumps(stored)}")
    probe = (
        "from cardgen.validation import card_validator; "
        "print(card_validator().validator.validate_python({'model': {'name': 'x'}, 'schema_version': 'planted-marker'}))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"CARDGEN_CACHE_DIR": str(tmp_path), **_code_under_test()},
        check=True,
    )
    assert "planted-marker" in shown.stdout


def test_no_cache_when_disabled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CARDGEN_NO_CACHE", "1")
    assert validation.card_validator.__wrapped__() is not None
    assert list(tmp_path.iterdir()) == []


def test_key_follows_pydantic_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key reads pydantic's version file (``cardgen lint`` does not import pydantic); another version, another key."""
    assert f"VERSION = '{pydantic.VERSION}'" in cache._pydantic_version_text().decode()
    before = cache.cache_key()
    monkeypatch.setattr(cache, "_pydantic_version_text", lambda: b"VERSION = '0.0.0'")
    assert cache.cache_key() != before


def test_a_planted_entry_cannot_run_a_command(tmp_path: Path) -> None:
    """The attack a reviewer found: a schema whose default is validated by `os.system` reached through a module."""
    witness = tmp_path / "pwned"
    planted = {
        "type": "typed-dict",
        "fields": {
            "x": {
                "type": "typed-dict-field",
                "required": False,
                "schema": {
                    "type": "default",
                    "default": f"touch {witness}",
                    "validate_default": True,
                    "schema": {
                        "type": "function-after",
                        "function": {"type": "no-info", "function": {"$py": "cardgen.schema.cache:os.system"}},
                        "schema": {"type": "str"},
                    },
                },
            }
        },
    }
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    stand_in = "cardgen.schema.card:Card"
    head = {"models": {stand_in: []}, "kinds": dict.fromkeys(KINDS, stand_in)}
    entry = cache_dir / f"card-validator-{cache.cache_key()}.json"
    card = tmp_path / "x.card.yaml"
    card.write_text("model: {name: x}\n")
    for command in ("validate", "lint"):  # with the card models, and with records
        entry.write_text(f"{json.dumps(head)}\n{json.dumps(planted)}")
        result = subprocess.run(
            [sys.executable, "-m", "cardgen", command, str(card)],
            capture_output=True,
            text=True,
            env={"CARDGEN_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", **_code_under_test()},
        )
        assert not witness.exists()
        assert result.returncode in (0, 1), result.stderr  # lint may warn; neither crashes nor runs the command
        assert "Traceback" not in result.stderr


def test_a_field_named_like_a_core_schema_key_survives_the_cache() -> None:
    """extras.metadata is a field called like the core-schema key the cache leaves out."""
    card = {"model": {"name": "x"}, "extras": {"metadata": {"huggingface": {"widget": []}}}}
    for classes in (cache.model_classes(), None):
        restored = cache.restored(cache.stored().encode(), classes)
        assert restored.validator.validate_python(card).extras.metadata == {"huggingface": {"widget": []}}
