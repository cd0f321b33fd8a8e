"""A static documentation site for a set of cards: index, one page per card, the graph and an overview.

Every page is self-contained (styles inline, pictures as inline SVG, nothing
fetched), links are relative, so the site works from ``file://`` as from any
static host. The index's only script (sorting and filtering) is allowed by its
SHA-256 hash in the page's Content-Security-Policy, never by 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import os
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cardgen.completeness import FIELD_STATES, card_completeness
from cardgen.ecosystem.assess import Assessment, assess
from cardgen.ecosystem.formats.svg import draw
from cardgen.ecosystem.graph import Graph
from cardgen.errors import CardError, Problem
from cardgen.io.atomic import atomic_write
from cardgen.parallel import shared_map
from cardgen.renderer import render_to_bytes
from cardgen.renderer.charts import Bar, BarGroup, StageBox, bar_chart, chain_diagram
from cardgen.renderer.environment import render_template
from cardgen.renderer.view import evaluation_results, result_interval
from cardgen.schema.evaluation import measured
from cardgen.schema.parts import STAGES, title_of

PAGES = ("index.html", "graph.html", "overview.html")
NAVIGATION = (("index.html", "Assets"), ("graph.html", "Graph"), ("overview.html", "Overview"))
WRITERS = 8
"""Files written at once: enough to overlap their fsyncs, few enough not to flood the disk."""


@dataclass(frozen=True)
class Row:
    """One asset in the index."""

    name: str
    href: str
    found: Assessment
    errors: int


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str


def script() -> str:
    """The index's sorting and filtering script, exactly as it goes into the page."""
    return (importlib.resources.files("cardgen") / "templates" / "site" / "table.js").read_text(encoding="utf-8")


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_names(graph: Graph) -> dict[str, str]:
    """Per node key, its page under ``cards/``: the card file's stem, numbered when stems repeat."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for key, node in graph.nodes.items():
        stem = re.sub(r"\.card$", "", re.sub(r"\.(ya?ml|json)$", "", Path(node.path).name)) or "card"
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "card"
        candidate, number = stem, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.casefold())
        names[key] = f"cards/{candidate}.html"
    return names


def card_page(graph: Graph, key: str, found: Assessment, template_dir: str | os.PathLike[str] | None) -> bytes:
    """The card's own HTML page, with the risks it inherits in ``graph`` and a bar back to the rest of the site."""
    html = render_to_bytes(graph.card(key), "html", found.findings, template_dir, graph).decode("utf-8")
    links = " · ".join(f'<a href="../{href}">{title}</a>' for href, title in NAVIGATION)
    return html.replace("<main>", f'<main>\n<nav class="site-nav" aria-label="Site">{links}</nav>', 1).encode("utf-8")


SiteParts = tuple[Graph, dict[str, Assessment], str | os.PathLike[str] | None]
"""The graph, its assessment and the template folder of the site being built."""


def _card_page_or_problems(site: SiteParts, key: str) -> bytes | list[Problem]:
    """:func:`card_page` of the site being built; a card that cannot be rendered is a value, not an
    exception, so it can come back from another process."""
    graph, assessed, template_dir = site
    try:
        return card_page(graph, key, assessed[key], template_dir)
    except CardError as error:
        return error.problems


def card_pages(
    graph: Graph, assessed: dict[str, Assessment], template_dir: str | os.PathLike[str] | None, jobs: int | None
) -> list[bytes]:
    """Every card's page, in the graph's order, over up to ``jobs`` processes (None: one per core).

    Raises :class:`~cardgen.errors.CardError` for the first card, in that order, that cannot be rendered.
    """
    pages = []
    for page in shared_map(_card_page_or_problems, (graph, assessed, template_dir), list(graph.nodes), jobs):
        if not isinstance(page, bytes):
            raise CardError(page)
        pages.append(page)
    return pages


def stage_chart(graph: Graph) -> Chart:
    """Fields of each stage of the chain by completeness state, summed over every card whose kind has that stage."""
    counts = {stage: Counter[str]() for stage in STAGES}
    for key in graph.nodes:
        for part, done in card_completeness(graph.card(key)).items():
            if part in counts:
                counts[part].update({state: done.count(state) for state in FIELD_STATES})
    boxes = [
        StageBox(title_of(stage), tuple((state, counts[stage][state]) for state in FIELD_STATES)) for stage in STAGES
    ]
    return Chart(chain_diagram("chart-stages", boxes), "Fields documented per stage, over every card")


def benchmark_charts(graph: Graph) -> list[Chart]:
    """One chart per benchmark two or more models report: same dataset (and split) and same metric."""
    shared: dict[tuple[str, str, str], list[Bar]] = {}
    for key, node in graph.nodes.items():
        if node.kind != "model":
            continue
        for result in evaluation_results(graph.card(key)):
            value = measured(result)
            if value is None or result.dataset is None or result.slice is not None:
                continue
            split = result.dataset.split if isinstance(result.dataset.split, str) else ""
            benchmark = (result.dataset.name, split, result.metric)
            shared.setdefault(benchmark, []).append(Bar(node.name, value, *result_interval(result)))
    charts = []
    for index, ((dataset, split, metric), bars) in enumerate(sorted(shared.items()), start=1):
        if len({bar.label for bar in bars}) < 2:
            continue
        where = f"{dataset} ({split})" if split else dataset
        svg = bar_chart(f"chart-benchmark-{index}", f"{metric} on {where}", [BarGroup(metric, tuple(bars))])
        charts.append(Chart(svg, f"{metric} on {where}: {len(bars)} results"))
    return charts


def pages_of(
    graph: Graph, template_dir: str | os.PathLike[str] | None = None, jobs: int | None = 1
) -> dict[str, bytes]:
    """Every page of the site by its path in the site, rendered in memory; the cards' pages over up to
    ``jobs`` processes (None: one per core), the same bytes whatever ``jobs`` is.

    Raises :class:`~cardgen.errors.CardError` when a card or a template cannot be rendered.
    """
    assessed = assess(graph)
    pages = page_names(graph)
    site = dict(zip((pages[key] for key in graph.nodes), card_pages(graph, assessed, template_dir, jobs), strict=True))
    rows = [
        Row(
            node.name,
            pages[key],
            assessed[key],
            sum(finding.severity == "error" for finding in assessed[key].findings),
        )
        for key, node in graph.nodes.items()
    ]
    code = script()
    context: dict[str, dict[str, Any]] = {
        "index.html": {"rows": rows, "script": Markup(code), "script_hash": script_hash(code)},
        "graph.html": {"svg": draw(graph, pages.get), "count": len(graph.nodes)},
        "overview.html": {
            "stages": stage_chart(graph),
            "benchmarks": benchmark_charts(graph),
            "count": len(graph.nodes),
            "kinds": dict(Counter(node.kind for node in graph.nodes.values())),
        },
    }
    for page in PAGES:
        html = render_template(template_dir, f"site/{page}.j2", navigation=NAVIGATION, current=page, **context[page])
        site[page] = html.encode("utf-8")
    return site


def build_site(
    graph: Graph,
    output: str | os.PathLike[str],
    template_dir: str | os.PathLike[str] | None = None,
    jobs: int | None = 1,
) -> list[Path]:
    """Write the site into ``output`` (created if missing); returns the files written. ``jobs`` as in
    :func:`pages_of`.

    Every page is rendered before the first is written, so a card or template that cannot be rendered
    leaves no half-built site; each file is written atomically.
    """
    site = pages_of(graph, template_dir, jobs)
    folder = Path(output)
    (folder / "cards").mkdir(parents=True, exist_ok=True)
    written = [folder / name for name in site]
    # Each atomic write waits for its fsync; threads overlap those waits (8 times faster for the 642 pages of
    # the Ecosystem Graphs site), and the GIL is released while they wait, so threads suffice. A failed
    # write or Ctrl-C stops the writes not yet started, as a loop would.
    pool = ThreadPoolExecutor(max_workers=WRITERS)
    try:
        for _ in pool.map(atomic_write, written, site.values()):
            pass
    finally:
        pool.shutdown(cancel_futures=True)
    return written


__all__ = ["build_site", "page_names", "pages_of", "script_hash"]
