"""The ecosystem graph: nodes and edges from cards, resolution by path and by name, cycles at any depth."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cardgen.ecosystem.graph import Graph, Loaded, Node, load_graph
from cardgen.io.discover import path_key
from cardgen.io.loader import parse_text
from cardgen.validation import check


def _loaded(path: str, data: dict[str, object]) -> Loaded:
    document = parse_text(json.dumps(data), path)
    card, problems = check(document)
    assert problems == []
    return Loaded(path, document, card)


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


ECOSYSTEM = {
    "data/webtext.card.yaml": """
kind: dataset
dataset:
  name: WebText
  organization: OpenAI
  license: {value: unknown, explanation: not published}
deployment:
  access: closed
""",
    "models/base.card.yaml": """
model:
  name: base-lm
  organization: Example Lab
  license: {id: MIT, name: MIT License}
deployment: {access: open}
dependencies:
  - {name: WebText, kind: dataset, relation: trained_on, card: ../data/webtext.card.yaml, version: '2019'}
""",
    "apps/bot.card.yaml": """
kind: application
application:
  name: support-bot
  license: Proprietary
dependencies:
  - {name: Base-LM, kind: model, relation: fine_tuned_from}
  - {name: Search API, kind: application, url: 'https://example.org'}
  - {name: Unwritten, kind: dataset}
""",
}


def test_nodes_and_edges_carry_what_the_graph_formats_show(tmp_path: Path) -> None:
    _write(tmp_path, ECOSYSTEM)
    graph = load_graph([tmp_path])
    nodes = {node.name: node for node in graph.nodes.values()}
    assert nodes["WebText"] == Node(
        "WebText", "dataset", os.path.join(str(tmp_path), "data", "webtext.card.yaml"), "OpenAI", "closed", None
    )
    assert (nodes["base-lm"].kind, nodes["base-lm"].license, nodes["base-lm"].access) == ("model", "MIT", "open")
    assert (nodes["support-bot"].kind, nodes["support-bot"].license) == ("application", "Proprietary")
    edges = [(graph.nodes[e.source].name, e.name, e.via, e.relation, e.version) for e in graph.edges]
    assert edges == [  # directories are read in name order: apps, data, models
        ("support-bot", "Base-LM", "name", "fine_tuned_from", None),
        ("support-bot", "Search API", "url", None, None),
        ("support-bot", "Unwritten", "unlinked", None, None),
        ("base-lm", "WebText", "card", "trained_on", "2019"),
    ]
    resolved = [(graph.nodes[e.source].name, graph.nodes[e.target].name) for e in graph.edges if e.target]
    assert resolved == [("support-bot", "base-lm"), ("base-lm", "WebText")]
    assert [graph.dangles(edge) for edge in graph.edges] == [False, False, True, False]


def test_card_links_are_followed_beyond_the_paths_given(tmp_path: Path) -> None:
    _write(tmp_path, ECOSYSTEM)
    graph = load_graph([tmp_path / "models" / "base.card.yaml"])
    assert sorted(node.name for node in graph.nodes.values()) == ["WebText", "base-lm"]
    assert graph.listed == 1
    assert graph.edges[0].target == path_key(str(tmp_path / "data" / "webtext.card.yaml"))
    assert sorted(node.name for node in load_graph([tmp_path / "models"], follow=False).nodes.values()) == ["base-lm"]


@pytest.mark.parametrize(
    ("upstream", "via"),
    [
        ("model:\n  licence: x\n", "unreadable"),
        ("model: [\n", "unreadable"),
        (None, "missing"),
    ],
)
def test_a_card_link_to_a_bad_or_missing_file_does_not_resolve(tmp_path: Path, upstream: str | None, via: str) -> None:
    files = {"a.card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model, card: b.card.yaml}\n"}
    if upstream is not None:
        files["b.card.yaml"] = upstream
    _write(tmp_path, files)
    graph = load_graph([tmp_path / "a.card.yaml"])
    assert [(edge.target, edge.via) for edge in graph.edges] == [(None, via)]
    assert len(graph.nodes) == 1


def test_cycles_are_found_at_any_depth_without_recursion() -> None:
    size = 5000
    cards = [
        _loaded(
            f"m{i}.card.yaml", {"model": {"name": f"m{i}"}, "dependencies": [{"name": f"m{i + 1}", "kind": "model"}]}
        )
        for i in range(size)
    ]
    chain = Graph.build([*cards, _loaded("end.card.yaml", {"model": {"name": f"m{size}"}})])
    assert not any(chain.cycle_through(edge) for edge in chain.edges)
    closing = _loaded(
        f"m{size}.card.yaml", {"model": {"name": f"m{size}"}, "dependencies": [{"name": "m4990", "kind": "model"}]}
    )
    looped = Graph.build([*cards, closing])
    on_cycle = [edge for edge in looped.edges if looped.cycle_through(edge)]
    assert len(on_cycle) == 11
    assert looped.cycle_through(on_cycle[-1]) == [f"m{size}", "m4990", *[f"m{i}" for i in range(4991, size + 1)]]


def test_shared_names_are_ambiguous_and_namesakes_are_known() -> None:
    graph = Graph.build(
        [
            _loaded("a.card.yaml", {"model": {"name": "Twin"}}),
            _loaded("b.card.yaml", {"kind": "dataset", "dataset": {"name": "twin "}}),
            _loaded("c.card.yaml", {"model": {"name": "c"}, "dependencies": [{"name": "TWIN", "kind": "model"}]}),
        ]
    )
    assert [edge.via for edge in graph.edges] == ["ambiguous"]
    assert graph.namesakes("a.card.yaml") == [path_key("b.card.yaml")]
    assert graph.namesakes("c.card.yaml") == []
