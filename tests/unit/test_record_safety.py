"""The recorder never loses a record: explained unknowns, failed runs beside completed ones, hostile data dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardgen.cards import load
from cardgen.io.loader import read_document
from cardgen.record import environment, record_training
from cardgen.record.recorder import INCOMPLETE_RUNS_KEPT
from cardgen.schema.answers import plain
from tests.conftest import HOSTILE_INPUT_BOUNDS

pytestmark = HOSTILE_INPUT_BOUNDS

EXPLAINED = "{value: unknown, explanation: not measured before this pipeline existed}"

# Every place the recorder writes into, answered by the author as unknown (bare or explained).
WRITTEN_PLACES = {
    "training": "training: {0}\n",
    "training.hardware": "training:\n  hardware: {0}\n",
    "training.hyperparameters": "training:\n  hyperparameters: {0}\n",
    "training.duration": "training:\n  duration: {0}\n",
    "training.energy": "training:\n  energy: {0}\n",
    "evaluation": "evaluation: {0}\n",
    "evaluation.results": "evaluation:\n  results: {0}\n",
}


def _run(card: Path, *, fail: bool = False, learning_rate: float = 0.1, accuracy: float = 0.5) -> None:
    with record_training(card, rank=0, power_watts=100.0) as run:
        run.log_params({"learning_rate": learning_rate})
        run.log_result(task="t", dataset="d", split="test", metric="accuracy", value=accuracy)
        if fail:
            raise RuntimeError("diverged")


@pytest.mark.parametrize("answer", ["unknown", "none", EXPLAINED])
@pytest.mark.parametrize("place", sorted(WRITTEN_PLACES))
def test_the_recorder_replaces_unknowns_bare_or_explained(tmp_path: Path, place: str, answer: str) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text("model:\n  name: m\n" + WRITTEN_PLACES[place].format(answer), encoding="utf-8")
    _run(card)
    loaded = load(card)
    training = plain(loaded.training)
    assert training.run.status == "completed"
    assert plain(training.hyperparameters) == {"learning_rate": 0.1}
    assert plain(training.duration).unit in ("seconds", "minutes", "hours")
    assert plain(training.energy).unit == "kWh"
    assert plain(training.hardware).cores == os.cpu_count()
    assert [result.value for result in plain(plain(loaded.evaluation).results)] == [0.5]


def test_a_failed_run_is_recorded_beside_the_completed_one_never_over_it(tmp_path: Path) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text("model:\n  name: m\n", encoding="utf-8")
    _run(card, learning_rate=0.1, accuracy=0.5)
    completed = read_document(card).data["training"]
    with pytest.raises(RuntimeError):
        _run(card, fail=True, learning_rate=9.0, accuracy=0.01)
    after = read_document(card).data
    # The completed run, its figures and its results are exactly as they were.
    for key in ("run", "duration", "energy", "hyperparameters", "hardware"):
        assert after["training"][key] == completed[key]
    assert [r["value"] for r in after["evaluation"]["results"]] == [0.5]
    (failed,) = after["training"]["incomplete_runs"]
    assert failed["status"] == "failed"
    assert failed["error"] == "RuntimeError: diverged"
    assert failed["duration_seconds"] >= 0
    load(card)  # the schema knows the field


def test_a_run_in_progress_never_replaces_the_completed_record(tmp_path: Path) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text("model:\n  name: m\n", encoding="utf-8")
    _run(card)
    completed = read_document(card).data["training"]["run"]
    with record_training(card, rank=0) as run:
        run.log_params({"learning_rate": 0.2})
        during = read_document(card).data["training"]
        assert during["run"] == completed
        assert during["hyperparameters"] == {"learning_rate": 0.1}
        assert during["incomplete_runs"][-1]["status"] == "running"
    after = read_document(card).data["training"]
    assert after["run"]["status"] == "completed"
    # The second run's record replaced the first (timestamps alone may coincide within a second).
    assert after["hyperparameters"] == {"learning_rate": 0.2}
    assert "incomplete_runs" not in after  # the run that completed left no entry behind


def test_earlier_failures_stay_when_a_later_run_completes_and_only_the_latest_are_kept(tmp_path: Path) -> None:
    card = tmp_path / "m.card.yaml"
    card.write_text("model:\n  name: m\n", encoding="utf-8")
    _run(card)
    for _ in range(INCOMPLETE_RUNS_KEPT + 2):
        with pytest.raises(RuntimeError):
            _run(card, fail=True)
    runs = read_document(card).data["training"]["incomplete_runs"]
    assert len(runs) == INCOMPLETE_RUNS_KEPT
    assert {run["status"] for run in runs} == {"failed"}
    _run(card, accuracy=0.9)
    data = read_document(card).data
    assert data["training"]["run"]["status"] == "completed"
    assert len(data["training"]["incomplete_runs"]) == INCOMPLETE_RUNS_KEPT
    assert [r["value"] for r in data["evaluation"]["results"]] == [0.9]


def _tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("b", encoding="utf-8")


@pytest.mark.timeout(20)
def test_fingerprints_skip_fifos_and_say_so(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _tree(root)
    clean = environment.fingerprint(root)
    os.mkfifo(root / "sub" / "pipe")
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.warns(UserWarning, match="pipe"):
        found = environment.fingerprint(root)
    assert found["sha256"] == clean["sha256"]
    assert found["files"] == 2
    assert [entry.split(":")[0] for entry in found["skipped"]] == ["dangling", "sub/pipe"]
    assert "not a regular file" in found["skipped"][1]
    with pytest.raises(ValueError, match="not a regular file or directory"):
        environment.fingerprint(root / "sub" / "pipe")


@pytest.mark.timeout(20)
def test_symlinked_directories_are_followed_and_loops_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _tree(outside)
    root = tmp_path / "data"
    root.mkdir()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    before = environment.fingerprint(root)
    assert before["files"] == 2
    (outside / "sub" / "b.txt").write_text("changed", encoding="utf-8")
    assert environment.fingerprint(root)["sha256"] != before["sha256"]
    (outside / "sub" / "back").symlink_to(root, target_is_directory=True)
    with pytest.warns(UserWarning, match="loop"):
        looped = environment.fingerprint(root)
    assert looped["files"] == 2
    assert looped["skipped"] == ["linked/sub/back: a symlink loop back into a directory being hashed"]


@pytest.mark.timeout(30)
def test_log_dataset_with_a_fifo_finishes_and_the_card_stays_valid(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _tree(root)
    os.mkfifo(root / "pipe")
    card = tmp_path / "m.card.yaml"
    card.write_text("model:\n  name: m\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="pipe"), record_training(card, rank=0) as run:
        run.log_dataset(root)
    (fingerprint,) = plain(load(card).training).run.datasets
    assert fingerprint.files == 2
    assert fingerprint.skipped == ["pipe: not a regular file (a FIFO, socket or device)"]
