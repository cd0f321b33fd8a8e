"""The card as every template sees it: sections in chain order, each value tagged with how it was answered.

Templates only lay this out; deciding what a value means (a marker, an
explanation, a quantity with a unit, a missing section) happens once, here, for
the HTML page, the PDF and the Hub Markdown alike.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from markupsafe import Markup
from pydantic import BaseModel

from cardgen.completeness import FIELD_STATES, PartCompleteness, part_completeness
from cardgen.ecosystem.risks import InheritedRisk
from cardgen.linter.findings import Finding
from cardgen.metrics import scale as metric_scale
from cardgen.renderer.charts import Bar, BarGroup, RiskMark, StageBox, bar_chart, chain_diagram, number, risk_matrix
from cardgen.renderer.text import is_safe_link
from cardgen.schema.answers import MARKER_SPELLINGS, TABLE_MARK, explanation, items, plain, status, unwrapped
from cardgen.schema.card import CardBase
from cardgen.schema.evaluation import DatasetRef, Result, ResultSource, Uncertainty, measured
from cardgen.schema.introspect import models_in
from cardgen.schema.kinds import identity_of
from cardgen.schema.parts import Part, is_list, parts, title_of
from cardgen.schema.quantities import Figure, SizeFigure
from cardgen.schema.use import Risk

State = Literal["given", "unknown", "none"]
Answered = Literal["missing", "unknown", "none", "given"]
"""What :func:`~cardgen.schema.values.status` says of an answer."""

label = functools.lru_cache(maxsize=1024)(title_of)
"""A field name as a heading people read: ``memory_gb`` -> ``Memory (GB)`` (remembered: a page asks hundreds of times)."""


# The value tree's classes are plain dataclasses, read-only by convention: a page makes several
# hundred of them, and a frozen dataclass takes two and a half times as long to build. The most
# numerous (texts and entries) are slotted, which builds them faster still and leaves the garbage
# collector less to follow.


@dataclass(slots=True)
class Text:
    """Card text (Markdown allowed) or a figure written out; templates pass it through the text filter."""

    text: str
    kind: str = "text"


@dataclass(slots=True)
class Code:
    """Text whose line breaks matter, such as a BibTeX citation: shown verbatim, never as Markdown."""

    text: str
    kind: str = "code"


@dataclass(slots=True)
class Items:
    items: tuple[Shown, ...]
    kind: str = "list"


@dataclass(slots=True)
class Entry:
    """One answered field: a value, or the author's ``unknown``/``none``, with any explanation."""

    name: str
    label: str
    state: State
    value: Shown | None
    explanation: str | None
    marker: str = ""
    """How a marker reads for this field: Unknown, None (there is none) or Not applicable."""


@dataclass(slots=True)
class Group:
    entries: tuple[Entry, ...]
    kind: str = "group"
    _by_name: dict[str, Entry] | None = field(default=None, init=False, repr=False, compare=False)
    """The entries by field name, made on the first :meth:`get` (a table asks each row for every column)."""

    def without(self, *names: str) -> Group:
        """The group less the named fields, for templates that show those elsewhere."""
        return Group(tuple(entry for entry in self.entries if entry.name not in names))

    def get(self, name: str) -> Entry | None:
        by_name = self._by_name
        if by_name is None:
            by_name = self._by_name = {entry.name: entry for entry in reversed(self.entries)}
        return by_name.get(name)


Shown = Text | Code | Items | Group

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
    details = [str(given) for part in (value.config, value.split, value.revision) if part and (given := plain(part))]
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


def node(value: Any) -> Shown:
    """Any card value as a tree of text, lists and labelled groups."""
    kind = type(value)
    show = _SHOW_BY_TYPE.get(kind)
    if show is None:
        show = _SHOW_BY_TYPE[kind] = _show_for(kind)
    return show(value)


def _number_text(value: float) -> Text:
    return Text(number(value))


def _mapping(value: dict[Any, Any]) -> Group:
    return _answered([str(key) for key in value], value.values(), itertools.repeat(False))


def _items(value: list[Any]) -> Items:
    shown: list[Shown] = []
    for item in value:
        if type(item) is str and len(item) > 8:  # text longer than any marker: nothing to unwrap
            shown.append(Text(item))
            continue
        bare = plain(item)
        if bare is not None:
            shown.append(node(bare))
    return Items(tuple(shown))


NOT_APPLICABLE: frozenset[str] = frozenset(
    {"base_model", "languages", "consent", "personal_information", "sensitive_information", "max_input_size"}
)
"""Fields whose `none` means the question does not arise, rather than that there is none of the thing."""


def is_block(annotation: Any) -> bool:
    """Whether a field holds one block of fields (hardware), not text or a list (of risks, of results)."""
    return bool(models_in(annotation)) and not is_list(annotation)


def marker_words(name: str, state: str, block: bool = False) -> str:
    """What ``unknown`` or ``none`` says for a field: `citation: none` is "None", `hardware: none` "Not applicable".

    `none` on a text or a list (a policy, a citation, a list of risks) says there is
    none; on a block of fields (hardware, adaptation) or a field listed in
    :data:`NOT_APPLICABLE`, that the question does not apply.
    """
    if state == "unknown":
        return "Unknown"
    if state == "none":
        return "Not applicable" if block or name in NOT_APPLICABLE else "None"
    return ""


def entry(name: str, answer: Any, block: bool = False) -> Entry:
    """One field's answer as shown."""
    value, why = unwrapped(answer)
    return _entry(name, value, why, block, status(value))


def _entry(name: str, value: Any, why: str | None, block: bool, state: Answered) -> Entry:
    """An answer already unwrapped into its value, explanation and :func:`status`."""
    if state == "given":
        return Entry(name, label(name), state, Code(str(value)) if name in VERBATIM else node(value), why)
    return Entry(
        name, label(name), "given" if state == "missing" else state, None, why, marker_words(name, state, block)
    )


def _answered(names: Iterable[str], answers: Iterable[Any], blocks: Iterable[bool]) -> Group:
    """The entries of the fields that are answered (missing ones are left to the gaps section); the three
    run in step (zipped in C: a page has several hundred fields)."""
    shown = []
    for name, answer, block in zip(names, answers, blocks, strict=False):  # blocks may repeat without end
        if answer is None:
            continue  # most fields of a model are not given: answered before any other check
        if type(answer) is str:
            given = len(answer) > 8 or (bool(answer) and answer.strip().lower() not in MARKER_SPELLINGS)
        else:
            given = not isinstance(answer, (str, dict, list))
        if given:  # text that spells no marker, a figure, a flag, a date or a block: nothing to unwrap
            shown.append(_entry(name, answer, None, block, "given"))
            continue
        value, why = unwrapped(answer)
        state = status(value)
        if state != "missing":
            shown.append(_entry(name, value, why, block, state))
    return Group(tuple(shown))


@functools.lru_cache(maxsize=256)
def _fields(model: type[BaseModel], without: str | None = None) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A model's fields in schema order (less ``without``), and whether each holds a block (worked out once
    per model)."""
    names = tuple(name for name in model.model_fields if name != without)
    return names, tuple(is_block(model.model_fields[name].annotation) for name in names)


def group(model: BaseModel, without: str | None = None) -> Group:
    """The fields a model answers, in schema order; missing ones are left to the gaps section, and ``without``
    (a field shown elsewhere, such as a block's table) is left out before its value is shown."""
    names, blocks = _fields(type(model), without)
    return _answered(names, map(getattr, itertools.repeat(model), names), blocks)


_SHOW_BY_BASE: tuple[tuple[type | tuple[type, ...], Callable[[Any], Shown]], ...] = (
    (Uncertainty, lambda value: Text(uncertainty_text(value))),
    (DatasetRef, lambda value: Text(dataset_text(value))),
    (ResultSource, lambda value: Text(source_text(value))),
    ((Figure, SizeFigure), lambda value: Text(_quantity(value))),
    (BaseModel, group),
    (dict, _mapping),
    (list, _items),
    (bool, lambda value: Text("yes" if value else "no")),
    ((int, float), _number_text),
    ((datetime.date, datetime.datetime), lambda value: Text(value.isoformat())),
)
"""How values are shown, by the class they are of, first match wins. Quantities are known by their class,
not as any model with a value and a unit: a result has both too."""


def _show_for(kind: type) -> Callable[[Any], Shown]:
    """How :func:`node` shows a value of class ``kind`` (asked once per class: a page holds a few hundred values
    of a few dozen classes). Text and figures are taken as they are, any other value by its kind."""
    if kind is str:
        return Text
    if kind is float or kind is int:
        return _number_text
    return next((show for base, show in _SHOW_BY_BASE if issubclass(kind, base)), lambda value: Text(str(value)))


_SHOW_BY_TYPE: dict[type, Callable[[Any], Shown]] = {}


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Table:
    """A list of entries shown as a table: a list part, or a list field marked as a table (results)."""

    name: str
    caption: str
    model: type[BaseModel]
    """The model of one entry."""
    entries: tuple[BaseModel, ...]
    columns: tuple[str, ...]
    """The entry's fields that at least one row answers: a column of "not stated" in every row says nothing."""
    rows: tuple[Group, ...]
    state: State | Literal["missing"]
    explanation: str | None
    numbered: bool
    """Rows carry a label (R1, R2, ...) that a chart refers to."""


@dataclass(frozen=True)
class PartView:
    """One part of the card; ``state`` says whether it has content, ``body`` and ``table`` hold it."""

    id: str
    title: str
    is_stage: bool
    state: Literal["given", "unknown", "none", "missing"]
    explanation: str | None
    marker: str
    """How the part's own ``unknown``/``none`` reads: a list part's `none` says there are none."""
    body: Group
    table: Table | None
    charts: tuple[Chart, ...]
    _card: CardBase = field(repr=False, compare=False)
    """The card the part belongs to, for :attr:`completeness` (out of templates' reach: its name starts with _)."""

    @functools.cached_property
    def completeness(self) -> PartCompleteness:
        """The part's fields by state, worked out when first read: the Hub README never reads it."""
        return part_completeness(self._card, self.id)

    @property
    def rows(self) -> tuple[Group, ...]:
        return self.table.rows if self.table else ()


@dataclass(frozen=True)
class Gap:
    rule_id: str
    severity: str
    field: str
    message: str
    line: int
    """0 for a card that was not read from a file."""


@dataclass(frozen=True)
class CardView:
    name: str
    version: str | None
    description: str | None
    sections: tuple[PartView, ...]
    chain: Chart | None
    gaps: tuple[Gap, ...] | None
    kind: str = "model"
    inherited: tuple[InheritedRisk, ...] | None = None
    """Risks reaching the card from upstream; None when it was rendered without the cards around it."""

    def section(self, part: str) -> PartView:
        return next(section for section in self.sections if section.id == part)


VIEW_CLASSES: frozenset[type] = frozenset(
    {Text, Code, Items, Entry, Group, Chart, Table, PartView, Gap, CardView, PartCompleteness, InheritedRisk}
)
"""The value tree's classes: plain data, whose public attributes the template sandbox reads without
its per-attribute checks (:meth:`cardgen.renderer.environment.BoundedSandbox.getattr`)."""


def _table(name: str, description: str, model: type[BaseModel], answer: Any) -> Table:
    state = status(answer)
    entries = tuple(entry for entry in items(answer) if isinstance(entry, BaseModel))
    rows = tuple(group(entry) for entry in entries)
    answered = {entry.name for row in rows for entry in row.entries}
    return Table(
        name=name,
        caption=description.rstrip("."),
        model=model,
        entries=entries,
        columns=tuple(field for field in model.model_fields if field in answered),
        rows=rows,
        state="missing" if state == "given" and not entries else state,
        explanation=explanation(answer),
        numbered=model in NUMBERED_ROWS,
    )


@functools.lru_cache(maxsize=256)
def _table_field(model: type[BaseModel]) -> tuple[str, str, type[BaseModel]] | None:
    """The field of a block model marked to be shown as a table, its caption and the model of its
    entries, if any (worked out once per model)."""
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(TABLE_MARK):
            return name, info.description or title_of(name), models_in(info.annotation)[0]
    return None


def _block_table(value: BaseModel) -> Table | None:
    """The field of a block part that is marked to be shown as a table, if any."""
    marked = _table_field(type(value))
    return None if marked is None else _table(*marked, getattr(value, marked[0]))


def _section(card: CardBase, part: Part, pictures: bool) -> PartView:
    answer = getattr(card, part.name)
    state = status(answer)
    value = plain(answer)
    body = Group(())
    table: Table | None = None
    if part.shape == "list":
        table = _table(part.name, part.description, part.model, answer)
    elif isinstance(value, BaseModel):
        table = _block_table(value)
        body = group(value, table.name if table else None)
    drawn = pictures and table and table.model in CHARTS and table.rows
    charts = CHARTS[table.model](table) if drawn and table else ()
    empty = not body.entries and not (table and (table.rows or part.shape == "block"))
    shown_state = "missing" if state == "missing" or (state == "given" and empty) else state
    marker = marker_words(part.name, state, block=part.shape == "block")
    return PartView(
        part.name, part.title, part.is_stage, shown_state, explanation(answer), marker, body, table, charts, card
    )


def evaluation_results(card: CardBase) -> list[Result]:
    """The card's results, whatever form its evaluation section takes."""
    return [item for item in items(getattr(plain(card.evaluation), "results", None)) if isinstance(item, Result)]


CHART_BARS = 30
"""The most results one chart draws: about as many bars as a printed page holds; the table lists every result."""

CHARTS_PER_TABLE = 24
"""The most charts drawn beside one table of results; the table lists the results of every pair left out."""


def evaluation_charts(results: Sequence[Result]) -> tuple[Chart, ...]:
    """One chart per task and metric (and unit) that has several values to compare.

    A lone value says no more in a bar than in the table, so it gets no chart. One
    metric per picture keeps each picture small enough to stay on one printed page
    with its heading: a chart draws the first :data:`CHART_BARS` results of its pair
    in card order and its caption says how many it leaves to the table, and only the
    first :data:`CHARTS_PER_TABLE` pairs are drawn, so thousands of results cost a
    bounded number of shapes and no picture claims to show more than it draws.
    """
    blocks: dict[tuple[str, str, str], list[Result]] = {}
    for result in results:
        if measured(result) is None:
            continue  # unknown: the table says so, a bar would invent a number
        blocks.setdefault((result.task, result.metric, result.unit or ""), []).append(result)
    compared = [(key, block) for key, block in blocks.items() if len(block) > 1]
    charts: list[Chart] = []
    for index, ((task, metric, _), block) in enumerate(compared[:CHARTS_PER_TABLE], start=1):
        group = _bar_group(metric, block)
        caption, title = f"Results on {task}: {group.metric}", task
        if len(block) > CHART_BARS:
            title = f"{task}, the first {CHART_BARS} of {len(block)} results"
            caption += f" (the first {CHART_BARS} of its {len(block)} results; the table lists them all)"
        if index == CHARTS_PER_TABLE and len(compared) > index:
            left = len(compared) - index
            caption += f". Not charted: {left} more task and metric pairs; the table lists their results"
        charts.append(Chart(bar_chart(f"chart-eval-{index}", title, [group]), caption))
    return tuple(charts)


def _bar_group(metric: str, results: Sequence[Result]) -> BarGroup:
    """A metric's values on its own scale; one dataset goes into the heading, several are named on their bars.

    The bars are the first :data:`CHART_BARS` results; the scale is read from all of them, so a
    percentage whose first values are below 1 is still drawn on 0-100.
    """
    shown = results[:CHART_BARS]
    names = [result.dataset.name if result.dataset else "unnamed dataset" for result in shown]
    datasets = set(names)
    bars = []
    for result, dataset in zip(shown, names, strict=True):
        if len(datasets) == 1:
            label = result.slice or "all data"
        else:
            label = f"{dataset}: {result.slice}" if result.slice else dataset
        bars.append(Bar(label, measured(result) or 0.0, *result_interval(result)))
    heading = f"{metric} on {next(iter(datasets))}" if len(datasets) == 1 else metric
    stated = next((result for result in results if result.higher_is_better is not None), results[0])
    ranged = next((result for result in results if result.range is not None), results[0])
    scale = metric_scale(
        metric,
        [measured(result) or 0.0 for result in results],
        higher_is_better=stated.higher_is_better,
        declared_range=ranged.range,
        unit=results[0].unit,
    )
    return BarGroup(heading, tuple(bars), scale.higher_is_better, scale.bounds, scale.unit)


def result_interval(result: Result) -> tuple[float | None, float | None]:
    """A result's error bar: its confidence interval, or its value plus and minus the standard deviation."""
    spread = result.uncertainty
    if spread is None:
        return None, None
    if spread.lower is not None and spread.upper is not None:
        return spread.lower, spread.upper
    deviation = spread.std or 0.0
    value = measured(result) or 0.0
    return value - deviation, value + deviation


def risk_label(index: int) -> str:
    return f"R{index}"


def risk_charts(rows: Sequence[Group]) -> tuple[Chart, ...]:
    """The risks on a severity x likelihood matrix, each marked with its row label."""
    marks = []
    for index, row in enumerate(rows, start=1):
        severity, likelihood = row.get("severity"), row.get("likelihood")
        if severity and likelihood and isinstance(severity.value, Text) and isinstance(likelihood.value, Text):
            marks.append(RiskMark(risk_label(index), severity.value.text, likelihood.value.text))
    if not rows:
        return ()
    return (Chart(risk_matrix("chart-risks", marks), "Risks by severity and likelihood"),)


CHARTS: dict[type[BaseModel], Callable[[Table], tuple[Chart, ...]]] = {
    Result: lambda table: evaluation_charts([entry for entry in table.entries if isinstance(entry, Result)]),
    Risk: lambda table: risk_charts(table.rows),
}
"""Pictures drawn next to a table, by the model of its entries."""

NUMBERED_ROWS: frozenset[type[BaseModel]] = frozenset({Risk})
"""Entries whose rows are labelled (R1, R2, ...) so that a picture can refer to them."""


def build(
    card: CardBase,
    findings: Sequence[Finding] | None,
    inherited: Sequence[InheritedRisk] | None = None,
    pictures: bool = True,
) -> CardView:
    """Everything a template needs about ``card``; ``findings`` None means the gaps were not checked.

    ``pictures`` False leaves the charts out, for outputs that show none (Hub Markdown).
    """
    sections = tuple(_section(card, part, pictures) for part in parts(type(card)))
    chain = None
    if pictures:
        boxes = [
            StageBox(section.title, tuple((state, section.completeness.count(state)) for state in FIELD_STATES))
            for section in sections
            if section.is_stage
        ]
        chain = Chart(chain_diagram("chart-chain", boxes), "The ecosystem chain")
    gaps = None
    if findings is not None:
        gaps = tuple(
            Gap(f.rule_id, f.severity, f.field, f.message, f.position.line)
            for f in sorted(findings, key=lambda f: (f.position, f.rule_id))
        )
    identity = identity_of(card)
    return CardView(
        name=identity.name,
        version=plain(identity.version),
        description=plain(identity.description),
        sections=sections,
        chain=chain,
        gaps=gaps,
        kind=card.kind,
        inherited=None if inherited is None else tuple(inherited),
    )
