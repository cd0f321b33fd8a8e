"""Hugging Face Hub README.md: the same Markdown as ``cardgen render --format md``, one code path."""

from __future__ import annotations

import re

from cardgen.exporters import held_back, outside
from cardgen.importers.hf import FORMAT as KEPT_AS
from cardgen.schema.card import Card
from cardgen.schema.evaluation import Evaluation
from cardgen.schema.parts import part_names, parts

NOT_SHOWN = "the Hub template has no place for it"
RUN_RECORD = "cardgen's record of a run nests lists inside one-line entries, which cannot be read back"

LIMITS: dict[str, str] = {
    "model.components": NOT_SHOWN,
    "model.input_format": NOT_SHOWN,
    "model.output_format": NOT_SHOWN,
    "model.max_input_size": NOT_SHOWN,
    "model.modalities": NOT_SHOWN,
    "model.links.homepage": NOT_SHOWN,
    "evaluation.results[].uncertainty.lower": "the model-index holds no interval; the body's results table shows it "
    "to four significant digits",
    "evaluation.results[].uncertainty.upper": "the model-index holds no interval; the body's results table shows it "
    "to four significant digits",
    "evaluation.results[].higher_is_better": NOT_SHOWN,
    "evaluation.results[].range": NOT_SHOWN,
    "evaluation.results[].unit": NOT_SHOWN,
    "evaluation.data": NOT_SHOWN,
    "evaluation.third_party_evaluations": NOT_SHOWN,
    "risks[].id": "the risks table numbers the risks R1, R2, ... and has no column for their ids",
    "risks[].addresses": "the risks table has no column for the risks a risk addresses",
    "training.run": RUN_RECORD,
    "training.incomplete_runs": RUN_RECORD,
    "extras.graphics": "Hub Markdown cannot embed data: images",
    "extras.documentation[].origin": "an import records where in the README it found the section",
}
"""Card fields a Hub README does not give back: a card -> README -> card test on a card filling every field finds
exactly these lost. Every other field comes back: the Hub's metadata and model-index, and cardgen's own layout of
the body (its headings, labelled lines, tables and blocks of fields), which an import reads back."""


EXTRA_LIMITS: dict[str, str] = {
    "evaluation results whose dataset has no Hub id": "model-index needs a dataset id as its `type`; they are only "
    "in the body's results table, which gives a dataset's config, split and revision back by position, and "
    "the exporter names them",
    "text that spells a marker or the template's placeholder (`N/A`, `[More Information Needed]`)": "the Hub "
    "template writes these for an answer of none or for a missing one, so they come back as that; the exporter "
    "names each field that holds one",
    "a list written on one line (a risk's mitigations and affected groups, lists in table rows) whose items "
    "hold ', '": "the items are told apart by ', ' when read back",
    "text with line breaks in a table cell (a risk's description, a result's or a dependency's field)": "a "
    "table row holds it on one line; the exporter names each such field",
    "an explanation with a text answer": "written as 'answer (explanation)', which reads back as the answer's text "
    "unless the front matter gives the answer alone",
    "metadata another import kept (`extras.metadata.<format>`)": "only the Hub's own kept metadata is written back; "
    "the exporter names the rest",
}

MODEL_INDEX_FIELDS: tuple[str, ...] = (
    *("task", "task_name", "dataset", "metric", "metric_name", "metric_config", "metric_args"),
    *("value", "reported", "uncertainty", "slice", "category", "source"),
)
"""The fields of a result the model-index and the body's results table hold."""

HELD: tuple[str, ...] = (
    *(name for name in part_names() if name != "evaluation"),
    *(f"evaluation.{name}" for name in Evaluation.model_fields if name != "results"),
    *(f"evaluation.results[].{name}" for name in MODEL_INDEX_FIELDS),
    "extras.documentation",
    f"extras.metadata.{KEPT_AS}",
    *LIMITS,
)
"""Card fields an export writes where an import finds them again (LIMITS are warned about on their own)."""


MARKER_TEXT = "the text spells a marker or the Hub template's placeholder, so it reads back as that"


def marker_text(card: Card) -> list[str]:
    """The fields whose text the Hub README cannot tell from a marker or an empty field (N/A, [optional], ...)."""
    from cardgen.importers.hf import PLACEHOLDERS
    from cardgen.importers.paths import flatten
    from cardgen.schema.answers import MARKER_SPELLINGS

    found = {
        re.sub(r"\[\d+\]", "[]", path): None
        for path, value in flatten(card.model_dump(mode="json", exclude_none=True)).items()
        if isinstance(value, str)
        and value not in MARKER_SPELLINGS
        and (value.strip().lower() in MARKER_SPELLINGS or value.strip().casefold() in PLACEHOLDERS - {""})
    }
    return list(found)


ONE_LINE = "a table row holds it on one line, so its line breaks do not come back"


def in_table_lines(card: Card) -> list[str]:
    """The fields shown in a table cell (risks, results, list parts) whose text has line breaks."""
    from cardgen.importers.paths import flatten

    tables = ("risks[]", "evaluation.results[]", *(f"{part.name}[]" for part in parts() if part.shape == "list"))
    found = {
        generic: None
        for path, value in flatten(card.model_dump(mode="json", exclude_none=True)).items()
        if isinstance(value, str) and "\n" in value.strip()
        for generic in [re.sub(r"\[\d+\]", "[]", path)]
        if generic.startswith(tables) and generic.count("[]") == 1
    }
    return list(found)


PROSE_ONLY = "a Hub README holds no such field"


def export(card: Card) -> tuple[bytes, list[str]]:
    from cardgen.renderer import render_to_bytes
    from cardgen.renderer.hub import in_model_index
    from cardgen.renderer.view import evaluation_results

    warnings = held_back(card, LIMITS)
    warnings += [f"{path}: {PROSE_ONLY}" for path in outside(card, HELD)]
    warnings += [f"{path}: {MARKER_TEXT}" for path in marker_text(card)]
    warnings += [f"{path}: {ONE_LINE}" for path in in_table_lines(card)]
    left_out = [index for index, result in enumerate(evaluation_results(card)) if not in_model_index(result)]
    if left_out:
        numbers = ", ".join(str(index) for index in left_out)
        warnings.append(
            f"evaluation.results[{numbers}]: the Hub's model-index needs a dataset id and a value; "
            "these results are only in the body's table"
        )
    return render_to_bytes(card, "md"), warnings
