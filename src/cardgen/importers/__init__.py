"""Cards from other formats: Hugging Face model cards, Model Card Toolkit JSON, CycloneDX ML-BOMs.

Each format is one module exposing ``read(path) -> list[Imported]``; a source may
hold several assets. The notes of each import say where every field went, so a
field that could not be kept is named, never silently lost.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from cardgen.formats import FormatSpec, Registry
from cardgen.importers.report import Imported, Note
from cardgen.schema.card import SCHEMA_VERSION, AnyCard

IMPORT_FORMATS = Registry(
    "import format",
    FormatSpec("hf", "cardgen.importers.hf", "a Hugging Face Hub README.md (front matter optional)", (".md",)),
    FormatSpec("mct", "cardgen.importers.mct", "Model Card Toolkit JSON, schema v0.0.1 or v0.0.2"),
    FormatSpec("cyclonedx", "cardgen.importers.cyclonedx", "a CycloneDX 1.6 BOM: one card per machine-learning model"),
    FormatSpec(
        "ecosystem-graphs",
        "cardgen.importers.ecosystem_graphs",
        "a CRFM Ecosystem Graphs asset file, or a directory of them (one card per asset)",
    ),
)


def import_cards(source: str | os.PathLike[str], format: str) -> list[Imported]:
    """The cards a source file (or directory, for formats that allow it) holds, not yet validated.

    Raises :class:`~cardgen.errors.LoadError` with a position for input the format cannot read,
    and ValueError for an unknown format.
    """
    imported: list[Imported] = IMPORT_FORMATS.load(format).read(Path(source))
    return imported


def card_data(imported: Imported) -> dict[str, object]:
    """The card file's data: the schema version first, then what the import made."""
    return {"schema_version": SCHEMA_VERSION, **imported.data}


def file_stem(name: str) -> str:
    """A safe file stem from a model name: no path separators, dots or spaces at the ends."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return stem or "card"


def output_paths(imported: Sequence[Imported], output: str | os.PathLike[str]) -> list[Path]:
    """Where each card goes: ``output`` itself for a single card named as a file, else one file per card
    in the ``output`` directory, ``<name>.card.yaml``, numbered when names repeat."""
    target = Path(output)
    if len(imported) == 1 and not target.is_dir() and not os.fspath(output).endswith(("/", os.sep)):
        return [target]
    paths: list[Path] = []
    taken: set[str] = set()
    for item in imported:
        stem = file_stem(item.name)
        candidate, number = stem, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.casefold())
        paths.append(target / f"{candidate}.card.yaml")
    return paths


def write_card(imported: Imported, path: str | os.PathLike[str]) -> AnyCard:
    """Validate an imported card and write it as YAML, atomically; an invalid card is not written."""
    from cardgen.cards import write_new

    return write_new(path, card_data(imported))


__all__ = ["IMPORT_FORMATS", "Imported", "Note", "card_data", "import_cards", "output_paths", "write_card"]
