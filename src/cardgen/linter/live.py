"""A card object as it is now, seen as the file it was read from: what a card from code is linted as.

Kept apart from :mod:`cardgen.cards` (which dumps the card with pydantic) so that the linter can tell
such a document from a parsed file without loading the card models.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cardgen.errors import DataPath
from cardgen.io.loader import Document, Location

Dump = Callable[[], tuple[dict[str, Any], Mapping[DataPath, Location]]]
"""The card dumped to plain data, and the positions (of the file it was read from) of the values still in it."""


class LiveDocument(Document):
    """The card object ``card`` with the path and text of the file it was read from (if any).

    Its data and positions (:data:`Dump`) are worked out on first use, from the card as it is then: the
    linter scans the card object itself and asks for positions only for what it reports, so a card with
    nothing to report is never dumped.
    """

    card: Any

    def __init__(self, path: str, text: str, card: Any, dump: Dump) -> None:  # not the dataclass's: no data yet
        self.path = path
        self.text = text
        self.card = card
        self._dump = dump

    def __getattr__(self, name: str) -> Any:
        """``data`` and ``locations``, made on first use (later uses find them set)."""
        if name not in ("data", "locations"):
            raise AttributeError(name)
        self.data, self.locations = self._dump()
        return getattr(self, name)
