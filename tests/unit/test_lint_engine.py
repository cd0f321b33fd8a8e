"""The lint engine: positions, order, configuration, schema findings, lazy reading and the examples."""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import pytest

from cardgen.errors import dotted
from cardgen.io.loader import Document, parse_text, read_document
from cardgen.linter.engine import lint_document, today
from cardgen.linter.findings import SEVERITIES, Finding, Severity
from cardgen.linter.rules import ALL_RULES, WHOLE_CARD, Rule, rule_by_id
from cardgen.linter.rules.base import lookup
from cardgen.schema.card import CARD_TYPES
from cardgen.schema.parts import part_names
from tests.conftest import EXAMPLES, example_cards

TODAY = datetime.date(2025, 6, 1)

CARD = """\
model:
  name: demo
  description: TODO
  license: unknown
risks:
  - category: misuse
    description: spam
"""


def findings_of(text: str, **kwargs: object) -> list[str]:
    return [str(finding) for finding in lint_document(parse_text(text, "card.yaml"), on=TODAY, **kwargs)]  # type: ignore[arg-type]


def test_findings_point_at_values_keys_and_parents_in_order() -> None:
    found = findings_of(CARD)
    # Offending values are reported at the value, missing fields at the parent key (or list entry),
    # and every finding is `path:line:col: severity rule-id message`, sorted by position.
    assert (
        "card.yaml:3:16: error CG001 placeholder text 'TODO' left in; write the information, or `unknown` with an explanation"
        in found
    )
    assert (
        "card.yaml:4:12: warning CG002 `unknown` without an explanation; write {value: unknown, explanation: why it is unknown}"
        in found
    )
    assert any(line.startswith("card.yaml:6:5: warning CG604 ") for line in found)
    assert any(line.startswith("card.yaml:1:1: warning CG201 ") for line in found)
    positions = [tuple(int(part) for part in re.match(r"card.yaml:(\d+):(\d+):", line).groups()) for line in found]  # type: ignore[union-attr]
    assert positions == sorted(positions)


def test_findings_carry_field_and_part() -> None:
    findings = lint_document(parse_text(CARD, "card.yaml"), on=TODAY)
    by_rule = {finding.rule_id: finding for finding in findings}
    assert (by_rule["CG604"].field, by_rule["CG604"].part) == ("risks[0].mitigations", "risks")
    # A card-wide rule takes the stage of the field it found something in.
    assert (by_rule["CG001"].field, by_rule["CG001"].part) == ("model.description", "model")
    assert dotted(("evaluation", "results", 2, "dataset", "split")) == "evaluation.results[2].dataset.split"


class Config:
    """Stands in for the configuration: a severity per rule id, None to switch a rule off."""

    def __init__(self, severities: dict[str, Severity | None]) -> None:
        self.severities = severities

    def severity_for(self, rule: Rule) -> Severity | None:
        return self.severities.get(rule.id, rule.severity)


def test_configuration_switches_rules_off_and_regrades_them() -> None:
    found = findings_of(CARD, config=Config({"CG001": None, "CG002": "error"}))
    assert not any(" CG001 " in line for line in found)
    assert any(line.startswith("card.yaml:4:12: error CG002 ") for line in found)


def test_schema_problems_are_findings_and_stop_the_rules() -> None:
    text = "model:\n  name: demo\n  description: TODO\n  licence: MIT\n"
    found = findings_of(text)
    assert found == ["card.yaml:4:3: error CG000 unknown key 'licence' in 'model' (did you mean 'license'?)"]
    # Switching the schema rule off cannot make an invalid card look clean.
    assert findings_of(text, config=Config({"CG000": None})) == found
    assert findings_of(text, config=Config({"CG000": "warning"}))[0].startswith("card.yaml:4:3: warning CG000 ")


def test_dates_are_judged_against_the_given_day_or_tomorrow_in_utc() -> None:
    document = parse_text("model:\n  name: demo\n  release_date: 2025-06-02\n", "card.yaml")
    on_the_day = lint_document(document, on=datetime.date(2025, 6, 2))
    the_day_before = lint_document(document, on=datetime.date(2025, 6, 1))
    assert not any(finding.rule_id == "CG004" for finding in on_the_day)
    assert [finding.rule_id for finding in the_day_before if finding.rule_id == "CG004"] == ["CG004"]
    utc = datetime.datetime.now(datetime.timezone.utc).date()
    assert today() in (utc + datetime.timedelta(days=1), utc + datetime.timedelta(days=2))  # midnight may pass


def test_registry_ids_names_severities_parts_and_families() -> None:
    families = {
        "0": "general",
        "1": "model",
        "2": "data",
        "3": "training",
        "4": "adaptation_deployment",
        "5": "evaluation",
        "6": "use_risks",
        "7": "dependencies",
    }
    subfamilies = {"22": "datasheet", "42": "application"}
    parts = {WHOLE_CARD, *(name for card_type in CARD_TYPES.values() for name in part_names(card_type))}
    for rule in ALL_RULES:
        assert re.fullmatch(r"CG\d{3}", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.severity in SEVERITIES
        assert rule.part in parts
        assert rule.doc
        assert rule.summary.endswith(".")
        if rule.check is not None:
            family = subfamilies.get(rule.id[2:4], families[rule.id[2]])
            assert rule.check.__module__ == f"cardgen.linter.rules.{family}"
    assert len(ALL_RULES) >= 30
    assert [rule.id for rule in ALL_RULES] == sorted(rule.id for rule in ALL_RULES)


def test_rules_are_found_by_id_in_any_case_or_by_name() -> None:
    assert rule_by_id("cg604") is rule_by_id("CG604") is rule_by_id("risk-without-mitigation")
    assert rule_by_id("CG999") is None


@pytest.mark.parametrize("card", [path for path in example_cards() if path.name != "incomplete.card.yaml"],
                         ids=lambda path: path.name)  # fmt: skip
def test_complete_examples_have_no_errors_or_warnings(card: Path) -> None:
    findings = lint_document(read_document(card))
    assert [str(finding) for finding in findings if finding.severity != "info"] == []


ANSWER_FORMS: list[object] = ["unknown", "none", {"value": "unknown", "explanation": "x"}, "", None, [], {}]


def test_rules_never_crash_whatever_form_a_valid_answer_takes() -> None:
    """Every field of a complete card, down to two levels, replaced by each answer form: no rule may raise."""
    document = read_document(EXAMPLES / "bert-base-uncased.card.yaml")
    original = document.data
    linted = 0
    for path in list(document.locations):  # every value's path
        if not 0 < len(path) <= 2 or path[-1] in ("value", "explanation"):
            continue
        for form in ANSWER_FORMS:
            data = copy.deepcopy(original)
            parent = lookup(data, path[:-1])
            parent[path[-1]] = copy.deepcopy(form)
            findings = lint_document(parse_text(json.dumps(data), "card.json"), on=TODAY)
            linted += not any(finding.rule_id == "CG000" for finding in findings)
    assert linted > 100  # enough of the variants fit the schema for the rules to run on them


def test_lint_files_reads_each_card_once_and_follows_dependencies_once_all_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cardgen.ecosystem import graph
    from cardgen.linter import run

    cards = [tmp_path / f"{name}.card.yaml" for name in "abc"]
    for card in cards:
        card.write_text(CARD, encoding="utf-8")
    cards[1].write_text("model: [unclosed\n", encoding="utf-8")
    calls: list[str] = []
    real_read, real_card_rules, real_graph_rules = graph.read_document, run.card_rule_findings, run.graph_rule_findings

    def read(path: str) -> Document:
        calls.append(f"read {Path(path).name}")
        return real_read(path)

    def card_rules(document: Document, *args: object, **options: object) -> list[Finding]:
        calls.append(f"card rules {Path(document.path).name}")
        return real_card_rules(document, *args, **options)  # type: ignore[arg-type]

    def graph_rules(ecosystem: graph.Graph, path: str, *args: object) -> list[Finding]:
        calls.append(f"graph rules {Path(path).name}")
        assert len(ecosystem.nodes) == 2  # every valid card is in it
        return real_graph_rules(ecosystem, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(graph, "read_document", read)
    monkeypatch.setattr(run, "card_rule_findings", card_rules)
    monkeypatch.setattr(run, "graph_rule_findings", graph_rules)
    results = run.lint_files(cards)
    assert calls == [
        "read a.card.yaml",
        "card rules a.card.yaml",
        "read b.card.yaml",
        "read c.card.yaml",
        "card rules c.card.yaml",
        "graph rules a.card.yaml",
        "graph rules c.card.yaml",
    ]
    assert [Path(result.path).name for result in results.files] == ["a.card.yaml", "c.card.yaml"]
    (problem,) = results.problems
    assert problem.path == str(cards[1])
    assert problem.position.line == 2
