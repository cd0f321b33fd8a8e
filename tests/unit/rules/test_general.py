"""Rules CG0xx (every field), ``cardgen/linter/rules/general.py``: where each one reports, case by case."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_helpers import DATASET, MODEL, Case, assert_reports

CASES: list[Case] = [
    # (rule id, card, (line, column) of each finding of that rule; [] = the rule must stay silent)
    ("CG000", MODEL + "  licence: MIT\n", [(3, 3)]),
    ("CG000", MODEL + "training:\n  energy: {value: 3, unit: joules}\n", [(4, 22)]),
    ("CG000", MODEL, []),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable=CG999\n", [(3, 36)]),
    ("CG090", "model:\n  # cardgen: disable=CG101\n  name: x\n", [(2, 14)]),
    ("CG090", MODEL + "# cardgen: disable-file=CG101\n", [(3, 12)]),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable\n", [(3, 27)]),
    ("CG090", MODEL + "  version: '1'  # cardgen:disable-next-line=CG101\n", [(3, 27)]),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable=CG102,,CG999\n", [(3, 41)]),
    ("CG090", "# cardgen: disable-file=CG101\n" + MODEL + "  version: '1'  # cardgen: disable=CG102\n", []),
    (
        "CG001",
        """
        model:
          name: x
          description: TODO describe the model
          organization: "[More Information Needed]"
          type: N/A
          tags: [ok, TBD]
          citation: Lorem ipsum dolor sit amet.
          contact: >-
            [More information
            needed]
        """,
        [(3, 16), (4, 17), (5, 9), (6, 14), (7, 13), (8, 12)],
    ),
    ("CG001", MODEL + "  description: A todo-list classifier; na is Nauru's language code.\n", []),
    # a whole value that is a placeholder, with no placeholder word anywhere; long only by its spaces
    ("CG001", MODEL + "  type: n/a\n  version: '               ?               '\n", [(3, 9), (4, 12)]),
    (
        "CG007",
        """
        model:
          name: x
          license: Unknown
          organization: NONE
          description: {value: None, explanation: private}
          type: N/A
          version: unknown
          citation: none
        """,
        [(3, 12), (4, 17), (5, 24)],
    ),
    ("CG007", MODEL + "  description: None of the data was private.\n", []),
    ("CG007", MODEL + "  license: '            Unknown            '\n", [(3, 12)]),
    (
        "CG002",
        """
        model:
          name: x
          license: unknown
          parameters: {value: unknown, explanation: never published}
        """,
        [(3, 12)],
    ),
    ("CG002", MODEL + "  license: none\n", []),
    ("CG003", MODEL + "  license: {value: MIT, explanation: ''}\n", [(3, 38)]),
    ("CG003", MODEL + "  license: {value: MIT, explanation: stated in the repository}\n", []),
    (  # an answer inside a list entry
        "CG003",
        MODEL + "data_creation:\n  sources:\n    - name: s\n      license: {value: MIT, explanation: ''}\n",
        [(6, 42)],
    ),
    (
        "CG004",
        """
        model:
          name: x
          release_date: 2031-01-01
        training:
          start_date: 2025-06-01
          end_date: 2025-06-02
        """,
        [(3, 17), (6, 13)],
    ),
    ("CG004", MODEL + "  release_date: 2025-05-31\n", []),
    (
        "CG005",
        """
        model:
          name: x
          license: my-own-license
        data_creation:
          sources:
            - license: {name: Custom terms}
            - license: {name: Custom terms, url: "https://example.org/terms"}
            - license: MIT OR Apache-2.0
            - license: {id: CC-BY-4.0}
            - license: LicenseRef-internal
            - license: other
            - license: {id: openrail}
            - license: {id: other, name: Custom terms}
        """,
        [(3, 12), (6, 7), (10, 16), (11, 16), (13, 7)],
    ),
    ("CG005", MODEL + "  license: apache-2.0\n", []),
    # The Hugging Face Hub's own license ids identify a license as well as SPDX ids do.
    ("CG005", MODEL + "  license: llama2\n", []),
    ("CG005", MODEL + "  license: openrail\n", []),
    ("CG005", MODEL + "  license: bigscience-bloom-rail-1.0\n", []),
    ("CG005", MODEL + "  license: creativeml-openrail-m\n", []),
    ("CG005", MODEL + "  license: gemma\n", []),
    (
        "CG006",
        """
        model:
          name: x
        data_creation:
          sources:
            - time_range: {start: 2020-05-01, end: 2019-05-01}
        training:
          start_date: 2024-02-01
          end_date: 2024-01-01
        """,
        [(5, 44), (8, 13)],
    ),
    ("CG006", MODEL + "training:\n  start_date: 2024-01-01\n  end_date: 2024-01-01\n", []),
    ("CG005", DATASET + "  license: my own terms\n", [(4, 12)]),
]

INCOMPLETE_EXAMPLE: list[tuple[int, int, str]] = [
    (13, 12, "CG001"), (14, 16, "CG001"), (15, 17, "CG001"),  # TBD, TODO, [More Information Needed]
    (18, 12, "CG005"),  # license neither SPDX nor linked
    (21, 15, "CG002"),  # parameters: unknown
    (23, 12, "CG001"),  # contact: N/A
    (33, 16, "CG002"),  # consent: unknown
    (36, 23, "CG001"), (37, 18, "CG001"),  # TODO, N/A
]  # fmt: skip
"""(line, column, rule id) of this family's findings in examples/incomplete.card.yaml, in order."""


def test_rule_reports_exactly_at_these_positions(case: Case, tmp_path: Path) -> None:
    assert_reports(case, tmp_path)
