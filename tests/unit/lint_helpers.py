"""Rule tests in yamllint's manner: run a card snippet through the lint engine, compare (line, column, rule id).

Each family of rules (``cardgen/linter/rules/<family>.py``) has its table of cases
in ``tests/unit/rules/test_<family>.py``: a rule id, a card snippet and the
positions where that rule must report (an empty list: it must stay silent), and
``INCOMPLETE_EXAMPLE``, the family's findings in ``examples/incomplete.card.yaml``.
A new rule needs its cases there and nothing else; ``tests/unit/rules/test_families.py``
checks that every rule has a case where it reports.
"""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from types import ModuleType

from cardgen.io.loader import parse_text
from cardgen.linter import suppress
from cardgen.linter.config import known_rule_ids
from cardgen.linter.engine import lint_document
from cardgen.linter.findings import Finding
from cardgen.linter.rules import Rule

TODAY = datetime.date(2025, 6, 1)
"""The day dates are judged against, so that cases about the future stay true."""

MODEL = "model:\n  name: x\n"
"""The smallest valid card; one-line cases add to it (lines 1 and 2)."""

Case = tuple[str, str, list[tuple[int, int]]]
"""A rule id, a card snippet (dedented) and the (line, column) of each finding of that rule, in order."""


def family_rules(module: ModuleType) -> set[str]:
    """The ids of the rules a family module defines."""
    return {value.id for value in vars(module).values() if isinstance(value, Rule)}


def lint_snippet(text: str, folder: Path) -> list[Finding]:
    """Every finding for ``text`` as ``folder/card.yaml``, after inline suppressions.

    ``folder/upstream.card.yaml`` exists, for cases about dependency cards.
    """
    card = folder / "card.yaml"
    card.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (folder / "upstream.card.yaml").write_text("model:\n  name: upstream\n", encoding="utf-8")
    document = parse_text(card.read_text(encoding="utf-8"), str(card))
    return suppress.apply(document, lint_document(document, on=TODAY), known_rule_ids(), "warning")


def assert_reports(case: Case, folder: Path) -> None:
    """The case's rule reports exactly at the case's positions, in order."""
    rule_id, text, expected = case
    found = [
        (f.position.line, f.position.column, f.rule_id) for f in lint_snippet(text, folder) if f.rule_id == rule_id
    ]
    assert found == [(line, column, rule_id) for line, column in expected]
