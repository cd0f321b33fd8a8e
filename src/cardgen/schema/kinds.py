"""The kinds of card and how a card file names its kind: plain data, needed before any card class exists.

The validator chooses a card's class by :func:`card_tag`; ``cardgen lint`` reads
these without loading the card models (see :mod:`cardgen.schema.cache`).
"""

from __future__ import annotations

from typing import Any, Literal

Kind = Literal["model", "dataset", "application"]
KINDS: tuple[Kind, ...] = ("model", "dataset", "application")

TAGS: dict[str, str] = {kind: f"{kind} card" for kind in KINDS}
"""Union tags in validation error locations; told apart from keys by the space."""


def card_tag(raw: Any) -> str | None:
    """The kind of card the data declares, as a union tag; no ``kind`` (or no mapping) means a model card."""
    kind = raw.get("kind", "model") if isinstance(raw, dict) else "model"
    return TAGS.get(kind) if isinstance(kind, str) else None


def identity_of(card: Any) -> Any:
    """The card's identity block (``model``, ``dataset`` or ``application``), whatever its kind."""
    return getattr(card, card.kind)
