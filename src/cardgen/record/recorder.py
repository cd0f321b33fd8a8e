"""Record a training run into its card, from inside the training code.

The card is the one people edit by hand, so every write is a round-trip update
under the card's lock (see :mod:`cardgen.cards`). In a distributed job
only rank 0 writes the training block; every rank may add evaluation results,
which are upserted by identity, so ranks that report the same figure leave one
entry, and ranks that evaluate different slices each add theirs.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
import warnings
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Any

from cardgen.cards import LOCK_TIMEOUT_SECONDS, CardEditor, edit
from cardgen.io.roundtrip import to_yaml
from cardgen.record import environment
from cardgen.schema.answers import plain
from cardgen.schema.evaluation import Result
from cardgen.schema.stages import RunRecord

RANK_VARIABLES: tuple[str, ...] = ("RANK", "LOCAL_RANK")
"""Environment variables launchers (torchrun, accelerate, deepspeed) use for the process rank."""


def rank_from_environment() -> int:
    """The process's rank in a distributed job; 0 outside one."""
    for name in RANK_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return int(value)
            except ValueError:
                raise ValueError(f"the environment variable {name}={value!r} is not a whole number") from None
    return 0


def _main_directory() -> Path:
    """Where the training code lives: the directory of the script that was run, else the working directory."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return Path(main_file).resolve().parent if main_file else Path.cwd()


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _duration_figure(seconds: float) -> dict[str, Any]:
    """The run's wall time in the largest unit that keeps the figure above one."""
    value, unit = seconds, "seconds"
    if seconds >= 3600:
        value, unit = seconds / 3600, "hours"
    elif seconds >= 60:
        value, unit = seconds / 60, "minutes"
    return {"value": round(value, 3), "unit": unit, "source": "measured by cardgen.record_training (wall time)"}


def energy_estimate(power_watts: float, seconds: float) -> dict[str, Any]:
    """Energy in kWh from an average power draw and a duration, saying that it is an estimate."""
    return {
        "value": float(f"{power_watts * seconds / 3.6e6:.6g}"),
        "unit": "kWh",
        "source": f"estimate: average power {power_watts:g} W x duration (cardgen)",
    }


INCOMPLETE_RUNS_KEPT = 10
"""How many runs that did not complete are kept beside the completed one; older ones are dropped."""

ERROR_CHARACTERS = 1000
"""Longest exception message kept in the card; a tensor dump in a message would bury the card."""


def _describe_error(error: BaseException) -> str:
    message = str(error)
    if len(message) > ERROR_CHARACTERS:
        message = f"{message[:ERROR_CHARACTERS]}…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class TrainingRun:
    """Record a training run into the card at ``path``: ``with record_training(path) as run: ...``.

    On exit it writes, under the card's lock: ``training.run`` (status, times,
    error, Python, packages, platform, git state, dataset fingerprints),
    ``training.hardware`` (merged, so figures people wrote such as provider or
    region stay), ``training.hyperparameters`` (merged), ``training.duration``,
    ``training.energy`` when an average power was given, and the logged results.
    A run that raises is recorded as ``failed`` with its error, and the exception
    propagates; its results are not written, because the evaluation section
    describes the model that was released, which a failed run did not produce.

    ``power_watts``: average power draw of the machine, for an energy estimate.
    ``rank``: the process rank (default: $RANK, else $LOCAL_RANK, else 0); only rank 0
    writes the training block. ``code_dir``: where the training code's git
    repository is (default: the directory of the script that was run).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        power_watts: float | None = None,
        rank: int | None = None,
        code_dir: str | os.PathLike[str] | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        if power_watts is not None and power_watts < 0:
            raise ValueError("power_watts must not be negative")
        self.path = Path(path)
        self.power_watts = power_watts
        self.rank = rank_from_environment() if rank is None else rank
        self.code_dir = Path(code_dir) if code_dir is not None else _main_directory()
        self.lock_timeout = lock_timeout
        self.params: dict[str, Any] = {}
        self.datasets: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.card_changes: list[dict[str, Any]] = []
        self.started: datetime.datetime | None = None
        self._clock = 0.0
        self._environment: dict[str, Any] = {}

    @property
    def writes_training(self) -> bool:
        """Only rank 0 writes the training block, so ranks never overwrite each other's record."""
        return self.rank == 0

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Hyperparameters; values that are not text, numbers, lists or mappings are written as text."""
        for name, value in params.items():
            try:
                self.params[str(name)] = to_yaml(value)
            except TypeError:
                self.params[str(name)] = repr(value)

    def log_card(self, changes: Mapping[str, Any]) -> None:
        """Other card values the run knows, e.g. ``{"adaptation": {"base_model": ...}}``; merged on exit by rank 0."""
        self.card_changes.append(to_yaml(changes))

    def log_dataset(self, path: str | os.PathLike[str]) -> dict[str, Any]:
        """Fingerprint a data file or directory now (it may change later) and return the fingerprint."""
        fingerprint = environment.fingerprint(path)
        self.datasets = [known for known in self.datasets if known["path"] != fingerprint["path"]]
        self.datasets.append(fingerprint)
        return fingerprint

    def log_result(
        self,
        *,
        task: str,
        metric: str,
        value: float,
        dataset: str | Mapping[str, Any] | None = None,
        split: str | None = None,
        slice: str | None = None,
        **extra: Any,
    ) -> None:
        """An evaluation result; ``extra`` takes the other Result fields (category, uncertainty, source).

        It is checked against the schema now, so a mistake fails where it was made.
        """
        data: dict[str, Any] = {"task": task, "metric": metric, "value": to_yaml(value)}
        if dataset is not None or split is not None:
            reference = {"name": dataset} if isinstance(dataset, str) or dataset is None else dict(dataset)
            if split is not None:
                reference["split"] = split
            data["dataset"] = reference
        if slice is not None:
            data["slice"] = slice
        data.update({key: to_yaml(item) for key, item in extra.items()})
        Result.model_validate(data)
        self.results.append({key: data[key] for key in Result.model_fields if key in data})

    def __enter__(self) -> TrainingRun:
        self.started = _now()
        self._clock = time.monotonic()
        if self.writes_training:
            self._environment = {
                "python": environment.python_version(),
                "packages": environment.package_versions(),
                "platform": environment.platform_name(),
                "git": environment.git_state(self.code_dir),
            }
            with self._edit() as editor:
                self._place_record(editor, self._run_record("running"))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        seconds = round(time.monotonic() - self._clock, 3)
        try:
            self._write_end(seconds, error)
        except Exception as write_error:
            if error is None:
                raise
            warnings.warn(f"cardgen could not record the failed run in {self.path}: {write_error}", stacklevel=2)

    def _edit(self) -> AbstractContextManager[CardEditor]:
        return edit(self.path, lock_timeout=self.lock_timeout)

    def _run_record(
        self, status: str, seconds: float | None = None, error: BaseException | None = None
    ) -> dict[str, Any]:
        assert self.started is not None
        record: dict[str, Any] = {"status": status, "started": self.started.isoformat(timespec="seconds")}
        if seconds is not None:
            record["ended"] = _now().isoformat(timespec="seconds")
            record["duration_seconds"] = seconds
        if error is not None:
            record["error"] = _describe_error(error)
        record.update({key: value for key, value in self._environment.items() if value is not None})
        if self.datasets:
            record["datasets"] = self.datasets
        RunRecord.model_validate(record)
        return record

    def _write_end(self, seconds: float, error: BaseException | None) -> None:
        completed = error is None
        if not self.writes_training and not (completed and self.results):
            return
        with self._edit() as editor:
            if self.writes_training:
                self._write_training(editor, seconds, error)
            if completed:
                for result in self.results:
                    editor.upsert_result(result)

    def _place_record(self, editor: CardEditor, record: dict[str, Any]) -> bool:
        """Write this run's record; True when it went to ``training.run``.

        A completed run in the card is what its figures and results describe, so
        while this run has not completed it goes to ``training.incomplete_runs``
        beside it (replacing this run's own earlier entry), never over it.
        """
        training = plain(editor.data.get("training"))
        training = training if isinstance(training, Mapping) else {}
        current = training.get("run")
        runs = plain(training.get("incomplete_runs"))
        earlier = [run for run in runs if not _same_run(run, record)] if isinstance(runs, list) else []
        in_run = record["status"] == "completed" or _same_run(current, record) or not _completed(current)
        if not in_run:
            earlier.append(record)
            if record["status"] != "running":  # a run in progress never pushes out a finished record
                earlier = earlier[-INCOMPLETE_RUNS_KEPT:]
        if in_run:
            editor.set(("training", "run"), record)
        if earlier:
            editor.set(("training", "incomplete_runs"), earlier)
        elif "incomplete_runs" in training:
            editor.remove(("training", "incomplete_runs"))
        return in_run

    def _write_training(self, editor: CardEditor, seconds: float, error: BaseException | None) -> None:
        record = self._run_record("completed" if error is None else "failed", seconds, error)
        if not self._place_record(editor, record):
            return  # a failed run beside a completed one: the training figures stay the completed run's
        for changes in self.card_changes:
            editor.merge((), changes)
        editor.merge(("training", "hardware"), environment.hardware())
        if self.params:
            editor.merge(("training", "hyperparameters"), self.params)
        editor.set(("training", "duration"), _duration_figure(seconds))
        if self.power_watts is not None:
            editor.set(("training", "energy"), energy_estimate(self.power_watts, seconds))


def _completed(record: Any) -> bool:
    return isinstance(record, Mapping) and record.get("status") == "completed"


def _same_run(first: Any, second: Mapping[str, Any]) -> bool:
    """The same run's entry: same start time, and not a finished one (a run is written as running, then ended)."""
    return isinstance(first, Mapping) and first.get("status") == "running" and _start(first) == second["started"]


def _start(record: Mapping[str, Any]) -> str:
    started = record.get("started")
    return started.isoformat() if isinstance(started, datetime.datetime) else str(started)


record_training = TrainingRun
"""``with record_training("model.card.yaml") as run: ...``: the public name of :class:`TrainingRun`."""
