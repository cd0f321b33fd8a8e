"""Surrogate metrics: evaluation results that stand in for downstream behaviour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from cardgen.schema.values import Answer, Section, described, plain


class DatasetRef(Section):
    name: str = Field(description="Dataset name, e.g. GLUE SST-2.")
    id: Answer[str] | None = described("Dataset id on the Hugging Face Hub, e.g. glue, if it has one.")
    config: Answer[str] | None = described("Dataset configuration or subset, e.g. sst2.")
    split: Answer[str] | None = described("Split evaluated on: train, validation, test, ...")
    revision: Answer[str] | None = described("Dataset version or commit.")


class Uncertainty(Section):
    """Either a confidence interval or a standard deviation, so that results can be compared."""

    lower: float | None = described("Lower bound of the confidence interval.")
    upper: float | None = described("Upper bound of the confidence interval.")
    level: float | None = Field(default=None, gt=0, lt=1, description="Confidence level, e.g. 0.95.")
    std: float | None = Field(default=None, ge=0, description="Standard deviation (e.g. across seeds).")
    runs: int | None = Field(default=None, ge=1, description="Number of runs or seeds behind the figure.")

    @model_validator(mode="after")
    def _interval_or_std(self) -> Uncertainty:
        has_interval = self.lower is not None or self.upper is not None
        if has_interval and (self.lower is None or self.upper is None):
            raise ValueError("a confidence interval needs both lower and upper")
        if not has_interval and self.std is None:
            raise ValueError("give a confidence interval (lower, upper) or a standard deviation (std)")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError("lower is greater than upper")
        return self


class ResultSource(Section):
    url: Answer[str] | None = described("Where the result is published.")
    name: Answer[str] | None = described("Who ran the evaluation: the developers or a third party.")
    verified: bool | None = described("Whether someone other than the developers reproduced it.")


ResultCategory = Literal[
    "capability", "robustness", "fairness", "efficiency", "environmental", "safety", "calibration", "other"
]


class Result(Section):
    """One surrogate-metric result."""

    task: str = Field(description="Task evaluated, ideally a Hugging Face task id, e.g. text-classification.")
    dataset: DatasetRef | None = described("Dataset the result was measured on.")
    metric: str = Field(description="Metric name, e.g. accuracy, f1, perplexity.")
    value: float = Field(description="The measured value.")
    uncertainty: Uncertainty | None = described("Confidence interval or standard deviation.")
    slice: str | None = described("Subgroup the result is restricted to, e.g. 'gender=female' (disaggregated results).")
    category: ResultCategory | None = described(
        "What the result speaks to: capability, robustness, fairness, efficiency, environmental, safety, calibration, other."
    )
    source: ResultSource | None = described("Where the result comes from and whether it was verified.")


RESULT_KEY: tuple[str, ...] = (
    "task",
    "dataset.name",
    "dataset.config",
    "dataset.split",
    "dataset.revision",
    "metric",
    "slice",
)
"""The fields that make two results the same measurement; any other field (value, uncertainty, ...) is about it."""

ResultKey = tuple[Any, ...]


def _field(container: Any, name: str) -> Any:
    if isinstance(container, BaseModel):
        return getattr(container, name, None)
    return container.get(name) if isinstance(container, Mapping) else None


def result_key(result: Result | Mapping[str, Any]) -> ResultKey:
    """A result's identity under :data:`RESULT_KEY`, from a :class:`Result` or the same data as written.

    ``update`` replaces the result with an equal key and appends any other; the
    duplicate-result lint rule reports a second result with the same key.
    Explained answers count by their value; ``unknown``, ``none`` and missing are alike.
    """
    key = []
    for dotted in RESULT_KEY:
        value: Any = result
        for name in dotted.split("."):
            value = plain(_field(value, name))
        key.append(value)
    return tuple(key)


class Evaluation(Section):
    summary: Answer[str] | None = described("What the results mean, in a paragraph.")
    factors: Answer[list[str]] | None = described("Factors results were disaggregated by: age, gender, dialect, ...")
    results: Answer[list[Result]] | None = described("Evaluation results.", table=True)
