"""The graph as a SQLite database, so that a team can ask its questions in SQL.

Plain tables with integer primary keys, declared foreign keys and only TEXT,
INTEGER and REAL columns: the file opens as it is in sqlite3, sqlite-utils and
Datasette. Lists (mitigations) are stored as JSON text, which all three read.
The README shows the one recursive query that finds the applications
depending, at any depth, on a dataset that holds personal data.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cardgen.ecosystem.assess import Assessment, assess
from cardgen.ecosystem.graph import Graph
from cardgen.renderer.view import evaluation_results
from cardgen.schema.answers import items, plain
from cardgen.schema.card import AnyCard
from cardgen.schema.evaluation import measured

SCHEMA = """
CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  layer TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  organization TEXT,
  access TEXT,
  license TEXT,
  personal_data INTEGER NOT NULL,
  completeness REAL NOT NULL,
  unaddressed_inherited_risks INTEGER NOT NULL
);
CREATE TABLE dependencies (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  depends_on_id INTEGER REFERENCES assets(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  relation TEXT,
  version TEXT,
  resolved_by TEXT NOT NULL
);
CREATE TABLE risks (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  risk_id TEXT,
  category TEXT,
  description TEXT,
  severity TEXT,
  likelihood TEXT,
  status TEXT,
  mitigations TEXT
);
CREATE TABLE inherited_risks (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  origin_id INTEGER NOT NULL REFERENCES assets(id),
  risk_id INTEGER REFERENCES risks(id),
  reference TEXT NOT NULL,
  category TEXT,
  description TEXT NOT NULL,
  path TEXT NOT NULL,
  addressed INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE TABLE evaluation_results (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  task TEXT NOT NULL,
  dataset TEXT,
  split TEXT,
  metric TEXT NOT NULL,
  value REAL,
  slice TEXT,
  category TEXT
);
CREATE TABLE lint_findings (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  field TEXT NOT NULL,
  part TEXT NOT NULL,
  line INTEGER NOT NULL,
  "column" INTEGER NOT NULL
);
CREATE INDEX dependencies_asset ON dependencies(asset_id);
CREATE INDEX dependencies_depends_on ON dependencies(depends_on_id);
CREATE INDEX risks_asset ON risks(asset_id);
CREATE INDEX inherited_risks_asset ON inherited_risks(asset_id);
CREATE INDEX evaluation_results_asset ON evaluation_results(asset_id);
CREATE INDEX lint_findings_asset ON lint_findings(asset_id);
"""
"""What the columns count: ``personal_data`` is 1 when the card says it holds personal or special-category data (in
its composition or a data source), else 0; ``completeness`` is the share of answered fields (0 to 1); a
dependency's ``depends_on_id`` is NULL when it names no loaded card, and ``resolved_by`` says how it resolved or
why not (card, name, url, ambiguous, unreadable, missing, unlinked); an inherited risk's ``risk_id`` is NULL when
it is a fact (personal data upstream) rather than a declared risk, ``path`` runs from the origin down to the
asset; a result's ``value`` is NULL when the card gives none (an explained unknown)."""


def _asset_row(number: int, found: Assessment) -> tuple[Any, ...]:
    facts = found.node
    return (
        number,
        facts.name,
        facts.kind,
        found.layer,
        facts.path,
        facts.organization,
        facts.access,
        facts.license,
        int(found.personal_data),
        found.completeness,
        found.unaddressed,
    )


def _text(answer: Any) -> str | None:
    value = plain(answer)
    return None if value is None else str(value)


def _risk_rows(card: AnyCard, asset: int, first: int) -> Iterator[tuple[Any, ...]]:
    """The card's risks, numbered from ``first`` in the order of the card (inherited risks point at them)."""
    for number, risk in enumerate(items(card.risks), start=first):
        mitigations = [str(each) for each in items(risk.mitigations)]
        yield (
            number,
            asset,
            risk.id,
            _text(risk.category),
            _text(risk.description),
            _text(risk.severity),
            _text(risk.likelihood),
            _text(risk.status),
            json.dumps(mitigations, ensure_ascii=False) if mitigations else None,
        )


def _result_rows(card: AnyCard, asset: int) -> Iterator[tuple[Any, ...]]:
    for result in evaluation_results(card):
        dataset = result.dataset
        yield (
            asset,
            result.task,
            dataset.name if dataset else None,
            _text(dataset.split) if dataset else None,
            result.metric,
            measured(result),
            result.slice,
            result.category,
        )


def fill(connection: sqlite3.Connection, graph: Graph) -> None:
    """Create the tables and write every asset, dependency, risk, result and finding of ``graph``."""
    connection.executescript(SCHEMA)
    assessed = assess(graph)
    ids = {key: number for number, key in enumerate(graph.nodes, start=1)}
    connection.executemany(
        "INSERT INTO assets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_asset_row(ids[key], found) for key, found in assessed.items()),
    )
    connection.executemany(
        "INSERT INTO dependencies (asset_id, depends_on_id, name, kind, relation, version, resolved_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (ids[edge.source], ids.get(edge.target or ""), edge.name, edge.kind, edge.relation, edge.version, edge.via)
            for edge in graph.edges
        ),
    )
    first_risk: dict[int, int] = {}
    """Per asset id, the row id of its first risk; the rest follow in the card's order."""
    for key, asset in ids.items():
        card = graph.card(key)
        first_risk[asset] = connection.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM risks").fetchone()[0]
        connection.executemany(
            "INSERT INTO risks (id, asset_id, risk_id, category, description, severity, likelihood, status,"
            " mitigations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _risk_rows(card, asset, first_risk[asset]),
        )
        connection.executemany(
            "INSERT INTO evaluation_results (asset_id, task, dataset, split, metric, value, slice, category)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _result_rows(card, asset),
        )
        connection.executemany(
            'INSERT INTO lint_findings (asset_id, rule_id, severity, message, field, part, line, "column")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (asset, f.rule_id, f.severity, f.message, f.field, f.part, f.position.line, f.position.column)
                for f in assessed[key].findings
            ),
        )
    by_path = {node.path: ids[key] for key, node in graph.nodes.items()}
    connection.executemany(
        "INSERT INTO inherited_risks (asset_id, origin_id, risk_id, reference, category, description, path,"
        " addressed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                ids[key],
                by_path[risk.origin],
                None if risk.index is None else first_risk[by_path[risk.origin]] + risk.index,
                risk.reference,
                risk.category,
                risk.description,
                risk.route,
                int(risk.addressed),
                risk.note,
            )
            for key, found in assessed.items()
            for risk in found.inherited
        ),
    )


def render(graph: Graph) -> bytes:
    """The database file's bytes (built in a temporary file, so a failure leaves nothing half-written)."""
    with tempfile.TemporaryDirectory(prefix="cardgen-graph-") as folder:
        target = Path(folder) / "graph.sqlite"
        connection = sqlite3.connect(target)
        try:
            with connection:
                fill(connection, graph)
        finally:
            connection.close()
        return target.read_bytes()


__all__ = ["SCHEMA", "fill", "render"]
