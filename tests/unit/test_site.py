"""The documentation site: the index's script is allowed by its exact hash, pages link relatively, and the
overview compares models only on benchmarks they share."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path

import pytest

from cardgen.completeness import card_completeness
from cardgen.ecosystem.graph import Graph, load_graph
from cardgen.errors import CardError
from cardgen.schema.parts import STAGES, title_of
from cardgen.site import benchmark_charts, build_site, page_names, pages_of, script, stage_chart
from tests.conftest import example_cards
from tests.unit.graph_doubles import card, graph


def result(dataset: str, metric: str, value: float, **extra: object) -> dict[str, object]:
    return {"task": "text-classification", "dataset": {"name": dataset}, "metric": metric, "value": value, **extra}


@pytest.fixture
def built() -> Graph:
    return graph(
        card("corpus", "dataset"),
        card(
            "model-a",
            organization="<Lab & Co>",
            uses=(("corpus", "dataset"),),
            evaluation={"results": [result("SST-2", "accuracy", 0.91), result("SST-2", "accuracy", 0.5, slice="neg")]},
        ),
        card(
            "model-b",
            uses=(("model-a", "model"),),
            evaluation={"results": [result("SST-2", "accuracy", 0.88), result("IMDB", "accuracy", 0.9)]},
        ),
        card("model-c", evaluation={"results": [result("SST-2", "f1", 0.7)]}),
    )


def test_index_script_is_allowed_by_its_hash_and_nothing_else(built: Graph, tmp_path: Path) -> None:
    build_site(built, tmp_path)
    html = (tmp_path / "index.html").read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    content = html_lib.unescape(policy.group(1))
    digest = base64.b64encode(hashlib.sha256(script().encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in content
    assert "unsafe-inline" not in content.split("script-src")[1]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert scripts == [script()], "the page holds exactly the hashed script"
    assert "&lt;Lab &amp; Co&gt;" in html, "card text is escaped"


def test_every_page_links_relatively_and_loads_nothing(built: Graph, tmp_path: Path) -> None:
    written = build_site(built, tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == [
        "cards/corpus.html",
        "cards/model-a.html",
        "cards/model-b.html",
        "cards/model-c.html",
        "graph.html",
        "index.html",
        "overview.html",
    ]
    for page in written:
        html = page.read_text()
        for link in re.findall(r'(?:href|src)="([^"#]*)', html):
            assert not re.match(r"[a-z]+:", link), f"{page.name} links outside: {link}"
            if link:
                assert (page.parent / link).resolve().is_file(), f"{page.name}: broken link {link}"
    index = (tmp_path / "index.html").read_text()
    assert index.count('<th scope="row">') == 4
    assert (tmp_path / "graph.html").read_text().count('<a href="cards/') == 4
    assert '<a href="../index.html">' in (tmp_path / "cards" / "model-a.html").read_text()


def test_page_names_stay_unique_when_card_files_share_a_name() -> None:
    second = card("y")
    twins = graph(card("x"), type(second)("other/x.card.yaml", None, second.card))
    assert list(page_names(twins).values()) == ["cards/x.html", "cards/x-2.html"]


def test_benchmarks_compare_models_on_the_same_dataset_and_metric_only(built: Graph) -> None:
    charts = benchmark_charts(built)
    assert [chart.caption for chart in charts] == ["accuracy on SST-2: 2 results"]
    svg = str(charts[0].svg)
    assert "model-a 0.91" in svg
    assert "model-b 0.88" in svg
    assert "0.5" not in svg, "a slice is not compared with whole-dataset results"


def test_the_stage_chart_sums_every_cards_fields_by_state() -> None:
    described = {"description": "Web text.", "sources": "unknown"}
    ecosystem = graph(
        card("corpus", "dataset", data_creation=described, curation="none"),
        card("model-a", data_creation=described, training={"procedure": "Two epochs."}),
        card("app", "application", adaptation="unknown"),
    )
    svg = str(stage_chart(ecosystem).svg)
    assert "2 of " in svg, "the two cards' documented data-creation fields add up"
    for stage in STAGES:
        done = [card_completeness(ecosystem.card(key)).get(stage) for key in ecosystem.nodes]
        documented = sum(part.answered for part in done if part is not None)
        total = sum(part.total for part in done if part is not None)
        assert total > 0, stage
        assert f"{title_of(stage)}" in svg
        assert f"{documented} of {total} documented" in svg, stage


def test_two_jobs_build_the_same_site_byte_for_byte() -> None:
    """The cards' pages come from worker processes with --jobs 2: every page, card pages and the index,
    graph and overview built from them, is the same bytes as the serial build's."""
    examples = load_graph([str(path) for path in example_cards()])
    serial = pages_of(examples, jobs=1)
    assert len(serial) == len(examples.nodes) + 3
    assert pages_of(examples, jobs=2) == serial


def test_two_jobs_report_the_same_first_card_that_cannot_be_rendered(tmp_path: Path) -> None:
    """A page that fails in a worker is reported as in the serial build: the first such card in the graph's
    order, with the same problems, and no exception that could not cross the process boundary."""
    (tmp_path / "card.html.j2").write_text(
        '{% extends "default/card.html.j2" %}{% block meta %}'
        "{% if card.kind != 'dataset' %}{{ 1 // 0 }}{% endif %}{% endblock %}"
    )
    examples = load_graph([str(path) for path in example_cards()])
    failures = []
    for jobs in (1, 2):
        with pytest.raises(CardError) as raised:
            pages_of(examples, tmp_path, jobs=jobs)
        failures.append([str(problem) for problem in raised.value.problems])
    assert failures[0] == failures[1]
    assert failures[0]
    assert "ZeroDivisionError" in failures[0][0]
