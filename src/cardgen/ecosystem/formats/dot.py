"""The graph in Graphviz DOT, for people who lay it out with ``dot``: shape by kind, edges pointing downstream."""

from __future__ import annotations

from cardgen.ecosystem.formats import links
from cardgen.ecosystem.graph import Graph

SHAPES = {"dataset": "cylinder", "model": "box", "application": "component"}


def quoted(text: str) -> str:
    """A DOT double-quoted string with backslashes, quotes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{escaped}"'


def render(graph: Graph) -> bytes:
    """A ``digraph`` whose node ids are card paths and whose edges run from what is used to what uses it."""
    lines = ["digraph ecosystem {", "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=11];']
    lines.extend(
        f"  {quoted(node.path)} [label={quoted(node.name)}, shape={SHAPES.get(node.kind, 'box')}];"
        for node in graph.nodes.values()
    )
    for edge, target in links(graph):
        label = " ".join(part for part in (edge.relation, edge.version) if part)
        attributes = f" [label={quoted(label)}]" if label else ""
        lines.append(f"  {quoted(graph.nodes[target].path)} -> {quoted(graph.nodes[edge.source].path)}{attributes};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
