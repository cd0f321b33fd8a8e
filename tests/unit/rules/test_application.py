"""Rules CG42x (application cards), ``cardgen/linter/rules/application.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, MODEL, Case, assert_reports, deployed

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG421", APPLICATION, [(1, 1)]),
    ("CG421", deployed("limited", APPLICATION), [(4, 1), (4, 1)]),
    ("CG421", APPLICATION + "deployment:\n  monitoring: abuse reports reviewed daily\n  feedback: none\n", []),
    ("CG421", MODEL, []),
    ("CG422", APPLICATION, [(1, 1)]),
    ("CG422", APPLICATION + "users:\n  monthly_active_users: {value: 1000000, explanation: press release}\n", [(4, 1)]),
    ("CG423", APPLICATION, [(1, 1)]),
    ("CG423", APPLICATION + "quality:\n  quality_control: red-teaming\n  known_failures: [made-up citations]\n", []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = []
"""The incomplete example is a model card: these rules never run on it."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
