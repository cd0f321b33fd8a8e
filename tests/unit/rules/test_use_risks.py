"""Rules CG6xx (intended use and risks), ``cardgen/linter/rules/use_risks.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG601", MODEL + "intended_use:\n  primary_uses: [search]\n", [(3, 1)]),
    ("CG601", MODEL + "intended_use:\n  primary_uses: [search]\n  primary_users: [analysts]\n", []),
    ("CG602", MODEL + "intended_use:\n  primary_uses: [search]\n", [(3, 1)]),
    ("CG602", MODEL + "intended_use:\n  primary_uses: [search]\n  out_of_scope_uses: [medical advice]\n", []),
    ("CG603", MODEL, [(1, 1)]),
    ("CG603", MODEL + "risks: {value: unknown, explanation: not assessed yet}\n", []),
    (
        "CG604",
        """
        model:
          name: x
        risks:
          - category: misuse
            description: spam
          - category: privacy
            mitigations: [names removed]
        """,
        [(4, 5)],
    ),
    (
        "CG605",
        """
        model:
          name: x
        risks:
          - category: misuse
            description: spam
          - category: privacy
            mitigations: [names removed]
        """,
        [(6, 5)],
    ),
    (
        "CG606",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        risks:
          - {category: misuse}
        """,
        [(6, 1)],
    ),
    (
        "CG606",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: {value: true, explanation: user names}}
        risks:
          - {category: privacy}
        """,
        [],
    ),
    ("CG606", MODEL + "data_creation:\n  sources:\n    - {name: Books, personal_information: false}\n", []),
    ("CG607", MODEL + "deployment:\n  access: open\nrisks:\n  - {category: privacy}\n", [(5, 1)]),
    ("CG607", MODEL + "deployment:\n  access: open\nrisks:\n  - {category: misuse}\n", []),
    ("CG607", MODEL + "deployment:\n  access: closed\n", []),
    ("CG608", MODEL + "risks:\n  - {category: misuse}\n  - {category: privacy, affected_groups: [users]}\n", [(4, 5)]),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (62, 1, "CG601"), (62, 1, "CG602"),  # no primary users, no out-of-scope uses
    (67, 1, "CG606"), (67, 1, "CG607"),  # personal data without privacy risk, open weights without misuse risk
    (69, 5, "CG604"), (69, 5, "CG608"),  # a risk without mitigations or affected groups
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
