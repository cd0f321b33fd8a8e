"""Rules CG4xx (adaptation and deployment), ``cardgen/linter/rules/adaptation_deployment.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, Case, assert_reports, deployed

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG401", MODEL, [(1, 1)]),
    ("CG401", MODEL + "adaptation:\n  method: [lora]\n", [(3, 1)]),
    ("CG401", MODEL + "adaptation: none\n", []),
    (
        "CG402",
        """
        model:
          name: x
        adaptation:
          base_model: bert-base-uncased
        dependencies:
          - {name: SST-2, kind: dataset}
        """,
        [(4, 15)],
    ),
    (
        "CG402",
        """
        model:
          name: x
        adaptation:
          base_model: BERT-base-uncased
        dependencies:
          - {name: bert-base-uncased, kind: model}
        """,
        [],
    ),
    ("CG403", MODEL + "adaptation:\n  method: [fine-tuning]\n", [(3, 1)]),
    ("CG403", MODEL + "adaptation:\n  method: [fine-tuning]\n  safeguards: none\n", []),
    ("CG411", deployed("open"), [(3, 1)]),
    ("CG411", MODEL, [(1, 1)]),
    ("CG411", deployed("closed") + "  feedback: support@example.org\n", []),
    ("CG412", deployed("limited"), [(3, 1)]),
    ("CG412", deployed("closed"), []),
    ("CG412", deployed("open") + "  terms_of_use: https://example.org/tos\n", []),
    ("CG413", deployed("open"), [(3, 1)]),
    ("CG413", deployed("open") + "  monitoring: none\n", []),
    ("CG414", MODEL + "  links: {paper: 'https://example.org'}\ndeployment:\n  access: open\n", [(3, 3)]),
    ("CG414", deployed("limited"), []),
    ("CG401", APPLICATION, [(1, 1)]),
    ("CG401", DATASET, []),
    ("CG413", deployed("limited", APPLICATION), []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (11, 1, "CG414"),  # open weights without a link
    (45, 1, "CG403"),  # adaptation without safeguards
    (49, 1, "CG411"), (49, 1, "CG412"), (49, 1, "CG413"),  # deployment gaps
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
