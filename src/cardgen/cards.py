"""Load and validate card files: the entry points the CLI, linter and renderer share."""

from __future__ import annotations

import os

from cardgen.errors import CardValidationError, Problem
from cardgen.io.loader import DEFAULT_LIMITS, Limits, read_document
from cardgen.schema.card import AnyCard
from cardgen.validation import check


def load(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> AnyCard:
    """Read a card file into a card of its kind (:class:`Card` for models) that remembers where each value came from.

    Raises :class:`~cardgen.errors.LoadError` when the file cannot be parsed and
    :class:`~cardgen.errors.CardValidationError` when it does not fit the schema.
    """
    card, problems = check(read_document(path, limits))
    if card is None:
        raise CardValidationError(problems)
    return card


def validate(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """The schema problems of a card file; parse failures raise :class:`~cardgen.errors.LoadError`."""
    return check(read_document(path, limits))[1]
