"""The card schema: pydantic models, one module per part of the card."""

from cardgen.schema.card import SCHEMA_VERSION, Card
from cardgen.schema.dependencies import Dependency
from cardgen.schema.evaluation import DatasetRef, Evaluation, Result, ResultSource, Uncertainty
from cardgen.schema.model import LicenseRef, Links, Modalities, ModelInfo
from cardgen.schema.parts import PARTS, STAGES, Part, parts
from cardgen.schema.quantities import ComputeFigure, DurationFigure, EmissionsFigure, EnergyFigure, SizeFigure
from cardgen.schema.stages import (
    Adaptation,
    AdaptationData,
    Annotation,
    Curation,
    DataCreation,
    DatasetFingerprint,
    DataSource,
    Deployment,
    Filtering,
    GitState,
    Hardware,
    HumanLabor,
    RunRecord,
    Safeguard,
    Software,
    TimeRange,
    Training,
)
from cardgen.schema.use import IntendedUse, Risk
from cardgen.schema.values import MARKERS, Explained, explanation, items, plain, status

__all__ = [
    "MARKERS",
    "PARTS",
    "SCHEMA_VERSION",
    "STAGES",
    "Adaptation",
    "AdaptationData",
    "Annotation",
    "Card",
    "ComputeFigure",
    "Curation",
    "DataCreation",
    "DataSource",
    "DatasetFingerprint",
    "DatasetRef",
    "Dependency",
    "Deployment",
    "DurationFigure",
    "EmissionsFigure",
    "EnergyFigure",
    "Evaluation",
    "Explained",
    "Filtering",
    "GitState",
    "Hardware",
    "HumanLabor",
    "IntendedUse",
    "LicenseRef",
    "Links",
    "Modalities",
    "ModelInfo",
    "Part",
    "Result",
    "ResultSource",
    "Risk",
    "RunRecord",
    "Safeguard",
    "SizeFigure",
    "Software",
    "TimeRange",
    "Training",
    "Uncertainty",
    "explanation",
    "items",
    "parts",
    "plain",
    "status",
]
