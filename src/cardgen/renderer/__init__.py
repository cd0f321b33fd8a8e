"""Render cards to HTML, PDF and Hugging Face Hub Markdown.

``render(card, path)`` writes one file atomically, its format taken from the
suffix unless given; ``render_to_string`` and ``render_to_bytes`` return it.
The documentation-gaps section comes from the linter unless findings are given.
Each format is a module registered in :data:`RENDER_FORMATS`, imported only when
used, so WeasyPrint loads only when a PDF is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from cardgen.cards import load
from cardgen.errors import CardError, Position, Problem
from cardgen.formats import FormatSpec, Registry
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import Document
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir
from cardgen.schema.card import AnyCard, Card, CardBase

RENDER_FORMATS = Registry(
    "render format",
    FormatSpec("html", "cardgen.renderer.html", "a self-contained web page", (".html", ".htm")),
    FormatSpec("pdf", "cardgen.renderer.pdf", "the page laid out for print", (".pdf",), binary=True),
    FormatSpec("md", "cardgen.renderer.hub", "a Hugging Face Hub README.md", (".md", ".markdown")),
)
"""The render formats; a new one is a module with :class:`RenderFormat`'s ``render_card`` and a line here."""

CardSource = AnyCard | str | os.PathLike[str]


class RenderFormat(Protocol):
    """What a render format's module provides."""

    def render_card(
        self, card: Card, findings: Sequence[Finding] | None, template_dir: TemplateDir, source: str
    ) -> bytes: ...


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The format an output path's suffix names, or None for an unknown suffix."""
    spec = RENDER_FORMATS.for_path(path)
    return spec.name if spec else None


def gaps(card: Card) -> list[Finding] | None:
    """What the card does not say, as ``cardgen lint`` reports it for that file (its configuration and
    inline suppressions apply); None for a card that was not read from a file."""
    document = card._document
    if not isinstance(document, Document):
        return None
    from cardgen.linter.config import config_for
    from cardgen.linter.run import configured_findings

    return configured_findings(document, card, config_for(document.path))


def _card(card: CardSource) -> Card:
    loaded = card if isinstance(card, CardBase) else load(card)
    if not isinstance(loaded, Card):
        document = loaded._document
        where = document.path if isinstance(document, Document) else "<card>"
        raise CardError([Problem(where, Position(1, 1), f"rendering {loaded.kind} cards is not supported yet")])
    return loaded


def render_to_bytes(
    card: CardSource,
    format: str = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
) -> bytes:
    """The rendered card as the bytes of its file; ``findings`` default to the linter's."""
    module: RenderFormat = RENDER_FORMATS.load(format)
    model = _card(card)
    document = model._document
    source = document.path if isinstance(document, Document) else model.model.name
    return module.render_card(model, gaps(model) if findings is None else findings, template_dir, source)


def render_to_string(
    card: CardSource,
    format: str = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
) -> str:
    """The rendered HTML page or Hub Markdown as text (a PDF is bytes: use :func:`render_to_bytes`)."""
    if RENDER_FORMATS.get(format).binary:
        raise ValueError(f"{format} is binary: use render_to_bytes(card, {format!r}) or render(card, path)")
    return render_to_bytes(card, format, findings, template_dir).decode("utf-8")


def render(
    card: CardSource,
    path: str | os.PathLike[str],
    format: str | None = None,
    template_dir: TemplateDir = None,
    findings: Sequence[Finding] | None = None,
) -> Path:
    """Render ``card`` (a Card or a card file) to ``path``, written atomically; returns the path.

    The format is ``format`` or else the suffix of ``path``.
    """
    chosen = format or format_for(path)
    if chosen is None:
        raise ValueError(
            f"cannot tell the format from {os.fspath(path)!r}: "
            f"use a {RENDER_FORMATS.suffix_names()} name or give format"
        )
    atomic_write(path, render_to_bytes(card, chosen, findings, template_dir))
    return Path(path)


__all__ = ["RENDER_FORMATS", "RenderFormat", "format_for", "gaps", "render", "render_to_bytes", "render_to_string"]
