"""The graph as JSON: nodes with the facts people filter on, edges with relation and version."""

from __future__ import annotations

import dataclasses
import json

from cardgen.ecosystem.formats import links
from cardgen.ecosystem.graph import Graph


def render(graph: Graph) -> bytes:
    """``{"nodes": [...], "edges": [...]}``; a node's ``path`` is its id, and edges name their ends by it."""
    document = {
        "nodes": [dataclasses.asdict(node) for node in graph.nodes.values()],
        "edges": [
            {
                "source": graph.nodes[edge.source].path,
                "target": graph.nodes[target].path,
                "relation": edge.relation,
                "version": edge.version,
            }
            for edge, target in links(graph)
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
