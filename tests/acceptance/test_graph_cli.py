"""``cardgen graph`` and ``cardgen site`` as a user runs them, on a small hand-written ecosystem."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_cardgen

CARDS = {
    "webtext": "kind: dataset\ndataset:\n  name: webtext\n  organization: Lab\ncomposition:\n  personal_information: true\n",
    "base-lm": (
        "model:\n  name: base-lm\n  organization: Lab\n  license: Apache-2.0\ndeployment:\n  access: open\n"
        "dependencies:\n  - name: webtext\n    kind: dataset\n    relation: trained_on\n    card: webtext.card.yaml\n"
    ),
    "chat-lm": (
        "model:\n  name: chat-lm\ndependencies:\n  - name: base-lm\n    kind: model\n    relation: fine_tuned_from\n"
        "    version: '2.0'\n"
    ),
    "support-bot": "kind: application\napplication:\n  name: support-bot\ndependencies:\n  - name: chat-lm\n    kind: model\n",
}


@pytest.fixture
def ecosystem(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    for name, text in CARDS.items():
        (folder / f"{name}.card.yaml").write_text(text)
    return folder


def test_json_goes_to_stdout_with_nodes_and_edges(ecosystem: Path) -> None:
    result = run_cardgen("graph", str(ecosystem), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert sorted(node["name"] for node in document["nodes"]) == sorted(CARDS)
    base = next(node for node in document["nodes"] if node["name"] == "base-lm")
    assert (base["kind"], base["organization"], base["access"], base["license"]) == (
        "model",
        "Lab",
        "open",
        "Apache-2.0",
    )
    relations = {
        (Path(e["source"]).name, Path(e["target"]).name, e["relation"], e["version"]) for e in document["edges"]
    }
    assert relations == {
        ("base-lm.card.yaml", "webtext.card.yaml", "trained_on", None),
        ("chat-lm.card.yaml", "base-lm.card.yaml", "fine_tuned_from", "2.0"),
        ("support-bot.card.yaml", "chat-lm.card.yaml", None, None),
    }


def test_dot_and_svg_by_format_or_suffix(ecosystem: Path, tmp_path: Path) -> None:
    dot = run_cardgen("graph", str(ecosystem), "--format", "dot")
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith("digraph ecosystem {")
    assert dot.stdout.count(" -> ") == 3
    picture = tmp_path / "graph.svg"
    drawn = run_cardgen("graph", str(ecosystem), "-o", str(picture))
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout == ""
    root = ET.parse(picture).getroot()
    assert len([r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "node-box"]) == 4


def test_sqlite_needs_a_file_and_answers_in_sql(ecosystem: Path, tmp_path: Path) -> None:
    refused = run_cardgen("graph", str(ecosystem), "--format", "sqlite")
    assert refused.returncode == 2
    assert "give -o FILE" in refused.stderr
    assert refused.stdout == ""
    database = tmp_path / "eco.sqlite"
    made = run_cardgen("graph", str(ecosystem), "-o", str(database))
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            """
            WITH RECURSIVE upstream(asset_id, depends_on_id) AS (
              SELECT asset_id, depends_on_id FROM dependencies
              UNION
              SELECT upstream.asset_id, dependencies.depends_on_id
              FROM upstream JOIN dependencies ON dependencies.asset_id = upstream.depends_on_id
            )
            SELECT DISTINCT application.name FROM upstream
            JOIN assets AS application ON application.id = upstream.asset_id
            JOIN assets AS dataset ON dataset.id = upstream.depends_on_id
            WHERE application.kind = 'application' AND dataset.kind = 'dataset' AND dataset.personal_data = 1
            """
        ).fetchall()
    assert rows == [("support-bot",)]


def test_broken_cards_are_reported_and_left_out(ecosystem: Path, tmp_path: Path) -> None:
    (ecosystem / "broken.card.yaml").write_text("model: [unclosed\n")
    (ecosystem / "invalid.card.yaml").write_text("model:\n  name: x\n  parameters: many\n")
    output = tmp_path / "graph.json"
    result = run_cardgen("graph", str(ecosystem), "-o", str(output))
    assert result.returncode == 2
    assert "broken.card.yaml:" in result.stderr
    assert "invalid.card.yaml:3:" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(json.loads(output.read_text())["nodes"]) == 4


def test_site_builds_every_page(ecosystem: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cardgen("site", str(ecosystem), "-o", str(site))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (site / "cards").iterdir()) == sorted(f"{name}.html" for name in CARDS)
    index = (site / "index.html").read_text()
    assert index.count('<th scope="row">') == 4
    for name in CARDS:
        assert f'href="cards/{name}.html"' in index


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_site_page_that_cannot_be_written_is_named(ecosystem: Path, tmp_path: Path, jobs: str) -> None:
    """The pages are written by several threads: a page that cannot be written (a folder is in its place)
    is named, exit 2, no traceback, and the pages that could be written are whole."""
    site = tmp_path / "site"
    (site / "cards" / "base-lm.html").mkdir(parents=True)
    result = run_cardgen("site", str(ecosystem), "-o", str(site), "--jobs", jobs)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{site / 'cards' / 'base-lm.html'}: cannot write the output: it is a directory" in result.stderr
    for page in site.rglob("*.html"):
        if page.is_file():
            assert page.read_text().rstrip().endswith("</html>"), page
