"""What an application card adds: the product or service built on models (CRFM Ecosystem Graphs).

The models it uses are ``dependencies``, how they were adapted is ``adaptation``
and release, monitoring and feedback are ``deployment``; the rest is here.
"""

from __future__ import annotations

from pydantic import NonNegativeInt

from cardgen.schema.model import Identity, Modalities, References
from cardgen.schema.values import Answer, Section, described


class _ApplicationFacts(Identity):
    type: Answer[str] | None = described("Kind of product or service, e.g. chatbot, search engine, writing assistant.")
    output_space: Answer[str] | None = described(
        "What it produces for its users: generated text, rankings, labels, images, ..."
    )
    modalities: Answer[Modalities] | None = described("Input and output modalities.")
    languages: Answer[list[str]] | None = described("Natural languages it serves, as ISO 639-1 codes (e.g. en).")


class ApplicationInfo(References, _ApplicationFacts):
    """The application's identity (bases in reverse so identity, then facts, then references)."""


class Users(Section):
    """Who uses the application: where its social impact lands."""

    monthly_active_users: Answer[NonNegativeInt] | None = described(
        "Monthly active users (a count; give its source as the explanation)."
    )
    user_distribution: Answer[str] | None = described("Who the users are: demographic and geographic spread.")
    disclosure: Answer[str] | None = described("How users are told that they are dealing with an AI system.")


class Quality(Section):
    """What keeps the application's output in check, and where it is known to fail."""

    quality_control: Answer[str] | None = described(
        "Measures that ensure quality and safety and limit harm: testing, red-teaming, review."
    )
    known_failures: Answer[list[str]] | None = described(
        "Known failures and errors, with dates or links where there are."
    )
