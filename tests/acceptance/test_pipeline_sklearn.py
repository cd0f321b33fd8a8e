"""The example training pipeline, end to end: train, record the card, then validate, lint and render it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cardgen.io.loader import read_document
from tests.conftest import EXAMPLES, run_cardgen

SCRIPT = EXAMPLES / "pipelines" / "sklearn_pipeline.py"
STARTING_CARD = EXAMPLES / "pipelines" / "diabetes-progression.card.yaml"
SLICES = {None, "sex=1", "sex=2", "age<50", "age>=50"}

pytestmark = pytest.mark.slow


def _run_pipeline(output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(output), "--power-watts", "65"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_pipeline_records_a_card_that_validates_lints_clean_and_renders(tmp_path: Path) -> None:
    starting = hashlib.sha256(STARTING_CARD.read_bytes()).hexdigest()
    output = tmp_path / "out"
    run = _run_pipeline(output)
    assert run.returncode == 0, run.stderr
    card = output / "diabetes-progression.card.yaml"
    assert f"card: {card}" in run.stdout

    validated = run_cardgen("validate", str(card))
    assert validated.returncode == 0, validated.stdout + validated.stderr

    linted = run_cardgen("lint", "--strict", "--format", "json", str(card))
    assert linted.returncode == 0, linted.stdout + linted.stderr
    report = json.loads(linted.stdout)
    assert report["problems"] == []
    assert [f for f in report["findings"] if f["severity"] != "info"] == []

    data = read_document(card).data
    run_record = data["training"]["run"]
    assert run_record["status"] == "completed"
    assert run_record["duration_seconds"] > 0
    assert [d["path"].rsplit("/", 1)[-1] for d in run_record["datasets"]] == [
        "diabetes_data_raw.csv.gz",
        "diabetes_target.csv.gz",
    ]
    assert data["training"]["hyperparameters"]["C"] == 1.0
    assert data["training"]["energy"]["unit"] == "kWh"
    results = data["evaluation"]["results"]
    assert {(r["metric"], r.get("slice")) for r in results} == {
        (metric, name) for metric in ("accuracy", "roc_auc") for name in SLICES
    }
    assert all(r["uncertainty"]["lower"] <= r["value"] <= r["uncertainty"]["upper"] for r in results)
    assert all(0.5 < r["value"] <= 1 for r in results if r["metric"] == "roc_auc")

    # The hand-written comments of the starting card are still there.
    text = card.read_text(encoding="utf-8")
    assert "# cardgen: disable-file=CG504" in text
    assert "  # The pipeline adds what it records (run, hardware, hyperparameters, duration," in text

    html = (output / "diabetes-progression.html").read_text(encoding="utf-8")
    assert "age&gt;=50" in html
    assert "sex=2" in html
    markdown = (output / "diabetes-progression.md").read_text(encoding="utf-8")
    assert markdown.startswith("---\n")
    assert "age&gt;=50" in MarkdownIt("commonmark").enable("table").render(markdown), "the slice, as the Hub shows it"

    pdf = tmp_path / "card.pdf"
    rendered = run_cardgen("render", str(card), "-o", str(pdf))
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")

    # Running the pipeline never touches the repository's starting card.
    assert hashlib.sha256(STARTING_CARD.read_bytes()).hexdigest() == starting

    # A second run updates the same card in place: the results are replaced, not duplicated.
    again = _run_pipeline(output)
    assert again.returncode == 0, again.stderr
    rerun = read_document(card).data
    assert len(rerun["evaluation"]["results"]) == len(results)
    assert rerun["evaluation"]["results"] == results  # the split and model are seeded
    assert rerun["training"]["run"]["started"] >= run_record["started"]
