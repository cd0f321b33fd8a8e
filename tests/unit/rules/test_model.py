"""Rules CG1xx (the model), ``cardgen/linter/rules/model.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    (
        "CG101",
        """
        model:
          name: x
          description: A model.
          type: classifier
        """,
        [(1, 1), (1, 1), (1, 1)],
    ),
    (
        "CG101",
        """
        model:
          name: x
          description: A model.
          organization: Lab
          type: classifier
          license: MIT
          contact: {value: none, explanation: the authors left the project}
        """,
        [],
    ),
    (
        "CG102",
        """
        model:
          name: x
          release_date: 2024-01-01
        training:
          end_date: 2024-02-01
        """,
        [(3, 17)],
    ),
    ("CG102", MODEL + "  release_date: 2024-02-01\ntraining:\n  end_date: 2024-02-01\n", []),
    ("CG103", MODEL + "  modalities: {input: [text], output: [labels]}\n", [(1, 1)]),
    ("CG103", MODEL + "  modalities: {input: [image], output: [labels]}\n", []),
    ("CG103", MODEL + "  modalities: {input: [text]}\n  languages: [en]\n", []),
    ("CG104", MODEL + "  links: {demo: 'https://example.org'}\n", [(3, 3)]),
    ("CG104", MODEL + "  links: {paper: 'https://example.org'}\n", []),
    ("CG105", MODEL, [(1, 1)]),
    ("CG105", MODEL + "  parameters: 1000\n", []),
    ("CG106", DATASET, [(2, 1), (2, 1), (2, 1), (2, 1), (2, 1)]),
    (
        "CG106",
        DATASET
        + "  description: d\n  organization: o\n  license: MIT\n  size: [{value: 3, unit: GB}]\n  contact: x@example.org\n",
        [],
    ),
    ("CG106", MODEL, []),
    ("CG107", APPLICATION + "  description: a chat assistant\n", [(2, 1), (2, 1), (2, 1), (2, 1)]),
    ("CG107", MODEL, []),
    ("CG101", DATASET, []),
    ("CG101", APPLICATION, []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (11, 1, "CG104"),  # model: no links
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
