"""Profiles: presets pick rules, coverage profiles name real card fields and score cards honestly."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest

from cardgen.linter.config import known_rule_ids
from cardgen.linter.profiles import COVERAGE_NAMES, PRESET_NAMES, PROFILE_NAMES, Item, Profile, load_profile
from cardgen.linter.profiles.coverage import coverage
from cardgen.linter.rules import ALL_RULES
from cardgen.linter.run import lint_file
from cardgen.schema.introspect import models_at
from cardgen.schema.parts import part_names
from tests.conftest import EXAMPLES


def _in_schema(dotted: str) -> bool:
    """Whether a dotted field path such as ``training.energy`` names a field of the card schema."""
    *parents, last = dotted.split(".")
    return any(last in model.model_fields for model in models_at(tuple(parents)))


@pytest.mark.parametrize("name", COVERAGE_NAMES)
def test_every_field_a_coverage_profile_names_exists_in_the_card_schema(name: str) -> None:
    profile = load_profile(name)
    assert profile.items, f"{name} has no items"
    unknown = [(item.id, dotted) for item in profile.items for dotted in item.fields if not _in_schema(dotted)]
    assert unknown == []
    assert {item.part for item in profile.items} <= set(part_names())
    ids = [item.id for item in profile.items]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    assert profile.reference


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_presets_name_only_rules_that_exist(name: str) -> None:
    profile = load_profile(name)
    assert profile.items == ()
    assert set(profile.rules or ()) <= known_rule_ids()


def test_standard_runs_every_rule_at_its_default_and_strict_raises_warnings() -> None:
    standard, strict, minimal = (load_profile(name) for name in ("standard", "strict", "minimal"))
    for rule in ALL_RULES:
        assert standard.severity_for(rule) == rule.severity
        expected = "error" if rule.severity == "warning" else rule.severity
        assert strict.severity_for(rule) == expected
    chosen = [rule.id for rule in ALL_RULES if minimal.severity_for(rule) is not None]
    assert "CG000" in chosen
    assert 0 < len(chosen) < len(ALL_RULES) / 3, "minimal is a small core subset"


def test_coverage_profiles_lint_with_standard_rules() -> None:
    for name in COVERAGE_NAMES:
        profile = load_profile(name)
        assert (profile.rules, dict(profile.promote)) == (None, {})


def test_unknown_profile_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile 'nist'"):
        load_profile("nist")
    assert set(PROFILE_NAMES) == set(PRESET_NAMES) | set(COVERAGE_NAMES)


def _indicators(shared_data: Path) -> list[str]:
    with (shared_data / "fmti" / "fmti-indicators.csv").open(encoding="utf-8-sig") as handle:
        return [row["Indicator"].strip() for row in csv.DictReader(handle)]


def test_fmti_accounts_for_at_least_80_indicators_by_their_exact_names(shared_data: Path) -> None:
    indicators = _indicators(shared_data)
    fmti = load_profile("fmti")
    mapped = [item.title for item in fmti.items]
    listed = [entry.title for entry in fmti.unanswerable]
    assert [title for title in mapped + listed if title not in indicators] == []
    assert len(set(mapped) | set(listed)) == len(mapped) + len(listed), "an indicator is either mapped or listed"
    assert len(mapped) + len(listed) >= 80
    assert all(len(entry.reason) > 30 for entry in fmti.unanswerable), "each left-out indicator says why"


ANNEX_XI_SECTION_1 = ("1a", "1b", "1c", "1d", "1e", "1f", "2a", "2b", "2c", "2d", "2e")
ANNEX_XII = ("1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "2a", "2b", "2c")


@pytest.mark.parametrize(("name", "points"), [("eu-ai-act", ANNEX_XI_SECTION_1), ("eu-ai-act-xii", ANNEX_XII)])
def test_every_point_of_the_annex_is_mapped(name: str, points: tuple[str, ...]) -> None:
    profile = load_profile(name)
    covered = {item.id.split("-")[0] for item in profile.items}
    assert covered == set(points)
    assert all(item.rationale.lower().startswith(("1(", "2(", "xii")) for item in profile.items)


def test_annex_xii_asks_what_downstream_providers_need_beyond_annex_xi() -> None:
    fields = {field for item in load_profile("eu-ai-act-xii").items for field in item.fields}
    assert {"model.max_input_size", "deployment.software_requirements", "deployment.integrations"} <= fields


def _profile(*items: Item) -> Profile:
    return Profile("test", "Test", "", None, {}, "", items)


def test_what_counts_as_covered() -> None:
    profile = _profile(
        Item("given", "", "training", ("training.energy",)),
        Item("bare-unknown", "", "training", ("training.emissions",)),
        Item("explained-unknown", "", "training", ("training.compute",)),
        Item("none-section", "", "adaptation", ("adaptation.base_model",)),
        Item("missing", "", "deployment", ("deployment.monitoring",)),
        Item("in-a-list", "", "risks", ("risks.mitigations",)),
        Item("empty-list", "", "evaluation", ("evaluation.results",)),
        Item("all-of", "", "model", ("model.version", "model.parameters"), match="all"),
        Item("any-of", "", "model", ("model.version", "model.parameters")),
    )
    data = {
        "model": {"name": "x", "version": "1"},
        "training": {
            "energy": {"value": 10, "unit": "kWh"},
            "emissions": "unknown",
            "compute": {"value": "unknown", "explanation": "no metering"},
        },
        "adaptation": "none",
        "risks": [{"description": "a"}, {"description": "b", "mitigations": ["c"]}],
        "evaluation": {"results": []},
    }
    result = coverage(profile, data)
    assert {each.item.id: each.state for each in result.items} == {
        "given": "covered",
        "bare-unknown": "unknown",
        "explained-unknown": "unknown",
        "none-section": "none",
        "missing": "missing",
        "in-a-list": "covered",
        "empty-list": "missing",
        "all-of": "missing",
        "any-of": "covered",
    }
    assert (result.overall.answered, result.overall.total) == (3, 9)
    parts = result.by_part()
    assert list(parts) == ["model", "training", "adaptation", "deployment", "evaluation", "risks"]
    training = parts["training"][0]
    assert (training.answered, training.total) == (1, 3)


def test_a_full_card_covers_what_it_answers() -> None:
    data = {
        "model": {
            "name": "x",
            "architecture": "transformer",
            "parameters": 10,
            "license": "MIT",
            "modalities": {"input": ["text"], "output": ["text"]},
            "input_format": "UTF-8 text",
            "output_format": "UTF-8 text",
        },
        "training": {"energy": {"value": 1, "unit": "kWh"}},
    }
    result = coverage(load_profile("eu-ai-act"), data)
    covered = {each.item.id for each in result.items if each.covered}
    assert covered == {"1d", "1e", "1f", "2e"}


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_a_profiles_lint_result_survives_the_trip_from_a_worker_process(name: str) -> None:
    """`--jobs` workers send results back pickled; a profile's items and severities must make the trip."""
    result = lint_file(str(EXAMPLES / "gpt2.card.yaml"), name)
    assert result is not None
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert back.coverage == result.coverage


def test_profile_mappings_are_read_only() -> None:
    promote = load_profile("strict").promote
    assert dict(promote)
    with pytest.raises(TypeError):
        promote["warning"] = "info"  # type: ignore[index]
