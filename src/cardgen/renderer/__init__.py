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

from cardgen.cards import LoadedCard, read
from cardgen.formats import FormatSpec, Registry
from cardgen.io.atomic import atomic_write
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir
from cardgen.schema.card import Card

RENDER_FORMATS = Registry(
    "render format",
    FormatSpec("html", "cardgen.renderer.html", "a self-contained web page", (".html", ".htm")),
    FormatSpec("pdf", "cardgen.renderer.pdf", "the page laid out for print", (".pdf",), binary=True),
    FormatSpec("md", "cardgen.renderer.hub", "a Hugging Face Hub README.md", (".md", ".markdown")),
)
"""The render formats; a new one is a module with :class:`RenderFormat`'s ``render_card`` and a line here."""

CardSource = Card | LoadedCard | str | os.PathLike[str]


class RenderFormat(Protocol):
    """What a render format's module provides."""

    def render_card(
        self, card: Card, findings: Sequence[Finding] | None, template_dir: TemplateDir, source: str
    ) -> bytes: ...


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The format an output path's suffix names, or None for an unknown suffix."""
    spec = RENDER_FORMATS.for_path(path)
    return spec.name if spec else None


def gaps(card: Card | LoadedCard) -> list[Finding]:
    """What ``cardgen lint`` finds in the card as it is now, changes made in code included.

    A card read with :func:`cardgen.read` (or rendered from its path) is checked under
    its file's configuration and inline suppressions, at its lines; a bare card under
    the default configuration, without lines.
    """
    from cardgen.linter.run import card_findings

    return card_findings(card.card, card.source) if isinstance(card, LoadedCard) else card_findings(card)


def _loaded(card: CardSource) -> Card | LoadedCard:
    return card if isinstance(card, (Card, LoadedCard)) else read(card)


def render_to_bytes(
    card: CardSource,
    format: str = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
) -> bytes:
    """The rendered card as the bytes of its file; ``findings`` default to the linter's."""
    module: RenderFormat = RENDER_FORMATS.load(format)
    loaded = _loaded(card)
    model = loaded.card if isinstance(loaded, LoadedCard) else loaded
    source = loaded.source.path if isinstance(loaded, LoadedCard) else model.model.name
    return module.render_card(model, gaps(loaded) if findings is None else findings, template_dir, source)


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
    """Render ``card`` (a Card, a card read with :func:`cardgen.read`, or a card file) to ``path``, atomically.

    Returns the path.

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
