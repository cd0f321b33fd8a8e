"""The card as every template sees it: sections in chain order, each value tagged with how it was answered.

Templates only lay this out; deciding what a value means (a marker, an
explanation, a quantity with a unit, a missing section) happens once, here, for
the HTML page, the PDF and the Hub Markdown alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup
from pydantic import BaseModel

from cardgen.completeness import PARTS, Completeness, stage_completeness
from cardgen.linter.findings import Finding
from cardgen.renderer.charts import Bar, BarGroup, RiskMark, StageBox, bar_chart, chain_diagram, number, risk_matrix
from cardgen.renderer.text import is_safe_link
from cardgen.schema.card import STAGES, Card
from cardgen.schema.evaluation import DatasetRef, Result, ResultSource, Uncertainty
from cardgen.schema.values import explanation, items, plain, status

_WORDS = {"url": "URL", "id": "ID", "gb": "(GB)", "sha256": "SHA-256", "co2": "CO₂", "cpu": "CPU", "spdx": "SPDX"}

State = Literal["given", "unknown", "none"]


def label(name: str) -> str:
    """A field name as a heading people read: ``memory_gb`` -> ``Memory (GB)``."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


TITLES: dict[str, str] = {part: label(part) for part in PARTS}
"""Section titles, in the order the page shows them (the chain in the middle)."""


@dataclass(frozen=True)
class Text:
    """Card text (Markdown allowed) or a figure written out; templates pass it through the text filter."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Code:
    """Text whose line breaks matter, such as a BibTeX citation: shown verbatim, never as Markdown."""

    text: str
    kind: str = "code"


@dataclass(frozen=True)
class Items:
    items: tuple[Node, ...]
    kind: str = "list"


@dataclass(frozen=True)
class Entry:
    """One answered field: a value, or the author's ``unknown``/``none``, with any explanation."""

    name: str
    label: str
    state: State
    value: Node | None
    explanation: str | None


@dataclass(frozen=True)
class Group:
    entries: tuple[Entry, ...]
    kind: str = "group"

    def get(self, name: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.name == name), None)


Node = Text | Code | Items | Group

VERBATIM: frozenset[str] = frozenset({"citation"})
"""Fields shown as written, line by line."""


def _quantity(value: BaseModel) -> str:
    figure = f"{number(value.value)} {value.unit}"  # type: ignore[attr-defined]
    source = plain(getattr(value, "source", None))
    return f"{figure} (source: {source})" if source else figure


def uncertainty_text(value: Uncertainty) -> str:
    """A confidence interval or standard deviation in the words papers use."""
    if value.lower is not None and value.upper is not None:
        level = f"{value.level:.0%} " if value.level is not None else ""
        text = f"{level}CI {number(value.lower)} to {number(value.upper)}"
    else:
        text = f"± {number(value.std or 0.0)} (std)"
    return text + (f", {value.runs} runs" if value.runs else "")


def dataset_text(value: DatasetRef) -> str:
    details = [str(plain(part)) for part in (value.config, value.split, value.revision) if plain(part)]
    return f"{value.name} ({', '.join(details)})" if details else value.name


def source_text(value: ResultSource) -> str:
    """Who reported a result, whether it was reproduced, and where: one line for a table cell."""
    parts = [str(plain(value.name) or "source")]
    if value.verified is not None:
        parts.append("verified" if value.verified else "not verified")
    url = plain(value.url)
    if url:
        parts.append(f"<{url}>" if is_safe_link(str(url)) and ">" not in str(url) else str(url))
    return "; ".join(parts)


def node(value: Any) -> Node:
    """Any card value as a tree of text, lists and labelled groups."""
    if isinstance(value, Uncertainty):
        return Text(uncertainty_text(value))
    if isinstance(value, DatasetRef):
        return Text(dataset_text(value))
    if isinstance(value, ResultSource):
        return Text(source_text(value))
    if isinstance(value, BaseModel) and {"value", "unit"} <= set(type(value).model_fields):
        return Text(_quantity(value))
    if isinstance(value, BaseModel):
        return group(value)
    if isinstance(value, dict):
        return Group(tuple(entry(str(key), answer) for key, answer in value.items() if status(answer) != "missing"))
    if isinstance(value, list):
        return Items(tuple(node(plain(item)) for item in value if plain(item) is not None))
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, (int, float)):
        return Text(number(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return Text(value.isoformat())
    return Text(str(value))


def entry(name: str, answer: Any) -> Entry:
    state = status(answer)
    given = state == "given"
    return Entry(
        name=name,
        label=label(name),
        state="given" if state == "missing" else state,
        value=(Code(str(plain(answer))) if name in VERBATIM else node(plain(answer))) if given else None,
        explanation=explanation(answer),
    )


def group(model: BaseModel) -> Group:
    """The fields a model answers, in schema order; missing ones are left to the gaps section."""
    return Group(
        tuple(
            entry(name, getattr(model, name))
            for name in type(model).model_fields
            if status(getattr(model, name)) != "missing"
        )
    )


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Section:
    """One part of the card; ``state`` says whether it has content, and ``body`` holds it."""

    id: str
    title: str
    state: Literal["given", "unknown", "none", "missing"]
    explanation: str | None
    completeness: Completeness
    body: Group
    rows: tuple[Group, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Gap:
    rule_id: str
    severity: str
    field: str
    message: str
    line: int


@dataclass(frozen=True)
class CardView:
    name: str
    version: str | None
    description: str | None
    sections: tuple[Section, ...]
    chain: Chart | None
    gaps: tuple[Gap, ...] | None

    def section(self, part: str) -> Section:
        return next(section for section in self.sections if section.id == part)


LIST_PARTS: frozenset[str] = frozenset({"risks", "dependencies"})
"""Parts that are lists of entries, shown as tables."""


def _section(card: Card, part: str, done: Completeness, pictures: bool) -> Section:
    answer = getattr(card, part)
    state = status(answer)
    value = plain(answer)
    rows: tuple[Group, ...] = ()
    charts: tuple[Chart, ...] = ()
    body = Group(())
    if part in LIST_PARTS:
        rows = tuple(group(item) for item in items(answer))
    elif isinstance(value, BaseModel):
        body = group(value)
    if part == "evaluation":
        results = evaluation_results(card)
        rows = tuple(group(result) for result in results)
        body = Group(tuple(entry for entry in body.entries if entry.name != "results"))
        charts = evaluation_charts(results) if pictures else ()
    if part == "risks" and pictures:
        charts = risk_charts(rows)
    empty = not body.entries and not rows
    shown = "missing" if state == "missing" or (state == "given" and empty) else state
    return Section(part, TITLES[part], shown, explanation(answer), done, body, rows, charts)


def evaluation_results(card: Card) -> list[Result]:
    """The card's results, whatever form its evaluation section takes."""
    return [item for item in items(getattr(plain(card.evaluation), "results", None)) if isinstance(item, Result)]


def evaluation_charts(results: Sequence[Result]) -> tuple[Chart, ...]:
    """One bar chart per task; in it one block per metric, with a bar per dataset and the slices side by side."""
    tables: dict[str, dict[str, list[Result]]] = {}
    for result in results:
        tables.setdefault(result.task, {}).setdefault(result.metric, []).append(result)
    charts = []
    for index, (task, metrics) in enumerate(tables.items(), start=1):
        groups = [_bar_group(metric, block) for metric, block in metrics.items()]
        charts.append(Chart(bar_chart(f"chart-eval-{index}", task, groups), f"Results on {task}"))
    return tuple(charts)


def _bar_group(metric: str, results: Sequence[Result]) -> BarGroup:
    """A metric's bars; one dataset goes into the heading, several are named on their bars."""
    names = [result.dataset.name if result.dataset else "unnamed dataset" for result in results]
    datasets = set(names)
    bars = []
    for result, dataset in zip(results, names, strict=True):
        if len(datasets) == 1:
            label = result.slice or "all data"
        else:
            label = f"{dataset}: {result.slice}" if result.slice else dataset
        bars.append(Bar(label, result.value, *_interval(result)))
    heading = f"{metric} on {next(iter(datasets))}" if len(datasets) == 1 else metric
    return BarGroup(heading, tuple(bars))


def _interval(result: Result) -> tuple[float | None, float | None]:
    spread = result.uncertainty
    if spread is None:
        return None, None
    if spread.lower is not None and spread.upper is not None:
        return spread.lower, spread.upper
    deviation = spread.std or 0.0
    return result.value - deviation, result.value + deviation


def risk_label(index: int) -> str:
    return f"R{index}"


def risk_charts(rows: Sequence[Group]) -> tuple[Chart, ...]:
    marks = []
    for index, row in enumerate(rows, start=1):
        severity, likelihood = row.get("severity"), row.get("likelihood")
        if severity and likelihood and isinstance(severity.value, Text) and isinstance(likelihood.value, Text):
            marks.append(RiskMark(risk_label(index), severity.value.text, likelihood.value.text))
    if not rows:
        return ()
    return (Chart(risk_matrix("chart-risks", marks), "Risks by severity and likelihood"),)


def build(card: Card, findings: Sequence[Finding] | None, pictures: bool = True) -> CardView:
    """Everything a template needs about ``card``; ``findings`` None means the gaps were not checked.

    ``pictures`` False leaves the charts out, for outputs that show none (Hub Markdown).
    """
    done = stage_completeness(card)
    sections = tuple(_section(card, part, done[part], pictures) for part in PARTS)
    boxes = [StageBox(TITLES[stage], done[stage].answered, done[stage].total) for stage in STAGES]
    gaps = None
    if findings is not None:
        gaps = tuple(
            Gap(f.rule_id, f.severity, f.field, f.message, f.position.line)
            for f in sorted(findings, key=lambda f: (f.position, f.rule_id))
        )
    return CardView(
        name=card.model.name,
        version=plain(card.model.version),
        description=plain(card.model.description),
        sections=sections,
        chain=Chart(chain_diagram("chart-chain", boxes), "The ecosystem chain") if pictures else None,
        gaps=gaps,
    )
