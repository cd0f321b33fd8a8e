"""Check a parsed card against the schema and say what is wrong in human words, at the offending line.

The words come from :mod:`cardgen.schema.messages`; the validator is built once
per process, or read from a disk cache (:mod:`cardgen.schema.cache`). The linter,
which reads models and records alike, asks for ``records``: with a warm cache it
validates into the cache's plain records and never imports pydantic. Everything
else gets pydantic models. What is valid, and every message, is the same either way.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic_core
from pydantic_core import ValidationError

from cardgen.errors import Problem
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import Document
from cardgen.schema import cache
from cardgen.schema.messages import field_problems

if TYPE_CHECKING:
    from cardgen.schema.card import AnyCard


def problems_from(error: ValidationError, document: Document, card_types: dict[str, type[Any]]) -> list[Problem]:
    """One problem per offending place, sorted by position."""
    problems = [
        Problem(document.path, document.position(found.at), found.message)
        for found in field_problems(error, document.data, card_types)
    ]
    return sorted(problems, key=lambda problem: problem.position)


def cache_directory() -> Path | None:
    """Where the validator cache lives, or None when ``CARDGEN_NO_CACHE`` is set."""
    if os.environ.get("CARDGEN_NO_CACHE"):
        return None
    chosen = os.environ.get("CARDGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cardgen"


@functools.cache
def card_validator(models: bool = True) -> cache.Restored:
    """The card's validator, from the disk cache when it holds this schema's, else built (and stored).

    With ``models`` it builds pydantic cards; without, the cache's records when the
    cache holds an entry (else it builds, with the models, and stores one).
    """
    directory = cache_directory()
    if directory is None:
        return cache.built()
    entry = directory / f"card-validator-{cache.cache_key()}.json"
    try:
        return cache.restored(entry.read_bytes(), cache.model_classes() if models else None)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError, AttributeError, ImportError, pydantic_core.SchemaError):
        entry.unlink(missing_ok=True)
    validator = cache.built()
    try:
        text = cache.stored()
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, text)
    except (OSError, cache.UnsupportedSchema):
        pass
    return validator


def check(document: Document, *, records: bool = False) -> tuple[AnyCard | None, list[Problem]]:
    """Validate a document as the kind of card it declares; the card is returned only when there are no problems.

    With ``records`` the card is a plain record of the same shape when the cache holds
    the validator (:mod:`cardgen.schema.cache`): for readers of
    :class:`~cardgen.schema.answers.CardObject` that never need a model (the linter).
    """
    return validate_with(card_validator(not records), document)


def validate_with(restored: cache.Restored, document: Document) -> tuple[AnyCard | None, list[Problem]]:
    """:func:`check` with a given validator (models or records, stored or built)."""
    try:
        card: AnyCard = restored.validator.validate_python(document.data)
    except ValidationError as error:
        return None, problems_from(error, document, restored.card_types)
    return card, []
