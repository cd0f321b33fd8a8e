"""Graphs built in memory from card data, for tests of what is drawn from them, without files."""

from __future__ import annotations

from typing import Any

from cardgen.ecosystem.graph import Graph, Loaded
from cardgen.schema.card import card_adapter

Link = tuple[str, str] | tuple[str, str, str | None, str | None]
"""(name, kind) or (name, kind, relation, version) of an upstream card."""


def card(
    name: str,
    kind: str = "model",
    organization: str | None = None,
    license: Any = None,
    uses: tuple[Link, ...] = (),
    **parts: Any,
) -> Loaded:
    """A loaded card of ``kind`` at ``cards/NAME.card.yaml``, depending on ``uses`` by name."""
    identity = {"name": name, "organization": organization, "license": license}
    data: dict[str, Any] = {"kind": kind, kind: {key: value for key, value in identity.items() if value is not None}}
    if uses:
        data["dependencies"] = [
            {"name": link[0], "kind": link[1], **({"relation": link[2]} if len(link) > 2 and link[2] else {}),
             **({"version": link[3]} if len(link) > 3 and link[3] else {})}
            for link in uses
        ]  # fmt: skip
    path = f"cards/{name}.card.yaml"
    return Loaded(path, None, card_adapter().validate_python({**data, **parts}))


def graph(*cards: Loaded) -> Graph:
    return Graph.build(cards, follow=False)
