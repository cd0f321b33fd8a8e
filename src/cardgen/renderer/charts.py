"""Inline SVG pictures, drawn by hand so the page needs no plotting library, script or image file.

Every picture has a <title> and a <desc> that say in words what it shows, so a
screen reader (and a search) gets the same facts as the eye.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

FONT = 13
LABEL_WIDTH = 240
BAR_HEIGHT = 18
INK = "#1a1a1a"
MUTED = "#4a4a4a"
ACCENT = "#5b8fd0"
TRACK = "#e4e8ee"


def _svg(ident: str, width: float, height: float, title: str, desc: str, body: Markup) -> Markup:
    """The <svg> wrapper shared by every picture: size, role and text alternatives."""
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{0}" '
        'viewBox="0 0 {1:g} {2:g}" width="{1:g}" height="{2:g}" aria-labelledby="{0}-title {0}-desc" '
        'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="{3}">'
        '<title id="{0}-title">{4}</title><desc id="{0}-desc">{5}</desc>{6}</svg>'
    ).format(ident, round(width, 1), round(height, 1), FONT, title, desc, body)


def _text(x: float, y: float, text: str, *, anchor: str = "start", weight: str = "normal", fill: str = INK) -> Markup:
    return Markup('<text x="{0:g}" y="{1:g}" text-anchor="{2}" font-weight="{3}" fill="{4}">{5}</text>').format(
        round(x, 1), round(y, 1), anchor, weight, fill, text
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "none") -> Markup:
    return Markup('<rect x="{0:g}" y="{1:g}" width="{2:g}" height="{3:g}" fill="{4}" stroke="{5}"/>').format(
        round(x, 1), round(y, 1), round(max(width, 0.0), 1), round(height, 1), fill, stroke
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1.5) -> Markup:
    return Markup('<line x1="{0:g}" y1="{1:g}" x2="{2:g}" y2="{3:g}" stroke="{4}" stroke-width="{5:g}"/>').format(
        round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1), stroke, width
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value: float) -> str:
    """A figure as people write it: whole numbers in full, others to four significant digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


@dataclass(frozen=True)
class StageBox:
    label: str
    answered: int
    total: int

    @property
    def ratio(self) -> float:
        return self.answered / self.total if self.total else 0.0


def chain_diagram(ident: str, stages: Sequence[StageBox]) -> Markup:
    """The ecosystem chain as boxes joined by arrows, each filled as far as its documentation goes."""
    box_width, gap, height = 150, 34, 96
    body = [
        Markup(
            '<defs><marker id="{0}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{1}"/></marker></defs>'
        ).format(ident, INK)
    ]
    for index, stage in enumerate(stages):
        x = 4 + index * (box_width + gap)
        body.append(_rect(x, 4, box_width, height - 8, "#ffffff", INK))
        body.append(_text(x + box_width / 2, 28, _shorten(stage.label, 20), anchor="middle", weight="bold"))
        body.append(_rect(x + 12, 44, box_width - 24, 12, TRACK))
        body.append(_rect(x + 12, 44, (box_width - 24) * stage.ratio, 12, ACCENT))
        body.append(
            _text(x + box_width / 2, 78, f"{stage.answered} of {stage.total} ({stage.ratio:.0%})", anchor="middle")
        )
        if index:
            body.append(
                Markup(
                    '<line x1="{0:g}" y1="{1}" x2="{2:g}" y2="{1}" stroke="{3}" stroke-width="2" '
                    'marker-end="url(#{4}-arrow)"/>'
                ).format(x - gap + 2, height / 2, x - 3, INK, ident)
            )
    width = 8 + len(stages) * box_width + (len(stages) - 1) * gap
    desc = "; ".join(
        f"{stage.label}: {stage.answered} of {stage.total} fields documented ({stage.ratio:.0%})" for stage in stages
    )
    return _svg(
        ident, width, height, "How completely each stage of the chain is documented", desc + ".", Markup("").join(body)
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
    """The bars of one metric on one task, one per dataset and slice, drawn on a shared scale so gaps show."""

    metric: str
    bars: tuple[Bar, ...]

    @property
    def gap(self) -> float:
        values = [bar.value for bar in self.bars]
        return max(values) - min(values)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def _domain(bars: Sequence[Bar]) -> tuple[float, float]:
    """The axis range: from zero (or below) to 1 for proportions, 100 for percentages, else a round ceiling.

    A fixed full scale keeps a lone bar honest: 0.63 fills 63% of the track, not all of it.
    """
    points = [point for bar in bars for point in (bar.value, bar.low, bar.high) if point is not None]
    low, high = min(0.0, *points), max(0.0, *points)
    if high <= 1:
        ceiling = 1.0
    elif high <= 100:
        ceiling = 100.0
    else:
        ceiling = _nice_ceiling(high)
    return low, ceiling


def bar_chart(ident: str, title: str, groups: Sequence[BarGroup]) -> Markup:
    """Horizontal bars, one block per metric; slices sit next to each other with their error bars."""
    plot_left, plot_width, value_width = LABEL_WIDTH + 8, 300, 70
    body: list[Markup] = []
    y, sentences = 6.0, []
    for group in groups:
        low, high = _domain(group.bars)

        def scale(value: float, low: float = low, high: float = high) -> float:
            return plot_left + (value - low) / (high - low) * plot_width

        body.append(_text(4, y + FONT, group.metric, weight="bold"))
        y += FONT + 8
        zero = scale(0.0)
        for bar in group.bars:
            start, end = sorted((zero, scale(bar.value)))
            body.append(_text(LABEL_WIDTH, y + BAR_HEIGHT - 5, _shorten(bar.label, 34), anchor="end"))
            body.append(_rect(plot_left, y, plot_width, BAR_HEIGHT, TRACK))
            body.append(_rect(start, y, end - start, BAR_HEIGHT, ACCENT))
            if bar.low is not None and bar.high is not None:
                middle = y + BAR_HEIGHT / 2
                body.append(_line(scale(bar.low), middle, scale(bar.high), middle))
                body.append(_line(scale(bar.low), y + 3, scale(bar.low), y + BAR_HEIGHT - 3))
                body.append(_line(scale(bar.high), y + 3, scale(bar.high), y + BAR_HEIGHT - 3))
            body.append(_text(plot_left + plot_width + 6, y + BAR_HEIGHT - 5, number(bar.value)))
            y += BAR_HEIGHT + 4
        body.append(_text(plot_left, y + FONT, number(low), fill=MUTED))
        body.append(_text(plot_left + plot_width, y + FONT, number(high), anchor="end", fill=MUTED))
        y += FONT + 14
        parts = [
            f"{bar.label} {number(bar.value)}"
            + (
                f" (from {number(bar.low)} to {number(bar.high)})"
                if bar.low is not None and bar.high is not None
                else ""
            )
            for bar in group.bars
        ]
        gap = f"; largest gap between groups {number(group.gap)}" if len(group.bars) > 1 else ""
        sentences.append(f"{group.metric}: {', '.join(parts)}{gap}")
    width = plot_left + plot_width + value_width
    return _svg(ident, width, y, title, ". ".join(sentences) + ".", Markup("").join(body))


SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
LIKELIHOODS: tuple[str, ...] = ("rare", "unlikely", "possible", "likely", "almost_certain")
_HEAT = ("#e3f1e3", "#f3f0d2", "#f8dfc0", "#f6c8bd", "#eeb0b0")


@dataclass(frozen=True)
class RiskMark:
    label: str
    severity: str
    likelihood: str


def risk_matrix(ident: str, risks: Sequence[RiskMark]) -> Markup:
    """Severity (rows, worst on top) against likelihood (columns), each risk a numbered mark in its cell."""
    cell_w, cell_h, left, top = 104, 52, 92, 8
    body: list[Markup] = []
    for row, severity in enumerate(reversed(SEVERITIES)):
        y = top + row * cell_h
        body.append(_text(left - 8, y + cell_h / 2 + 4, severity, anchor="end", weight="bold"))
        for column, likelihood in enumerate(LIKELIHOODS):
            x = left + column * cell_w
            heat = _HEAT[min(len(_HEAT) - 1, (SEVERITIES.index(severity) + column) * len(_HEAT) // 8)]
            body.append(_rect(x, y, cell_w, cell_h, heat, "#ffffff"))
            here = [risk.label for risk in risks if (risk.severity, risk.likelihood) == (severity, likelihood)]
            if here:
                body.append(
                    _text(
                        x + cell_w / 2,
                        y + cell_h / 2 + 4,
                        _shorten(", ".join(here), 14),
                        anchor="middle",
                        weight="bold",
                    )
                )
    bottom = top + len(SEVERITIES) * cell_h
    for column, likelihood in enumerate(LIKELIHOODS):
        body.append(
            _text(left + column * cell_w + cell_w / 2, bottom + 18, likelihood.replace("_", " "), anchor="middle")
        )
    body.append(_text(left + len(LIKELIHOODS) * cell_w / 2, bottom + 40, "likelihood", anchor="middle", fill=MUTED))
    body.append(
        Markup(
            '<text x="14" y="{0:g}" transform="rotate(-90 14 {0:g})" text-anchor="middle" fill="{1}">severity</text>'
        ).format(top + len(SEVERITIES) * cell_h / 2, MUTED)
    )
    placed = [f"{risk.label} is {risk.severity} severity and {risk.likelihood.replace('_', ' ')}" for risk in risks]
    desc = "; ".join(placed) + "." if placed else "No risk states both a severity and a likelihood."
    return _svg(
        ident,
        left + len(LIKELIHOODS) * cell_w + 4,
        bottom + 48,
        "Risks by severity and likelihood",
        desc,
        Markup("").join(body),
    )
