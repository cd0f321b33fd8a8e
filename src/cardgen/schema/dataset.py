"""What a dataset card adds: the datasheet (Gebru et al., "Datasheets for Datasets").

Collection and preprocessing/cleaning/labelling reuse the ``data_creation`` and
``curation`` parts of a model card, uses are ``intended_use`` and distribution is
``deployment``; the datasheet's other sections are here.
"""

from __future__ import annotations

from pydantic import NonNegativeInt

from cardgen.schema.model import Identity, References
from cardgen.schema.quantities import SizeFigure
from cardgen.schema.values import Answer, Section, described


class _DatasetFacts(Identity):
    modality: Answer[list[str]] | None = described(
        "Kinds of data it holds: text, image, audio, video, tabular, code, ..."
    )
    languages: Answer[list[str]] | None = described("Natural languages of its content, as ISO 639-1 codes (e.g. en).")
    size: Answer[list[SizeFigure]] | None = described(
        "How big it is, in every unit it is counted in (documents, tokens, words, GB, ...)."
    )
    datasheet: Answer[str] | None = described("URL of a datasheet or data card published elsewhere.")


class DatasetInfo(References, _DatasetFacts):
    """The dataset's identity (bases in reverse so identity, then facts, then references)."""


class Motivation(Section):
    """Why the dataset exists: its purpose shapes what it holds."""

    purpose: Answer[str] | None = described("For what purpose it was created; which task or gap it was made for.")
    creators: Answer[str] | None = described("Who created it, and on behalf of which entity.")
    funding: Answer[str] | None = described("Who funded its creation (grants, companies).")


class Composition(Section):
    """What the dataset holds, instance by instance."""

    instances: Answer[str] | None = described(
        "What an instance is (document, image, person, ...) and what each one holds."
    )
    count: Answer[NonNegativeInt] | None = described("Number of instances.")
    sample: Answer[list[str]] | None = described("A few example instances, or links to them.")
    sampling: Answer[str] | None = described(
        "Whether it holds all possible instances or a sample of a larger set, and how the sample was drawn."
    )
    included: Answer[str] | None = described("What content is included.")
    excluded: Answer[str] | None = described("What content was left out or filtered out, and why.")
    labels: Answer[str] | None = described("Labels or targets attached to the instances, if any.")
    splits: Answer[str] | None = described("Recommended splits (train, validation, test) and why.")
    noise: Answer[str] | None = described("Known errors, noise and redundancies.")
    external_resources: Answer[str] | None = described(
        "Whether it relies on external resources (web pages, other datasets) and whether they are archived."
    )
    personal_information: Answer[bool] | None = described(
        "Whether it holds personal information: data that identifies people, directly or indirectly."
    )
    sensitive_information: Answer[bool] | None = described(
        "Whether it holds special-category data (health, ethnicity, religion, sexual orientation, ...)."
    )
    identifiable_people: Answer[str] | None = described(
        "Whether and how people can be identified from it, alone or combined with other data."
    )
    subpopulations: Answer[str] | None = described(
        "Subpopulations (age, gender, region, ...) it identifies, and their shares."
    )
    confidential: Answer[str] | None = described(
        "Data that may be confidential: legally privileged, private communication, non-public records."
    )
    offensive_content: Answer[str] | None = described(
        "Content that might be offensive, insulting, threatening or cause anxiety."
    )


class Maintenance(Section):
    """Who keeps the dataset alive, and how it changes over time."""

    maintainer: Answer[str] | None = described("Who supports, hosts and maintains it.")
    versioning: Answer[str] | None = described(
        "How versions are numbered, how often it is updated and how updates are announced."
    )
    errata: Answer[str] | None = described("Where known errors are listed and corrected.")
    retention: Answer[str] | None = described(
        "Limits on keeping data about people (e.g. deletion on request), and how they are enforced."
    )
    older_versions: Answer[str] | None = described("Whether older versions stay available and supported.")
    contributions: Answer[str] | None = described("How others can extend or correct it, and how that is checked.")
