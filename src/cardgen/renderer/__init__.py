"""Render cards to HTML, PDF and Hugging Face Hub Markdown.

``render(card, path)`` writes one file atomically, its format taken from the
suffix unless given; ``render_to_string`` and ``render_to_bytes`` return it.
The documentation-gaps section comes from the linter unless findings are given.
WeasyPrint is imported only when a PDF is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from cardgen.cards import load
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import Document
from cardgen.linter.findings import Finding
from cardgen.renderer.html import render_html
from cardgen.renderer.hub import render_markdown
from cardgen.schema.card import Card

Format = Literal["html", "pdf", "md"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "md")
SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md"}
EXTENSIONS: dict[Format, str] = {"html": ".html", "pdf": ".pdf", "md": ".md"}

CardSource = Card | str | os.PathLike[str]
TemplateDir = str | os.PathLike[str] | None


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format an output path's suffix names, or None for an unknown suffix."""
    return SUFFIXES.get(Path(path).suffix.lower())


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
    return card if isinstance(card, Card) else load(card)


def render_to_bytes(
    card: CardSource,
    format: Format = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
) -> bytes:
    """The rendered card as the bytes of its file; ``findings`` default to the linter's."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    model = _card(card)
    found = gaps(model) if findings is None else findings
    if format == "md":
        return render_markdown(model, found, template_dir).encode("utf-8")
    html = render_html(model, found, template_dir)
    if format == "html":
        return html.encode("utf-8")
    from cardgen.renderer.pdf import render_pdf

    document = model._document
    return render_pdf(html, source=document.path if isinstance(document, Document) else model.model.name)


def render_to_string(
    card: CardSource,
    format: Format = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
) -> str:
    """The rendered HTML page or Hub Markdown as text (a PDF is bytes: use :func:`render_to_bytes`)."""
    if format == "pdf":
        raise ValueError("a PDF is binary: use render_to_bytes(card, 'pdf') or render(card, path)")
    return render_to_bytes(card, format, findings, template_dir).decode("utf-8")


def render(
    card: CardSource,
    path: str | os.PathLike[str],
    format: Format | None = None,
    template_dir: TemplateDir = None,
    findings: Sequence[Finding] | None = None,
) -> Path:
    """Render ``card`` (a Card or a card file) to ``path``, written atomically; returns the path.

    The format is ``format`` or else the suffix of ``path`` (.html, .pdf, .md).
    """
    chosen = format or format_for(path)
    if chosen is None:
        raise ValueError(
            f"cannot tell the format from {os.fspath(path)!r}: use a .html, .pdf or .md name or give format"
        )
    atomic_write(path, render_to_bytes(card, chosen, findings, template_dir))
    return Path(path)


__all__ = ["FORMATS", "Format", "format_for", "gaps", "render", "render_to_bytes", "render_to_string"]
