"""The graph formats: JSON and DOT say what the graph holds, the SVG never overlaps nodes, SQLite answers in SQL."""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlite_utils

from cardgen.ecosystem.formats import GRAPH_FORMATS, layers
from cardgen.ecosystem.graph import Graph, Loaded
from tests.unit.graph_doubles import card, graph

SVG = "{http://www.w3.org/2000/svg}"


def render(built: Graph, name: str) -> bytes:
    data: bytes = GRAPH_FORMATS.load(name).render(built)
    return data


def small_cards() -> list[Loaded]:
    return [
        card("webtext", "dataset", "Lab"),
        card(
            "base-lm",
            organization="Lab",
            license="Apache-2.0",
            uses=(("webtext", "dataset", "trained_on", None),),
            deployment={"access": "open"},
            risks=[{"id": "pii", "category": "privacy", "description": "Leaks names.", "mitigations": ["filter"]}],
            evaluation={"results": [{"task": "lm", "metric": "ppl", "value": 12.5, "dataset": {"name": "wiki"}}]},
        ),
        card(
            "chat-lm",
            organization='Lab "B" <x>',
            license={"name": "Custom", "url": "https://e.org"},
            uses=(("base-lm", "model", "fine_tuned_from", "v2"),),
        ),
        card("support-bot", "application", "Shop", uses=(("chat-lm", "model", "uses", None),)),
    ]


@pytest.fixture
def small() -> Graph:
    return graph(*small_cards())


def test_registry_names_the_four_formats() -> None:
    assert GRAPH_FORMATS.names() == ("json", "dot", "svg", "sqlite")
    assert GRAPH_FORMATS.get("sqlite").binary
    with pytest.raises(ValueError, match="choose json, dot, svg or sqlite"):
        GRAPH_FORMATS.get("png")


def test_layers_tell_base_from_adapted_models(small: Graph) -> None:
    assert list(layers(small).values()) == ["dataset", "base model", "adapted model", "application"]


def test_json_lists_node_facts_and_edges(small: Graph) -> None:
    document = json.loads(render(small, "json"))
    assert len(document["nodes"]) == 4
    by_name = {entry["name"]: entry for entry in document["nodes"]}
    assert by_name["base-lm"] == {
        "name": "base-lm",
        "kind": "model",
        "path": "cards/base-lm.card.yaml",
        "organization": "Lab",
        "access": "open",
        "license": "Apache-2.0",
    }
    assert by_name["chat-lm"]["license"] == "Custom"
    assert by_name["webtext"]["access"] is None
    assert {"source": "cards/chat-lm.card.yaml", "target": "cards/base-lm.card.yaml"}.items() <= document["edges"][
        1
    ].items()
    assert [(edge["relation"], edge["version"]) for edge in document["edges"]] == [
        ("trained_on", None),
        ("fine_tuned_from", "v2"),
        ("uses", None),
    ]


def test_dot_quotes_names_and_points_downstream(small: Graph) -> None:
    text = render(small, "dot").decode()
    assert text.startswith("digraph ecosystem {")
    assert '"cards/base-lm.card.yaml" -> "cards/chat-lm.card.yaml" [label="fine_tuned_from v2"];' in text
    assert "shape=cylinder" in text
    weird = graph(card('a"b\\c\nd'))
    assert '[label="a\\"b\\\\c\\nd"' in render(weird, "dot").decode()


def boxes(svg: bytes) -> list[tuple[float, float, float, float]]:
    root = ET.fromstring(svg)
    return [
        (float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width", 0)), float(r.get("height", 0)))
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "node-box"
    ]


def overlapping(found: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for (i, a), (j, b) in itertools.combinations(enumerate(found), 2)
        if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
    ]


def synthetic(count: int) -> Graph:
    """Datasets, base models, fine-tunes and applications in Ecosystem Graphs' proportions, with long names."""
    datasets = [f"dataset {i} with a name far longer than any box could hold" for i in range(count // 6)]
    models = [f"model {i} with a name far longer than any box could hold" for i in range(count * 2 // 3)]
    apps = [
        f"app {i} with a name far longer than any box could hold" for i in range(count - len(datasets) - len(models))
    ]
    cards = [card(name, "dataset") for name in datasets]
    for i, name in enumerate(models):
        uses: tuple[tuple[str, str], ...] = ((datasets[i % len(datasets)], "dataset"),)
        if i % 2:
            uses += ((models[i // 3], "model"),)
        cards.append(card(name, uses=uses))
    cards += [
        card(name, "application", uses=((models[(7 * i) % len(models)], "model"),)) for i, name in enumerate(apps)
    ]
    return graph(*cards)


def test_svg_draws_640_nodes_without_overlap_and_with_full_names_in_tooltips() -> None:
    built = synthetic(640)
    svg = render(built, "svg")
    found = boxes(svg)
    assert len(found) == 640
    assert overlapping(found) == []
    root = ET.fromstring(svg)
    assert int(float(root.get("width", 0))) >= max(x + w for x, _, w, _ in found)
    assert int(float(root.get("height", 0))) >= max(y + h for _, y, _, h in found)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert all(f"{n.name} (model)" in titles for n in built.nodes.values() if n.kind == "model")
    labels = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert max(len(label) for label in labels) <= 30, "labels are shortened to fit their box"
    assert len(root.findall(f".//{SVG}path")) >= len(built.edges)


def test_svg_places_layers_top_to_bottom_and_links_nodes(small: Graph) -> None:
    module = GRAPH_FORMATS.load("svg")
    svg = module.render(small, link=lambda key: f"cards/{small.nodes[key].name}.html")
    root = ET.fromstring(svg)
    tops = [y for _, y, _, _ in boxes(svg)]
    order = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    ranked = sorted(zip(tops, order, strict=True))
    assert [name.split(" (")[0] for _, name in ranked] == ["webtext", "base-lm", "chat-lm", "support-bot"]
    assert next(a.get("href") for a in root.iter(f"{SVG}a")) == "cards/webtext.html"
    assert b"Lab &#34;B&#34; &lt;x&gt;" in svg, "card text is escaped"


PERSONAL_APPS = """
WITH RECURSIVE upstream(asset_id, depends_on_id) AS (
  SELECT asset_id, depends_on_id FROM dependencies
  UNION
  SELECT upstream.asset_id, dependencies.depends_on_id
  FROM upstream JOIN dependencies ON dependencies.asset_id = upstream.depends_on_id
)
SELECT DISTINCT application.name
FROM upstream
JOIN assets AS application ON application.id = upstream.asset_id
JOIN assets AS dataset ON dataset.id = upstream.depends_on_id
WHERE application.kind = 'application' AND dataset.kind = 'dataset' AND dataset.personal_data = 1
ORDER BY application.name
"""


def personal_data_graph() -> Graph:
    """Two applications reach a dataset with personal data (one through two models); one reaches none."""
    cards = small_cards()
    cards[0] = card("webtext", "dataset", "Lab", uses=(("forum-dump", "dataset"),))
    cards += [
        card("forum-dump", "dataset", composition={"personal_information": True}),
        card("clean-set", "dataset", composition={"personal_information": False}),
        card("direct-app", "application", uses=(("forum-dump", "dataset"),)),
        card("clean-app", "application", uses=(("clean-set", "dataset"), ("nowhere", "model"))),
    ]
    return graph(*cards)


def test_sqlite_answers_the_transitive_personal_data_question(tmp_path: Path) -> None:
    database = tmp_path / "graph.sqlite"
    database.write_bytes(render(personal_data_graph(), "sqlite"))
    with sqlite3.connect(database) as connection:
        rows = connection.execute(PERSONAL_APPS).fetchall()
        assert rows == [("direct-app",), ("support-bot",)]
        flags = dict(connection.execute("SELECT name, personal_data FROM assets").fetchall())
        assert (flags["forum-dump"], flags["clean-set"], flags["webtext"]) == (1, 0, 0)
        inherited = connection.execute(
            """
            SELECT asset.name, inherited.reference, inherited.path, inherited.addressed, risks.description
            FROM inherited_risks AS inherited
            JOIN assets AS asset ON asset.id = inherited.asset_id
            JOIN risks ON risks.id = inherited.risk_id
            ORDER BY asset.name
            """
        ).fetchall()
        assert inherited == [
            ("chat-lm", "base-lm#pii", "base-lm -> chat-lm", 0, "Leaks names."),
            ("support-bot", "base-lm#pii", "base-lm -> chat-lm -> support-bot", 0, "Leaks names."),
        ]
        facts = connection.execute(
            "SELECT asset.name, inherited.path FROM inherited_risks AS inherited"
            " JOIN assets AS asset ON asset.id = inherited.asset_id WHERE inherited.risk_id IS NULL ORDER BY 1, 2"
        ).fetchall()
        assert ("direct-app", "forum-dump -> direct-app") in facts
        assert ("support-bot", "forum-dump -> webtext -> base-lm -> chat-lm -> support-bot") in facts
        unaddressed = dict(connection.execute("SELECT name, unaddressed_inherited_risks FROM assets").fetchall())
        assert unaddressed["support-bot"] == sum(1 for row in inherited + facts if row[0] == "support-bot")
        risk = connection.execute("SELECT risk_id, category, description, mitigations FROM risks").fetchall()
        assert risk == [("pii", "privacy", "Leaks names.", '["filter"]')]
        assert connection.execute("SELECT task, dataset, metric, value FROM evaluation_results").fetchall() == [
            ("lm", "wiki", "ppl", 12.5)
        ]
        dangling = connection.execute(
            "SELECT name, depends_on_id, resolved_by FROM dependencies WHERE depends_on_id IS NULL"
        ).fetchall()
        assert dangling == [("nowhere", None, "unlinked")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_opens_in_sqlite_utils_with_keys_and_plain_types(small: Graph, tmp_path: Path) -> None:
    database = tmp_path / "graph.sqlite"
    database.write_bytes(render(small, "sqlite"))
    db = sqlite_utils.Database(database)
    assert set(db.table_names()) >= {
        "assets",
        "dependencies",
        "risks",
        "inherited_risks",
        "evaluation_results",
        "lint_findings",
    }
    for name in db.table_names():
        table = db[name]
        assert table.pks == ["id"], name
        assert {column.type for column in table.columns} <= {"INTEGER", "TEXT", "REAL"}, name
    assert {(fk.column, fk.other_table) for fk in db["dependencies"].foreign_keys} == {
        ("asset_id", "assets"),
        ("depends_on_id", "assets"),
    }
    assert db["assets"].count == 4
    assert [row["name"] for row in db.query("SELECT name FROM assets WHERE layer = 'adapted model'")] == ["chat-lm"]


def test_sqlite_opens_in_datasette_and_answers_the_question_there(tmp_path: Path) -> None:
    """Datasette serves the file as written (immutable, no changes) and runs the transitive query."""
    from datasette.app import Datasette

    database = tmp_path / "graph.sqlite"
    database.write_bytes(render(personal_data_graph(), "sqlite"))
    before = database.read_bytes()
    site = Datasette(immutables=[str(database)])

    async def ask() -> tuple[list[str], list[dict[str, object]]]:
        tables = await site.client.get("/graph.json")
        answer = await site.client.get("/graph.json", params={"sql": PERSONAL_APPS, "_shape": "array"})
        assert tables.status_code == answer.status_code == 200
        return [table["name"] for table in tables.json()["tables"]], answer.json()

    names, rows = asyncio.run(ask())
    assert {"assets", "dependencies", "risks", "inherited_risks", "evaluation_results", "lint_findings"} <= set(names)
    assert rows == [{"name": "direct-app"}, {"name": "support-bot"}]
    assert database.read_bytes() == before
