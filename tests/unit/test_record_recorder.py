"""The training recorder: what it captures, what it writes, and what a failed run leaves behind."""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cardgen.cards import load
from cardgen.errors import CardValidationError, CardValueError
from cardgen.io.loader import read_document
from cardgen.record import environment, record_training
from cardgen.record.recorder import energy_estimate, rank_from_environment
from cardgen.schema.answers import plain

CARD = """\
# Card of a model trained by a pipeline; people edit this file too.
model:
  name: recorder-test-model   # keep this comment
  description: A model whose card is written partly by hand.

training:
  objective: cross-entropy   # written by hand
  hardware:
    provider: on premises   # written by hand, must survive
  hyperparameters:
    dropout: 0.1   # set by hand, not logged by the run

evaluation:
  summary: Hand-written summary.
"""


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "model.card.yaml"
    path.write_text(CARD, encoding="utf-8")
    return path


def test_a_completed_run_is_written_into_the_card(card: Path, tmp_path: Path) -> None:
    data_file = tmp_path / "train.csv"
    data_file.write_bytes(b"x,y\n1,0\n2,1\n")
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with record_training(card, power_watts=120.0, rank=0, code_dir=tmp_path) as run:
        run.log_params({"learning_rate": 0.01, "layers": [64, 32], "path": tmp_path / "ckpt"})
        run.log_dataset(data_file)
        run.log_result(task="tabular-classification", dataset="toy", split="test", metric="accuracy", value=0.75)
        run.log_result(
            task="tabular-classification", dataset="toy", split="test", metric="accuracy", value=0.5, slice="sex=1"
        )

    loaded = load(card)
    training = loaded.training
    assert training is not None
    assert not isinstance(training, str)
    record = training.run
    assert record is not None
    assert record.status == "completed"
    assert record.error is None
    assert record.started is not None
    assert record.ended is not None
    assert before <= record.started <= record.ended
    assert record.duration_seconds is not None
    assert record.duration_seconds >= 0
    assert record.python == f"{platform.python_implementation()} {platform.python_version()}"
    assert record.platform == platform.platform()
    assert record.packages is not None
    assert record.packages["cardgen"] == environment.package_versions()["cardgen"]
    assert record.git is None  # tmp_path is not a git repository
    assert record.datasets is not None
    assert [(d.path, d.sha256, d.files) for d in record.datasets] == [
        (str(data_file), hashlib.sha256(b"x,y\n1,0\n2,1\n").hexdigest(), 1)
    ]

    hardware = plain(training.hardware)
    assert hardware.provider == "on premises"
    assert hardware.cores == os.cpu_count()
    assert hardware.memory_gb is not None
    assert hardware.memory_gb > 0

    assert plain(training.hyperparameters) == {
        "dropout": 0.1,
        "learning_rate": 0.01,
        "layers": [64, 32],
        "path": str(tmp_path / "ckpt"),
    }
    duration = plain(training.duration)
    assert duration.unit == "seconds"
    assert duration.value == pytest.approx(record.duration_seconds, abs=1e-3)
    energy = plain(training.energy)
    assert energy.unit == "kWh"
    assert energy.value == pytest.approx(120.0 * record.duration_seconds / 3.6e6, rel=1e-3, abs=1e-9)
    assert energy.source == "estimate: average power 120 W x duration (cardgen)"

    results = plain(plain(loaded.evaluation).results)
    assert [(r.metric, r.value, r.slice, r.dataset.split) for r in results] == [
        ("accuracy", 0.75, None, "test"),
        ("accuracy", 0.5, "sex=1", "test"),
    ]

    text = card.read_text(encoding="utf-8")
    for line in (
        "  name: recorder-test-model   # keep this comment",
        "  objective: cross-entropy   # written by hand",
        "    provider: on premises   # written by hand, must survive",
        "    dropout: 0.1   # set by hand, not logged by the run",
    ):
        assert line in text.splitlines()


def test_a_failed_run_is_recorded_and_the_exception_propagates(card: Path) -> None:
    def train() -> None:
        with record_training(card, rank=0) as run:
            run.log_params({"learning_rate": 0.5})
            run.log_result(task="t", dataset="d", metric="accuracy", value=0.1)
            raise FloatingPointError("loss is nan at step 12")

    with pytest.raises(FloatingPointError, match="loss is nan"):
        train()
    loaded = load(card)
    record = loaded.training.run  # type: ignore[union-attr]
    assert record.status == "failed"
    assert record.error == "FloatingPointError: loss is nan at step 12"
    assert record.ended is not None
    assert plain(loaded.training.hyperparameters)["learning_rate"] == 0.5  # type: ignore[union-attr]
    # Results of a failed run are not presented as the model's results.
    assert plain(loaded.evaluation).results is None


def test_the_card_says_running_while_training_runs(card: Path) -> None:
    with record_training(card, rank=0):
        assert read_document(card).data["training"]["run"]["status"] == "running"
    assert read_document(card).data["training"]["run"]["status"] == "completed"


def test_a_later_run_replaces_the_record_and_results_of_an_earlier_one(card: Path) -> None:
    with pytest.raises(KeyError), record_training(card, rank=0):
        raise KeyError("missing column")
    assert "error" in read_document(card).data["training"]["run"]
    for accuracy in (0.6, 0.7):
        with record_training(card, rank=0) as run:
            run.log_result(task="t", dataset="d", split="test", metric="accuracy", value=accuracy)
    data = read_document(card).data
    assert data["training"]["run"]["status"] == "completed"
    assert "error" not in data["training"]["run"]
    assert [r["value"] for r in data["evaluation"]["results"]] == [0.7]


def test_an_invalid_card_fails_before_training_starts(tmp_path: Path) -> None:
    path = tmp_path / "bad.card.yaml"
    path.write_text("model:\n  name: m\n  parameters: many\n", encoding="utf-8")
    started = []
    with pytest.raises(CardValidationError, match="it was before the update"), record_training(path, rank=0):
        started.append(True)
    assert started == []


def test_a_bad_result_fails_where_it_is_logged(card: Path) -> None:
    with record_training(card, rank=0) as run, pytest.raises(CardValueError, match=r"\n  value: expected a number"):
        run.log_result(task="t", dataset="d", metric="accuracy", value="high")  # type: ignore[arg-type]


def test_other_ranks_add_results_but_never_the_training_block(card: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RANK", "3")
    with record_training(card) as run:
        assert run.rank == 3
        assert not run.writes_training
        run.log_params({"learning_rate": 1.0})
        run.log_result(task="t", dataset="d", metric="accuracy", value=0.8, slice="shard=3")
    data = read_document(card).data
    assert "run" not in data["training"]
    assert data["training"]["hyperparameters"] == {"dropout": 0.1}
    assert data["evaluation"]["results"] == [
        {"task": "t", "dataset": {"name": "d"}, "metric": "accuracy", "value": 0.8, "slice": "shard=3"}
    ]


def test_rank_comes_from_the_launcher_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RANK", raising=False)
    monkeypatch.delenv("LOCAL_RANK", raising=False)
    assert rank_from_environment() == 0
    monkeypatch.setenv("LOCAL_RANK", "2")
    assert rank_from_environment() == 2
    monkeypatch.setenv("RANK", "5")
    assert rank_from_environment() == 5
    monkeypatch.setenv("RANK", "five")
    with pytest.raises(ValueError, match="RANK='five'"):
        rank_from_environment()


def test_energy_estimate_converts_watts_and_seconds_to_kwh() -> None:
    assert energy_estimate(250.0, 7200.0) == {
        "value": 0.5,
        "unit": "kWh",
        "source": "estimate: average power 250 W x duration (cardgen)",
    }
    with pytest.raises(ValueError, match="power_watts"):
        record_training("x.card.yaml", power_watts=-1)


def test_directory_fingerprints_depend_on_names_and_contents_not_listing_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for root, order in ((first, ("x.txt", "sub/y.txt")), (second, ("sub/y.txt", "x.txt"))):
        for name in order:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(f"content of {name}", encoding="utf-8")
    one, two = environment.fingerprint(first), environment.fingerprint(second)
    assert one["sha256"] == two["sha256"]
    assert one["files"] == 2
    (second / "x.txt").write_text("changed", encoding="utf-8")
    assert environment.fingerprint(second)["sha256"] != one["sha256"]
    (second / "x.txt").write_text("content of x.txt", encoding="utf-8")
    (second / "x.txt").rename(second / "z.txt")
    assert environment.fingerprint(second)["sha256"] != one["sha256"]
    with pytest.raises(FileNotFoundError, match="no such file"):
        environment.fingerprint(tmp_path / "missing")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_commit_and_dirty_state_of_the_training_code(tmp_path: Path, card: Path) -> None:
    repo = tmp_path / "code"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    (repo / "train.py").write_text("print('train')\n", encoding="utf-8")
    subprocess.run([*git, "add", "train.py"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first"], cwd=repo, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True)
    assert environment.git_state(repo) == {"commit": head.stdout.strip(), "dirty": False}
    (repo / "train.py").write_text("print('changed')\n", encoding="utf-8")
    assert environment.git_state(repo) == {"commit": head.stdout.strip(), "dirty": True}
    with record_training(card, rank=0, code_dir=repo):
        pass
    assert read_document(card).data["training"]["run"]["git"] == {"commit": head.stdout.strip(), "dirty": True}


def test_gpus_reported_by_nvidia_smi_become_the_accelerator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin" / "nvidia-smi"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nprintf 'NVIDIA A100-SXM4-40GB\\nNVIDIA A100-SXM4-40GB\\n'\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    found = environment.hardware()
    assert found["accelerator"] == "NVIDIA A100-SXM4-40GB"
    assert found["count"] == 2


def test_no_gpu_probe_means_the_accelerator_is_left_unsaid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    found = environment.hardware()
    assert "accelerator" not in found
    assert "count" not in found
    assert found["cores"] == os.cpu_count()


def test_importing_cardgen_does_not_import_torch_or_transformers() -> None:
    code = (
        "import sys, cardgen.record, cardgen.cards, cardgen.integrations; "
        "print(sorted(m for m in ('torch', 'transformers', 'jinja2', 'weasyprint') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_an_interrupt_is_recorded_and_long_messages_are_cut(card: Path) -> None:
    with pytest.raises(KeyboardInterrupt), record_training(card, rank=0):
        raise KeyboardInterrupt
    assert read_document(card).data["training"]["run"]["error"] == "KeyboardInterrupt"
    with pytest.raises(ValueError, match=r"x{2000}"), record_training(card, rank=0):
        raise ValueError("x" * 2000)
    error = read_document(card).data["training"]["run"]["error"]
    assert error == "ValueError: " + "x" * 1000 + "…"
