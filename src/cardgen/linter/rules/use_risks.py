"""CG6xx: what it is for, what it is not for, and what can go wrong, here and inherited from upstream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cardgen.ecosystem.risks import inherited_risks
from cardgen.io.discover import path_key
from cardgen.linter.rules.base import Context, Hit, Node, core_missing, graph_rule, rule
from cardgen.schema.answers import plain, status

if TYPE_CHECKING:
    from cardgen.ecosystem.graph import Graph
from cardgen.linter.rules.facts import holds_personal_data, open_weights, risk_categories


@rule("CG601", "intended-use-missing", "warning", "intended_use")
def intended_use_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say what the model is for and who is expected to use it."""
    yield from core_missing(ctx.root["intended_use"], "intended use", ("primary_uses", "primary_users"))


@rule("CG602", "out-of-scope-uses-missing", "warning", "intended_use")
def out_of_scope_uses_missing(ctx: Context) -> Iterator[Hit]:
    """Intended uses are given, but no out-of-scope uses.

    Saying what a model is for invites every neighbouring use; say which uses it
    must not be put to, and why.
    """
    use = ctx.root["intended_use"]
    if use["primary_uses"].given and use["out_of_scope_uses"].missing:
        yield (
            use["out_of_scope_uses"].path,
            "intended uses without 'out_of_scope_uses'; say what it must not be used for",
        )


@rule("CG603", "risks-missing", "warning", "risks")
def risks_missing(ctx: Context) -> Iterator[Hit]:
    """The card names no risks.

    Every model can fail someone. List risks with their category, who would be
    harmed, and what was done about them.
    """
    risks = ctx.root["risks"]
    if risks.missing:
        yield risks.path, "the card names no risks; add `risks:` with category, description and mitigations"


@rule("CG604", "risk-without-mitigation", "warning", "risks")
def risk_without_mitigation(ctx: Context) -> Iterator[Hit]:
    """A risk is named without saying what was done or is advised against it.

    If nothing was done, write `mitigations: none` with an explanation, so that the
    gap is a stated decision rather than an omission.
    """
    for risk in ctx.root["risks"].entries():
        if status(risk.look("mitigations")) == "missing":
            yield risk["mitigations"].path, "the risk has no 'mitigations'; say what was done or is advised against it"


@rule("CG605", "risk-undescribed", "warning", "risks")
def risk_undescribed(ctx: Context) -> Iterator[Hit]:
    """A risk has no description of what can go wrong and for whom."""
    for risk in ctx.root["risks"].entries():
        if status(risk.look("description")) == "missing":
            yield risk["description"].path, "the risk has no 'description'; say what can go wrong and for whom"


@rule("CG606", "privacy-risk-absent", "warning", "risks")
def privacy_risk_absent(ctx: Context) -> Iterator[Hit]:
    """The data holds personal information, but no privacy risk is named.

    Models can memorise and reveal personal data they were trained on, and datasets
    pass it on to every model trained on them. When a data source (or a dataset's
    composition) says `personal_information: true` (or `sensitive_information: true`),
    name a risk with `category: privacy` and its mitigations.
    """
    if holds_personal_data(ctx) and "privacy" not in risk_categories(ctx):
        yield ctx.root["risks"].path, "the data holds personal information but no risk has category 'privacy'"


@rule("CG607", "misuse-risk-absent", "warning", "risks", kinds=("model",))
def misuse_risk_absent(ctx: Context) -> Iterator[Hit]:
    """The weights are open, but no misuse risk is named.

    Open weights cannot be recalled, and any safeguard around them can be removed;
    name a risk with `category: misuse` and what limits it.
    """
    if open_weights(ctx) and "misuse" not in risk_categories(ctx):
        yield ctx.root["risks"].path, "the weights are open but no risk has category 'misuse'"


@rule("CG608", "affected-groups-missing", "info", "risks")
def affected_groups_missing(ctx: Context) -> Iterator[Hit]:
    """A risk does not say who would be harmed."""
    for risk in ctx.root["risks"].entries():
        if status(risk.look("affected_groups")) == "missing":
            yield risk["affected_groups"].path, "the risk has no 'affected_groups'; say who would be harmed"


@rule("CG609", "duplicate-risk-id", "error", "risks")
def duplicate_risk_id(ctx: Context) -> Iterator[Hit]:
    """Two risks of the card share an `id`.

    Other cards name a risk as NAME#RISK-ID to say they address it; an id used
    twice makes that reference ambiguous. Give each risk its own id.
    """
    seen: dict[str, Node] = {}
    for risk in ctx.root["risks"].entries():
        risk_id = plain(risk.look("id"))
        if not isinstance(risk_id, str):
            continue
        if risk_id in seen:
            yield (
                risk["id"].path,
                f"risk id '{risk_id}' is already used {ctx.where(seen[risk_id]['id'].path)}; ids must be unique",
            )
        else:
            seen[risk_id] = risk


@graph_rule("CG610", "inherited-risk-unaddressed", "warning", "risks")
def inherited_risk_unaddressed(graph: Graph, path: str) -> Iterator[Hit]:
    """A risk declared upstream reaches this card, and the card does not address it.

    Flaws are inherited along every dependency path (a dataset's risks reach every
    model trained on it and every application built on those). Address each one with
    a risk of your own that names it, `addresses: NAME#RISK-ID`, and gives mitigations,
    or `status: {value: accepted, explanation: why}`. For an upstream risk without an
    id, or in a 1.0 card, a risk of the same category with mitigations addresses it.
    Checked when cards are linted together (or linked by `card:` paths).
    """
    for risk in inherited_risks(graph, path):
        if not risk.is_fact and not risk.addressed:
            about = f" ({risk.category})" if risk.category else ""
            if risk.risk_id is not None:
                fix = f"add a risk with `addresses: {risk.reference}` and mitigations, or status accepted with an explanation"
            else:
                fix = f"add a risk of category {risk.category or 'other'} with mitigations (the upstream risk has no id to name)"
            yield (
                graph.facts[path_key(path)].risks_path,
                f"inherited risk {risk.reference}{about} from {risk.origin_name} via {risk.route} is unaddressed:"
                f" {risk.note}; {fix}",
            )


@graph_rule("CG611", "inherited-privacy-risk-absent", "warning", "risks")
def inherited_privacy_risk_absent(graph: Graph, path: str) -> Iterator[Hit]:
    """Data upstream holds personal information, but this card names no privacy risk.

    What a dataset holds about people can be memorised by every model trained on it,
    directly or through a base model, and surface in every application: the same
    question as CG606, asked of everything downstream of the data.
    """
    for risk in inherited_risks(graph, path):
        if risk.is_fact and not risk.addressed:
            yield (
                graph.facts[path_key(path)].risks_path,
                f"inherited from {risk.origin_name} via {risk.route}: {risk.origin_name} {risk.description},"
                " but no risk here has category 'privacy'",
            )
