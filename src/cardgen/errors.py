"""Every problem cardgen reports points at a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


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
