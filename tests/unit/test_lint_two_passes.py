"""Linting many cards in two passes (each card alone, then the graph of their facts) finds exactly
what linting each card with the whole ecosystem in memory finds, and holds no card once it is read."""

from __future__ import annotations

import gc
import importlib
import weakref
from pathlib import Path
from typing import Any

import pytest

from cardgen.ecosystem import graph as graph_module
from cardgen.ecosystem.graph import Graph, read_card
from cardgen.io.discover import path_key
from cardgen.io.loader import Document
from cardgen.linter import engine, run
from cardgen.linter.config import config_for
from cardgen.linter.findings import Finding
from cardgen.linter.run import configured_findings, lint_files
from tests.unit.lint_helpers import TODAY, Ecosystem, on_webtext, write_ecosystem

REPO = Path(__file__).resolve().parents[2]
RULE_TABLES = [
    importlib.import_module(f"tests.unit.rules.{path.stem}")
    for path in sorted((REPO / "tests" / "unit" / "rules").glob("test_*.py"))
]
MORE: list[Ecosystem] = [
    # findings of the graph's rules silenced by the card's comments, on the line and for the file
    {
        "card.yaml": "# cardgen: disable-file=CG610\n"
        "model:\n  name: m\ndependencies:\n"
        "  - {name: Base, kind: model}  # cardgen: disable=CG703\n"
        "  - {name: webtext, kind: dataset}\n",
        "webtext.card.yaml": on_webtext()["webtext.card.yaml"],
    },
    # a cycle through two cards, and a card: link to a card that does not fit the schema
    {
        "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model}\n"
        "  - {name: bad, kind: dataset, card: bad.card.yaml}\n",
        "b.card.yaml": "model:\n  name: b\ndependencies:\n  - {name: a, kind: model, card: card.yaml}\n",
        "bad.card.yaml": "kind: dataset\ndataset: {name: 3}\nrisks: nope\n",
    },
    # two cards with one name, and a dependency on it
    {
        "card.yaml": "model:\n  name: twin\n",
        "other/twin.card.yaml": "model:\n  name: twin\n",
        "user.card.yaml": "model:\n  name: user\ndependencies:\n  - {name: Twin, kind: model}\n",
    },
]
ECOSYSTEMS: list[str | Ecosystem] = [case[1] for table in RULE_TABLES for case in getattr(table, "CASES", [])] + MORE


def _one_pass(files: list[Path]) -> dict[str, list[Finding]]:
    """What linting each card with the whole ecosystem in memory (cards as models) finds, by file."""
    whole = Graph.build(read_card(str(file)) for file in files)
    found = {}
    for file in files:
        loaded = whole.loaded[path_key(str(file))]
        if loaded.document is not None:
            found[str(file)] = configured_findings(loaded.document, loaded.card, config_for(str(file)), whole)
    return found


@pytest.mark.parametrize("ecosystem", ECOSYSTEMS, ids=[f"case-{index}" for index in range(len(ECOSYSTEMS))])
def test_two_passes_find_what_one_pass_over_the_whole_ecosystem_finds(
    ecosystem: str | Ecosystem, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "today", lambda: TODAY)  # the rule tables' day
    files = write_ecosystem(ecosystem, tmp_path)
    results = lint_files(files)
    assert {result.path: list(result.findings) for result in results.files} == _one_pass(files)


def test_the_examples_linted_together_find_what_one_pass_finds() -> None:
    files = sorted((REPO / "examples").glob("*.card.yaml"))
    results = lint_files(files)
    assert len(results.files) == len(files)
    assert sum(len(result.findings) for result in results.files) > 0
    assert {result.path: list(result.findings) for result in results.files} == _one_pass(files)


def test_no_card_read_is_held_when_the_graphs_rules_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = sorted((REPO / "examples").glob("*.card.yaml"))
    files = []
    for index in range(3 * len(examples)):
        file = tmp_path / f"{index // len(examples)}" / examples[index % len(examples)].name
        file.parent.mkdir(exist_ok=True)
        file.write_bytes(examples[index % len(examples)].read_bytes())
        files.append(file)
    held: list[weakref.ref[Any]] = []
    real_read, real_check, real_graph_rules = graph_module.read_document, graph_module.check, run.graph_rule_findings

    def read(path: str) -> Document:
        document = real_read(path)
        held.append(weakref.ref(document))
        return document

    def check(document: Document, **options: bool) -> Any:
        card, problems = real_check(document, **options)
        held.append(weakref.ref(card))
        return card, problems

    alive: list[int] = []

    def graph_rules(*args: Any) -> list[Finding]:
        gc.collect()
        alive.append(sum(ref() is not None for ref in held))
        return real_graph_rules(*args)

    monkeypatch.setattr(graph_module, "read_document", read)
    monkeypatch.setattr(graph_module, "check", check)
    monkeypatch.setattr(run, "graph_rule_findings", graph_rules)
    results = lint_files(files)
    assert len(held) == 2 * len(files)  # each card parsed and validated once
    assert alive == [0] * len(files)
    assert any(finding.rule_id == "CG707" for result in results.files for finding in result.findings)
