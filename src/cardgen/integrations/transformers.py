"""Keep a card current from a Hugging Face ``Trainer``: ``Trainer(..., callbacks=[CardCallback(path, task=...)])``.

Importing this module imports transformers (an optional extra:
``pip install cardgen[transformers]``); nothing else in cardgen does.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from cardgen.cards import update
from cardgen.record.recorder import TrainingRun, record_training

ALWAYS_RECORDED: tuple[str, ...] = (
    "learning_rate",
    "num_train_epochs",
    "max_steps",
    "per_device_train_batch_size",
    "gradient_accumulation_steps",
    "weight_decay",
    "lr_scheduler_type",
    "warmup_steps",
    "optim",
    "seed",
)
"""Training arguments recorded even at their default: they define the run."""

NOT_HYPERPARAMETERS: frozenset[str] = frozenset(
    {
        "output_dir",
        "logging_dir",
        "run_name",
        "hub_token",
        "hub_model_id",
        "push_to_hub_token",
        "report_to",
        "accelerator_config",
    }
)
"""Arguments that say where things go or how the machine is driven, not how the model was trained.

An argument the Trainer resolves itself from an empty default (None or "" becoming False or []) is not recorded either.
"""

BOOKKEEPING_METRICS: frozenset[str] = frozenset(
    {"runtime", "samples_per_second", "steps_per_second", "epoch", "total_flos"}
)
"""Trainer figures that describe the run's speed, not the model's quality."""


def training_arguments(args: TrainingArguments) -> dict[str, Any]:
    """The arguments that define the run: the key ones plus every one changed from its default."""
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(args):
        if field.default_factory is not dataclasses.MISSING:
            defaults[field.name] = field.default_factory()
        elif field.default is not dataclasses.MISSING:
            defaults[field.name] = getattr(field.default, "value", field.default)
    recorded: dict[str, Any] = {}
    values: dict[str, Any] = args.to_dict()  # type: ignore[no-untyped-call,unused-ignore]
    for name, value in values.items():
        default = defaults.get(name)
        if name in NOT_HYPERPARAMETERS or name.startswith("_") or value is None:
            continue
        if name in ALWAYS_RECORDED or (value != default and (value or default)):
            recorded[name] = value
    return recorded


def metric_results(
    metrics: Mapping[str, Any], prefix: str, *, task: str, dataset: str, split: str
) -> list[dict[str, Any]]:
    """Trainer metrics (``eval_accuracy``, ``train_loss``, ...) as card results for one split."""
    results: list[dict[str, Any]] = []
    for key, value in metrics.items():
        name = key.removeprefix(prefix)
        if not key.startswith(prefix) or name in BOOKKEEPING_METRICS or not isinstance(value, (int, float)):
            continue
        results.append(
            {"task": task, "dataset": {"name": dataset, "split": split}, "metric": name, "value": float(value)}
        )
    return results


class CardCallback(TrainerCallback):  # type: ignore[misc,unused-ignore]
    """Records the run, its training arguments, train and eval metrics and the base model into a card.

    Training is recorded as by :func:`cardgen.record_training` (rank 0 writes the
    training block). Evaluations during training become results when training
    ends; ``trainer.evaluate()`` after training writes its results straight away.
    ``task`` and ``dataset`` name the results (``dataset`` is the dataset's name;
    train metrics get split ``train``, eval metrics ``eval_split``). ``base_model``
    defaults to the name the model was loaded from, if any. The Trainer tells
    callbacks nothing when training raises, so a crashed run stays ``running`` in
    the card (which the linter flags); to record the failure itself, wrap
    ``trainer.train()`` in :func:`cardgen.record_training` instead.
    """

    def __init__(
        self,
        card: str | os.PathLike[str],
        *,
        task: str,
        dataset: str,
        eval_split: str = "validation",
        base_model: str | None = None,
        power_watts: float | None = None,
        code_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.card = card
        self.task = task
        self.dataset = dataset
        self.eval_split = eval_split
        self.base_model = base_model
        self.power_watts = power_watts
        self.code_dir = code_dir
        self.run: TrainingRun | None = None
        self._eval_results: list[dict[str, Any]] = []

    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> None:
        self.run = record_training(
            self.card, power_watts=self.power_watts, rank=args.process_index, code_dir=self.code_dir
        ).__enter__()
        self.run.log_params(training_arguments(args))
        model = kwargs.get("model")
        base_model = self.base_model or getattr(getattr(model, "config", None), "_name_or_path", None)
        if base_model:
            self.run.log_card({"adaptation": {"base_model": str(base_model)}})

    def on_log(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        logs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if self.run is None or not logs or "train_loss" not in logs:
            return
        for result in metric_results(logs, "train_", task=self.task, dataset=self.dataset, split="train"):
            self.run.log_result(**result)
        if logs.get("total_flos"):
            self.run.log_card(
                {
                    "training": {
                        "compute": {
                            "value": float(logs["total_flos"]),
                            "unit": "FLOP",
                            "source": "transformers Trainer total_flos (cardgen)",
                        }
                    }
                }
            )

    def on_evaluate(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        metrics: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        results = metric_results(metrics or {}, "eval_", task=self.task, dataset=self.dataset, split=self.eval_split)
        if self.run is not None:
            self._eval_results = results
        elif results and state.is_world_process_zero:
            update(self.card, results=results)

    def on_train_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> None:
        if self.run is None:
            return
        for result in self._eval_results:
            self.run.log_result(**result)
        run, self.run = self.run, None
        run.__exit__(None, None, None)
