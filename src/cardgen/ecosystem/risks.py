"""Risks inherited along the dependency graph: a flaw upstream reaches everything built on it.

Every risk a card declares is inherited by every card downstream of it, along
every dependency path. A downstream card addresses an inherited risk with a risk
of its own that names it (``addresses: NAME#RISK-ID``) and gives mitigations or a
status of ``accepted`` with an explanation. An upstream risk without an id cannot
be named, and a 1.0 card predates ids, so for those a risk of the same category
with mitigations addresses it. Facts inherit too: data about people upstream asks
every downstream card for a privacy risk, as CG606 does within one card.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from cardgen.ecosystem.facts import RiskFacts
from cardgen.ecosystem.graph import Edge, Graph, name_key
from cardgen.io.discover import path_key
from cardgen.schema.constraints import split_reference


@dataclass(frozen=True)
class InheritedRisk:
    """A risk (or a fact asking for one) that reaches a card from upstream."""

    origin: str
    """Path of the card that declares the risk or holds the fact."""
    origin_name: str
    index: int | None
    """Position in the origin's ``risks``; None for a fact (personal data upstream)."""
    risk_id: str | None
    category: str | None
    description: str
    path: tuple[str, ...]
    """Card names from the origin down to the inheriting card."""
    relations: tuple[str | None, ...]
    """The relation of each step of ``path`` (how each card uses the one before it)."""
    addressed_by: int | None
    """Position of the inheriting card's own risk that addresses it; None when unaddressed."""
    note: str
    """How it is addressed, or what is missing."""

    @property
    def addressed(self) -> bool:
        return self.addressed_by is not None

    @property
    def is_fact(self) -> bool:
        return self.index is None

    @property
    def reference(self) -> str:
        """How other cards name it: ``webtext#pii``, or the risk's number when it has no id."""
        if self.is_fact:
            return f"{self.origin_name}: personal data"
        if self.risk_id:
            return f"{self.origin_name}#{self.risk_id}"
        return f"{self.origin_name} risk {(self.index or 0) + 1}"

    @property
    def route(self) -> str:
        return " -> ".join(self.path)


def ancestors(graph: Graph, key: str) -> dict[str, list[Edge]]:
    """Every card upstream of ``key``, with the shortest chain of edges from ``key`` up to it (breadth first)."""
    chains: dict[str, list[Edge]] = {key: []}
    queue = deque([key])
    while queue:
        node = queue.popleft()
        for edge in graph.upstream.get(node, []):
            target = edge.target
            if target is not None and target not in chains:
                chains[target] = [*chains[node], edge]
                queue.append(target)
    del chains[key]
    return chains


def _answer(own: tuple[RiskFacts, ...], origin_name: str, risk: RiskFacts, by_category: bool) -> tuple[int | None, str]:
    """The own risk that addresses an inherited one, and how, or None and what is missing."""
    named = False
    for number, candidate in enumerate(own):
        for reference in candidate.addresses:
            card, risk_id = split_reference(reference)
            if risk.id is not None and risk_id == risk.id and name_key(card) == name_key(origin_name):
                named = True
                if candidate.answers_as is not None:
                    return number, f"addressed by risk {number + 1} ({candidate.answers_as})"
    if named:
        return None, "a risk names it but gives no mitigations, nor status accepted with an explanation"
    if by_category and risk.category is not None:
        for number, candidate in enumerate(own):
            if candidate.category == risk.category and candidate.answers_as == "with mitigations":
                return number, f"addressed by risk {number + 1} (same category, with mitigations)"
    return None, "no risk here names it" if risk.id is not None else "no risk here has its category and mitigations"


def _privacy_answer(own: tuple[RiskFacts, ...]) -> tuple[int | None, str]:
    for number, candidate in enumerate(own):
        if candidate.category == "privacy":
            return number, f"addressed by risk {number + 1} (category privacy)"
    return None, "no risk has category 'privacy'"


def inherited_risks(graph: Graph, path: str) -> list[InheritedRisk]:
    """The risks and facts the card at ``path`` inherits, nearest origin first, addressed or not."""
    key = path_key(path)
    if key not in graph.facts:
        return []
    recent = graph.recent.get("inherited")
    if recent is not None and recent[0] == key:
        return list(recent[1])
    found = _inherited(graph, key)
    graph.recent["inherited"] = (key, found)
    return list(found)


def _inherited(graph: Graph, key: str) -> list[InheritedRisk]:
    own = graph.facts[key].risks
    predates_ids = graph.facts[key].schema_version == "1.0"
    found: list[InheritedRisk] = []
    for origin, chain in ancestors(graph, key).items():
        upstream = graph.facts[origin]
        name = upstream.node.name
        names = (name, *(graph.nodes[edge.source].name for edge in reversed(chain)))
        relations = tuple(edge.relation for edge in reversed(chain))
        common: dict[str, Any] = {"origin": upstream.node.path, "origin_name": name}
        common |= {"path": names, "relations": relations}
        for risk in upstream.risks:
            number, note = _answer(own, name, risk, risk.id is None or predates_ids)
            found.append(
                InheritedRisk(
                    **common,
                    index=risk.index,
                    risk_id=risk.id,
                    category=risk.category,
                    description=risk.description,
                    addressed_by=number,
                    note=note,
                )
            )
        if upstream.personal:
            number, note = _privacy_answer(own)
            description = f"holds personal information ({', '.join(upstream.personal)})"
            found.append(
                InheritedRisk(
                    **common,
                    index=None,
                    risk_id=None,
                    category="privacy",
                    description=description,
                    addressed_by=number,
                    note=note,
                )
            )
    return found
