"""Facts of a card that reach everything built on it: the data it holds about people.

The same facts drive CG606 within one card and the inherited privacy check across
cards, so they are read from the card in one place.
"""

from __future__ import annotations

from typing import Any

from cardgen.schema.answers import CardObject, items, plain

PERSONAL_FIELDS: tuple[str, ...] = ("personal_information", "sensitive_information")


def says_personal(entry: Any) -> bool:
    """Whether a data source, or a dataset's composition, says it holds personal or special-category data."""
    if isinstance(entry, CardObject):
        return any(plain(getattr(entry, name, None)) is True for name in PERSONAL_FIELDS)
    return isinstance(entry, dict) and any(plain(entry.get(name)) is True for name in PERSONAL_FIELDS)


def personal_data(card: Any) -> list[str]:
    """Where the card says it holds personal data, in words: ``in data source 'Reddit'``, ``in its composition``."""
    found: list[str] = []
    composition = plain(getattr(card, "composition", None))
    if composition is not None and says_personal(composition):
        found.append("in its composition")
    creation = plain(getattr(card, "data_creation", None))
    for source in items(creation.sources) if creation is not None else []:
        if says_personal(source):
            found.append(f"in data source '{plain(source.name) or 'unnamed'}'")
    return found
