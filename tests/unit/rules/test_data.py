"""Rules CG2xx (data creation and curation), ``cardgen/linter/rules/data.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG201", MODEL, [(1, 1)]),
    ("CG201", MODEL + "data_creation:\n  description: Reviews.\n", [(3, 1)]),
    ("CG201", MODEL + "data_creation: {value: unknown, explanation: not disclosed}\n", []),
    (
        "CG202",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Reviews
              url: https://example.org
              license: MIT
            - name: Crawl
              url: https://example.org/crawl
              license: CC0-1.0
              personal_information: false
        """,
        [(5, 7)],
    ),
    (
        "CG203",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Forum posts
              personal_information: true
            - name: Encyclopedia
              sensitive_information: {value: true, explanation: biographies}
              consent: editors agreed to CC BY-SA
        """,
        [(5, 7)],
    ),
    (
        "CG204",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Labels
              human_labor:
                involved: true
                workers: crowd workers
            - name: Other
              human_labor: {involved: false}
        """,
        [(6, 7)],
    ),
    (
        "CG205",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: A
            - name: B
              size: {value: 10, unit: GB}
        """,
        [(5, 7)],
    ),
    (
        "CG211",
        """
        model:
          name: x
        curation:
          selection_criteria: English only.
          deduplication: exact match
        """,
        [(3, 1)],
    ),
    ("CG211", MODEL + "curation: none\n", []),
    (
        "CG212",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        curation:
          selection_criteria: all of it
        """,
        [(6, 1)],
    ),
    (
        "CG212",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        curation:
          filtering: {personal_data: e-mail addresses masked}
        """,
        [],
    ),
    ("CG201", DATASET, [(1, 1)]),
    ("CG201", APPLICATION, []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (28, 7, "CG202"), (28, 7, "CG202"),  # source without url and license
    (35, 1, "CG211"), (35, 1, "CG212"),  # curation: no filtering; personal data unprotected
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
