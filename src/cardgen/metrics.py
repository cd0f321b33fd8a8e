"""What common evaluation metrics mean: which way is better, what range they live on, what unit they carry.

A chart can only draw a number truthfully when it knows these things: MT-Bench
7.3 is 73% of the way up a 0-10 scale, a loss of 0.69 is not "69% full", and a
lower perplexity is the better one. A result can state them itself
(``higher_is_better``, ``range``, ``unit``); otherwise they come from this
registry, and lint asks for them when a metric is in neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cardgen.schema.answers import plain, status

Kind = Literal["proportion", "bounded", "unbounded"]
"""``proportion``: 0-1, or 0-100 when written as a percentage; ``bounded``: a fixed range; ``unbounded``: no top."""


@dataclass(frozen=True)
class Metric:
    name: str
    higher_is_better: bool | None
    """None: neither direction is better (a target value in the middle, as for calibration gaps)."""
    kind: Kind
    bounds: tuple[float, float] | None = None
    """The range of a ``bounded`` metric, e.g. (0, 10) for MT-Bench or (-1, 1) for a correlation."""
    unit: str = ""
    aliases: tuple[str, ...] = ()


_LOSSES = ("cross_entropy", "log_loss", "nll", "negative_log_likelihood", "eval_loss", "validation_loss", "train_loss")


REGISTRY: tuple[Metric, ...] = (
    Metric("accuracy", True, "proportion", aliases=("acc", "top_1_accuracy", "top_5_accuracy", "balanced_accuracy")),
    Metric("precision", True, "proportion", aliases=("average_precision", "map", "mean_average_precision")),
    Metric("recall", True, "proportion", aliases=("sensitivity", "true_positive_rate", "tpr")),
    Metric("f1", True, "proportion", aliases=("f1_score", "f_measure", "f_score", "macro_f1", "micro_f1")),
    Metric("auc", True, "proportion", aliases=("roc_auc", "auroc", "area_under_curve", "pr_auc", "auprc")),
    Metric("exact_match", True, "proportion", aliases=("em",)),
    Metric("bleu", True, "proportion", aliases=("sacrebleu", "bleu_score")),
    Metric(
        "rouge",
        True,
        "proportion",
        aliases=("rouge1", "rouge2", "rougel", "rougelsum", "rouge_1", "rouge_2", "rouge_l"),
    ),
    Metric("chrf", True, "proportion", aliases=("chrf++", "chrfpp")),
    Metric("meteor", True, "proportion"),
    Metric("bertscore", True, "proportion", aliases=("bert_score",)),
    Metric("pass@k", True, "proportion", aliases=("pass@1", "pass@10", "pass@100")),
    Metric("iou", True, "proportion", aliases=("miou", "mean_iou", "jaccard")),
    Metric("win_rate", True, "proportion", aliases=("winrate", "length_controlled_win_rate", "lc_win_rate")),
    Metric("error_rate", False, "proportion", aliases=("error", "top_1_error", "top_5_error")),
    Metric("wer", False, "proportion", aliases=("word_error_rate",)),
    Metric("cer", False, "proportion", aliases=("character_error_rate",)),
    Metric("toxicity", False, "proportion", aliases=("toxicity_rate", "expected_maximum_toxicity")),
    Metric("matthews_correlation", True, "bounded", (-1.0, 1.0), aliases=("mcc", "matthews_corrcoef")),
    Metric("pearson", True, "bounded", (-1.0, 1.0), aliases=("pearsonr", "pearson_correlation")),
    Metric("spearman", True, "bounded", (-1.0, 1.0), aliases=("spearmanr", "spearman_correlation")),
    Metric("mt_bench", True, "bounded", (0.0, 10.0), aliases=("mt_bench_score", "mtbench")),
    Metric("perplexity", False, "unbounded", aliases=("ppl",)),
    Metric("bits_per_byte", False, "unbounded", unit="bits/byte", aliases=("bpb",)),
    Metric("bits_per_character", False, "unbounded", unit="bits/character", aliases=("bpc", "bits_per_char")),
    Metric("loss", False, "unbounded", aliases=_LOSSES),
    Metric("mae", False, "unbounded", aliases=("mean_absolute_error",)),
    Metric("mse", False, "unbounded", aliases=("mean_squared_error",)),
    Metric("rmse", False, "unbounded", aliases=("root_mean_squared_error",)),
    Metric("latency", False, "unbounded", unit="ms", aliases=("inference_latency", "time_to_first_token", "ttft")),
    Metric("throughput", True, "unbounded", unit="tokens/s", aliases=("tokens_per_second", "samples_per_second")),
)
"""The metrics cardgen knows; names are matched after :func:`normalise`."""

_BY_NAME: dict[str, Metric] = {key: metric for metric in REGISTRY for key in (metric.name, *metric.aliases)}
_UNIT = re.compile(r"\s*\(([^()]*)\)\s*$")
_AT_K = re.compile(r"@\d+$")


def split_unit(name: str) -> tuple[str, str]:
    """``latency (ms)`` -> (``latency``, ``ms``): a unit written in brackets after the metric's name."""
    found = _UNIT.search(name)
    return (name[: found.start()], found.group(1).strip()) if found else (name, "")


def normalise(name: str) -> str:
    """A metric name in the registry's spelling: lower case, words joined by ``_``, ``@k`` folded for recall@5."""
    text = re.sub(r"[\s\-]+", "_", split_unit(name)[0].strip().lower())
    if text in _BY_NAME:
        return text
    for prefix in ("top_1_", "top_5_", "macro_", "micro_", "weighted_", "mean_"):
        if text.startswith(prefix) and text[len(prefix) :] in _BY_NAME:
            return text[len(prefix) :]
    return _AT_K.sub("", text) if _AT_K.sub("", text) in _BY_NAME else text


def lookup(name: str) -> Metric | None:
    """The registry's entry for a metric name, or None for a metric cardgen does not know."""
    return _BY_NAME.get(normalise(name))


@dataclass(frozen=True)
class Scale:
    """How one metric's values are to be read and drawn."""

    higher_is_better: bool | None
    bounds: tuple[float, float] | None
    """The true range, or None for an unbounded metric (drawn from zero, or on a log axis)."""
    unit: str


def _declared_range(value: Any) -> tuple[float, float] | Literal["unbounded"] | None:
    raw = plain(value)
    if raw == "unbounded":
        return "unbounded"
    if isinstance(raw, (list, tuple)) and len(raw) == 2:
        return float(raw[0]), float(raw[1])
    return None


def scale(metric: str, values: Sequence[float], *, higher_is_better: Any = None, declared_range: Any = None,
          unit: Any = None) -> Scale:  # fmt: skip
    """The scale of a metric's values: the result's own statements first, then the registry.

    A proportion is on 0-1, or 0-100 when the unit is ``%`` or a value exceeds 1
    (a proportion above 1 can only be a percentage).
    """
    entry = lookup(metric)
    named_unit = split_unit(metric)[1]
    stated_unit = plain(unit)
    chosen_unit = str(stated_unit) if stated_unit else named_unit or (entry.unit if entry else "")
    if status(higher_is_better) == "given":
        better: bool | None = bool(plain(higher_is_better))
    elif status(higher_is_better) == "none":
        better = None
    else:
        better = entry.higher_is_better if entry else None
    declared = _declared_range(declared_range)
    bounds: tuple[float, float] | None
    if declared == "unbounded":
        bounds = None
    elif declared is not None:
        bounds = declared
    elif chosen_unit == "%" or (entry is not None and entry.kind == "proportion"):
        percent = chosen_unit == "%" or any(value > 1 for value in values)
        bounds = (0.0, 100.0) if percent else (0.0, 1.0)
        if percent and not chosen_unit:
            chosen_unit = "%"
    elif entry is not None:
        bounds = entry.bounds
    else:
        bounds = None
    return Scale(better, bounds, chosen_unit)
