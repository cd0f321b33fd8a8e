"""Registries of named formats: render outputs, lint reports, graph outputs, imports and exports.

A format is one module registered under a name and the file suffixes it owns.
The module is imported only when the format is used, so listing the choices for
``--help`` (or linting) never pays for jinja2 or WeasyPrint. CLI choices, suffix
detection, help text and error messages all come from the registry, so adding a
format is one module plus one registry line.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class FormatSpec:
    name: str
    module: str
    """Dotted name of the module that implements the format."""
    summary: str
    """A few words for help text, e.g. "a self-contained web page"."""
    suffixes: tuple[str, ...] = ()
    """File suffixes that name this format, lower case with the dot; the first is the default."""
    binary: bool = False
    """Whether the output is bytes that must not be written to a terminal (PDF, SQLite)."""

    @property
    def suffix(self) -> str:
        """The suffix given to files written in this format."""
        return self.suffixes[0] if self.suffixes else f".{self.name}"


class Registry:
    """The formats of one kind, in the order they are listed."""

    def __init__(self, kind: str, *formats: FormatSpec) -> None:
        self.kind = kind
        """What the formats are, for messages: "render format", "lint output format", ..."""
        self._formats = {spec.name: spec for spec in formats}
        if len(self._formats) != len(formats):
            raise ValueError(f"two {kind}s share a name")
        suffixes = [suffix for spec in formats for suffix in spec.suffixes]
        if len(set(suffixes)) != len(suffixes):
            raise ValueError(f"two {kind}s share a suffix")

    def __iter__(self) -> Iterator[FormatSpec]:
        return iter(self._formats.values())

    def __contains__(self, name: object) -> bool:
        return name in self._formats

    def names(self) -> tuple[str, ...]:
        return tuple(self._formats)

    def choices(self) -> str:
        """The names as a sentence: "html, pdf or md"."""
        names = self.names()
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

    def get(self, name: str) -> FormatSpec:
        """The format called ``name``; ValueError naming the choices for any other name."""
        try:
            return self._formats[name]
        except KeyError:
            raise ValueError(f"unknown {self.kind} {name!r}: choose {self.choices()}") from None

    def for_path(self, path: str | os.PathLike[str]) -> FormatSpec | None:
        """The format a file name's suffix names, or None for a suffix no format owns."""
        suffix = Path(path).suffix.lower()
        return next((spec for spec in self if suffix in spec.suffixes), None)

    def suffix_names(self) -> str:
        """The suffixes as a sentence, for "name it .html, .pdf or .md"."""
        suffixes = [spec.suffix for spec in self if spec.suffixes]
        return suffixes[0] if len(suffixes) == 1 else f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"

    def help(self) -> str:
        """One line per format for command help: ``html (.html): a self-contained web page``."""
        return "; ".join(
            f"{spec.name} ({', '.join(spec.suffixes)}): {spec.summary}"
            if spec.suffixes
            else f"{spec.name}: {spec.summary}"
            for spec in self
        )

    def load(self, name: str) -> ModuleType:
        """The module that implements the format, imported on first use."""
        return importlib.import_module(self.get(name).module)
