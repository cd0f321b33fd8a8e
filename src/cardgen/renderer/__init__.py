"""Render cards to HTML, PDF and Hugging Face Hub Markdown.

``render(card, path)`` writes one file atomically, its format taken from the
suffix unless given; ``render_to_string`` and ``render_to_bytes`` return it.
The documentation-gaps section comes from the linter unless findings are given.
Each format is a module registered in :data:`RENDER_FORMATS`, imported only when
used, so WeasyPrint loads only when a PDF is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from cardgen.cards import load
from cardgen.ecosystem.graph import Graph, load_graph
from cardgen.ecosystem.risks import InheritedRisk, inherited_risks
from cardgen.formats import FormatSpec, Registry
from cardgen.io.atomic import atomic_write
from cardgen.io.loader import Document
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir
from cardgen.schema.card import AnyCard, CardBase, identity_of

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
        self,
        card: CardBase,
        findings: Sequence[Finding] | None,
        template_dir: TemplateDir,
        source: str,
        inherited: Sequence[InheritedRisk] | None = None,
    ) -> bytes: ...


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The format an output path's suffix names, or None for an unknown suffix."""
    spec = RENDER_FORMATS.for_path(path)
    return spec.name if spec else None


def gaps(card: CardBase, ecosystem: Graph | None = None) -> list[Finding] | None:
    """What the card does not say, as ``cardgen lint`` reports it for that file (its configuration and
    inline suppressions apply; with ``ecosystem``, inherited risks too); None for a card not read from a file."""
    document = card._document
    if not isinstance(document, Document):
        return None
    from cardgen.linter.config import config_for
    from cardgen.linter.run import configured_findings

    return configured_findings(document, card, config_for(document.path), ecosystem)


def ecosystem_of(paths: Iterable[str | os.PathLike[str]]) -> Graph:
    """The cards a rendered card lives among: the cards at ``paths``, the other cards in their
    directories, and the cards their ``card:`` links lead to."""
    chosen = [os.fspath(path) for path in paths]
    folders = {os.path.dirname(path) or os.curdir for path in chosen if not os.path.isdir(path)}
    return load_graph([*chosen, *sorted(folders)])


def inherited(card: CardBase, ecosystem: Graph | None) -> list[InheritedRisk] | None:
    """The risks reaching ``card`` from upstream in ``ecosystem``; None without one (or for a card not read from a file)."""
    document = card._document
    if ecosystem is None or not isinstance(document, Document):
        return None
    return inherited_risks(ecosystem, document.path)


def render_to_bytes(
    card: CardSource,
    format: str = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
    ecosystem: Graph | None = None,
) -> bytes:
    """The rendered card as the bytes of its file; ``findings`` default to the linter's.

    ``ecosystem`` is the graph of cards the card lives among (see :func:`ecosystem_of`): the
    page then lists the risks it inherits, and the gaps include those left unaddressed.
    """
    module: RenderFormat = RENDER_FORMATS.load(format)
    chosen = card if isinstance(card, CardBase) else load(card)
    document = chosen._document
    source = document.path if isinstance(document, Document) else identity_of(chosen).name
    found = gaps(chosen, ecosystem) if findings is None else findings
    return module.render_card(chosen, found, template_dir, source, inherited(chosen, ecosystem))


def render_to_string(
    card: CardSource,
    format: str = "html",
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
    ecosystem: Graph | None = None,
) -> str:
    """The rendered HTML page or Hub Markdown as text (a PDF is bytes: use :func:`render_to_bytes`)."""
    if RENDER_FORMATS.get(format).binary:
        raise ValueError(f"{format} is binary: use render_to_bytes(card, {format!r}) or render(card, path)")
    return render_to_bytes(card, format, findings, template_dir, ecosystem).decode("utf-8")


def render(
    card: CardSource,
    path: str | os.PathLike[str],
    format: str | None = None,
    template_dir: TemplateDir = None,
    findings: Sequence[Finding] | None = None,
    ecosystem: Graph | None = None,
) -> Path:
    """Render ``card`` (a card of any kind, or a card file) to ``path``, written atomically; returns the path.

    The format is ``format`` or else the suffix of ``path``; ``ecosystem`` as in :func:`render_to_bytes`.
    """
    chosen = format or format_for(path)
    if chosen is None:
        raise ValueError(
            f"cannot tell the format from {os.fspath(path)!r}: "
            f"use a {RENDER_FORMATS.suffix_names()} name or give format"
        )
    atomic_write(path, render_to_bytes(card, chosen, findings, template_dir, ecosystem))
    return Path(path)


__all__ = [
    "RENDER_FORMATS",
    "RenderFormat",
    "ecosystem_of",
    "format_for",
    "gaps",
    "inherited",
    "render",
    "render_to_bytes",
    "render_to_string",
]
