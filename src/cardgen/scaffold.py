"""A new card with every section present and a one-line comment on each field.

Generated from the models' own field descriptions, so the template can never
drift from the schema.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from cardgen.completeness import MACHINE_WRITTEN
from cardgen.schema.card import SCHEMA_VERSION, Card, kind_of
from cardgen.schema.introspect import models_in
from cardgen.schema.parts import NOT_PARTS, parts

COMMENT_COLUMN = 44
INDENT = "  "


def _holds(annotation: Any, origin: type) -> bool:
    """Whether the plain branch of an annotation is (or contains) the given container type."""
    if typing.get_origin(annotation) is origin:
        return True
    return any(_holds(argument, origin) for argument in typing.get_args(annotation))


def _expandable(annotation: Any) -> type[BaseModel] | None:
    """The model to write out key by key, unless the field also takes plain text or needs values."""
    nested = models_in(annotation)
    if not nested or _holds_type(annotation, str):
        return None
    required = any(field.is_required() for field in nested[0].model_fields.values())
    return None if required else nested[0]


def _holds_type(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_holds_type(argument, wanted) for argument in typing.get_args(annotation))


def _line(text: str, comment: str | None) -> str:
    if not comment:
        return text
    padding = max(COMMENT_COLUMN - len(text), 2)
    return f"{text}{' ' * padding}# {comment}"


def _first_sentence(description: str | None) -> str:
    return (description or "").strip().splitlines()[0] if description else ""


def _model_lines(
    model: type[BaseModel], depth: int, prefix: str = "", values: dict[str, str] | None = None
) -> list[str]:
    """Lines for every field of ``model``; ``prefix`` comments them out (list-item templates)."""
    lines: list[str] = []
    for number, (name, field) in enumerate(model.model_fields.items()):
        if name in MACHINE_WRITTEN or name in NOT_PARTS:
            continue
        indent = INDENT * depth
        if prefix and number == 0:
            indent = INDENT * (depth - 1) + "- "
        key = f"{prefix}{indent}{name}:"
        comment = _first_sentence(field.description)
        nested = models_in(field.annotation)
        expandable = _expandable(field.annotation)
        if values and name in values:
            lines.append(_line(f"{key} {values[name]}", comment))
        elif _holds(field.annotation, list):
            lines.append(_line(f"{key} []", comment))
            if nested:
                lines.extend(_model_lines(nested[0], depth + 2, prefix="# "))
        elif expandable is not None and not prefix:
            lines.append(_line(key, comment))
            lines.extend(_model_lines(expandable, depth + 1))
        elif _holds(field.annotation, dict):
            lines.append(_line(f"{key} {{}}", comment))
        else:
            lines.append(_line(key, comment))
    return lines


def new_card_text(name: str, card_type: type[BaseModel] = Card) -> str:
    """The text of a new card for an asset called ``name``: every part of ``card_type``, in order.

    ``card_type`` is the card class of a kind (``CARD_TYPES["dataset"]``, ...); the
    ``kind`` line is written for every kind but models, whose cards may leave it out.
    """
    kind = kind_of(card_type)
    lines = [
        f"# A cardgen {kind} card. Fill in what you know; write `unknown` or `none` (not applicable)",
        "# where that is the answer, or {value: ..., explanation: ...} to give a reason.",
        "# `cardgen lint` reports the gaps; `cardgen schema > card.schema.json` gives editors completion.",
        f'schema_version: "{SCHEMA_VERSION}"',
    ]
    if kind != "model":
        lines.append(f"kind: {kind}")
    for part in parts(card_type):
        lines.append("")
        comment = _first_sentence(part.description)
        if part.shape == "list":
            lines.append(_line(f"{part.name}: []", comment))
            lines.extend(_model_lines(part.model, 2, prefix="# "))
        else:
            lines.append(_line(f"{part.name}:", comment))
            lines.extend(_model_lines(part.model, 1, values={"name": json.dumps(name)}))
    return "\n".join(lines) + "\n"
