"""Rules CG22x (the datasheet of dataset cards), ``cardgen/linter/rules/datasheet.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import DATASET, MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG221", DATASET, [(1, 1)]),
    ("CG221", DATASET + "motivation:\n  purpose: research\n", [(4, 1), (4, 1)]),
    ("CG221", MODEL, []),
    ("CG222", DATASET + "composition:\n  count: 10\n  personal_information: false\n", [(4, 1), (4, 1), (4, 1), (4, 1)]),
    ("CG222", DATASET + "composition: {value: unknown, explanation: never published}\n", []),
    ("CG223", DATASET, [(1, 1)]),
    ("CG223", DATASET + "maintenance:\n  maintainer: lab\n  versioning: none\n", []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = []
"""The incomplete example is a model card: these rules never run on it."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
