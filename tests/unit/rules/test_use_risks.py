"""Rules CG6xx (intended use and risks), ``cardgen/linter/rules/use_risks.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, ON_WEBTEXT, Case, assert_reports, deployed, on_webtext

USES_ONLY = MODEL + "intended_use:\n  primary_uses: [search]\n"
"""Uses without users or out-of-scope uses (CG601, CG602)."""
HALF_DESCRIBED = (
    MODEL + "risks:\n  - {category: misuse, description: spam}\n  - {category: privacy, mitigations: [names removed]}\n"
)
"""A risk without mitigations (line 4) and one without a description (line 5) (CG604, CG605)."""
BY_CATEGORY = "risks:\n  - {category: privacy, mitigations: [x]}\n  - {category: bias/fairness, mitigations: [y]}\n"
"""Risks of webtext's categories with mitigations, naming no upstream risk: they address only risks without an id,
and any risk of a 1.0 card."""

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG601", USES_ONLY, [(3, 1)]),
    ("CG601", MODEL + "intended_use:\n  primary_uses: [search]\n  primary_users: [analysts]\n", []),
    ("CG602", USES_ONLY, [(3, 1)]),
    ("CG602", MODEL + "intended_use:\n  primary_uses: [search]\n  out_of_scope_uses: [medical advice]\n", []),
    ("CG603", MODEL, [(1, 1)]),
    ("CG603", MODEL + "risks: {value: unknown, explanation: not assessed yet}\n", []),
    ("CG604", HALF_DESCRIBED, [(4, 5)]),
    ("CG605", HALF_DESCRIBED, [(5, 5)]),
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
    ("CG607", deployed("open") + "risks:\n  - {category: privacy}\n", [(5, 1)]),
    ("CG607", deployed("open") + "risks:\n  - {category: misuse}\n", []),
    ("CG607", deployed("closed"), []),
    ("CG608", MODEL + "risks:\n  - {category: misuse}\n  - {category: privacy, affected_groups: [users]}\n", [(4, 5)]),
    ("CG603", DATASET, [(1, 1)]),
    ("CG603", APPLICATION, [(1, 1)]),
    (
        "CG609",
        MODEL
        + "risks:\n  - {id: pii, category: privacy}\n  - {id: bias}\n  - {id: pii, category: legal}\n  - {category: misuse}\n",
        [(6, 10)],
    ),
    ("CG606", DATASET + "composition:\n  personal_information: true\n", [(1, 1)]),
    ("CG606", DATASET + "composition:\n  sensitive_information: {value: true, explanation: health forums}\n", [(1, 1)]),
    ("CG606", DATASET + "composition:\n  personal_information: true\nrisks:\n  - {category: privacy}\n", []),
    ("CG606", DATASET + "composition:\n  personal_information: false\n", []),
    ("CG607", deployed("open", DATASET), []),
    ("CG609", MODEL + "risks:\n  - {id: pii}\n  - {id: PII}\n  - {id: pii-2}\n", []),
    ("CG610", on_webtext(), [(1, 1), (1, 1)]),
    ("CG610", on_webtext("risks: []\n"), [(5, 1), (5, 1)]),
    (
        "CG610",
        on_webtext("risks:\n  - {addresses: webtext#pii, category: privacy}\n  - {category: bias/fairness}\n"),
        [(5, 1), (5, 1)],
    ),
    (
        "CG610",
        on_webtext(
            "risks:\n  - {addresses: 'WebText#pii', mitigations: [dedup and PII scrubbing]}\n  - {category: bias/fairness, mitigations: [evaluated per dialect]}\n"
        ),
        [],
    ),
    (
        "CG610",
        on_webtext(
            "risks:\n  - addresses: [webtext#pii]\n    status: {value: accepted, explanation: research use only}\n  - {category: bias/fairness, mitigations: [evaluated per dialect]}\n"
        ),
        [],
    ),
    ("CG610", on_webtext("risks:\n  - {addresses: webtext#pii, status: accepted}\n"), [(5, 1), (5, 1)]),
    ("CG610", on_webtext(BY_CATEGORY), [(5, 1)]),
    ("CG610", on_webtext(BY_CATEGORY, card="schema_version: '1.0'\n" + ON_WEBTEXT), []),
    ("CG610", MODEL + "dependencies:\n  - {name: webtext, kind: dataset}\n", []),
    ("CG611", on_webtext(), [(1, 1)]),
    ("CG611", on_webtext("risks:\n  - {category: privacy}\n"), []),
    ("CG611", on_webtext("risks:\n  - {category: bias/fairness}\n"), [(5, 1)]),
    ("CG611", on_webtext("risks:\n  - {addresses: webtext#pii, category: privacy, mitigations: [x]}\n"), []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (62, 1, "CG601"), (62, 1, "CG602"),  # no primary users, no out-of-scope uses
    (67, 1, "CG606"), (67, 1, "CG607"),  # personal data without privacy risk, open weights without misuse risk
    (69, 5, "CG604"), (69, 5, "CG608"),  # a risk without mitigations or affected groups
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
