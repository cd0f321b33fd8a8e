"""What a lint rule reports; shared by the engine, the reporters and the renderer's gaps section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cardgen.errors import Position

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def parse_severity(text: object) -> Severity:
    """A severity written in a configuration or profile (any case); ValueError for anything else."""
    for severity in SEVERITIES:
        if isinstance(text, str) and text.lower() == severity:
            return severity
    raise ValueError(f"{text!r} is not a severity")


@dataclass(frozen=True, order=True)
class Finding:
    """One lint finding, sortable by file and position."""

    path: str
    position: Position
    rule_id: str
    severity: Severity
    message: str
    field: str
    """Dotted data path of the field the finding is about, e.g. ``training.energy``."""
    part: str
    """The part of the card the finding is about, e.g. ``training`` or ``evaluation``; ``card`` for the whole card."""

    def __str__(self) -> str:
        return f"{self.path}:{self.position.line}:{self.position.column}: {self.severity} {self.rule_id} {self.message}"
