"""What the SQLite database and the site show about each asset, computed once per graph.

Lint findings come from the same run as ``cardgen lint`` on that file (its
configuration and inline suppressions apply), completeness from the same
measure and inherited risks from the same rule, so a number on the site is the
number the linter prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cardgen.completeness import card_completeness
from cardgen.ecosystem.facts import personal_data
from cardgen.ecosystem.formats import layers
from cardgen.ecosystem.graph import Graph, Node
from cardgen.ecosystem.risks import InheritedRisk, inherited_risks
from cardgen.linter.config import ConfigError, config_for
from cardgen.linter.findings import Finding
from cardgen.linter.run import configured_findings


@dataclass(frozen=True)
class Assessment:
    node: Node
    layer: str
    findings: tuple[Finding, ...]
    completeness: float
    """Answered fields over all fields the card's parts ask for, 0 to 1."""
    personal_data: bool
    """Whether the card says it holds personal or special-category data (the fact downstream cards inherit)."""
    inherited: tuple[InheritedRisk, ...]
    """The risks (and facts asking for one) the card inherits from upstream, addressed or not."""

    @property
    def unaddressed(self) -> int:
        return sum(not risk.addressed for risk in self.inherited)


def completeness(card: Any) -> float:
    """The share of the card's fields that are answered, over every part."""
    counts = card_completeness(card).values()
    total = sum(count.total for count in counts)
    return sum(count.answered for count in counts) / total if total else 0.0


def findings(graph: Graph, key: str) -> tuple[Finding, ...]:
    """What ``cardgen lint`` reports for the node's file when linted with the rest of the graph: its
    configuration and inline suppressions apply; a file its configuration ignores, or a broken
    configuration, shows none."""
    loaded = graph.loaded[key]
    if loaded.document is None:
        return ()
    try:
        config = config_for(loaded.path)
    except ConfigError:
        return ()
    if config.ignores(loaded.path):
        return ()
    return tuple(configured_findings(loaded.document, loaded.card, config, graph))


def assess(graph: Graph) -> dict[str, Assessment]:
    """Per node key, in the graph's order."""
    placed = layers(graph)
    return {
        key: Assessment(
            node,
            placed[key],
            findings(graph, key),
            completeness(graph.card(key)),
            bool(personal_data(graph.card(key))),
            tuple(inherited_risks(graph, node.path)),
        )
        for key, node in graph.nodes.items()
    }
