"""Hugging Face Hub README.md: the same Markdown as ``cardgen render --format md``, one code path."""

from __future__ import annotations

import re

from cardgen.exporters import held_back, outside
from cardgen.schema.card import Card

LIMITS: dict[str, str] = {
    "evaluation.results[].uncertainty.lower": "the model-index holds no interval; the body's results table shows it "
    "to four significant digits",
    "evaluation.results[].uncertainty.upper": "the model-index holds no interval; the body's results table shows it "
    "to four significant digits",
    "extras.graphics": "Hub Markdown cannot embed data: images",
    "extras.documentation[].origin": "an import records where in the README it found the section",
}
"""Fields of a card that the Hub README cannot give back on import (other fields are written as prose in the
body and come back as text, or as extra documentation)."""


EXTRA_LIMITS: dict[str, str] = {
    "evaluation results whose dataset has no Hub id": "model-index needs a dataset id as its `type`; they stay in "
    "the body's results table and the exporter names them",
    "text that spells a marker or the template's placeholder (`N/A`, `[More Information Needed]`)": "the Hub "
    "template writes these for an answer of none or for a missing one, so they come back as that; the exporter "
    "names each field that holds one",
    "an explanation with a text answer": "written as 'answer (explanation)', which reads back as the answer's text "
    "unless the front matter gives the answer alone",
    "every field outside HELD (see cardgen/exporters/hf.py)": "written as prose in the body; an import reads it "
    "back as text or extra documentation, not as that field; the exporter names each one the card fills",
}

MODEL_INDEX_FIELDS: tuple[str, ...] = (
    *("task", "task_name", "dataset", "metric", "metric_name", "metric_config", "metric_args"),
    *("value", "reported", "uncertainty.std", "source"),
)
"""The fields of a result the Hub's model-index holds."""

HELD: tuple[str, ...] = (
    "model.name",
    "model.description",
    "model.organization",
    "model.type",
    "model.version",
    "model.license",
    "model.task",
    "model.languages",
    "model.library",
    "model.tags",
    "model.links.repository",
    "model.links.paper",
    "model.links.demo",
    "model.links.weights",
    "model.usage",
    "model.citation",
    "model.contact",
    "model.card_authors",
    "intended_use.primary_uses",
    "intended_use.downstream_uses",
    "intended_use.out_of_scope_uses",
    "intended_use.primary_users",
    "intended_use.limitations",
    "training.procedure",
    "training.hyperparameters",
    "training.emissions",
    "training.hardware.accelerator",
    "training.hardware.provider",
    "training.hardware.region",
    "evaluation.testing_data",
    "evaluation.metrics_description",
    "evaluation.factors",
    "evaluation.summary",
    "evaluation.tradeoffs",
    *(f"evaluation.results[].{name}" for name in MODEL_INDEX_FIELDS),
    "extras.documentation",
    "extras.metadata.huggingface",
    *LIMITS,
)
"""Card fields a Hub README gives back on import (LIMITS are warned about on their own)."""
"""What the Hub README cannot hold beyond single fields."""


MARKER_TEXT = "the text spells a marker or the Hub template's placeholder, so it reads back as that"


def marker_text(card: Card) -> list[str]:
    """The fields whose text the Hub README cannot tell from a marker or an empty field (N/A, [optional], ...)."""
    from cardgen.importers.hf import PLACEHOLDERS
    from cardgen.importers.paths import flatten
    from cardgen.schema.values import MARKER_SPELLINGS

    found = {
        re.sub(r"\[\d+\]", "[]", path): None
        for path, value in flatten(card.model_dump(mode="json", exclude_none=True)).items()
        if isinstance(value, str)
        and value not in MARKER_SPELLINGS
        and (value.strip().lower() in MARKER_SPELLINGS or value.strip().casefold() in PLACEHOLDERS - {""})
    }
    return list(found)


PROSE_ONLY = "no Hub field holds it: it is written as prose, if at all, and read back only from cardgen's own layout"


def export(card: Card) -> tuple[bytes, list[str]]:
    from cardgen.renderer import render_to_bytes
    from cardgen.renderer.hub import in_model_index
    from cardgen.renderer.view import evaluation_results

    warnings = held_back(card, LIMITS)
    warnings += [f"{path}: {PROSE_ONLY}" for path in outside(card, HELD)]
    warnings += [f"{path}: {MARKER_TEXT}" for path in marker_text(card)]
    left_out = [index for index, result in enumerate(evaluation_results(card)) if not in_model_index(result)]
    if left_out:
        numbers = ", ".join(str(index) for index in left_out)
        warnings.append(
            f"evaluation.results[{numbers}]: the Hub's model-index needs a dataset id and a value; "
            "these results are only in the body's table"
        )
    return render_to_bytes(card, "md"), warnings
