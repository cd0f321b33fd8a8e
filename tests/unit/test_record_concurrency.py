"""Several real processes (ranks of a job) write the same card at once; none of their writes is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

from cardgen.cards import load
from cardgen.io.loader import read_document
from cardgen.schema.answers import plain

RANKS = 4
ROUNDS = 8

CARD = """\
# Shared by every rank of the job.
model:
  name: concurrency-test   # a comment that must survive every write

training:
  objective: cross-entropy
"""

WORKER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from cardgen.cards import update
    from cardgen.record import record_training

    card, go, rounds = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    rank = int(os.environ["RANK"])
    while not go.exists():  # start together, so that the writes collide
        time.sleep(0.005)
    with record_training(card, code_dir=go.parent) as run:
        run.log_params({"learning_rate": 0.1, "written_by_rank": rank})
        run.log_result(task="t", dataset="d", split="test", metric="accuracy", value=0.5)  # same on every rank
        run.log_result(task="t", dataset="d", split="test", metric="accuracy", value=0.5, slice=f"rank={rank}")
        for step in range(rounds):
            update(card, results=[{"task": "t", "metric": "loss", "value": step, "slice": f"rank={rank} step={step}"}])
    """
)


def test_concurrent_ranks_never_corrupt_the_card(tmp_path: Path) -> None:
    card = tmp_path / "model.card.yaml"
    card.write_text(CARD, encoding="utf-8")
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, str(worker), str(card), str(go), str(ROUNDS)],
            env={**os.environ, "RANK": str(rank)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rank in range(RANKS)
    ]
    time.sleep(0.5)  # let every interpreter import cardgen and wait at the start line
    go.touch()
    for process in processes:
        _, errors = process.communicate(timeout=240)
        assert process.returncode == 0, errors

    loaded = load(card)  # parses and validates
    results = plain(plain(loaded.evaluation).results)
    identities = Counter((r.metric, r.slice) for r in results)
    expected = {("accuracy", None)}
    expected |= {("accuracy", f"rank={rank}") for rank in range(RANKS)}
    expected |= {("loss", f"rank={rank} step={step}") for rank in range(RANKS) for step in range(ROUNDS)}
    assert set(identities) == expected
    assert all(count == 1 for count in identities.values()), identities.most_common(3)

    training = plain(loaded.training)
    assert training.run.status == "completed"
    assert plain(training.hyperparameters)["written_by_rank"] == 0  # only rank 0 writes the training block
    assert "  name: concurrency-test   # a comment that must survive every write" in card.read_text().splitlines()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert read_document(card).data["model"]["name"] == "concurrency-test"
