"""cardgen: model cards that document the whole chain a model comes from.

    import cardgen
    card = cardgen.load("model.card.yaml")
    cardgen.update("model.card.yaml", {"model": {"version": "1.1"}})
    with cardgen.record_training("model.card.yaml") as run:
        run.log_params({"lr": 3e-4})
    cardgen.render("model.card.yaml", "card.html")
    results = cardgen.lint(["model.card.yaml"])

Every name but the errors loads its module on first use: the card-file API
(``read``, ``load``, ``update``, ``edit``, ``save``, ...) from :mod:`cardgen.cards`, the
card classes (pydantic models) from :mod:`cardgen.schema`, and the heavy parts (the
renderer with jinja2 and WeasyPrint, the recorder, the linter) from theirs, so
``import cardgen`` is cheap and ``cardgen lint`` never loads pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cardgen.errors import CardError, CardValidationError, CardValueError, LoadError, Position, Problem

if TYPE_CHECKING:
    from cardgen.cards import CardEditor, LoadedCard, edit, load, locked, read, save, update, validate
    from cardgen.exporters import export_card
    from cardgen.importers import import_cards, write_card
    from cardgen.linter.findings import Finding
    from cardgen.linter.run import LintResults
    from cardgen.linter.run import lint_files as lint
    from cardgen.record import TrainingRun, record_training
    from cardgen.renderer import render, render_to_bytes, render_to_string
    from cardgen.schema import (
        Adaptation,
        AnyCard,
        ApplicationCard,
        ApplicationInfo,
        Card,
        Curation,
        DataCreation,
        DatasetCard,
        DatasetInfo,
        DatasetRef,
        DataSource,
        Dependency,
        Deployment,
        Evaluation,
        IntendedUse,
        ModelInfo,
        Result,
        Risk,
        Training,
        Uncertainty,
    )

_LAZY: dict[str, tuple[str, str]] = {
    "CardEditor": ("cardgen.cards", "CardEditor"),
    "LoadedCard": ("cardgen.cards", "LoadedCard"),
    "edit": ("cardgen.cards", "edit"),
    "load": ("cardgen.cards", "load"),
    "locked": ("cardgen.cards", "locked"),
    "read": ("cardgen.cards", "read"),
    "save": ("cardgen.cards", "save"),
    "update": ("cardgen.cards", "update"),
    "validate": ("cardgen.cards", "validate"),
    "Adaptation": ("cardgen.schema", "Adaptation"),
    "AnyCard": ("cardgen.schema", "AnyCard"),
    "ApplicationCard": ("cardgen.schema", "ApplicationCard"),
    "ApplicationInfo": ("cardgen.schema", "ApplicationInfo"),
    "Card": ("cardgen.schema", "Card"),
    "Curation": ("cardgen.schema", "Curation"),
    "DataCreation": ("cardgen.schema", "DataCreation"),
    "DatasetCard": ("cardgen.schema", "DatasetCard"),
    "DatasetInfo": ("cardgen.schema", "DatasetInfo"),
    "DatasetRef": ("cardgen.schema", "DatasetRef"),
    "DataSource": ("cardgen.schema", "DataSource"),
    "Dependency": ("cardgen.schema", "Dependency"),
    "Deployment": ("cardgen.schema", "Deployment"),
    "Evaluation": ("cardgen.schema", "Evaluation"),
    "IntendedUse": ("cardgen.schema", "IntendedUse"),
    "ModelInfo": ("cardgen.schema", "ModelInfo"),
    "Result": ("cardgen.schema", "Result"),
    "Risk": ("cardgen.schema", "Risk"),
    "Training": ("cardgen.schema", "Training"),
    "Uncertainty": ("cardgen.schema", "Uncertainty"),
    "Finding": ("cardgen.linter.findings", "Finding"),
    "LintResults": ("cardgen.linter.run", "LintResults"),
    "lint": ("cardgen.linter.run", "lint_files"),
    "TrainingRun": ("cardgen.record", "TrainingRun"),
    "record_training": ("cardgen.record", "record_training"),
    "render": ("cardgen.renderer", "render"),
    "render_to_bytes": ("cardgen.renderer", "render_to_bytes"),
    "render_to_string": ("cardgen.renderer", "render_to_string"),
    "import_cards": ("cardgen.importers", "import_cards"),
    "write_card": ("cardgen.importers", "write_card"),
    "export_card": ("cardgen.exporters", "export_card"),
}


def __getattr__(name: str) -> Any:
    """Load the heavy parts of the API on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'cardgen' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


__all__ = [
    "Adaptation",
    "AnyCard",
    "ApplicationCard",
    "ApplicationInfo",
    "Card",
    "CardEditor",
    "CardError",
    "CardValidationError",
    "CardValueError",
    "Curation",
    "DataCreation",
    "DataSource",
    "DatasetCard",
    "DatasetInfo",
    "DatasetRef",
    "Dependency",
    "Deployment",
    "Evaluation",
    "Finding",
    "IntendedUse",
    "LintResults",
    "LoadError",
    "LoadedCard",
    "ModelInfo",
    "Position",
    "Problem",
    "Result",
    "Risk",
    "Training",
    "TrainingRun",
    "Uncertainty",
    "edit",
    "export_card",
    "import_cards",
    "lint",
    "load",
    "locked",
    "read",
    "record_training",
    "render",
    "render_to_bytes",
    "render_to_string",
    "save",
    "update",
    "validate",
    "write_card",
]
