"""One identity for an evaluation result: ``update`` replaces by it and CG506 reports by it.

A result is the same measurement as another when task, dataset (name, config,
split, revision), metric and slice agree; any one of them differing keeps the two
apart, in the file that ``update`` writes and in what the duplicate rule reports.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cardgen.cards import update
from cardgen.io.loader import read_document
from cardgen.linter.engine import lint_document
from cardgen.schema.constraints import RESULT_KEY, result_key
from cardgen.schema.evaluation import Result

BASE: dict[str, Any] = {
    "task": "text-classification",
    "dataset": {"name": "GLUE", "config": "sst2", "split": "validation", "revision": "v1"},
    "metric": "accuracy",
    "slice": "length=long",
    "value": 0.9,
}
OTHER: dict[str, str] = {
    "task": "natural-language-inference",
    "dataset.name": "SuperGLUE",
    "dataset.config": "mnli",
    "dataset.split": "test",
    "dataset.revision": "v2",
    "metric": "f1",
    "slice": "length=short",
}
"""Another value for each field the issue names as the identity."""


def _with(result: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(result)
    *parents, name = dotted.split(".")
    node = changed
    for parent in parents:
        node = node[parent]
    node[name] = value
    return changed


def _card(tmp_path: Path, *results: dict[str, Any]) -> Path:
    path = tmp_path / "model.card.yaml"
    data = {"model": {"name": "m"}, "evaluation": {"results": list(results)}}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _duplicate_lines(path: Path) -> list[int]:
    findings = lint_document(read_document(path))
    return [finding.position.line for finding in findings if finding.rule_id == "CG506"]


def test_the_identity_is_the_fields_the_issue_names_and_each_is_a_result_field() -> None:
    assert set(RESULT_KEY) == set(OTHER)
    for dotted in RESULT_KEY:
        model: Any = Result
        for name in dotted.split("."):
            assert name in model.model_fields, dotted
            model = model.model_fields[name].annotation
            model = next((arg for arg in getattr(model, "__args__", ()) if hasattr(arg, "model_fields")), model)


def test_a_model_and_its_data_have_the_same_key() -> None:
    assert result_key(Result.model_validate(BASE)) == result_key(BASE)
    explained = _with(BASE, "dataset.split", {"value": "validation", "explanation": "the public split"})
    assert result_key(explained) == result_key(BASE)


def test_update_with_glue_mnli_keeps_the_glue_sst2_result(tmp_path: Path) -> None:
    """The data loss the issue reports: the config was not part of the identity."""
    sst2 = {"task": "text-classification", "dataset": {"name": "GLUE", "config": "sst2", "split": "validation"}}
    path = _card(tmp_path, {**sst2, "metric": "accuracy", "value": 0.93})
    mnli = {**sst2, "dataset": {**sst2["dataset"], "config": "mnli"}, "metric": "accuracy", "value": 0.84}
    update(path, results=[mnli])
    results = read_document(path).data["evaluation"]["results"]
    assert [(r["dataset"]["config"], r["value"]) for r in results] == [("sst2", 0.93), ("mnli", 0.84)]


@pytest.mark.parametrize("field", RESULT_KEY)
def test_each_key_field_keeps_two_results_apart_in_update(tmp_path: Path, field: str) -> None:
    path = _card(tmp_path, BASE)
    update(path, results=[{**_with(BASE, field, OTHER[field]), "value": 0.5}])
    results = read_document(path).data["evaluation"]["results"]
    assert results == [BASE, {**_with(BASE, field, OTHER[field]), "value": 0.5}]


@pytest.mark.parametrize("field", RESULT_KEY)
def test_each_key_field_keeps_two_results_apart_in_the_duplicate_rule(tmp_path: Path, field: str) -> None:
    assert _duplicate_lines(_card(tmp_path, BASE, _with(BASE, field, OTHER[field]))) == []


@pytest.mark.parametrize("field", ["value", "category", "uncertainty", "source"])
def test_the_same_identity_is_replaced_by_update_and_reported_by_the_rule(tmp_path: Path, field: str) -> None:
    other_values = {"value": 0.1, "category": "robustness", "uncertainty": {"std": 0.01}, "source": {"verified": True}}
    same = _with(BASE, field, other_values[field])
    path = _card(tmp_path, BASE, same)
    lines = path.read_text(encoding="utf-8").splitlines()
    result_starts = [number for number, line in enumerate(lines, start=1) if line == "      {"]  # json.dumps(indent=2)
    assert _duplicate_lines(path) == [result_starts[1]]

    single = _card(tmp_path, BASE)
    update(single, results=[same])
    assert read_document(single).data["evaluation"]["results"] == [same]


def test_an_explained_answer_counts_by_its_value_in_both(tmp_path: Path) -> None:
    explained = _with(BASE, "dataset.split", {"value": "validation", "explanation": "the public split"})
    path = _card(tmp_path, explained, {**BASE, "value": 0.1})
    assert len(_duplicate_lines(path)) == 1
    single = _card(tmp_path, explained)
    update(single, results=[{**BASE, "value": 0.1}])
    assert len(read_document(single).data["evaluation"]["results"]) == 1
