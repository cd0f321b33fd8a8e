"""Ways to write the ecosystem graph: one module per format, each exposing ``render(graph) -> bytes``.

Every format reads the same :class:`~cardgen.ecosystem.graph.Graph`: its nodes
carry what the formats show about an asset (name, kind, path, organization,
access, license), its resolved edges the dependencies (relation, version).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from cardgen.ecosystem.graph import Edge, Graph
from cardgen.formats import FormatSpec, Registry

GRAPH_FORMATS = Registry(
    "graph format",
    FormatSpec("json", "cardgen.ecosystem.formats.json", "nodes and edges as JSON", (".json",)),
    FormatSpec("dot", "cardgen.ecosystem.formats.dot", "Graphviz DOT", (".dot", ".gv")),
    FormatSpec("svg", "cardgen.ecosystem.formats.svg", "a picture laid out by layer", (".svg",)),
    FormatSpec(
        "sqlite",
        "cardgen.ecosystem.formats.sqlite",
        "a database to query in SQL (needs -o)",
        (".sqlite", ".sqlite3", ".db"),
        binary=True,
    ),
)
"""The graph formats; a new one is a module with ``render(graph) -> bytes`` and a line here."""

Layer = Literal["dataset", "base model", "adapted model", "application"]
LAYERS: tuple[Layer, ...] = ("dataset", "base model", "adapted model", "application")
"""Top to bottom in the picture: data flows down from datasets to the applications built on models."""


def links(graph: Graph) -> Iterator[tuple[Edge, str]]:
    """The dependencies that resolved to a loaded card, each with its target's key."""
    for edge in graph.edges:
        if edge.target is not None:
            yield edge, edge.target


def layers(graph: Graph) -> dict[str, Layer]:
    """Each node's layer by key: a model that depends on another model is adapted, any other model is a base."""
    adapted = {edge.source for edge, target in links(graph) if graph.nodes[target].kind == "model"}
    placed: dict[str, Layer] = {}
    for key, node in graph.nodes.items():
        if node.kind == "dataset":
            placed[key] = "dataset"
        elif node.kind == "application":
            placed[key] = "application"
        else:
            placed[key] = "adapted model" if key in adapted else "base model"
    return placed


__all__ = ["GRAPH_FORMATS", "LAYERS", "Layer", "layers", "links"]
