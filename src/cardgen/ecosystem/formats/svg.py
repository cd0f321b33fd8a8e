"""The graph drawn by cardgen itself, without Graphviz: one band per layer, nodes on a grid, edges as curves.

Layers run top to bottom in the order data flows (datasets, base models,
adapted models, applications). Within a band nodes sit on a grid, so no two
boxes can overlap however many there are; each band is ordered by where its
upstream nodes sit (the barycentre heuristic), which keeps most edges short.
Labels longer than a box are shortened, the full name stays in the tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup

from cardgen.ecosystem.formats import LAYERS, layers, links
from cardgen.ecosystem.graph import Graph, Node
from cardgen.renderer.charts import INK, MUTED, _shorten, _svg

NODE_WIDTH, NODE_HEIGHT = 196, 42
GAP_X, GAP_Y = 14, 12
BAND_TITLE, BAND_GAP, MARGIN = 26, 48, 16
MAX_COLUMNS = 16
LABEL_CHARS = 23
"""What fits in a box in bold 13px type; longer names end in an ellipsis."""

FILL = {"dataset": "#e3f1e3", "model": "#e1ebf7", "application": "#f8e6cf"}
STROKE = {"dataset": "#3f7f3f", "model": "#3d6aa8", "application": "#a8692a"}
TITLES = {
    "dataset": "Datasets",
    "base model": "Base models",
    "adapted model": "Adapted models",
    "application": "Applications",
}

Link = Callable[[str], str | None]
"""A node's key -> the href its box links to, or None."""


def _order(graph: Graph, placed: Mapping[str, str]) -> list[list[str]]:
    """The node keys of each layer, each layer sorted by the mean slot of what it uses in the layers above."""
    upstream: dict[str, list[str]] = {}
    for edge, target in links(graph):
        upstream.setdefault(edge.source, []).append(target)
    slot: dict[str, float] = {}
    bands: list[list[str]] = []
    for layer in LAYERS:
        members = [key for key in graph.nodes if placed[key] == layer]

        def order(key: str) -> tuple[float, str, str]:
            seen = [slot[target] for target in upstream.get(key, ()) if target in slot]
            node = graph.nodes[key]
            return (sum(seen) / len(seen) if seen else math.inf, node.organization or "", node.name)

        members.sort(key=order)
        for index, key in enumerate(members):
            slot[key] = index / max(len(members) - 1, 1)
        bands.append(members)
    return bands


def _node(node: Node, x: float, y: float, link: str | None) -> Markup:
    detail = " · ".join(part for part in (node.organization, node.kind) if part)
    box = Markup(
        '<g class="node" data-kind="{0}"><title>{1}</title>'
        '<rect class="node-box" x="{2:g}" y="{3:g}" width="{4}" height="{5}" rx="5" fill="{6}" stroke="{7}"/>'
        '<text x="{8:g}" y="{9:g}" fill="{10}" font-weight="bold">{11}</text>'
        '<text x="{8:g}" y="{12:g}" fill="{13}" font-size="11">{14}</text></g>'
    ).format(
        node.kind,
        f"{node.name} ({detail})",
        x,
        y,
        NODE_WIDTH,
        NODE_HEIGHT,
        FILL.get(node.kind, "#eeeeee"),
        STROKE.get(node.kind, INK),
        x + 8,
        y + 17,
        INK,
        _shorten(node.name, LABEL_CHARS),
        y + 33,
        MUTED,
        _shorten(node.organization or node.kind, LABEL_CHARS + 4),
    )
    return Markup('<a href="{0}">{1}</a>').format(link, box) if link else box


def render(graph: Graph, link: Link | None = None) -> bytes:
    """The picture as a standalone SVG file; ``link`` gives each node's href by key (the site links its cards)."""
    return str(draw(graph, link)).encode("utf-8")


def draw(graph: Graph, link: Link | None = None) -> Markup:
    """The picture as markup to place in a page or write to a file."""
    placed = layers(graph)
    bands = _order(graph, placed)
    columns = max(1, min(MAX_COLUMNS, max((len(band) for band in bands), default=1)))
    width = 2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * GAP_X
    anchors: dict[str, tuple[float, float, float]] = {}
    """Per node key: the centre x, the top and the bottom of its box."""
    boxes, titles, y = Markup(), Markup(), float(MARGIN)
    for layer, band in zip(LAYERS, bands, strict=True):
        if not band:
            continue
        titles += Markup('<text x="{0}" y="{1:g}" font-weight="bold" fill="{2}">{3} ({4})</text>').format(
            MARGIN, y + 16, INK, TITLES[layer], len(band)
        )
        y += BAND_TITLE
        rows = math.ceil(len(band) / columns)
        for index, key in enumerate(band):
            row, column = divmod(index, columns)
            in_row = min(columns, len(band) - row * columns)
            offset = (columns - in_row) * (NODE_WIDTH + GAP_X) / 2
            x = MARGIN + offset + column * (NODE_WIDTH + GAP_X)
            top = y + row * (NODE_HEIGHT + GAP_Y)
            anchors[key] = (x + NODE_WIDTH / 2, top, top + NODE_HEIGHT)
            boxes += _node(graph.nodes[key], x, top, link(key) if link else None)
        y += rows * (NODE_HEIGHT + GAP_Y) - GAP_Y + BAND_GAP
    edges = Markup()
    drawn = 0
    for edge, target in links(graph):
        drawn += 1
        x1, _, y1 = anchors[target]
        x2, y2, _ = anchors[edge.source]
        bend = max(abs(y2 - y1) / 2, 24.0)
        edges += Markup('<path d="M{0:g},{1:g} C{0:g},{2:g} {3:g},{4:g} {3:g},{5:g}"/>').format(
            round(x1, 1), round(y1, 1), round(y1 + bend, 1), round(x2, 1), round(y2 - bend, 1), round(y2, 1)
        )
    height = y - BAND_GAP + MARGIN
    body = (
        Markup(
            '<defs><marker id="graph-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#8a94a3"/></marker></defs>'
            '<g class="edges" fill="none" stroke="#8a94a3" stroke-opacity="0.55" stroke-width="1" '
            'marker-end="url(#graph-arrow)">{0}</g>'
        ).format(edges)
        + titles
        + boxes
    )
    return _svg("ecosystem-graph", width, max(height, 2 * MARGIN), "Ecosystem graph", _summary(bands, drawn), [body])


def _summary(bands: Sequence[Sequence[str]], drawn: int) -> str:
    counts = ", ".join(f"{len(band)} {TITLES[layer].lower()}" for layer, band in zip(LAYERS, bands, strict=True))
    return f"{counts}; {drawn} dependencies drawn as arrows from what is used to what uses it."
