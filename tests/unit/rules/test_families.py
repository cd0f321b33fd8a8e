"""Every rule family has its test module beside the others, and together they test every rule.

``cardgen/linter/rules/<family>.py`` is tested by ``tests/unit/rules/test_<family>.py``;
its cases are about its own rules, and each of its rules has a case where it reports.
A card that answers everything gives no finding at all: every rule's negative case at once.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

from cardgen.io.loader import parse_text, read_document
from cardgen.linter import rules
from cardgen.linter.engine import lint_document
from cardgen.linter.rules import ALL_RULES
from tests.conftest import EXAMPLES
from tests.unit.lint_helpers import TODAY, Case, family_rules


def families() -> list[ModuleType]:
    """The modules of ``cardgen.linter.rules`` that define rules."""
    found = (importlib.import_module(f"{rules.__name__}.{info.name}") for info in pkgutil.iter_modules(rules.__path__))
    return [module for module in found if family_rules(module)]


def cases_of(family: ModuleType) -> list[Case]:
    name = family.__name__.rsplit(".", 1)[1]
    cases: list[Case] = importlib.import_module(f"tests.unit.rules.test_{name}").CASES
    return cases


@pytest.mark.parametrize("family", families(), ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_each_family_has_its_module_of_cases_about_its_own_rules(family: ModuleType) -> None:
    cases = cases_of(family)
    assert {rule_id for rule_id, _, _ in cases} <= family_rules(family)
    assert {rule_id for rule_id, _, expected in cases if expected} == family_rules(family), "a rule with no case"


@pytest.mark.parametrize("family", families(), ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_each_family_reports_what_its_module_lists_for_the_incomplete_example(family: ModuleType) -> None:
    name = family.__name__.rsplit(".", 1)[1]
    expected = importlib.import_module(f"tests.unit.rules.test_{name}").INCOMPLETE_EXAMPLE
    findings = lint_document(read_document(EXAMPLES / "incomplete.card.yaml"), on=TODAY)
    ids = family_rules(family)
    assert [(f.position.line, f.position.column, f.rule_id) for f in findings if f.rule_id in ids] == expected


def test_every_registered_rule_is_in_a_family_with_a_reporting_case() -> None:
    reporting = {rule_id for family in families() for rule_id, _, expected in cases_of(family) if expected}
    assert reporting == {rule.id for rule in ALL_RULES}


CLEAN = """
model:
  name: tiny-sentiment
  version: "1.0"
  description: A small text classifier for the sentiment of product reviews.
  organization: Example Lab
  type: text classifier
  license: Apache-2.0
  contact: ml@example.org
  release_date: 2024-05-01
  parameters: 4400000
  modalities: {input: [text], output: [labels]}
  languages: [en]
  links: {repository: "https://example.org/code", weights: "https://example.org/weights"}
data_creation:
  description: Public product reviews.
  sources:
    - name: Reviews
      url: https://example.org/reviews
      license: CC-BY-4.0
      personal_information: true
      consent: {value: none, explanation: reviews were published publicly by their authors}
      size: {value: 50000, unit: reviews}
curation:
  selection_criteria: English reviews with a star rating.
  filtering: {personal_data: user names were removed}
  deduplication: exact duplicates removed
training:
  objective: cross-entropy on star-derived labels
  hardware: {accelerator: NVIDIA T4, count: 1}
  software: [pytorch]
  hyperparameters: {learning_rate: 0.001}
  energy: {value: 1.2, unit: kWh, source: CodeCarbon}
  emissions: {value: 0.4, unit: kgCO2eq, source: CodeCarbon}
  start_date: 2024-03-01
  end_date: 2024-03-02
adaptation: none
deployment:
  access: open
  feedback: https://example.org/issues
  terms_of_use: https://example.org/terms
  monitoring: {value: none, explanation: open weights cannot be monitored}
evaluation:
  summary: Good on English reviews, weaker on short ones.
  results:
    - {task: text-classification, metric: accuracy, value: 0.91, dataset: {name: Reviews, split: test}, uncertainty: {std: 0.01, runs: 3}}
    - {task: text-classification, metric: accuracy, value: 0.88, slice: "length<20", dataset: {name: Reviews, split: test}}
    - {task: text-classification, metric: f1, value: 0.85, category: robustness, dataset: {name: Noisy reviews, split: test}}
    - {task: zero-shot-classification, metric: accuracy, value: 0.6, dataset: {name: Tweets, split: test}}
intended_use:
  primary_uses: [sorting reviews by sentiment]
  primary_users: [shop analysts]
  out_of_scope_uses: [judging individual people]
risks:
  - category: privacy
    description: may reproduce reviewer text
    affected_groups: [reviewers]
    mitigations: [user names removed]
  - category: misuse
    description: fake review detection evasion
    affected_groups: [shoppers]
    mitigations: [usage terms]
dependencies:
  - {name: Reviews, kind: dataset, relation: trained_on, url: "https://example.org/reviews"}
"""
"""A card that answers everything every rule asks for: the negative case of every rule at once."""


def test_a_card_that_answers_everything_gives_no_finding_at_all() -> None:
    document = parse_text(CLEAN.lstrip("\n"), "clean.card.yaml")
    assert [str(finding) for finding in lint_document(document, on=TODAY)] == []
