"""Impact analysis: everything built, directly or transitively, on one asset.

When a dataset turns out to hold personal data, or a base model is withdrawn,
the question is what is affected: every card downstream of it, with the path and
the relation at each step.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from cardgen.ecosystem.graph import Graph, Node, name_key
from cardgen.io.discover import path_key


class UnknownAsset(LookupError):
    """The name given matches no loaded card, or more than one."""


@dataclass(frozen=True)
class Step:
    """One link of an impact path: ``name`` uses the previous asset as ``relation``."""

    name: str
    relation: str | None


@dataclass(frozen=True)
class Impacted:
    """An asset that depends on the one analysed, and the shortest path from it."""

    node: Node
    steps: tuple[Step, ...]
    """From the asset analysed (first, relation None) down to this one (last)."""

    @property
    def depth(self) -> int:
        return len(self.steps) - 1

    def route(self) -> str:
        """``webtext -(trained_on)-> base-lm -(fine_tuned_from)-> support-bot``."""
        text = self.steps[0].name
        for step in self.steps[1:]:
            text += f" -({step.relation or 'depends on'})-> {step.name}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.node.name,
            "kind": self.node.kind,
            "path": self.node.path,
            "depth": self.depth,
            "steps": [{"name": step.name, "relation": step.relation} for step in self.steps],
        }


def find(graph: Graph, name: str) -> str:
    """The key of the card called ``name`` (or at that path); raises :class:`UnknownAsset`."""
    if path_key(name) in graph.nodes:
        return path_key(name)
    found = graph.by_name.get(name_key(name), [])
    if len(found) == 1:
        return found[0]
    if found:
        where = ", ".join(graph.nodes[key].path for key in found)
        raise UnknownAsset(f"several cards are named '{name}' ({where}); give the card's path instead")
    raise UnknownAsset(f"no card named '{name}' among the {len(graph.nodes)} cards loaded")


def impact(graph: Graph, name: str) -> list[Impacted]:
    """Every asset that depends on ``name``, directly or transitively, nearest first (shortest paths)."""
    start = find(graph, name)
    steps: dict[str, tuple[Step, ...]] = {start: (Step(graph.nodes[start].name, None),)}
    queue = deque([start])
    found: list[Impacted] = []
    while queue:
        node = queue.popleft()
        for edge in graph.downstream[node]:
            if edge.source in steps:
                continue
            steps[edge.source] = (*steps[node], Step(graph.nodes[edge.source].name, edge.relation))
            found.append(Impacted(graph.nodes[edge.source], steps[edge.source]))
            queue.append(edge.source)
    return found
