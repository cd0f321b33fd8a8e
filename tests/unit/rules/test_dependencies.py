"""Rules CG7xx (dependencies), ``cardgen/linter/rules/dependencies.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    (
        "CG701",
        """
        model:
          name: x
        dependencies:
          - {name: Base, kind: model, card: upstream.card.yaml}
          - {name: Gone, kind: model, card: ../nowhere.card.yaml}
          - {name: Remote, kind: model, card: "https://example.org/base.card.yaml"}
        """,
        [(5, 37)],
    ),
    ("CG702", MODEL, [(1, 1)]),
    ("CG702", MODEL + "dependencies: {value: none, explanation: trained on synthetic data only}\n", []),
    (
        "CG703",
        """
        model:
          name: x
        dependencies:
          - {name: Base, kind: model}
          - {name: Data, kind: dataset, url: "https://example.org"}
          - {name: Up, kind: model, card: upstream.card.yaml}
        """,
        [(4, 5)],
    ),
    (
        "CG704",
        """
        model:
          name: x
        dependencies:
          - {name: GLUE, kind: dataset}
          - {name: GLUE, kind: model}
          - {name: glue, kind: dataset}
        """,
        [(6, 5)],
    ),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (77, 11, "CG701"),  # the dependency's card does not exist
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
