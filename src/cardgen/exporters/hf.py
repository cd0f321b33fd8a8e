"""Hugging Face Hub README.md: the same Markdown as ``cardgen render --format md``, one code path."""

from __future__ import annotations

from cardgen.exporters import held_back
from cardgen.schema.card import Card

LIMITS: dict[str, str] = {
    "evaluation.results[].uncertainty.lower": "the Hub's model-index holds a value or 'value +/- std', not an interval",
    "evaluation.results[].uncertainty.upper": "the Hub's model-index holds a value or 'value +/- std', not an interval",
    "evaluation.results[].uncertainty.level": "the Hub's model-index holds a value or 'value +/- std', not an interval",
    "evaluation.results[].uncertainty.runs": "the Hub's model-index has no number of runs",
    "evaluation.results[].slice": "the Hub's model-index has no subgroup; it is written into the metric's name only",
    "evaluation.results[].category": "the Hub's model-index has no result category",
    "extras.graphics": "Hub Markdown cannot embed data: images",
}
"""Fields of a card that the Hub README cannot give back on import (other fields are written as prose in the
body and come back as text, or as extra documentation)."""


def export(card: Card) -> tuple[bytes, list[str]]:
    from cardgen.renderer import render_to_bytes
    from cardgen.renderer.hub import in_model_index
    from cardgen.renderer.view import evaluation_results

    warnings = held_back(card, LIMITS)
    outside = [index for index, result in enumerate(evaluation_results(card)) if not in_model_index(result)]
    if outside:
        numbers = ", ".join(str(index) for index in outside)
        warnings.append(
            f"evaluation.results[{numbers}]: the Hub's model-index needs a dataset id and a value; "
            "these results are only in the body's table"
        )
    return render_to_bytes(card, "md"), warnings
