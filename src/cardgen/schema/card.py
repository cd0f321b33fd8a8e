"""Whole cards, one class per kind of asset: model, dataset and application (as in CRFM Ecosystem Graphs).

Every kind shares the head (``schema_version``, ``kind``) and the closing parts
(``evaluation``, ``intended_use``, ``risks``, ``dependencies``); each kind has its
own identity block, named after it, and the parts that fit what it documents.
A file without ``kind`` is a model card, so every card written before kinds
existed keeps its meaning. The order of the fields is the order of the parts
everywhere (see :mod:`cardgen.schema.parts`); ``stage=True`` marks the parts that
are stages of the chain.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, TypeAdapter

from cardgen.schema.application import ApplicationInfo, Quality, Users
from cardgen.schema.dataset import Composition, DatasetInfo, Maintenance, Motivation
from cardgen.schema.dependencies import Dependency
from cardgen.schema.evaluation import Evaluation
from cardgen.schema.interop import Extras
from cardgen.schema.kinds import TAGS, Kind, card_tag
from cardgen.schema.model import ModelInfo
from cardgen.schema.stages import Adaptation, Curation, DataCreation, Deployment, Training
from cardgen.schema.use import IntendedUse, Risk
from cardgen.schema.values import Answer, Section, described

SCHEMA_VERSION: Literal["1.1"] = "1.1"
"""The version new cards get; 1.0 cards (without the fields 1.1 added: kinds, risk ids, the standards' fields) stay valid."""


class _Head(Section):
    schema_version: Literal["1.0", "1.1"] = Field(
        default=SCHEMA_VERSION, description="Version of the cardgen card schema this card follows: 1.0 or 1.1."
    )
    kind: Kind = Field(
        default="model", description="What the card documents: model (the default), dataset or application."
    )


class CardBase(_Head):
    """What every kind of card has: the parts that link cards into an ecosystem and say what can go wrong."""

    evaluation: Answer[Evaluation] | None = described("Surrogate metrics: evaluation results.")
    intended_use: Answer[IntendedUse] | None = described("What it is for and not for.")
    risks: Answer[list[Risk]] | None = described("Known risks and their mitigations.")
    dependencies: Answer[list[Dependency]] | None = described("Upstream datasets, models and applications.")
    extras: Extras | None = described(
        "Documentation, images and metadata from imported files that have no card field (schema 1.1)."
    )


class _ModelParts(_Head):
    model: ModelInfo = Field(description="The model's identity.")
    data_creation: Answer[DataCreation] | None = described("Stage 1: where the data comes from.", stage=True)
    curation: Answer[Curation] | None = described(
        "Stage 2: how the data was selected, filtered and labelled.", stage=True
    )
    training: Answer[Training] | None = described("Stage 3: how the model was trained and what it cost.", stage=True)
    adaptation: Answer[Adaptation] | None = described(
        "Stage 4: how it was adapted from a base model ('none' for a base model).", stage=True
    )
    deployment: Answer[Deployment] | None = described(
        "Stage 5: how it is released, accessed and monitored.", stage=True
    )


class Card(CardBase, _ModelParts):
    """A model card that documents the whole chain a model comes from.

    The bases are listed in reverse: pydantic orders fields from the most basic
    class up, so a card reads head, identity, the kind's own parts, shared parts.
    """

    kind: Literal["model"] = Field(default="model", description="model (may be left out).")


ModelCard = Card
"""The model card under the name of its kind."""


class _DatasetParts(_Head):
    dataset: DatasetInfo = Field(description="The dataset's identity.")
    motivation: Answer[Motivation] | None = described("Why the dataset was created, by whom, with whose money.")
    composition: Answer[Composition] | None = described(
        "What it holds: instances, sample, included and excluded content, personal and sensitive data."
    )
    data_creation: Answer[DataCreation] | None = described(
        "Collection: where the data comes from and how it was gathered.", stage=True
    )
    curation: Answer[Curation] | None = described("Preprocessing, cleaning and labelling.", stage=True)
    deployment: Answer[Deployment] | None = described(
        "Distribution: access, terms, monitoring and feedback.", stage=True
    )
    maintenance: Answer[Maintenance] | None = described("Who maintains it; versions, errata and retention.")


class DatasetCard(CardBase, _DatasetParts):
    """A dataset card in datasheet depth (Gebru et al.)."""

    kind: Literal["dataset"] = Field(description="dataset.")


class _ApplicationParts(_Head):
    application: ApplicationInfo = Field(description="The application's identity.")
    adaptation: Answer[Adaptation] | None = described(
        "How the models it uses were adapted: fine-tuning, prompting, safeguards.", stage=True
    )
    deployment: Answer[Deployment] | None = described(
        "How it is offered, monitored, and where users report problems.", stage=True
    )
    users: Answer[Users] | None = described("Who uses it and how many.")
    quality: Answer[Quality] | None = described("Quality control and known failures.")


class ApplicationCard(CardBase, _ApplicationParts):
    """An application card: a product or service built on models."""

    kind: Literal["application"] = Field(description="application.")


CARD_TYPES: dict[str, type[CardBase]] = {"model": Card, "dataset": DatasetCard, "application": ApplicationCard}
"""The card class of each kind."""

AnyCard = Card | DatasetCard | ApplicationCard
"""A card of any kind."""

CardUnion = Annotated[
    Annotated[Card, Tag(TAGS["model"])]
    | Annotated[DatasetCard, Tag(TAGS["dataset"])]
    | Annotated[ApplicationCard, Tag(TAGS["application"])],
    Discriminator(card_tag),
]
"""What a card file is validated as: the class is chosen by ``kind``."""


@functools.cache
def card_adapter() -> TypeAdapter[AnyCard]:
    """Validation and JSON Schema for a card of any kind (built once, on first use)."""
    return TypeAdapter(CardUnion)


def kind_of(card_type: type[Any]) -> str:
    """The kind a card class documents (a subclass of a kind's card is of that kind)."""
    return next((kind for kind, known in CARD_TYPES.items() if issubclass(card_type, known)), "model")
