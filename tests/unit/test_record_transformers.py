"""The Hugging Face Trainer callback, with a real Trainer on a tiny BERT built in-process (no download)."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from cardgen.cards import load
from cardgen.io.loader import read_document
from cardgen.schema.answers import plain

try:
    import torch
    import transformers  # noqa: F401 - the callback under test needs it installed
except ImportError:  # pragma: no cover - depends on the optional extra
    if os.environ.get("CI"):
        raise  # CI installs the extra: a missing one is a failure there, not a skip
    pytest.skip("the transformers extra (torch, transformers) is not installed", allow_module_level=True)

CARD = """\
# Fine-tune card; the callback fills in the training block and the results.
model:
  name: tiny-bert-classifier   # hand-written
  task: text-classification

adaptation:
  method: [fine-tuning]
"""


def _dataset(size: int, generator: torch.Generator) -> list[dict[str, Any]]:
    """Sequences whose label is whether token 7 occurs: learnable, but trivially small."""
    rows = []
    for _ in range(size):
        ids = torch.randint(10, 100, (8,), generator=generator)
        label = int(torch.rand(1, generator=generator).item() < 0.5)
        if label:
            ids[3] = 7
        rows.append(
            {"input_ids": ids, "attention_mask": torch.ones(8, dtype=torch.long), "labels": torch.tensor(label)}
        )
    return rows


def _accuracy(prediction: Any) -> dict[str, float]:
    return {"accuracy": float((prediction.predictions.argmax(-1) == prediction.label_ids).mean())}


def test_callback_records_arguments_metrics_and_base_model(tmp_path: Path) -> None:
    from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments

    from cardgen.integrations.transformers import CardCallback

    card = tmp_path / "model.card.yaml"
    card.write_text(CARD, encoding="utf-8")
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=100,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=16,
        num_labels=2,
    )
    model = BertForSequenceClassification(config)
    arguments = TrainingArguments(
        output_dir=str(tmp_path / "out"),
        max_steps=3,
        per_device_train_batch_size=4,
        learning_rate=1e-3,
        eval_strategy="steps",
        eval_steps=3,
        save_strategy="no",
        logging_steps=1,
        report_to=[],
        use_cpu=True,
        seed=7,
        disable_tqdm=True,
    )
    callback = CardCallback(
        card,
        task="text-classification",
        dataset="synthetic-token-7",
        base_model="tiny-bert-from-config",
        power_watts=30,
    )
    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=_dataset(16, generator),
        eval_dataset=_dataset(8, generator),
        compute_metrics=_accuracy,
        callbacks=[callback],
    )
    trainer.train()

    loaded = load(card)
    training = plain(loaded.training)
    assert training.run.status == "completed"
    # The installed distributions' versions, as pip reinstalls them: a CUDA wheel from PyPI is "2.13.0"
    # though torch.__version__ says "2.13.0+cu130".
    assert training.run.packages["transformers"] == metadata.version("transformers")
    assert training.run.packages["torch"] == metadata.version("torch")
    hyperparameters = plain(training.hyperparameters)
    assert hyperparameters["learning_rate"] == 1e-3
    assert hyperparameters["max_steps"] == 3
    assert hyperparameters["per_device_train_batch_size"] == 4
    assert hyperparameters["seed"] == 7
    assert hyperparameters["use_cpu"] is True
    assert "output_dir" not in hyperparameters
    assert "accelerator_config" not in hyperparameters  # resolved by the Trainer, not chosen
    assert "debug" not in hyperparameters  # left empty
    assert plain(training.compute).unit == "FLOP"
    assert plain(training.compute).value > 0
    assert plain(training.energy).unit == "kWh"
    assert plain(loaded.adaptation).base_model == "tiny-bert-from-config"
    assert plain(loaded.adaptation).method == ["fine-tuning"]

    results = {(r.dataset.split, r.metric): r.value for r in plain(plain(loaded.evaluation).results)}
    history = trainer.state.log_history
    train_loss = next(entry["train_loss"] for entry in history if "train_loss" in entry)
    eval_entry = next(entry for entry in history if "eval_loss" in entry)
    assert results == {
        ("train", "loss"): pytest.approx(train_loss),
        ("validation", "loss"): pytest.approx(eval_entry["eval_loss"]),
        ("validation", "accuracy"): pytest.approx(eval_entry["eval_accuracy"]),
    }

    # An evaluation after training is written straight away and replaces the earlier figure.
    metrics = trainer.evaluate()
    after = {(r.dataset.split, r.metric): r.value for r in plain(plain(load(card).evaluation).results)}
    assert after[("validation", "loss")] == pytest.approx(metrics["eval_loss"])
    assert len(after) == 3
    assert "  name: tiny-bert-classifier   # hand-written" in card.read_text(encoding="utf-8").splitlines()
    assert read_document(card).data["training"]["run"]["status"] == "completed"
