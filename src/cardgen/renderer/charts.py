"""Inline SVG pictures, drawn by hand so the page needs no plotting library, script or image file.

Every picture has a <title> and a <desc> that say in words what it shows, so a
screen reader (and a search) gets the same facts as the eye.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from cardgen.completeness import STATE_WORDS, FieldState

FONT = 13
LABEL_WIDTH = 240
BAR_HEIGHT = 18
INK = "#1a1a1a"
MUTED = "#4a4a4a"
ACCENT = "#5b8fd0"
TRACK = "#e4e8ee"


def _g(value: float) -> str:
    """A coordinate to one decimal, without a trailing ``.0``: ``f"{round(value, 1):g}"``.

    Most coordinates are whole (an int, or a float such as 44.0), which that writes as the integer
    (below 10,000, so without an exponent; zero keeps its sign there); a chart has hundreds.
    """
    if -10_000 < value < 10_000:
        whole = int(value)
        if whole == value and whole:
            return str(whole)
    return f"{round(value, 1):g}"


def _svg(ident: str, width: float, height: float, title: str, desc: str, body: Sequence[str]) -> Markup:
    """The <svg> wrapper shared by every picture: size, role and text alternatives.

    The shapes are f-strings with every text escaped where it enters: ``Markup.format`` does the
    same through a Python formatter, which was a tenth of a page's time. They stay plain strings
    until here, where the picture is marked safe once (a Markup per shape cost a tenth of a chart).
    """
    ident, w, h = escape(ident), _g(width), _g(height)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{ident}" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _role(role: str) -> str:
    """A class naming what a shape stands for (bar, track, tick, ...), so tests and stylesheets can find it.

    Roles, anchors, weights and colours are cardgen's own constants, never card text, so the shapes
    below write them as they are and escape only a label's text (escaping every attribute was a
    tenth of a chart's time).
    """
    return f' class="{role}"' if role else ""


# The shapes take their coordinates written out by _g: a chart writes a coordinate that several shapes
# share (a bar's row, the plot's edges) once, rather than once per shape (hundreds of times a page).


def _text(
    x: str, y: str, text: str, *, anchor: str = "start", weight: str = "normal", fill: str = INK, role: str = ""
) -> str:
    return (
        f'<text{_role(role)} x="{x}" y="{y}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{escape(text)}</text>'
    )


def _rect(x: str, y: str, width: str, height: str, fill: str, stroke: str = "none", role: str = "") -> str:
    """A rectangle; ``role`` (a class) names what it stands for: bar, track, ..."""
    return f'<rect{_role(role)} x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}" stroke="{stroke}"/>'


def _line(x1: str, y1: str, x2: str, y2: str, stroke: str = INK, width: float = 1.5, role: str = "") -> str:
    return f'<line{_role(role)} x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{stroke}" stroke-width="{width:g}"/>'


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value: float) -> str:
    """A figure as people write it: whole numbers in full, others to four significant digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


STATE_COLOURS: dict[FieldState, str] = {
    "documented": ACCENT,
    "explained_unknown": "#e3b04b",
    "bare_unknown": "#d9694f",
    "not_applicable": "#aab2bd",
    "missing": TRACK,
}
"""One colour per completeness state; missing is the empty track."""


@dataclass(frozen=True)
class StageBox:
    """A stage of the chain and how many of its fields are in each completeness state, in state order."""

    label: str
    counts: tuple[tuple[FieldState, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def documented(self) -> int:
        return dict(self.counts).get("documented", 0)

    def words(self) -> str:
        """Every state that occurs, e.g. '2 of 9 documented, 5 unknown, explained, 2 missing'."""
        rest = [f"{count} {STATE_WORDS[state]}" for state, count in self.counts[1:] if count]
        return ", ".join([f"{self.documented} of {self.total} documented", *rest])


CHAIN_BOX_WIDTH, CHAIN_HEIGHT = 160, 104


def _chain_legend() -> tuple[tuple[str, ...], float]:
    """The chain's legend, the same on every page (drawn once): a swatch and the words of each state,
    and where it ends."""
    shapes, legend_y, legend_x = [], CHAIN_HEIGHT + 14, 4.0
    for state, colour in STATE_COLOURS.items():
        outline = MUTED if state == "missing" else "none"
        shapes.append(_rect(_g(legend_x), _g(legend_y - 10), "12", "12", colour, outline, role="legend"))
        shapes.append(_text(_g(legend_x + 16), _g(legend_y), STATE_WORDS[state], fill=MUTED))
        legend_x += 30 + 7.2 * len(STATE_WORDS[state])
    return tuple(shapes), legend_x


_CHAIN_LEGEND, _CHAIN_LEGEND_END = _chain_legend()


def chain_diagram(ident: str, stages: Sequence[StageBox]) -> Markup:
    """The ecosystem chain as boxes joined by arrows, each with a bar split by how its fields are answered.

    Only documented fields fill the bar in the accent colour; unknown (explained or
    not) and not-applicable fields get their own colours and missing ones leave the
    track empty, so a stage answered "unknown" throughout never looks complete.
    """
    box_width, gap, height = CHAIN_BOX_WIDTH, 30, CHAIN_HEIGHT
    arrow = escape(ident)
    body = [
        (
            f'<defs><marker id="{arrow}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>'
        )
    ]
    box, box_height, width = _g(box_width), _g(height - 8), box_width - 24.0
    track = _g(width)
    for index, stage in enumerate(stages):
        x = 4 + index * (box_width + gap)
        middle, counts, total = _g(x + box_width / 2), dict(stage.counts), stage.total
        body.append(_rect(_g(x), "4", box, box_height, "#ffffff", INK))
        body.append(_text(middle, "28", _shorten(stage.label, 20), anchor="middle", weight="bold"))
        left = x + 12.0
        body.append(_rect(_g(left), "44", track, "12", TRACK, role="track"))
        for state, count in stage.counts:
            if count and state != "missing":
                share = width * count / total
                body.append(_rect(_g(left), "44", _g(max(share, 0.0)), "12", STATE_COLOURS[state], role=state))
                left += share
        body.append(_text(middle, "76", f"{counts.get('documented', 0)} of {total} documented", anchor="middle"))
        unknown = counts.get("explained_unknown", 0) + counts.get("bare_unknown", 0)
        rest = [
            f"{count} {word}"
            for count, word in ((unknown, "unknown"), (counts.get("not_applicable", 0), "n/a"))
            if count
        ]
        if rest:
            body.append(_text(middle, "92", ", ".join(rest), anchor="middle", fill=MUTED))
        if index:
            body.append(
                f'<line x1="{x - gap + 2:g}" y1="{height / 2}" x2="{x - 3:g}" y2="{height / 2}" stroke="{INK}" '
                f'stroke-width="2" marker-end="url(#{arrow}-arrow)"/>'
            )
    body += _CHAIN_LEGEND
    # A chain of two or three stages (dataset and application cards) is narrower than the legend.
    width = max(8 + len(stages) * box_width + (len(stages) - 1) * gap, _CHAIN_LEGEND_END)
    desc = "; ".join(f"{stage.label}: {stage.words()}" for stage in stages)
    return _svg(
        ident,
        width,
        height + 22,
        "How completely each stage of the chain is documented",
        desc + ".",
        body,
    )


@dataclass(frozen=True)
class Bar:
    """One result: the whole test set or one slice of it."""

    label: str
    value: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class BarGroup:
    """The values of one metric on one task, one per dataset and slice, drawn on the metric's own scale.

    ``bounds`` is the metric's true range (0-1, 0-100, 0-10, -1-1); None for an
    unbounded metric such as a loss or a latency, drawn as dots on an axis from zero
    (or on a logarithmic axis when the values span more than two orders of magnitude).
    """

    metric: str
    bars: tuple[Bar, ...]
    higher_is_better: bool | None = True
    bounds: tuple[float, float] | None = (0.0, 1.0)
    unit: str = ""

    @property
    def gap(self) -> float:
        values = [bar.value for bar in self.bars]
        return max(values) - min(values)

    @property
    def points(self) -> list[float]:
        return [point for bar in self.bars for point in (bar.value, bar.low, bar.high) if point is not None]

    @property
    def logarithmic(self) -> bool:
        """Unbounded positive values more than two orders of magnitude apart: only a log axis shows them all."""
        points = self.points
        return self.bounds is None and min(points) > 0 and max(points) / min(points) > 100


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def _domain(group: BarGroup) -> tuple[float, float]:
    """The axis range: the metric's true range (widened only if a value lies outside it), else from zero.

    A bounded metric is drawn on its whole range, so MT-Bench 7.3 sits at 73% of a
    0-10 scale; an unbounded one starts at zero (or below, for negative values) and ends
    at a round number above the largest value; a log axis spans whole powers of ten.
    """
    points = group.points
    if group.logarithmic:
        return 10.0 ** math.floor(math.log10(min(points))), 10.0 ** math.ceil(math.log10(max(points)))
    if group.bounds is not None:
        return min(group.bounds[0], *points), max(group.bounds[1], *points)
    low, high = min(0.0, *points), max(0.0, *points)
    step = _step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _step(span: float) -> float:
    """A round tick step that cuts ``span`` into about five parts."""
    return _nice_ceiling(span / 5) if span > 0 else 1.0


def _ticks(group: BarGroup, low: float, high: float) -> list[float]:
    """Axis ticks: every power of ten on a log axis, else the ends, zero and a few round steps between."""
    if group.logarithmic:
        return [10.0**power for power in range(round(math.log10(low)), round(math.log10(high)) + 1)]
    if high == low:
        return [low]
    step = _step(high - low)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    ticks = [round(first + index * step, 12) for index in range(count)]
    ends = [end for end in (low, high) if all(abs(end - tick) > step * 0.4 for tick in ticks)]
    return sorted([*ticks, *ends])


def _axis_title(group: BarGroup, low: float, high: float) -> str:
    scale = "log scale" if group.logarithmic else f"scale {number(low)} to {number(high)}"
    return f"in {group.unit}, {scale}" if group.unit else scale


def _direction(group: BarGroup) -> str:
    if group.higher_is_better is None:
        return ""
    return "higher is better" if group.higher_is_better else "lower is better"


DOT = 5


def _fraction(value: float, low: float, high: float, logarithmic: bool) -> float:
    """Where a value sits between the axis ends, 0 to 1, on a linear or a logarithmic axis."""
    if logarithmic:
        return (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
    return (value - low) / ((high - low) or 1.0)


def _sentence(group: BarGroup, axis: str, direction: str) -> str:
    """What a block of a bar chart shows, in words, for its description."""
    parts = [
        f"{bar.label} {number(bar.value)}"
        + (f" (from {number(bar.low)} to {number(bar.high)})" if bar.low is not None and bar.high is not None else "")
        for bar in group.bars
    ]
    gap = f"; largest gap between groups {number(group.gap)}" if len(group.bars) > 1 else ""
    facts = "; ".join(part for part in (axis, direction) if part)
    return f"{group.metric} ({facts}): {', '.join(parts)}{gap}"


def bar_chart(ident: str, title: str, groups: Sequence[BarGroup]) -> Markup:
    """One block per metric: bars on the full track of a bounded metric, dots on an axis for an unbounded one.

    Bars start at zero, so a negative value extends to the left of it; an error
    bar shows each uncertainty; each block says its scale, unit and whether lower
    is better, in the picture and in its description.
    """
    plot_left, plot_width, value_width = LABEL_WIDTH + 8, 300, 90
    left, right, plot, bar_height = _g(plot_left), _g(plot_left + plot_width), _g(plot_width), _g(BAR_HEIGHT)
    labels, values = _g(LABEL_WIDTH), _g(plot_left + plot_width + 6)
    body: list[str] = []
    y, sentences = 6.0, []
    for group in groups:
        low, high = _domain(group)

        def scale(value: float, low: float = low, high: float = high, log: bool = group.logarithmic) -> float:
            return plot_left + _fraction(value, low, high, log) * plot_width

        direction, heading = _direction(group), _g(y + FONT)
        body.append(_text("4", heading, group.metric, weight="bold"))
        if direction:
            mark = "↑ " if group.higher_is_better else "↓ "
            corner = _g(plot_left + plot_width + value_width)
            body.append(_text(corner, heading, mark + direction, anchor="end", fill=MUTED, role="direction"))
        y += FONT + 8
        top = y
        dots = group.bounds is None
        suffix = f" {group.unit}" if group.unit and group.unit != "%" else group.unit
        for bar in group.bars:
            row, middle, baseline = _g(y), _g(y + BAR_HEIGHT / 2), _g(y + BAR_HEIGHT - 5)
            body.append(_text(labels, baseline, _shorten(bar.label, 34), anchor="end"))
            if dots:
                body.append(_line(left, middle, right, middle, stroke=TRACK, width=1, role="guide"))
                body.append(
                    f'<circle class="dot" cx="{_g(scale(bar.value))}" cy="{middle}" r="{DOT}" fill="{ACCENT}"/>'
                )
            else:
                start, end = sorted((scale(0.0 if low <= 0 <= high else low), scale(bar.value)))
                body.append(_rect(left, row, plot, bar_height, TRACK, role="track"))
                body.append(_rect(_g(start), row, _g(max(end - start, 0.0)), bar_height, ACCENT, role="bar"))
            if bar.low is not None and bar.high is not None:
                lower, upper, above, below = _g(scale(bar.low)), _g(scale(bar.high)), _g(y + 3), _g(y + BAR_HEIGHT - 3)
                body.append(_line(lower, middle, upper, middle, role="error"))
                body.append(_line(lower, above, lower, below, role="error"))
                body.append(_line(upper, above, upper, below, role="error"))
            body.append(_text(values, baseline, number(bar.value) + suffix))
            y += BAR_HEIGHT + 4
        if low < 0 < high:
            zero = _g(scale(0.0))
            body.append(_line(zero, _g(top - 2), zero, _g(y - 2), stroke=MUTED, width=1, role="zero"))
        axis_y, tick_end, tick_label = _g(y), _g(y + 4), _g(y + FONT + 4)
        body.append(_line(left, axis_y, right, axis_y, stroke=MUTED, width=1, role="axis"))
        for tick in _ticks(group, low, high):
            x = _g(scale(tick))
            body.append(_line(x, axis_y, x, tick_end, stroke=MUTED, width=1, role="tick"))
            body.append(_text(x, tick_label, number(tick), anchor="middle", fill=MUTED, role="tick"))
        y += FONT + 8
        axis = _axis_title(group, low, high)
        centre = _g(plot_left + plot_width / 2)
        body.append(_text(centre, _g(y + FONT), axis, anchor="middle", fill=MUTED, role="axis-title"))
        y += FONT + 14
        sentences.append(_sentence(group, axis, direction))
    width = plot_left + plot_width + value_width
    return _svg(ident, width, y, title, ". ".join(sentences) + ".", body)


SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
LIKELIHOODS: tuple[str, ...] = ("rare", "unlikely", "possible", "likely", "almost_certain")
_HEAT = ("#e3f1e3", "#f3f0d2", "#f8dfc0", "#f6c8bd", "#eeb0b0")


@dataclass(frozen=True)
class RiskMark:
    label: str
    severity: str
    likelihood: str


CELL_WIDTH, CELL_HEIGHT, MATRIX_LEFT, MATRIX_TOP = 104, 52, 92, 8


def _matrix_grid() -> tuple[tuple[str | tuple[str, str, str, str], ...], tuple[str, ...]]:
    """The risk matrix without its risks, the same on every page (drawn once): row by row, a severity's
    label and its cells, each cell's background followed by the cell (severity, likelihood and centre)
    where its risks' mark goes; then the axes' labels."""
    cell_w, cell_h, left, top = CELL_WIDTH, CELL_HEIGHT, MATRIX_LEFT, MATRIX_TOP
    grid: list[str | tuple[str, str, str, str]] = []
    for row, severity in enumerate(reversed(SEVERITIES)):
        y = top + row * cell_h
        grid.append(_text(_g(left - 8), _g(y + cell_h / 2 + 4), severity, anchor="end", weight="bold"))
        for column, likelihood in enumerate(LIKELIHOODS):
            x = left + column * cell_w
            heat = _HEAT[min(len(_HEAT) - 1, (SEVERITIES.index(severity) + column) * len(_HEAT) // 8)]
            grid.append(_rect(_g(x), _g(y), _g(cell_w), _g(cell_h), heat, "#ffffff"))
            grid.append((severity, likelihood, _g(x + cell_w / 2), _g(y + cell_h / 2 + 4)))
    bottom = top + len(SEVERITIES) * cell_h
    axes = [
        _text(_g(left + column * cell_w + cell_w / 2), _g(bottom + 18), likelihood.replace("_", " "), anchor="middle")
        for column, likelihood in enumerate(LIKELIHOODS)
    ]
    axes.append(
        _text(_g(left + len(LIKELIHOODS) * cell_w / 2), _g(bottom + 40), "likelihood", anchor="middle", fill=MUTED)
    )
    middle = top + len(SEVERITIES) * cell_h / 2
    axes.append(
        f'<text x="14" y="{middle:g}" transform="rotate(-90 14 {middle:g})" text-anchor="middle" '
        f'fill="{MUTED}">severity</text>'
    )
    return tuple(grid), tuple(axes)


_MATRIX_GRID, _MATRIX_AXES = _matrix_grid()


def risk_matrix(ident: str, risks: Sequence[RiskMark]) -> Markup:
    """Severity (rows, worst on top) against likelihood (columns), each risk a numbered mark in its cell."""
    cell_w, cell_h, left, top = CELL_WIDTH, CELL_HEIGHT, MATRIX_LEFT, MATRIX_TOP
    cells: dict[tuple[str, str], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.severity, risk.likelihood), []).append(risk.label)
    body: list[str] = []
    for shape in _MATRIX_GRID:
        if isinstance(shape, str):
            body.append(shape)
        elif (shape[0], shape[1]) in cells:
            here = cells[shape[0], shape[1]]
            body.append(_text(shape[2], shape[3], _shorten(", ".join(here), 14), anchor="middle", weight="bold"))
    body += _MATRIX_AXES
    bottom = top + len(SEVERITIES) * cell_h
    placed = [f"{risk.label} is {risk.severity} severity and {risk.likelihood.replace('_', ' ')}" for risk in risks]
    desc = "; ".join(placed) + "." if placed else "No risk states both a severity and a likelihood."
    return _svg(
        ident,
        left + len(LIKELIHOODS) * cell_w + 4,
        bottom + 48,
        "Risks by severity and likelihood",
        desc,
        body,
    )
