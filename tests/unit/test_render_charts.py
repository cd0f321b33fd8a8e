"""The SVG pictures: what they draw, and the words that describe it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cardgen.renderer.charts import Bar, BarGroup, RiskMark, StageBox, bar_chart, chain_diagram, number, risk_matrix

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    return root


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_chain_has_five_stages_in_order_with_their_completeness() -> None:
    stages = [StageBox(name, answered, 4) for name, answered in
              [("Data creation", 4), ("Curation", 0), ("Training", 2), ("Adaptation", 1), ("Deployment", 3)]]  # fmt: skip
    root = parse(chain_diagram("c", stages))
    labels = texts(root)
    assert labels[0::2] == ["Data creation", "Curation", "Training", "Adaptation", "Deployment"]
    assert labels[1::2] == ["4 of 4 (100%)", "0 of 4 (0%)", "2 of 4 (50%)", "1 of 4 (25%)", "3 of 4 (75%)"]
    assert len(root.findall(f"{SVG}line")) == 4, "four arrows join five stages"
    fills = [float(rect.get("width", 0)) for rect in root.findall(f"{SVG}rect") if rect.get("fill") == "#5b8fd0"]
    assert fills == [fills[0] * answered / 4 for answered in (4, 0, 2, 1, 3)]
    assert fills[0] > 100


def test_bars_show_slices_side_by_side_with_error_bars() -> None:
    group = BarGroup(
        "accuracy", (Bar("all data", 0.9, 0.88, 0.92), Bar("group=a", 0.8), Bar("group=b", 0.95, 0.9, 1.0))
    )
    svg = bar_chart("b", "task on data", [group, BarGroup("perplexity", (Bar("all data", 23.4),))])
    root = parse(svg)
    assert [t for t in texts(root) if t.startswith(("all", "group"))][:3] == ["all data", "group=a", "group=b"]
    assert len(root.findall(f"{SVG}line")) == 2 * 3, "two error bars, each a whisker and two caps"
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text is not None
    assert "largest gap between groups 0.15" in desc.text
    assert "all data 0.9 (from 0.88 to 0.92)" in desc.text
    assert "23.4" in texts(root), "perplexity gets its own scale"


def test_bar_lengths_are_proportional_on_a_shared_scale() -> None:
    root = parse(bar_chart("b", "t", [BarGroup("m", (Bar("x", 0.25), Bar("y", 0.5)))]))
    widths = [float(r.get("width", 0)) for r in root.findall(f"{SVG}rect") if r.get("fill") == "#5b8fd0"]
    assert widths[1] == 2 * widths[0]


def _bar_fraction(root: ET.Element) -> list[float]:
    """Each bar's length as a share of its track."""
    rects = list(root.iter(f"{SVG}rect"))
    tracks = [float(r.get("width", 0)) for r in rects if r.get("fill") == "#e4e8ee"]
    bars = [float(r.get("width", 0)) for r in rects if r.get("fill") == "#5b8fd0"]
    return [round(bar / track, 2) for bar, track in zip(bars, tracks, strict=True)]


def test_a_lone_bar_is_drawn_on_a_full_scale_not_its_own_maximum() -> None:
    proportion = parse(bar_chart("b", "t", [BarGroup("accuracy", (Bar("all data", 0.63),))]))
    assert _bar_fraction(proportion) == [0.63]
    percent = parse(bar_chart("b", "t", [BarGroup("accuracy (%)", (Bar("ImageNet", 63.3), Bar("MNIST", 48.4)))]))
    assert _bar_fraction(percent) == [0.63, 0.48]
    large = parse(bar_chart("b", "t", [BarGroup("perplexity", (Bar("PTB", 130.0),))]))
    assert _bar_fraction(large) == [0.65], "130 on a 0..200 axis"


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
