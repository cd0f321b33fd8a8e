"""CG4xx: adaptation and deployment, where a base model becomes a system and meets its users."""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule
from cardgen.linter.rules.facts import open_weights
from cardgen.schema.answers import plain

ADAPTATION_CORE = ("method", "base_model")
DEPLOYMENT_CORE = ("access", "feedback")


@rule("CG401", "adaptation-info-missing", "warning", "adaptation")
def adaptation_info_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say how the model was adapted, or that it was not.

    Flaws of a base model are inherited by everything adapted from it, so say which
    base model and which method (fine-tuning, prompting, lora, ...). For a base
    model write `adaptation: none`.
    """
    yield from core_missing(ctx.root["adaptation"], "adaptation", ADAPTATION_CORE)


def _dependency_names(ctx: Context) -> set[str]:
    return {str(plain(item.look("name"))).casefold() for item in ctx.root["dependencies"].entries()}


@rule("CG402", "base-model-not-a-dependency", "warning", "adaptation")
def base_model_not_a_dependency(ctx: Context) -> Iterator[Hit]:
    """The base model is not listed under dependencies.

    Dependencies make cards an ecosystem graph; a base model missing from them breaks
    the chain along which its flaws are inherited. Add it with `kind: model` and, if
    it has one, a link to its card.
    """
    base = ctx.root.get("adaptation", "base_model")
    if isinstance(base.value, str) and base.value.casefold() not in _dependency_names(ctx):
        yield base.path, f"base model '{base.value}' is not listed under dependencies; add it with kind: model"


@rule("CG403", "safeguards-missing", "info", "adaptation")
def safeguards_missing(ctx: Context) -> Iterator[Hit]:
    """An adapted model does not say which downstream safeguards it has.

    Output restrictions, classifiers and filters added during adaptation can make a
    flawed base model tolerable; say which ones there are, or `none`.
    """
    adaptation = ctx.root["adaptation"]
    if adaptation.given and adaptation["safeguards"].missing:
        yield (
            adaptation["safeguards"].path,
            "'safeguards' is missing; list output restrictions, classifiers or filters, or `none`",
        )


@rule("CG411", "deployment-info-missing", "warning", "deployment")
def deployment_info_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say how the model is released and where problems are reported.

    Deployment is where social impact happens: say whether the model is open,
    limited or closed, and where users report problems.
    """
    yield from core_missing(ctx.root["deployment"], "deployment", DEPLOYMENT_CORE)


@rule("CG412", "usage-policy-missing", "info", "deployment")
def usage_policy_missing(ctx: Context) -> Iterator[Hit]:
    """A released model has neither terms of use nor a usage policy.

    Terms and acceptable-use policies are how a developer states which uses are not
    allowed (FMTI: usage policy).
    """
    deployment = ctx.root["deployment"]
    if deployment["access"].value in ("open", "limited") and all(
        deployment[name].missing for name in ("terms_of_use", "usage_policy")
    ):
        yield deployment["usage_policy"].path, "no 'terms_of_use' or 'usage_policy'; link or state them"


@rule("CG413", "monitoring-missing", "info", "deployment", kinds=("model", "dataset"))
def monitoring_missing(ctx: Context) -> Iterator[Hit]:
    """A released model does not say how its use is monitored.

    For open weights the honest answer is often `none` with an explanation; say so.
    """
    deployment = ctx.root["deployment"]
    if deployment["access"].value in ("open", "limited") and deployment["monitoring"].missing:
        yield deployment["monitoring"].path, "'monitoring' is missing; say how use is monitored, or `none` and why"


@rule("CG414", "weights-link-missing", "info", "deployment", kinds=("model",))
def weights_link_missing(ctx: Context) -> Iterator[Hit]:
    """Open weights, but no link to where they can be downloaded."""
    weights = ctx.root.get("model", "links", "weights")
    if open_weights(ctx) and weights.missing:
        yield weights.path, "the weights are open but model.links.weights is missing; link them"
