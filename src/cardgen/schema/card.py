"""The whole card: identity, the five chain stages, evaluation, use, risks and dependencies.

The order of the fields is the order of the parts everywhere (see :mod:`cardgen.schema.parts`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cardgen.schema.dependencies import Dependency
from cardgen.schema.evaluation import Evaluation
from cardgen.schema.interop import Extras
from cardgen.schema.model import ModelInfo
from cardgen.schema.stages import Adaptation, Curation, DataCreation, Deployment, Training
from cardgen.schema.use import IntendedUse, Risk
from cardgen.schema.values import Answer, Section, described

SCHEMA_VERSION: Literal["1.1"] = "1.1"
"""The version new cards get; 1.0 cards (without the fields 1.1 added) stay valid."""


class Card(Section):
    """A model card that documents the whole chain a model comes from."""

    schema_version: Literal["1.0", "1.1"] = Field(
        default=SCHEMA_VERSION, description="Version of the cardgen card schema this card follows."
    )
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
    evaluation: Answer[Evaluation] | None = described("Surrogate metrics: evaluation results.")
    intended_use: Answer[IntendedUse] | None = described("What the model is for and not for.")
    risks: Answer[list[Risk]] | None = described("Known risks and their mitigations.")
    dependencies: Answer[list[Dependency]] | None = described("Upstream datasets, models and applications.")
    extras: Extras | None = described(
        "Documentation, images and metadata from imported files that have no card field (schema 1.1)."
    )
