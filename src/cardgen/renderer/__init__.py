"""Render cards to HTML, PDF and Hugging Face Hub Markdown.

``render(card, path)`` writes one file atomically, its format taken from the
suffix unless given; ``render_to_string`` and ``render_to_bytes`` return it.
The documentation-gaps section comes from the linter unless findings are given.
Each format is a module registered in :data:`RENDER_FORMATS`, imported only when
used, so WeasyPrint loads only when a PDF is asked for.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from cardgen.cards import LoadedCard, read
from cardgen.collector import paused
from cardgen.ecosystem.graph import CardFacts, Graph, Loaded, load_graph, read_card
from cardgen.ecosystem.risks import InheritedRisk, inherited_risks
from cardgen.formats import FormatSpec, Registry
from cardgen.io.atomic import atomic_write
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir
from cardgen.schema.card import AnyCard, CardBase
from cardgen.schema.kinds import identity_of

RENDER_FORMATS = Registry(
    "render format",
    FormatSpec("html", "cardgen.renderer.html", "a self-contained web page", (".html", ".htm")),
    FormatSpec("pdf", "cardgen.renderer.pdf", "the page laid out for print", (".pdf",), binary=True),
    FormatSpec("md", "cardgen.renderer.hub", "a Hugging Face Hub README.md", (".md", ".markdown")),
)
"""The render formats; a new one is a module with :class:`RenderFormat`'s ``render_card`` and a line here."""

CardSource = AnyCard | LoadedCard | str | os.PathLike[str]


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


def gaps(card: CardBase | LoadedCard, ecosystem: Graph | None = None) -> list[Finding]:
    """What ``cardgen lint`` finds in the card as it is now, changes made in code included.

    A card read with :func:`cardgen.read` (or rendered from its path) is checked under
    its file's configuration and inline suppressions, at its lines, among ``ecosystem``
    or else the cards its ``card:`` links lead to, as ``cardgen lint FILE`` does; a
    bare card under the default configuration, without lines.
    """
    from cardgen.linter.run import card_findings

    if isinstance(card, LoadedCard):
        return card_findings(card.card, card.source, ecosystem or linked(card))
    return card_findings(card)


def linked(card: LoadedCard) -> Graph:
    """The card and the cards its ``card:`` links lead to, transitively: of those, their graph facts
    (what the lint rules that follow links read), or the file as read when it is no valid card."""
    return Graph.build([Loaded(card.source.path, card.source, card.card)], read=_linked_card)


def _linked_card(path: str) -> Loaded | CardFacts:
    """A card a ``card:`` link leads to, read again only when its file has changed: a batch of pages
    built on one dataset card reads that card, and works out its facts, once, not once a page."""
    try:
        info = os.stat(path)
    except OSError:
        return read_card(path, listed=False)
    return _read_linked(path, os.path.abspath(path), info.st_mtime_ns, info.st_size, info.st_ino)


@functools.lru_cache(maxsize=256)
def _read_linked(path: str, absolute: str, modified: int, size: int, inode: int) -> Loaded | CardFacts:
    """The card at ``path`` as its file was when it had this modification time, size and inode."""
    loaded = read_card(path, listed=False)
    return loaded if loaded.card is None else CardFacts.of(loaded)


def ecosystem_of(paths: Iterable[str | os.PathLike[str]]) -> Graph:
    """The cards a rendered card lives among: the cards at ``paths``, the other cards in their
    directories, and the cards their ``card:`` links lead to."""
    chosen = [os.fspath(path) for path in paths]
    folders = {os.path.dirname(path) or os.curdir for path in chosen if not os.path.isdir(path)}
    return load_graph([*chosen, *sorted(folders)])


def inherited(card: CardBase | LoadedCard, ecosystem: Graph | None) -> list[InheritedRisk] | None:
    """The risks reaching a card read from a file from upstream in ``ecosystem``; None without one."""
    if ecosystem is None or not isinstance(card, LoadedCard):
        return None
    return inherited_risks(ecosystem, card.source.path)


def _loaded(card: CardSource) -> CardBase | LoadedCard:
    return card if isinstance(card, (CardBase, LoadedCard)) else read(card)


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
    loaded = _loaded(card)
    chosen = loaded.card if isinstance(loaded, LoadedCard) else loaded
    source = loaded.source.path if isinstance(loaded, LoadedCard) else identity_of(chosen).name
    # A page builds thousands of objects (the lint's view of the card, the value tree, the page's
    # pieces) that live until it is written: collections meanwhile found nothing to free and took
    # a tenth of a page of gpt2.
    with paused():
        found = gaps(loaded, ecosystem) if findings is None else findings
        return module.render_card(chosen, found, template_dir, source, inherited(loaded, ecosystem))


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
    """Render ``card`` (a card of any kind, one read with :func:`cardgen.read`, or a card file) to ``path``,
    atomically. Returns the path.

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
