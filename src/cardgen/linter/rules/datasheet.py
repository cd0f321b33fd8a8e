"""CG22x: the datasheet of a dataset card (Gebru et al.): motivation, composition, maintenance.

Collection and preprocessing are the data_creation and curation rules (CG20x, CG21x),
which apply to dataset cards as they do to model cards.
"""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule

MOTIVATION_CORE = ("purpose", "creators", "funding")
COMPOSITION_CORE = ("instances", "count", "included", "excluded", "personal_information", "sensitive_information")
MAINTENANCE_CORE = ("maintainer", "versioning")


@rule("CG221", "motivation-missing", "warning", "motivation")
def motivation_missing(ctx: Context) -> Iterator[Hit]:
    """The dataset card does not say why the dataset was created, by whom, and who paid.

    The purpose a dataset was built for shapes what it holds and what it is fit for;
    creators and funders say whose interests it served.
    """
    yield from core_missing(ctx.root["motivation"], "motivation", MOTIVATION_CORE)


@rule("CG222", "composition-missing", "warning", "composition")
def composition_missing(ctx: Context) -> Iterator[Hit]:
    """The dataset card does not say what the data holds.

    What an instance is, how many there are, what was included and excluded, and
    whether it holds personal or sensitive data decide what a model trained on it
    can learn and leak; answer each, `unknown` with a reason where that is the truth.
    """
    yield from core_missing(ctx.root["composition"], "composition", COMPOSITION_CORE)


@rule("CG223", "maintenance-missing", "info", "maintenance")
def maintenance_missing(ctx: Context) -> Iterator[Hit]:
    """The dataset card does not say who maintains the data and how versions change.

    Models name the version they were trained on; without versioning, no one can
    tell which data a model saw or whether an erratum applies to it.
    """
    yield from core_missing(ctx.root["maintenance"], "maintenance", MAINTENANCE_CORE)
