"""What an import did with each field of its source, so nothing is lost without being named."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Action = Literal["mapped", "text", "kept", "dropped"]
"""mapped: into a card field; text: kept as text because it could not be parsed;
kept: verbatim under an extras field; dropped: could not be kept (the detail says why)."""


@dataclass(frozen=True)
class Note:
    """Where one field of the source went."""

    source: str
    target: str | None
    action: Action
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Imported:
    """One card made from a source: its data (not yet validated), and the notes on how it was made."""

    name: str
    data: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    source: str = ""

    def note(self, source: str, target: str | None, action: Action, detail: str = "") -> None:
        self.notes.append(Note(source, target, action, detail))


def text_report(imported: Imported, written: str | None) -> str:
    """The notes of one import as aligned lines, for stderr."""
    lines = [f"{imported.source} -> {written or imported.name}"]
    for note in imported.notes:
        arrow = f" -> {note.target}" if note.target else ""
        detail = f" ({note.detail})" if note.detail else ""
        lines.append(f"  {note.action:<7} {note.source}{arrow}{detail}")
    return "\n".join(lines)


def json_report(imported: Imported, written: str | None) -> dict[str, Any]:
    return {
        "source": imported.source,
        "name": imported.name,
        "output": written,
        "notes": [note.as_dict() for note in imported.notes],
    }
