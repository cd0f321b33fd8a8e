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

from cardgen.ecosystem.graph import Graph, read_card
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
DATASET = "kind: dataset\ndataset:\n  name: d\n"
"""The smallest dataset card (lines 1 to 3)."""
APPLICATION = "kind: application\napplication:\n  name: a\n"
"""The smallest application card (lines 1 to 3)."""


def deployed(access: str, card: str = MODEL) -> str:
    """``card`` deployed with ``access`` (open, limited, closed): `deployment:` and its access on the two
    lines after the card; cases add more deployment fields after it."""
    return f"{card}deployment:\n  access: {access}\n"


WEBTEXT = """
kind: dataset
dataset:
  name: webtext
composition:
  personal_information: true
risks:
  - id: pii
    category: privacy
    description: documents hold names and addresses
    mitigations: [none known]
  - category: bias/fairness
    description: skews to English-speaking Reddit users
"""
"""An upstream dataset card with a privacy risk (id pii), a risk without an id, and personal data."""

ON_WEBTEXT = "model:\n  name: base-lm\ndependencies:\n  - {name: webtext, kind: dataset}\n"
"""A model card trained on :data:`WEBTEXT` (lines 1 to 4); cases add its risks from line 5."""

Ecosystem = dict[str, str]
"""Cards linted together: ``card.yaml`` is the card under test, the others (by relative path) its ecosystem."""


def on_webtext(more: str = "", card: str = ON_WEBTEXT) -> Ecosystem:
    """``card`` with ``more`` after it, linted together with :data:`WEBTEXT`."""
    return {"card.yaml": card + more, "webtext.card.yaml": WEBTEXT}


Case = tuple[str, "str | Ecosystem", list[tuple[int, int]]]
"""A rule id, a card snippet (dedented) or an ecosystem, and the (line, column) of each finding of that rule in card.yaml."""


def family_rules(module: ModuleType) -> set[str]:
    """The ids of the rules a family module defines."""
    return {value.id for value in vars(module).values() if isinstance(value, Rule)}


def write_ecosystem(text: str | Ecosystem, folder: Path) -> list[Path]:
    """Write a case's cards (``card.yaml`` and any others) into ``folder``, beside ``upstream.card.yaml``
    (for cases about dependency cards); returns the case's own cards, in the case's order."""
    files = text if isinstance(text, dict) else {"card.yaml": text}
    for name, content in {"upstream.card.yaml": "model:\n  name: upstream\n", **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return [folder / name for name in files]


def lint_snippet(text: str | Ecosystem, folder: Path) -> list[Finding]:
    """Every finding for ``text`` as ``folder/card.yaml``, after inline suppressions, linted with its ecosystem.

    ``folder/upstream.card.yaml`` exists, for cases about dependency cards; an ecosystem's other
    cards are written beside card.yaml and linted together with it, as ``cardgen lint`` does.
    """
    files = write_ecosystem(text, folder)
    card = folder / "card.yaml"
    graph = Graph.build(read_card(str(file)) for file in files)
    document = parse_text(card.read_text(encoding="utf-8"), str(card))
    found = lint_document(document, on=TODAY, graph=graph)
    return suppress.apply(document, found, known_rule_ids(), "warning")


def assert_reports(case: Case, folder: Path) -> None:
    """The case's rule reports exactly at the case's positions, in order."""
    rule_id, text, expected = case
    found = [
        (f.position.line, f.position.column, f.rule_id) for f in lint_snippet(text, folder) if f.rule_id == rule_id
    ]
    assert found == [(line, column, rule_id) for line, column in expected]
