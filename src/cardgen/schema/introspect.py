"""Walk the card models by field path: for "did you mean", schema export, templates and profile checks.

The walk reads only ``model_fields`` and annotations, so it works on the cache's
records as on the pydantic models (:class:`~cardgen.schema.answers.CardObject`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from cardgen.schema.answers import CardObject


def models_in(annotation: Any) -> list[type[Any]]:
    """Every card model an annotation can hold, through Annotated, unions and lists."""
    if isinstance(annotation, type) and issubclass(annotation, CardObject):
        return [annotation]
    found: list[type[Any]] = []
    for argument in typing.get_args(annotation):
        found.extend(models_in(argument))
    return found


def models_at(data_path: tuple[str | int, ...], root: type[Any] | None = None) -> list[type[Any]]:
    """The models that can stand at ``data_path`` of a ``root`` card (by default a model card; list indexes are skipped)."""
    if root is None:
        from cardgen.schema.card import Card

        root = Card
    candidates: list[type[Any]] = [root]
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


def keys_allowed_at(data_path: tuple[str | int, ...], root: type[Any] | None = None) -> list[str]:
    """The keys the schema accepts in the mapping at ``data_path`` of a ``root`` card."""
    return sorted({name for model in models_at(data_path, root) for name in model.model_fields})


def all_models(*roots: type[Any]) -> Iterator[type[Any]]:
    """Every model reachable from ``roots`` (by default the card of every kind), each once."""
    if not roots:
        from cardgen.schema.card import CARD_TYPES

        roots = tuple(CARD_TYPES.values())
    seen: set[type[Any]] = set()
    pending = list(roots)
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for field in model.model_fields.values():
            pending.extend(models_in(field.annotation))
