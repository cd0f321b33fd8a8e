"""Rules CG5xx (evaluation), ``cardgen/linter/rules/evaluation.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import MODEL, Case, assert_reports

ONE_RESULT = MODEL + "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9}\n"
"""A model with one result (line 5), no dataset, no uncertainty, no slice; cases add more results after it."""

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG501", MODEL, [(1, 1)]),
    ("CG501", MODEL + "evaluation:\n  summary: It works.\n", [(3, 1)]),
    ("CG501", MODEL + "evaluation:\n  results: {value: none, explanation: not evaluated yet}\n", []),
    (
        "CG502",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - task: t
              metric: accuracy
              value: 0.8
              dataset: {name: SST-2}
            - {task: t, metric: accuracy, value: 0.7, dataset: {name: SST-2, split: test}}
        """,
        [(5, 7), (9, 7)],
    ),
    ("CG503", ONE_RESULT, [(4, 3)]),
    (
        "CG503",
        ONE_RESULT + "    - {task: t, metric: f1, value: 0.8, uncertainty: {lower: 0.7, upper: 0.85, level: 0.95}}\n",
        [],
    ),
    ("CG504", ONE_RESULT + "    - {task: t, metric: f1, value: 0.8}\n", [(4, 3)]),
    ("CG504", ONE_RESULT + "    - {task: u, metric: f1, value: 0.8}\n", []),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        intended_use:
          downstream_uses: [fine-tuning for other tasks]
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [(7, 3)],
    ),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        adaptation:
          base_model: foundation
        intended_use:
          downstream_uses: [review analysis]
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG505",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [(7, 3)],
    ),
    (
        "CG505",
        """
        model:
          name: x
        evaluation:
          factors: [dialect]
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [(5, 3)],
    ),
    (
        "CG505",
        """
        model:
          name: x
        risks:
          - {category: bias/fairness}
        evaluation:
          factors: {value: none, explanation: no group labels exist for the test data}
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG505",
        """
        model:
          name: x
        risks:
          - {category: bias/fairness}
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - {task: t, metric: accuracy, value: 0.8, slice: dialect=AAE}
        """,
        [],
    ),
    ("CG505", ONE_RESULT, []),
    (
        "CG506",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9, dataset: {name: D, split: test}}
            - {task: t, metric: accuracy, value: 0.9, dataset: {name: D, split: validation}}
            - {task: t, metric: accuracy, value: 0.8, dataset: {name: D, split: test}}
            - {task: t, metric: accuracy, value: 0.7, dataset: {name: D, split: test}, slice: short}
        """,
        [(7, 7)],
    ),
    ("CG507", MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1}\n", [(3, 1)]),
    ("CG507", MODEL + "evaluation:\n  summary: Fine.\n  results:\n    - {task: t, metric: m, value: 1}\n", []),
    (
        "CG508",
        MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1, category: capability}\n",
        [(4, 3)],
    ),
    ("CG508", MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1, category: robustness}\n", []),
    (
        "CG509",
        ONE_RESULT
        + "    - {task: t, metric: MT-Bench, value: 7.3}\n    - {task: t, metric: latency (ms), value: 12}\n    - {task: t, metric: my score, value: 3}\n    - {task: t, metric: my score, value: 3, higher_is_better: true}\n    - {task: t, metric: my score, value: 3, higher_is_better: true, range: unbounded}\n    - {task: t, metric: my score, value: 3, higher_is_better: true, range: unbounded, unit: points}\n    - {task: t, metric: my score, value: 3, higher_is_better: true, range: [0, 5]}\n    - {task: t, metric: share flagged (%), value: 3}\n    - {task: t, metric: share flagged (%), value: 3, higher_is_better: {value: none, explanation: a target}}\n",
        [(8, 25), (9, 25), (10, 25), (13, 25)],
    ),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (54, 1, "CG507"),  # no evaluation summary
    (55, 3, "CG503"), (55, 3, "CG505"), (55, 3, "CG508"),  # results: no uncertainty, none sliced, capability only
    (58, 7, "CG502"),  # dataset without a split
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
