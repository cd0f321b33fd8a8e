"""Rules CG7xx (dependencies), ``cardgen/linter/rules/dependencies.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import APPLICATION, DATASET, MODEL, Case, assert_reports

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
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model}\n",
            "b.card.yaml": "model:\n  name: b\ndependencies:\n  - {name: a, kind: model}\n",
        },
        [(4, 5)],
    ),
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model}\n",
            "b.card.yaml": "model:\n  name: b\ndependencies:\n  - {name: c, kind: model}\n",
            "c.card.yaml": "model:\n  name: c\ndependencies:\n  - {name: a, kind: model}\n",
        },
        [(4, 5)],
    ),
    (
        "CG705",
        {"card.yaml": "model:\n  name: a\ndependencies:\n  - {name: x, kind: model}\n  - {name: a, kind: model}\n"},
        [(5, 5)],
    ),
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model}\n",
            "b.card.yaml": "model:\n  name: b\ndependencies:\n  - {name: c, kind: model}\n",
            "c.card.yaml": "model:\n  name: c\ndependencies:\n  - {name: b, kind: model}\n",
        },
        [],
    ),
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: up, kind: model, card: sub/up.card.yaml}\n",
            "sub/up.card.yaml": "model:\n  name: up\ndependencies:\n  - {name: a, kind: model, card: ../card.yaml}\n",
        },
        [(4, 5)],
    ),
    (
        "CG706",
        {
            "card.yaml": MODEL
            + "dependencies:\n  - {name: broken, kind: model, card: broken.card.yaml}\n  - {name: nowhere, kind: dataset}\n  - {name: remote, kind: dataset, url: 'https://example.org'}\n  - {name: other, kind: model}\n",
            "broken.card.yaml": "model:\n  licence: MIT\n",
            "other.card.yaml": "model:\n  name: Other\n",
        },
        [(4, 39), (5, 5)],
    ),
    ("CG706", MODEL + "dependencies:\n  - {name: nowhere, kind: dataset}\n", []),
    (
        "CG707",
        {
            "card.yaml": MODEL + "dependencies:\n  - {name: twin, kind: model}\n  - {name: once, kind: model}\n",
            "a.card.yaml": "model:\n  name: twin\n",
            "b.card.yaml": "model:\n  name: ' Twin'\n",
            "c.card.yaml": "kind: dataset\ndataset:\n  name: once\n",
        },
        [(4, 5)],
    ),
    ("CG707", {"card.yaml": "kind: dataset\ndataset:\n  name: x\n", "x.card.yaml": MODEL}, [(3, 9)]),
    (
        "CG707",
        {
            "card.yaml": MODEL + "dependencies:\n  - {name: twin, kind: model, card: a.card.yaml}\n",
            "a.card.yaml": "model:\n  name: twin\n",
            "b.card.yaml": "model:\n  name: twin\n",
        },
        [],
    ),
    ("CG702", APPLICATION, [(1, 1)]),
    ("CG702", DATASET, []),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (77, 11, "CG701"),  # the dependency's card does not exist
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
