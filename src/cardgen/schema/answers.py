"""What an answer in a card is and says: plain data shared by the card models and the linter.

Any field may hold a plain value, one of the explicit answers ``unknown`` or
``none`` (not applicable), or ``{value, explanation}``; the three are told apart
by shape (:func:`answer_shape`), so validation errors speak about the one the
author meant. Nothing here needs pydantic, so ``cardgen lint`` reads answers
without loading the card models.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeGuard


class CardObject(abc.ABC):  # a marker: pydantic's Section registers, stand-ins subclass
    """A validated object of a card: a pydantic model of the schema, or the plain record that stands in
    for one where ``cardgen lint`` validates without the models (:mod:`cardgen.schema.cache`).

    Its fields are its ``__dict__``; its class has ``model_fields``, each with a description.
    """

    model_fields: ClassVar[Mapping[str, Any]]

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...  # its fields


_CARD_OBJECT_CLASSES: dict[type, bool] = {}


def is_card_object(value: Any) -> TypeGuard[CardObject]:
    """``isinstance(value, CardObject)``, remembered per class: an ABC's isinstance runs Python code, and
    the view, completeness and the rules ask it several hundred times a page. (A class registered with
    CardObject after one of its objects was asked about would stay unknown: the models register as they
    are defined.)"""
    kind = type(value)
    known = _CARD_OBJECT_CLASSES.get(kind)
    if known is None:
        known = _CARD_OBJECT_CLASSES[kind] = issubclass(kind, CardObject)
    return known


Marker = Literal["unknown", "none"]
"""``unknown``: the author does not know; ``none``: does not apply. Both differ from a missing field."""

MARKERS: frozenset[str] = frozenset({"unknown", "none"})

MARKER_SPELLINGS: dict[str, Marker] = {"unknown": "unknown", "none": "none", "n/a": "none", "n.a.": "none"}
"""How people write the markers: any case of unknown and none, and N/A for does-not-apply.

Only the lower-case ``unknown``/``none`` are the schema's markers; the other
spellings validate as text, but are read as the marker they mean (and linted), so
a capital ``Unknown`` never passes for an answer.
"""


def marker_of(value: Any) -> Marker | None:
    """The marker a value spells, in any case, or None for any other value."""
    if isinstance(value, str) and len(value) <= 8:
        return MARKER_SPELLINGS.get(value.strip().lower())
    return None


def answer_shape(raw: Any) -> str:
    """Name the union branch by shape so errors come from the branch the author meant."""
    if isinstance(raw, dict) and "explanation" in raw and (len(raw) == 1 or (len(raw) == 2 and "value" in raw)):
        return "explained"  # its keys are explanation and perhaps value (no set built: this runs for every answer)
    if isinstance(raw, str) and raw in MARKERS:
        return "marker"
    return "plain"


UNION_TAGS: frozenset[str] = frozenset({"plain", "marker", "explained"})


_PLACEHOLDER_WORD = re.compile(r"\b(?:TODO|TBD|TBA|FIXME)\b")
_PLACEHOLDER_PHRASES = ("[more information needed]", "lorem ipsum")
PLACEHOLDER_VALUES = frozenset({"n/a", "n.a.", "-", "--", "?", "??", "...", "…", "tbd", "todo", "placeholder"})


def placeholder_within(text: str, lowered: str | None = None) -> str | None:
    """A placeholder word or phrase inside the text (``lowered``: the text in lower case, when the caller
    has it); plain substring tests first, as regexes are slow."""
    lowered = text.lower() if lowered is None else lowered
    for phrase in _PLACEHOLDER_PHRASES:
        start = lowered.find(phrase)
        if start >= 0:
            return text[start : start + len(phrase)]
    if "TODO" in text or "TBD" in text or "TBA" in text or "FIXME" in text:  # the regex's words, unrolled
        found = _PLACEHOLDER_WORD.search(text)
        return found.group(0) if found else None
    return None


def is_placeholder(value: Any) -> bool:
    """Template text standing where an answer should be (TODO, [More Information Needed], a lone "-"): never an answer."""
    if not isinstance(value, str):
        return False
    lowered = value.lower()
    return lowered.strip() in PLACEHOLDER_VALUES or placeholder_within(value, lowered) is not None


def has_content(value: Any) -> bool:
    """Whether a value says something: text that is no placeholder, a number, or a list or group holding such."""
    if type(value) is str and len(value) > 8:  # text longer than any marker, the commonest value: nothing to unwrap
        return bool(value.strip()) and not is_placeholder(value)
    value = plain(value)
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and not is_placeholder(value)
    if isinstance(value, list):
        return any(has_content(entry) for entry in value)
    if isinstance(value, dict):
        return any(has_content(entry) for entry in value.values())
    if is_card_object(value):
        return any(has_content(getattr(value, name)) for name in type(value).model_fields)
    return True


def is_explained(answer: Any) -> bool:
    """Whether a value was written as ``{value, explanation}``."""
    return isinstance(answer, dict) and answer_shape(answer) == "explained"


# plain and status run for every field of a page several times over (view, completeness, rules):
# they test the common cases (no mapping, text longer than any marker) inline, as marker_of would.


def plain(answer: Any) -> Any:
    """The bare value behind an answer, or None for missing, ``unknown`` and ``none`` (in any spelling)."""
    if isinstance(answer, dict) and answer_shape(answer) == "explained":
        answer = answer.get("value")
    if isinstance(answer, str) and len(answer) <= 8 and answer.strip().lower() in MARKER_SPELLINGS:
        return None
    return answer


def status(answer: Any) -> Literal["missing", "unknown", "none", "given"]:
    """How a field was answered; ``unknown`` and ``none`` are answers, unlike a missing field."""
    if isinstance(answer, dict) and answer_shape(answer) == "explained":
        answer = answer.get("value")
    if answer is None:
        return "missing"
    if isinstance(answer, str):
        if len(answer) <= 8:
            marker = MARKER_SPELLINGS.get(answer.strip().lower())
            if marker is not None:
                return marker
        return "given" if answer else "missing"
    if isinstance(answer, (list, dict)) and not answer:
        return "missing"
    return "given"


def explanation(answer: Any) -> str | None:
    """The author's explanation, when the field was written as ``{value, explanation}``."""
    return unwrapped(answer)[1]


def unwrapped(answer: Any) -> tuple[Any, str | None]:
    """The value an answer holds (a marker stays a marker) and the author's explanation, in one look:
    what :func:`plain`, :func:`status` and :func:`explanation` each unwrap, for callers that need all three
    (:func:`status` of the value is the answer's)."""
    if isinstance(answer, dict) and answer_shape(answer) == "explained":
        text = answer.get("explanation")
        return answer.get("value"), text if isinstance(text, str) else None
    return answer, None


def items(answer: Any) -> list[Any]:
    """The entries of a list field, whatever form the answer took."""
    value = plain(answer)
    return list(value) if isinstance(value, list) else []


STAGE_MARK = "x-cardgen-stage"
"""JSON Schema keyword that marks a top-level part as one of the chain stages."""

TABLE_MARK = "x-cardgen-table"
"""JSON Schema keyword that marks a list field inside a part to be shown as a table of its own."""
