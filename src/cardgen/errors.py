"""Every problem cardgen reports points at a file, a line and a column, or (for a card built in code) a field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

PathKey = str | int
DataPath = tuple[PathKey, ...]
"""Where a value sits in a card's data: ``("evaluation", "results", 0, "value")``."""


def dotted(path: DataPath) -> str:
    """A data path as people write it: ``evaluation.results[0].value``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}" if text else str(key)
    return text


class Position(NamedTuple):
    """A 1-based line and column, as editors count them (a tuple: the loader makes one per value)."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a card, where it is, and what to do about it."""

    path: str
    position: Position
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.position.line}:{self.position.column}: {self.message}"


class CardError(Exception):
    """A card that cannot be used at all; carries its problems so callers can print them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class LoadError(CardError):
    """The file cannot be read or parsed: unreadable, not UTF-8, bad YAML/JSON, or over a limit."""

    def __init__(self, path: str, position: Position, message: str) -> None:
        super().__init__([Problem(path, position, message)])


class CardValidationError(CardError):
    """The file parsed, but what it says does not fit the card schema."""


class CardValueError(ValueError):
    """A card object built in code (``Card(...)``, ``Card.model_validate(...)``) does not fit the schema.

    Each problem names the field as a card file writes it, ``evaluation.results[0].value``,
    with the same words ``cardgen validate`` uses for a file.
    """

    def __init__(self, model: str, problems: list[tuple[str, str]]) -> None:
        lines = "".join(f"\n  {field}: {message}" if field else f"\n  {message}" for field, message in problems)
        super().__init__(f"{model} does not fit the card schema:{lines}")
        self.problems = problems
        """``(field, message)`` pairs, e.g. ``("evaluation.results[0].value", "expected a number, found 'high'")``;
        the field is empty for a problem with the whole input (text that is not JSON)."""
