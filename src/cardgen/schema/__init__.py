"""The card schema: pydantic models, one module per part of the card.

Every name here loads its module on first use (PEP 562): ``cardgen lint`` reads
the plain-data modules of this package (answers, kinds, constraints, messages,
cache) without building the pydantic models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cardgen.schema.answers import MARKERS, explanation, items, plain, status
    from cardgen.schema.application import ApplicationInfo, Quality, Users
    from cardgen.schema.card import (
        SCHEMA_VERSION,
        AnyCard,
        ApplicationCard,
        Card,
        CardBase,
        DatasetCard,
        ModelCard,
    )
    from cardgen.schema.dataset import Composition, DatasetInfo, Maintenance, Motivation
    from cardgen.schema.dependencies import Dependency
    from cardgen.schema.evaluation import (
        DatasetRef,
        Evaluation,
        EvaluationData,
        Result,
        ResultSource,
        ThirdPartyEvaluation,
        Uncertainty,
    )
    from cardgen.schema.kinds import KINDS, Kind, identity_of
    from cardgen.schema.model import Identity, LicenseRef, Links, Modalities, ModelInfo, References
    from cardgen.schema.parts import PARTS, STAGES, Part, parts
    from cardgen.schema.quantities import ComputeFigure, DurationFigure, EmissionsFigure, EnergyFigure, SizeFigure
    from cardgen.schema.stages import (
        Adaptation,
        AdaptationData,
        Annotation,
        Change,
        Curation,
        DataCreation,
        DatasetFingerprint,
        DataSource,
        Deployment,
        DesignChoice,
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
    from cardgen.schema.values import Explained

_SOURCES: dict[str, tuple[str, ...]] = {
    "cardgen.schema.answers": (
        "MARKERS",
        "explanation",
        "items",
        "plain",
        "status",
    ),
    "cardgen.schema.application": (
        "ApplicationInfo",
        "Quality",
        "Users",
    ),
    "cardgen.schema.card": (
        "SCHEMA_VERSION",
        "AnyCard",
        "ApplicationCard",
        "Card",
        "CardBase",
        "DatasetCard",
        "ModelCard",
    ),
    "cardgen.schema.dataset": (
        "Composition",
        "DatasetInfo",
        "Maintenance",
        "Motivation",
    ),
    "cardgen.schema.dependencies": ("Dependency",),
    "cardgen.schema.evaluation": (
        "DatasetRef",
        "Evaluation",
        "EvaluationData",
        "Result",
        "ResultSource",
        "ThirdPartyEvaluation",
        "Uncertainty",
    ),
    "cardgen.schema.kinds": (
        "KINDS",
        "Kind",
        "identity_of",
    ),
    "cardgen.schema.model": (
        "Identity",
        "LicenseRef",
        "Links",
        "Modalities",
        "ModelInfo",
        "References",
    ),
    "cardgen.schema.parts": (
        "PARTS",
        "STAGES",
        "Part",
        "parts",
    ),
    "cardgen.schema.quantities": (
        "ComputeFigure",
        "DurationFigure",
        "EmissionsFigure",
        "EnergyFigure",
        "SizeFigure",
    ),
    "cardgen.schema.stages": (
        "Adaptation",
        "AdaptationData",
        "Annotation",
        "Change",
        "Curation",
        "DataCreation",
        "DatasetFingerprint",
        "DataSource",
        "Deployment",
        "DesignChoice",
        "Filtering",
        "GitState",
        "Hardware",
        "HumanLabor",
        "RunRecord",
        "Safeguard",
        "Software",
        "TimeRange",
        "Training",
    ),
    "cardgen.schema.use": (
        "IntendedUse",
        "Risk",
    ),
    "cardgen.schema.values": ("Explained",),
}
_LAZY: dict[str, str] = {name: module for module, names in _SOURCES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "KINDS",
    "MARKERS",
    "PARTS",
    "SCHEMA_VERSION",
    "STAGES",
    "Adaptation",
    "AdaptationData",
    "Annotation",
    "AnyCard",
    "ApplicationCard",
    "ApplicationInfo",
    "Card",
    "CardBase",
    "Change",
    "Composition",
    "ComputeFigure",
    "Curation",
    "DataCreation",
    "DataSource",
    "DatasetCard",
    "DatasetFingerprint",
    "DatasetInfo",
    "DatasetRef",
    "Dependency",
    "Deployment",
    "DesignChoice",
    "DurationFigure",
    "EmissionsFigure",
    "EnergyFigure",
    "Evaluation",
    "EvaluationData",
    "Explained",
    "Filtering",
    "GitState",
    "Hardware",
    "HumanLabor",
    "Identity",
    "IntendedUse",
    "Kind",
    "LicenseRef",
    "Links",
    "Maintenance",
    "Modalities",
    "ModelCard",
    "ModelInfo",
    "Motivation",
    "Part",
    "Quality",
    "References",
    "Result",
    "ResultSource",
    "Risk",
    "RunRecord",
    "Safeguard",
    "SizeFigure",
    "Software",
    "ThirdPartyEvaluation",
    "TimeRange",
    "Training",
    "Uncertainty",
    "Users",
    "explanation",
    "identity_of",
    "items",
    "parts",
    "plain",
    "status",
]
