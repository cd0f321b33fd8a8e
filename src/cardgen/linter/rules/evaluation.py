"""CG5xx: evaluation, the surrogate metrics that stand in for how the model behaves downstream."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from cardgen import metrics
from cardgen.linter.rules.base import Context, Hit, Node, rule
from cardgen.linter.rules.facts import about_people
from cardgen.schema.answers import plain, status
from cardgen.schema.constraints import ResultKey, result_key

BROADER = frozenset({"robustness", "fairness", "efficiency", "environmental", "safety", "calibration"})


def _results(ctx: Context) -> Node:
    return ctx.root.get("evaluation", "results")


@rule("CG501", "evaluation-missing", "warning", "evaluation")
def evaluation_missing(ctx: Context) -> Iterator[Hit]:
    """The card reports no evaluation results.

    Without results a reader cannot tell how well the model does anything. Report
    at least one metric on a named dataset and split.
    """
    results = _results(ctx)
    if ctx.root["evaluation"].missing or (ctx.root["evaluation"].given and results.missing):
        yield results.path, "no evaluation results; report metrics on named datasets and splits"


@rule("CG502", "result-dataset-unspecified", "warning", "evaluation")
def result_dataset_unspecified(ctx: Context) -> Iterator[Hit]:
    """A result does not say which dataset, or which split of it, it was measured on.

    A number without its dataset and split cannot be compared or reproduced; a
    score on the training split means something else than one on a held-out test set.
    """
    for result in _results(ctx).entries():
        dataset = result["dataset"]
        if dataset.missing:
            yield dataset.path, "the result names no dataset; add dataset: {name, split}"
        elif status(dataset.look("split")) == "missing":
            yield dataset["split"].path, "the result's dataset has no 'split'; say train, validation or test"


@rule("CG503", "no-uncertainty", "warning", "evaluation")
def no_uncertainty(ctx: Context) -> Iterator[Hit]:
    """No result gives an uncertainty.

    Without a confidence interval or a standard deviation over seeds, a difference
    between two models may be noise. Give `uncertainty: {lower, upper, level}` or
    `{std, runs}` on at least the headline results.
    """
    results = _results(ctx)
    entries = results.entries()
    if entries and all(status(entry.look("uncertainty")) == "missing" for entry in entries):
        yield results.path, "no result has an uncertainty; add a confidence interval or a standard deviation"


@rule("CG504", "single-task-evaluation", "warning", "evaluation", kinds=("model", "application"))
def single_task_evaluation(ctx: Context) -> Iterator[Hit]:
    """Every result is on the same task, though the model is meant for more.

    A foundation model is used for many tasks downstream; surrogate metrics should
    cover a representative set of them, not one. A model built for one task (its
    `model.task`) is exempt when it is an adapted task model or lists no downstream
    uses: for it, one task is the whole job.
    """
    results = _results(ctx)
    tasks = {str(plain(entry.look("task"))) for entry in results.entries()}
    if len(tasks) != 1:
        return
    task = tasks.pop()
    built_for_it = ctx.root.get("model", "task").value == task
    adapted = ctx.root["adaptation"].given
    if built_for_it and (adapted or ctx.root.get("intended_use", "downstream_uses").missing):
        return
    yield results.path, f"every result is on the task '{task}'; evaluate on the tasks the model is meant for"


@rule("CG505", "no-disaggregated-results", "warning", "evaluation", kinds=("model", "application"))
def no_disaggregated_results(ctx: Context) -> Iterator[Hit]:
    """The model is built from or about people, but no result is broken down by group.

    When data about people went in, or the card names fairness or privacy risks, or
    it lists factors such as age or dialect, an aggregate score can hide a group the
    model fails. Report sliced results (`slice: "gender=female"`), or, if none exist,
    say so and why with `factors: {value: none, explanation: ...}`.
    """
    results = _results(ctx)
    entries = results.entries()
    factors = ctx.root.get("evaluation", "factors")
    if not entries or any(status(entry.look("slice")) == "given" for entry in entries) or factors.explained_absence:
        return
    if factors.given or about_people(ctx):
        yield results.path, "the model concerns people but no result is sliced by group; add results with 'slice'"


@rule("CG506", "duplicate-result", "warning", "evaluation")
def duplicate_result(ctx: Context) -> Iterator[Hit]:
    """The same result is reported twice: same task, dataset (name, config, split, revision), metric and slice.

    Two values for one measurement contradict each other, and one identical value
    twice inflates the results table. Keep one, or tell them apart (a slice, a
    revision).
    """
    seen: dict[ResultKey, Node] = {}
    for result in _results(ctx).entries():
        key = result_key(result.raw)
        if key in seen:
            yield (
                result.path,
                f"the same task, metric, dataset and slice as the result {ctx.where(seen[key].path)}; keep one",
            )
        else:
            seen[key] = result


@rule("CG507", "evaluation-summary-missing", "info", "evaluation")
def evaluation_summary_missing(ctx: Context) -> Iterator[Hit]:
    """Results are given without a summary of what they mean."""
    evaluation = ctx.root["evaluation"]
    if _results(ctx).given and evaluation["summary"].missing:
        yield evaluation["summary"].path, "'summary' is missing; say in a paragraph what the results mean"


@rule("CG508", "capability-only-evaluation", "info", "evaluation", kinds=("model", "application"))
def capability_only_evaluation(ctx: Context) -> Iterator[Hit]:
    """Results measure capability only.

    Broader evaluation asks about robustness, fairness, efficiency and environmental
    impact too; set each result's `category` and add results beyond capability.
    """
    results = _results(ctx)
    entries = results.entries()
    if entries and not any(plain(entry.look("category")) in BROADER for entry in entries):
        yield results.path, "no result on robustness, fairness, efficiency, safety or calibration"


@functools.lru_cache(maxsize=1024)
def _known(metric: str) -> bool:
    """Whether cardgen knows the metric: remembered by name, as cards of every kind name the same few metrics
    (finding the name in the registry takes two regular expressions)."""
    return metrics.lookup(metric) is not None


@rule("CG509", "metric-undescribed", "warning", "evaluation")
def metric_undescribed(ctx: Context) -> Iterator[Hit]:
    """A result's metric is not one cardgen knows, and the result does not say how to read it.

    A number can only be drawn and compared truthfully when its direction and range are
    known: is 7.3 out of 10 or out of 100, and is higher better? cardgen knows common
    metrics (accuracy, F1, BLEU, perplexity, WER, latency, MT-Bench, ...; see
    `cardgen.metrics`). For any other metric, say it on the result:

        higher_is_better: false     # or none when a middle value is the target
        range: [0, 100]             # or unbounded
        unit: ms                    # for an unbounded metric, shown on the chart's axis

    A unit in brackets in the metric's name (`flagged (%)`) counts; a percentage needs no range.
    """
    for result in _results(ctx).entries():
        metric = plain(result.look("metric"))
        if not isinstance(metric, str) or _known(metric):
            continue
        unit = metrics.split_unit(metric)[1] or result["unit"].value
        wanted = [name for name in ("higher_is_better", "range") if result[name].missing]
        if unit == "%":
            wanted = [name for name in wanted if name != "range"]
        elif not unit and result["range"].value in (None, "unbounded"):
            wanted.append("unit")
        if wanted:
            yield (
                result["metric"].path,
                (
                    f"cardgen does not know the metric '{metric}'; add {' and '.join(wanted)} to the result "
                    "so charts draw it on its true scale"
                ),
            )
