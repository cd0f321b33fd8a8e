"""CG3xx: training, the stage that makes the model and pays its compute and carbon cost."""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule

TRAINING_CORE = ("objective", "hardware", "software")
FIGURES = ("duration", "compute", "energy", "emissions")


@rule("CG301", "training-info-missing", "warning", "training")
def training_info_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say how the model was trained.

    The objective says what the model was optimised for; hardware and software say
    what it takes to reproduce it.
    """
    yield from core_missing(ctx.root["training"], "training", TRAINING_CORE)


@rule("CG302", "environmental-impact-missing", "warning", "training")
def environmental_impact_missing(ctx: Context) -> Iterator[Hit]:
    """Training energy or carbon emissions are not given.

    Environmental cost is part of a model's cost (FMTI: energy usage, carbon
    emissions). Give a figure with a unit and its source, e.g. CodeCarbon or an
    estimate from hardware, hours and the grid's carbon intensity; or `unknown` with
    the reason.
    """
    training = ctx.root["training"]
    if training.status != "given":
        return
    for name in ("energy", "emissions"):
        if training[name].missing:
            yield training[name].path, f"training '{name}' is missing; give a figure with a unit and a source"


@rule("CG303", "figure-without-source", "warning", "training")
def figure_without_source(ctx: Context) -> Iterator[Hit]:
    """A training figure (duration, compute, energy, emissions) does not say where it comes from.

    A measured figure and a back-of-the-envelope estimate differ by orders of
    magnitude in trustworthiness; `source` says which one it is.
    """
    training = ctx.root["training"]
    for name in FIGURES:
        figure = training[name]
        if figure.given and figure["source"].missing:
            yield figure.path, f"training {name} has no 'source'; say whether it was measured (and how) or estimated"


@rule("CG304", "training-run-unfinished", "warning", "training")
def training_run_unfinished(ctx: Context) -> Iterator[Hit]:
    """The recorded training run failed or never finished.

    The card was written by `cardgen.record_training` during a run that did not
    complete, so the model it describes may not be the one that was released.
    """
    status = ctx.root.get("training", "run", "status")
    if status.value in ("failed", "running"):
        yield status.path, f"the recorded training run is '{status.value}'; record a completed run before release"


@rule("CG305", "training-code-uncommitted", "info", "training")
def training_code_uncommitted(ctx: Context) -> Iterator[Hit]:
    """The training code had uncommitted changes when the run was recorded.

    The commit in the card then does not reproduce the run; commit before training.
    """
    dirty = ctx.root.get("training", "run", "git", "dirty")
    if dirty.value is True:
        yield dirty.path, "the training code had uncommitted changes; the recorded commit does not reproduce the run"


@rule("CG306", "hyperparameters-missing", "info", "training")
def hyperparameters_missing(ctx: Context) -> Iterator[Hit]:
    """Training hyperparameters are not given; without them the training cannot be reproduced."""
    training = ctx.root["training"]
    if training.status == "given" and training["hyperparameters"].missing:
        yield training["hyperparameters"].path, "'hyperparameters' is missing; give them as name: value"
