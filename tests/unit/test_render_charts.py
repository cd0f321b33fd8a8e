"""The SVG pictures: what they draw, and the words that describe it."""

from __future__ import annotations

import itertools
import random
import re
import xml.etree.ElementTree as ET

import pytest

from cardgen.completeness import STATE_WORDS
from cardgen.metrics import REGISTRY, Metric
from cardgen.renderer.charts import (
    STATE_COLOURS,
    Bar,
    BarGroup,
    RiskMark,
    StageBox,
    _g,
    bar_chart,
    chain_diagram,
    number,
    risk_matrix,
)
from cardgen.renderer.view import CHART_BARS, CHARTS_PER_TABLE, evaluation_charts
from cardgen.schema.evaluation import Result

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    return root


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def _box(label: str, documented: int, explained: int = 0, bare: int = 0, na: int = 0, missing: int = 0) -> StageBox:
    counts = {"documented": documented, "explained_unknown": explained, "bare_unknown": bare,
              "not_applicable": na, "missing": missing}  # fmt: skip
    return StageBox(label, tuple(counts.items()))


def test_chain_has_five_stages_in_order_with_their_completeness() -> None:
    stages = [_box("Data creation", 4), _box("Curation", 0, missing=4), _box("Training", 2, missing=2),
              _box("Adaptation", 1, missing=3), _box("Deployment", 3, missing=1)]  # fmt: skip
    root = parse(chain_diagram("c", stages))
    labels = [t for t in texts(root) if t not in STATE_WORDS.values()]
    assert labels[0::2] == ["Data creation", "Curation", "Training", "Adaptation", "Deployment"]
    assert labels[1::2] == [f"{n} of 4 documented" for n in (4, 0, 2, 1, 3)]
    assert len(root.findall(f"{SVG}line")) == 4, "four arrows join five stages"
    fills = [float(rect.get("width", 0)) for rect in _with_role(root, "rect", "documented")]
    assert fills == [fills[0] * answered / 4 for answered in (4, 2, 1, 3)]
    assert fills[0] > 100


def test_a_stage_answered_unknown_throughout_is_not_drawn_complete() -> None:
    stages = [_box("Training", 0, explained=9), _box("Deployment", 0, bare=5), _box("Adaptation", 0, na=5),
              _box("Curation", 2, explained=1, bare=1, na=1, missing=5)]  # fmt: skip
    root = parse(chain_diagram("c", stages))
    documented = _with_role(root, "rect", "documented")
    assert len(documented) == 1, "only the stage with documented fields fills in the accent colour"
    states = [[rect.get("class") for rect in _with_role(root, "rect", state)] for state in STATE_COLOURS]
    assert [len(found) for found in states] == [1, 2, 2, 2, 0], "missing leaves the track empty"
    colours = {rect.get("fill") for state in STATE_COLOURS for rect in _with_role(root, "rect", state)}
    assert len(colours) == 4, "each answered state has its own colour"
    shown = texts(root)
    assert {"0 of 9 documented", "9 unknown", "5 n/a"} <= set(shown)
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text is not None
    assert "Training: 0 of 9 documented, 9 unknown, explained" in desc.text
    assert (
        "Curation: 2 of 10 documented, 1 unknown, explained, 1 unknown, no reason given, 1 not applicable, 5 missing"
        in desc.text
    )
    assert [t for t in shown if t in STATE_WORDS.values()] == list(STATE_WORDS.values()), "a legend names the colours"


def _with_role(root: ET.Element, tag: str, role: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}{tag}") if element.get("class") == role]


def _widths(root: ET.Element, role: str) -> list[float]:
    return [float(rect.get("width", 0)) for rect in _with_role(root, "rect", role)]


def _bar_fraction(root: ET.Element) -> list[float]:
    """Each bar's length as a share of its track."""
    return [round(bar / track, 3) for bar, track in zip(_widths(root, "bar"), _widths(root, "track"), strict=True)]


def test_bars_show_slices_side_by_side_with_error_bars() -> None:
    group = BarGroup(
        "accuracy", (Bar("all data", 0.9, 0.88, 0.92), Bar("group=a", 0.8), Bar("group=b", 0.95, 0.9, 1.0))
    )
    root = parse(bar_chart("b", "task on data", [group]))
    assert [t for t in texts(root) if t.startswith(("all", "group"))][:3] == ["all data", "group=a", "group=b"]
    assert len(_with_role(root, "line", "error")) == 2 * 3, "two error bars, each a whisker and two caps"
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text is not None
    assert "largest gap between groups 0.15" in desc.text
    assert "all data 0.9 (from 0.88 to 0.92)" in desc.text
    assert "higher is better" in desc.text


def test_bar_lengths_are_proportional_on_a_shared_scale() -> None:
    root = parse(bar_chart("b", "t", [BarGroup("m", (Bar("x", 0.25), Bar("y", 0.5)))]))
    widths = _widths(root, "bar")
    assert widths[1] == 2 * widths[0]


def _chart(*results: dict[str, object]) -> ET.Element:
    """The one chart the page draws for these results (all on task t)."""
    charts = evaluation_charts([Result.model_validate({"task": "t", **result}) for result in results])
    assert len(charts) == 1
    return parse(str(charts[0].svg))


def _dots(root: ET.Element) -> list[float]:
    return [float(dot.get("cx", 0)) for dot in _with_role(root, "circle", "dot")]


def _tick_x(root: ET.Element, label: str) -> float:
    return next(float(t.get("x", 0)) for t in _with_role(root, "text", "tick") if t.text == label)


def _direction(root: ET.Element) -> list[str]:
    return [t.text or "" for t in _with_role(root, "text", "direction")]


def test_mt_bench_is_drawn_on_its_zero_to_ten_scale() -> None:
    root = _chart({"metric": "MT-Bench", "value": 7.3}, {"metric": "MT-Bench", "value": 8.99, "slice": "coding"})
    assert _bar_fraction(root) == [0.73, 0.899]
    assert [t.text for t in _with_role(root, "text", "tick")][-1] == "10"


def test_a_loss_is_not_drawn_as_a_full_track() -> None:
    root = _chart({"metric": "loss", "value": 0.69}, {"metric": "loss", "value": 0.35, "slice": "b"})
    assert _with_role(root, "rect", "track") == []
    assert _with_role(root, "rect", "bar") == []
    dots = _dots(root)
    assert len(dots) == 2
    assert dots[1] < dots[0]
    assert _tick_x(root, "0") < dots[1], "the axis starts at zero"
    assert _direction(root) == ["↓ lower is better"]


def test_lower_is_better_metrics_say_so() -> None:
    for metric, values in [("perplexity", (23.4, 35.1)), ("WER", (0.05, 0.12)), ("CER", (3.1, 4.2)),
                           ("latency", (12.0, 30.0)), ("bits per byte", (0.93, 1.1)), ("RMSE", (2.0, 3.0))]:  # fmt: skip
        root = _chart(*({"metric": metric, "value": value, "slice": str(value)} for value in values))
        assert _direction(root) == ["↓ lower is better"], metric


def test_values_orders_of_magnitude_apart_get_a_log_axis() -> None:
    root = _chart(
        {"metric": "latency", "value": 12.5, "unit": "ms"},
        {"metric": "latency", "value": 1450, "unit": "ms", "slice": "b"},
    )
    small, large = _dots(root)
    assert large - small > 150, "both values visible, far apart"
    assert abs(small - _tick_x(root, "10")) < abs(small - _tick_x(root, "100")), "12.5 sits just above 10"
    title = [t.text for t in _with_role(root, "text", "axis-title")]
    assert title == ["in ms, log scale"]
    assert {"12.5 ms", "1,450 ms"} <= set(texts(root))


def test_the_axis_shows_the_unit() -> None:
    root = _chart({"metric": "throughput", "value": 410}, {"metric": "throughput", "value": 380, "slice": "b"})
    assert [t.text for t in _with_role(root, "text", "axis-title")] == ["in tokens/s, scale 0 to 500"]
    assert _direction(root) == ["↑ higher is better"]


def test_negative_values_are_drawn_left_of_zero() -> None:
    bars = _chart(
        {"metric": "matthews_correlation", "value": -0.2},
        {"metric": "matthews_correlation", "value": 0.5, "slice": "b"},
    )
    zero = _tick_x(bars, "0")
    rects = _with_role(bars, "rect", "bar")
    negative, positive = (float(rect.get("x", 0)) for rect in rects)
    assert negative < zero
    assert abs(negative + float(rects[0].get("width", 0)) - zero) < 0.2
    assert abs(positive - zero) < 0.2
    dots = _chart(
        {"metric": "accuracy delta", "value": -2.1, "range": "unbounded", "higher_is_better": True},
        {"metric": "accuracy delta", "value": 3.4, "slice": "b"},
    )
    low, high = _dots(dots)
    assert low < _tick_x(dots, "0") < high
    ticks = sorted(float(t.get("x", 0)) for t in _with_role(dots, "text", "tick"))
    assert min(b - a for a, b in itertools.pairwise(ticks)) > 30, "tick labels never overlap"


def test_a_lone_value_gets_no_chart_as_the_table_says_it_all() -> None:
    results = [Result.model_validate({"task": "t", "metric": "accuracy", "value": 0.9})]
    assert evaluation_charts(results) == ()
    results.append(Result.model_validate({"task": "u", "metric": "accuracy", "value": 0.8}))
    assert evaluation_charts(results) == (), "one value on each of two tasks: still nothing to compare"


@pytest.mark.parametrize("count", [CHART_BARS + 1, 10_000])
def test_a_chart_of_many_results_draws_a_page_of_them_and_says_how_many_it_leaves_to_the_table(count: int) -> None:
    results = [
        Result.model_validate({"task": "t", "metric": "accuracy", "value": 0.5, "slice": f"s{index}"})
        for index in range(count)
    ]
    (chart,) = evaluation_charts(results)
    root = parse(str(chart.svg))
    assert len(_with_role(root, "rect", "bar")) == CHART_BARS
    labels = [t for t in texts(root) if re.fullmatch(r"s\d+", t)]
    assert labels == [f"s{index}" for index in range(CHART_BARS)], "the first ones, in card order"
    said = f"the first {CHART_BARS} of its {count} results; the table lists them all"
    assert said in chart.caption
    assert root.findtext(f"{SVG}title") == f"t, the first {CHART_BARS} of {count} results"
    desc = root.findtext(f"{SVG}desc") or ""
    assert f"s{CHART_BARS - 1} 0.5" in desc
    assert f"s{CHART_BARS} " not in desc, "the description tells what is drawn, no more"


def test_a_chart_under_the_bound_draws_every_result_and_says_nothing_more() -> None:
    results = [
        Result.model_validate({"task": "t", "metric": "accuracy", "value": 0.5, "slice": f"s{i}"})
        for i in range(CHART_BARS)
    ]
    (chart,) = evaluation_charts(results)
    assert len(_with_role(parse(str(chart.svg)), "rect", "bar")) == CHART_BARS
    assert chart.caption == "Results on t: accuracy on unnamed dataset"


def test_the_scale_of_a_partial_chart_is_read_from_every_result() -> None:
    """The first values look like a proportion (0-1); a later one shows the metric is a percentage."""
    values = [0.5] * CHART_BARS + [80.0]
    results = [
        Result.model_validate({"task": "t", "metric": "accuracy", "value": value, "slice": f"s{index}"})
        for index, value in enumerate(values)
    ]
    (chart,) = evaluation_charts(results)
    assert "scale 0 to 100" in (parse(str(chart.svg)).findtext(f"{SVG}desc") or "")


def test_only_so_many_charts_are_drawn_and_the_last_caption_says_how_many_pairs_are_left() -> None:
    pairs = CHARTS_PER_TABLE + 5
    results = [
        Result.model_validate({"task": f"task {pair}", "metric": "accuracy", "value": 0.5, "slice": str(index)})
        for pair in range(pairs)
        for index in range(2)
    ]
    charts = evaluation_charts(results)
    assert len(charts) == CHARTS_PER_TABLE
    assert "Not charted: 5 more task and metric pairs; the table lists their results" in charts[-1].caption
    assert not any("Not charted" in chart.caption for chart in charts[:-1])


@pytest.mark.parametrize("metric", REGISTRY, ids=lambda metric: metric.name)
def test_every_registered_metric_is_drawn_on_its_own_scale(metric: Metric) -> None:
    low, high = metric.bounds or (0.0, 1.0)
    values = (low + (high - low) * 0.3, low + (high - low) * 0.6)
    root = _chart(*({"metric": metric.name, "value": value, "slice": str(index)} for index, value in enumerate(values)))
    expected = {True: ["↑ higher is better"], False: ["↓ lower is better"], None: []}[metric.higher_is_better]
    assert _direction(root) == expected
    if metric.kind == "unbounded":
        assert _with_role(root, "rect", "track") == []
        assert len(_dots(root)) == 2
    else:
        assert _bar_fraction(root) == [0.3, 0.6] if low == 0 else len(_widths(root, "bar")) == 2
    if metric.unit:
        assert f"in {metric.unit}" in (_with_role(root, "text", "axis-title")[0].text or "")


def test_risks_sit_in_their_cells() -> None:
    root = parse(risk_matrix("r", [RiskMark("R1", "critical", "almost_certain"), RiskMark("R2", "low", "rare")]))
    marks = {
        t.text: (float(t.get("x", 0)), float(t.get("y", 0))) for t in root.iter(f"{SVG}text") if t.text in ("R1", "R2")
    }
    assert marks["R1"][0] > marks["R2"][0], "more likely to the right"
    assert marks["R1"][1] < marks["R2"][1], "more severe on top"
    assert len(root.findall(f"{SVG}rect")) == 20


def test_text_in_pictures_is_escaped() -> None:
    svg = bar_chart("b", "<script>x</script>", [BarGroup("</text><script>", (Bar("a&b", 1.0),))])
    assert "<script>" not in svg
    assert re.search(r"&lt;script&gt;", svg)
    parse(svg)


def test_numbers_read_naturally() -> None:
    assert [number(value) for value in (50000.0, 0.921, 2e-05, 110000000, 1.0)] == [
        "50,000", "0.921", "2e-05", "110,000,000", "1",
    ]  # fmt: skip


def test_coordinates_are_written_as_the_rounded_general_format_writes_them() -> None:
    """_g takes a short cut for whole numbers below 10,000: on generated values of every kind it writes
    what ``f"{round(value, 1):g}"`` writes (halves, zeros, ints and whole floats, the 10,000 edge, NaN)."""
    generated = random.Random(13)
    values: list[float] = [
        0.0,
        -0.0,
        0.05,
        -0.05,
        0.25,
        0.35,
        9999.94,
        9999.95,
        9999.96,
        -9999.96,
        10_000.0,
        5,
        -5,
        0,
        9999,
        -9999,
        10_000,
    ]
    values += [123456.78, 1e-300, 1e300, float("nan"), float("inf"), -float("inf")]
    for _ in range(20_000):
        values.append(generated.uniform(-20_000, 20_000))
        values.append(generated.randint(-20_000, 20_000))
        values.append(float(generated.randint(-20_000, 20_000)))
        values.append(generated.randint(-200_000, 200_000) / generated.choice([1, 2, 4, 10, 20, 100, 1000]))
        values.append(
            round(generated.uniform(-10_000, 10_000), generated.randint(0, 3)) + generated.choice([0.05, 0.25, -0.35])
        )
    assert [_g(value) for value in values] == [f"{round(value, 1):g}" for value in values]
