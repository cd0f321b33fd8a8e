"""Walk the card models by field path: for "did you mean", schema export, templates and profile checks."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from cardgen.schema.card import CARD_TYPES, Card


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every card model an annotation can hold, through Annotated, unions and lists."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found.extend(models_in(argument))
    return found


def models_at(data_path: tuple[str | int, ...], root: type[BaseModel] = Card) -> list[type[BaseModel]]:
    """The models that can stand at ``data_path`` (list indexes are skipped)."""
    candidates: list[type[BaseModel]] = [root]
    for part in data_path:
        if isinstance(part, int):
            continue
        candidates = [
            model
            for parent in candidates
            if part in parent.model_fields
            for model in models_in(parent.model_fields[part].annotation)
        ]
    return candidates


def keys_allowed_at(data_path: tuple[str | int, ...], root: type[BaseModel] = Card) -> list[str]:
    """The keys the schema accepts in the mapping at ``data_path`` of a ``root`` card."""
    return sorted({name for model in models_at(data_path, root) for name in model.model_fields})


def all_models(*roots: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """Every model reachable from ``roots`` (by default the card of every kind), each once."""
    seen: set[type[BaseModel]] = set()
    pending = list(roots or CARD_TYPES.values())
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for field in model.model_fields.values():
            pending.extend(models_in(field.annotation))
