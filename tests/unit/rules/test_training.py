"""Rules CG3xx (training), ``cardgen/linter/rules/training.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG301", MODEL + "training:\n  objective: masked language modelling\n", [(3, 1), (3, 1)]),
    ("CG301", MODEL + "training: {value: unknown, explanation: trained by a vendor}\n", []),
    (
        "CG302",
        """
        model:
          name: x
        training:
          objective: cross-entropy
          energy: {value: 3, unit: kWh, source: meter}
        """,
        [(3, 1)],
    ),
    (
        "CG302",
        """
        model:
          name: x
        training:
          energy: {value: 3, unit: kWh, source: meter}
          emissions: {value: unknown, explanation: grid intensity unknown}
        """,
        [],
    ),
    (
        "CG303",
        """
        model:
          name: x
        training:
          energy: {value: 3, unit: kWh}
          emissions:
            value: {value: 1, unit: kgCO2eq}
            explanation: estimated
          duration: {value: 2, unit: days, source: logs}
        """,
        [(4, 3), (5, 3)],
    ),
    (
        "CG304",
        """
        model:
          name: x
        training:
          run:
            status: failed
            error: CUDA out of memory
        """,
        [(5, 13)],
    ),
    ("CG304", MODEL + "training:\n  run: {status: completed}\n", []),
    ("CG305", MODEL + "training:\n  run:\n    status: completed\n    git: {commit: abc, dirty: true}\n", [(6, 31)]),
    ("CG305", MODEL + "training:\n  run:\n    status: completed\n    git: {commit: abc, dirty: false}\n", []),
    ("CG306", MODEL + "training:\n  objective: x\n", [(3, 1)]),
    ("CG306", MODEL + "training:\n  hyperparameters: {lr: 0.1}\n", []),
    ("CG301", DATASET, []),
    ("CG301", APPLICATION, []),
    ("CG306", DATASET, []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (39, 1, "CG301"), (39, 1, "CG301"), (39, 1, "CG302"), (39, 1, "CG306"),  # training gaps
    (42, 3, "CG303"),  # energy without a source
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
