"""The metric registry: names as people write them, and the scale each metric is read on."""

from __future__ import annotations

import pytest

from cardgen.metrics import REGISTRY, lookup, normalise, scale, split_unit


@pytest.mark.parametrize(
    ("written", "registered"),
    [
        ("accuracy", "accuracy"),
        ("top-1 accuracy", "accuracy"),
        ("Top-5 Accuracy", "accuracy"),
        ("recall@5", "recall"),
        ("F1", "f1"),
        ("macro F1", "f1"),
        ("ROUGE-L", "rouge"),
        ("chrF++", "chrf"),
        ("MT-Bench", "mt_bench"),
        ("exact match", "exact_match"),
        ("latency (ms)", "latency"),
        ("bits per byte", "bits_per_byte"),
        ("BPC", "bits_per_character"),
        ("eval_loss", "loss"),
        ("spearmanr", "spearman"),
        ("win rate", "win_rate"),
    ],
)
def test_common_spellings_find_their_metric(written: str, registered: str) -> None:
    found = lookup(written)
    assert found is not None
    assert found.name == registered


def test_unknown_metrics_are_not_guessed() -> None:
    assert lookup("stereotype preference rate (%)") is None
    assert lookup("images classified as non-human (%)") is None
    assert normalise("My Score") == "my_score"


def test_registry_names_are_unique_and_cover_the_issue_list() -> None:
    keys = [key for metric in REGISTRY for key in (metric.name, *metric.aliases)]
    assert len(keys) == len(set(keys))
    wanted = ["accuracy", "precision", "recall", "f1", "auc", "exact_match", "bleu", "rouge", "chrf", "meteor",
              "perplexity", "bits_per_byte", "bits_per_character", "loss", "wer", "cer", "mae", "rmse",
              "latency", "throughput", "mt_bench", "win_rate"]  # fmt: skip
    assert [name for name in wanted if lookup(name) is None] == []


def test_a_unit_in_brackets_is_the_metric_unit() -> None:
    assert split_unit("latency (ms)") == ("latency", "ms")
    assert split_unit("accuracy") == ("accuracy", "")
    assert scale("latency (s)", [0.2, 0.4]).unit == "s"
    assert scale("latency", [12.0, 14.0]).unit == "ms", "the registry's default unit"
    assert scale("latency", [12.0], unit="s").unit == "s", "the result's own unit wins"


@pytest.mark.parametrize(
    ("metric", "values", "options", "bounds", "better"),
    [
        ("accuracy", [0.91], {}, (0.0, 1.0), True),
        ("accuracy", [91.2], {}, (0.0, 100.0), True),
        ("images classified as non-human (%)", [0.4], {}, (0.0, 100.0), None),
        ("MT-Bench", [7.3], {}, (0.0, 10.0), True),
        ("perplexity", [23.4], {}, None, False),
        ("wer", [4.2], {}, (0.0, 100.0), False),
        ("loss", [0.69], {}, None, False),
        ("matthews_correlation", [0.5], {}, (-1.0, 1.0), True),
        ("my score", [3.0], {}, None, None),
        ("my score", [3.0], {"higher_is_better": False, "declared_range": [0, 5]}, (0.0, 5.0), False),
        ("my score", [3.0], {"higher_is_better": "none", "declared_range": "unbounded"}, None, None),
        ("accuracy", [0.9], {"declared_range": [0, 100]}, (0.0, 100.0), True),
    ],
)
def test_scale_comes_from_the_result_then_the_registry(
    metric: str, values: list[float], options: dict[str, object], bounds: object, better: object
) -> None:
    found = scale(metric, values, **options)
    assert (found.bounds, found.higher_is_better) == (bounds, better)
