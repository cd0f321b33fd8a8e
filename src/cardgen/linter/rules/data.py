"""CG2xx: data creation and curation, the upstream stages whose flaws every later stage inherits."""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule
from cardgen.linter.rules.facts import personal_data_sources
from cardgen.schema.answers import plain, status

SOURCE_CORE = ("name", "url", "license", "personal_information")
CURATION_CORE = ("selection_criteria", "filtering", "deduplication")


@rule("CG201", "data-creation-info-missing", "warning", "data_creation")
def data_creation_info_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say where the data comes from.

    Data creation is the first stage of the chain: most training data is about
    people and was made by people for other purposes. Describe it and list its sources.
    """
    yield from core_missing(ctx.root["data_creation"], "data creation", ("description", "sources"))


@rule("CG202", "data-source-incomplete", "warning", "data_creation")
def data_source_incomplete(ctx: Context) -> Iterator[Hit]:
    """A data source lacks its name, provenance, license or whether it holds personal information.

    These are what a reader needs to trace the data back, to know whether it may be
    used, and whether people's privacy is at stake (FMTI: data sources, data license,
    personal information).
    """
    for source in ctx.root.get("data_creation", "sources").entries():
        yield from core_missing(source, "the data source", SOURCE_CORE)


@rule("CG203", "consent-undocumented", "warning", "data_creation")
def consent_undocumented(ctx: Context) -> Iterator[Hit]:
    """Data holds personal information but the card does not say whether people consented."""
    for source in personal_data_sources(ctx):
        if source["consent"].missing:
            yield source["consent"].path, "the source holds personal information; say whether and how people consented"


@rule("CG204", "data-labor-undocumented", "info", "data_creation")
def data_labor_undocumented(ctx: Context) -> Iterator[Hit]:
    """People made or labelled the data, but the card does not say who they were or how they were paid.

    FMTI asks about the data labour behind a model: who did it, where, under what
    protections, and for what wage.
    """
    for source in ctx.root.get("data_creation", "sources").entries():
        labor = source["human_labor"]
        if plain(labor.look("involved")) is True:
            for name in ("workers", "compensation"):
                if labor[name].missing:
                    yield labor[name].path, f"people worked on this data; give '{name}' in human_labor"


@rule("CG205", "data-size-missing", "info", "data_creation")
def data_size_missing(ctx: Context) -> Iterator[Hit]:
    """A data source does not say how much data it contributed."""
    for source in ctx.root.get("data_creation", "sources").entries():
        if status(source.look("size")) == "missing":
            yield (
                source["size"].path,
                "the source has no 'size'; give an amount with a unit, e.g. {value: 3.3e9, unit: words}",
            )


@rule("CG211", "curation-info-missing", "warning", "curation")
def curation_info_missing(ctx: Context) -> Iterator[Hit]:
    """The card does not say how the data was selected, filtered and deduplicated.

    There is no natural distribution of data, only choices: which sources, which
    filters, which duplicates removed. Those choices shape what the model learns.
    """
    yield from core_missing(ctx.root["curation"], "curation", CURATION_CORE)


@rule("CG212", "personal-data-unprotected", "warning", "curation")
def personal_data_unprotected(ctx: Context) -> Iterator[Hit]:
    """Data holds personal information but curation says nothing about protecting it.

    Say how personal data was removed or masked (`curation.filtering.personal_data`)
    or what else protects the people in the data (`curation.privacy_mitigations`);
    `none` with an explanation is an honest answer too.
    """
    curation = ctx.root["curation"]
    filtered = curation.get("filtering", "personal_data")
    mitigated = curation["privacy_mitigations"]
    if personal_data_sources(ctx) and filtered.missing and mitigated.missing:
        yield mitigated.path, "the data holds personal information but curation says nothing about protecting it"
