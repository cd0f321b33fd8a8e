"""Surrogate metrics: evaluation results that stand in for downstream behaviour."""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from cardgen.schema.constraints import interval_or_std, range_in_order
from cardgen.schema.quantities import SizeFigure
from cardgen.schema.values import Answer, Section, described


class DatasetRef(Section):
    name: str = Field(description="Dataset name, e.g. GLUE SST-2.")
    id: Answer[str] | None = described("Dataset id on the Hugging Face Hub, e.g. glue, if it has one.")
    config: Answer[str] | None = described("Dataset configuration or subset, e.g. sst2.")
    split: Answer[str] | None = described("Split evaluated on: train, validation, test, ...")
    revision: Answer[str] | None = described("Dataset version or commit.")
    args: Any = described(
        "Arguments the dataset was loaded or evaluated with, e.g. {num_few_shot: 25} (Hub dataset.args)."
    )


class Uncertainty(Section):
    """Either a confidence interval or a standard deviation, so that results can be compared."""

    lower: float | None = described("Lower bound of the confidence interval.")
    upper: float | None = described("Upper bound of the confidence interval.")
    level: float | None = Field(default=None, gt=0, lt=1, description="Confidence level, e.g. 0.95.")
    std: float | None = Field(default=None, ge=0, description="Standard deviation (e.g. across seeds).")
    runs: int | None = Field(default=None, ge=1, description="Number of runs or seeds behind the figure.")

    _interval_or_std = model_validator(mode="after")(interval_or_std)


class ResultSource(Section):
    url: Answer[str] | None = described("Where the result is published.")
    name: Answer[str] | None = described("Who ran the evaluation: the developers or a third party.")
    verified: bool | None = described("Whether someone other than the developers reproduced it.")
    verify_token: str | None = described("The Hub evaluation service's signature of a verified result (verifyToken).")


ResultCategory = Literal[
    "capability", "robustness", "fairness", "efficiency", "environmental", "safety", "misuse", "calibration", "other"
]


MetricRange = Annotated[list[float], Field(min_length=2, max_length=2)] | Literal["unbounded"]


class Result(Section):
    """One surrogate-metric result."""

    task: str = Field(description="Task evaluated, ideally a Hugging Face task id, e.g. text-classification.")
    task_name: str | None = described("The task's display name, e.g. Text Generation.")
    dataset: DatasetRef | None = described("Dataset the result was measured on.")
    metric: str = Field(description="Metric name, e.g. accuracy, f1, perplexity.")
    metric_name: str | None = described("The metric's display name, e.g. normalized accuracy.")
    metric_config: str | None = described("Configuration of the metric, e.g. bleurt-large-512.")
    metric_args: dict[str, Any] | None = described("Arguments the metric was computed with, e.g. {max_order: 4}.")
    value: Answer[float] = Field(
        description="The measured value; unknown with an explanation when the source gives none (e.g. NaN)."
    )
    reported: str | None = described(
        "The value as the source wrote it when it was text, e.g. '-147.07 +/- 80.80', so exports can repeat it."
    )
    uncertainty: Uncertainty | None = described("Confidence interval or standard deviation.")
    slice: str | None = described("Subgroup the result is restricted to, e.g. 'gender=female' (disaggregated results).")
    category: ResultCategory | None = described(
        "What the result speaks to: capability, robustness, fairness, efficiency, environmental, safety "
        "(unintended harm), misuse (deliberate harm: red-teaming, jailbreaks), calibration, other."
    )
    source: ResultSource | None = described("Where the result comes from and whether it was verified.")
    higher_is_better: Answer[bool] | None = described(
        "Whether a higher value is better; `none` when neither is (a target in the middle). "
        "Needed for metrics cardgen does not know (see `cardgen.metrics`)."
    )
    range: MetricRange | None = described(
        "The values the metric can take: [low, high] (e.g. [0, 10] for MT-Bench) or unbounded (e.g. a loss)."
    )
    unit: str | None = described("Unit of the value, e.g. ms, tokens/s, %; shown on the chart's axis.")

    _range_in_order = model_validator(mode="after")(range_in_order)


class EvaluationData(Section):
    """A test or validation set: what it covers matters as much as the score on it (EU AI Act Annex XI 2(c))."""

    name: str = Field(description="Name of the dataset.")
    purpose: Answer[Literal["test", "validation"]] | None = described("test or validation.")
    size: Answer[SizeFigure] | None = described("Number of data points, with a unit (examples, images, tokens, ...).")
    scope: Answer[str] | None = described("Scope and main characteristics: domains, languages, time, who is in it.")
    url: Answer[str] | None = described("Where it can be found.")


class ThirdPartyEvaluation(Section):
    """An evaluation run by someone other than the developers (FMTI 'Third party ... evaluation')."""

    evaluator: str = Field(description="Who ran it (not the model's developers).")
    scope: Answer[str] | None = described("What was evaluated: capabilities, limitations, risks, mitigations, ...")
    access: Answer[str] | None = described("What access the evaluator had: weights, API, ...")
    url: Answer[str] | None = described("Where the report is published.")
    date: Answer[datetime.date] | None = described("When it was published, YYYY-MM-DD.")


class Evaluation(Section):
    summary: Answer[str] | None = described("What the results mean, in a paragraph.")
    testing_data: Answer[str] | None = described("The data the model was tested on, and why (Markdown).")
    metrics_description: Answer[str] | None = described("Which metrics were used and why (Markdown).")
    factors: Answer[list[str]] | None = described("Factors results were disaggregated by: age, gender, dialect, ...")
    results: Answer[list[Result]] | None = described("Evaluation results.", table=True)
    data: Answer[list[EvaluationData]] | None = described(
        "The test and validation data: each set's size, scope and main characteristics."
    )
    third_party_evaluations: Answer[list[ThirdPartyEvaluation]] | None = described(
        "Evaluations run by others than the developers, with what they covered and where they are published."
    )
    tradeoffs: Answer[list[str]] | None = described(
        "Performance trade-offs: what was given up for what (e.g. accuracy for latency)."
    )


def measured(result: Result) -> float | None:
    """The result's number, or None when the source gave none (an explained unknown)."""
    value = result.value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


NAN_SPELLINGS: frozenset[str] = frozenset({".nan", ".NaN", ".NAN", "nan", "NaN"})
"""How sources write "not a number"; a result keeps the spelling so an export can repeat it."""

_SPREAD = re.compile(r"^\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*(?:\+/-|±|\+-)\s*([\d.]+(?:[eE][-+]?\d+)?)\s*$")


def split_reported(text: str) -> tuple[float, float | None] | None:
    """A value written as text: ``"0.9"`` -> (0.9, None), ``"-147.07 +/- 80.80"`` -> (-147.07, 80.8);
    None for text that is not a finite number."""
    spread = _SPREAD.match(text)
    try:
        value, std = (float(spread.group(1)), float(spread.group(2))) if spread else (float(text), None)
    except ValueError:
        return None
    return (value, std) if math.isfinite(value) and (std is None or math.isfinite(std)) else None
