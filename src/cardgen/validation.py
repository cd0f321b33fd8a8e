"""Check a parsed card against the schema and say what is wrong in human words, at the offending line.

The words come from :mod:`cardgen.schema.messages`; the validator is built once
per process, or read from a disk cache (:mod:`cardgen.schema.cache`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pydantic_core
from pydantic import ValidationError
from pydantic_core import SchemaValidator

from cardgen.errors import Problem
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import Document
from cardgen.schema import cache
from cardgen.schema.card import AnyCard
from cardgen.schema.messages import field_problems


def problems_from(error: ValidationError, document: Document) -> list[Problem]:
    """One problem per offending place, sorted by position."""
    problems = [
        Problem(document.path, document.position(found.at), found.message)
        for found in field_problems(error, document.data)
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
def card_validator() -> SchemaValidator:
    """The card's validator, from the disk cache when it holds this schema's, else built (and stored)."""
    directory = cache_directory()
    if directory is None:
        return cache.built()
    entry = directory / f"card-validator-{cache.cache_key()}.json"
    try:
        return cache.restored(entry.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, AttributeError, ImportError, pydantic_core.SchemaError):
        entry.unlink(missing_ok=True)
    validator = cache.built()
    try:
        text = cache.stored()
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, text)
    except (OSError, cache.UnsupportedSchema):
        pass
    return validator


def check(document: Document) -> tuple[AnyCard | None, list[Problem]]:
    """Validate a document as the kind of card it declares; the card is returned only when there are no problems."""
    try:
        card: AnyCard = card_validator().validate_python(document.data)
    except ValidationError as error:
        return None, problems_from(error, document)
    return card, []
