"""Cards to other formats: Hugging Face Hub README.md, Model Card Toolkit JSON, CycloneDX 1.6 ML-BOM.

Each format is one module exposing ``export(card) -> (content, warnings)`` and
``LIMITS``, the card fields it cannot hold; the warnings name exactly those the
card fills, so an export never loses a field without saying so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cardgen.formats import FormatSpec, Registry
from cardgen.schema.answers import plain
from cardgen.schema.card import Card

EXPORT_FORMATS = Registry(
    "export format",
    FormatSpec("hf", "cardgen.exporters.hf", "a Hugging Face Hub README.md (the md render format)", (".md",)),
    FormatSpec("mct", "cardgen.exporters.mct", "Model Card Toolkit JSON, schema v0.0.2"),
    FormatSpec("cyclonedx", "cardgen.exporters.cyclonedx", "a CycloneDX 1.6 ML-BOM (JSON)"),
)


def text_of(answer: Any) -> str | None:
    """A field's value as text for another format, or None when the card does not say (missing, unknown, none)."""
    shown = plain(answer)
    return None if shown is None else str(shown)


def filled_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """The dotted paths of every field a card fills, lists written ``name[]``: ``evaluation.results[].slice``."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        if prefix and set(value) <= {"value", "explanation"} and "explanation" in value:
            yield prefix
            return
        for key, item in value.items():
            yield from filled_paths(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from filled_paths(item, f"{prefix}[]")
    elif value not in (None, "", []):
        yield prefix


def held_back(card: Card, limits: dict[str, str]) -> list[str]:
    """One warning per limit the card runs into: the field path (or its parent) and why the format cannot hold it."""
    paths = set(filled_paths(card))
    warnings = []
    for limit, why in limits.items():
        if any(path == limit or path.startswith((f"{limit}.", f"{limit}[]")) for path in paths):
            warnings.append(f"{limit}: {why}")
    return warnings


def outside(card: Card, held: tuple[str, ...]) -> list[str]:
    """The fields a card fills that a format does not write: a whole part when none of it is written."""
    paths = [path for path in dict.fromkeys(filled_paths(card)) if path != "schema_version"]

    def is_held(path: str) -> bool:
        return any(path == kept or path.startswith((f"{kept}.", f"{kept}[")) for kept in held)

    parts_touched = {path.split(".")[0].split("[")[0] for path in paths if is_held(path)}
    found: dict[str, None] = {}
    for path in paths:
        if not is_held(path):
            part = path.split(".")[0].split("[")[0]
            found[path if part in parts_touched else part] = None
    return list(found)


def limits_table() -> str:
    """The README's table of what each export format cannot hold, from the exporters' own LIMITS."""
    rows = ["| Format | Field | Why it does not come back |", "| --- | --- | --- |"]
    for spec in EXPORT_FORMATS:
        module = EXPORT_FORMATS.load(spec.name)
        limits: dict[str, str] = module.LIMITS
        for field, why in limits.items():
            rows.append(f"| `{spec.name}` | `{field}` | {why} |")
        for field, why in getattr(module, "EXTRA_LIMITS", {}).items():
            rows.append(f"| `{spec.name}` | {field} | {why} |")
        if not limits and not getattr(module, "EXTRA_LIMITS", {}):
            rows.append(
                f"| `{spec.name}` | none | every field has a place: a CycloneDX field or a `cardgen:` property |"
            )
    return "\n".join(rows)


def export_card(card: Card, format: str) -> tuple[bytes, list[str]]:
    """The card in ``format``, and a warning for each field it holds that the format cannot."""
    content, warnings = EXPORT_FORMATS.load(format).export(card)
    return content, list(warnings)


def export_to(card: Card, format: str, path: str | os.PathLike[str]) -> list[str]:
    """Export ``card`` to ``path``, written atomically; returns the warnings."""
    from cardgen.io.atomic import atomic_write

    content, warnings = export_card(card, format)
    atomic_write(Path(path), content)
    return warnings


__all__ = [
    "EXPORT_FORMATS",
    "export_card",
    "export_to",
    "filled_paths",
    "held_back",
    "limits_table",
    "outside",
    "text_of",
]
