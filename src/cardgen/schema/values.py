"""Value shapes shared by every part of the card.

Any field may hold a plain value, one of the explicit answers ``unknown`` or
``none`` (not applicable), or ``{value, explanation}``; the three are told apart
by shape, so validation errors speak about the one the author meant.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from typing_extensions import Self, TypedDict

from cardgen.errors import CardValueError, dotted

T = TypeVar("T")

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


class Explained(TypedDict, Generic[T]):
    """A value together with the reason behind it, as in CRFM Ecosystem Graphs."""

    __pydantic_config__ = ConfigDict(extra="forbid", allow_inf_nan=False)  # type: ignore[misc]
    value: Annotated[T | Marker, Field(description="The answer itself, or unknown / none.")]
    explanation: Annotated[str, Field(description="Why the answer is what it is, or why it is unknown.")]


def answer_shape(raw: Any) -> str:
    """Name the union branch by shape so errors come from the branch the author meant."""
    if isinstance(raw, dict) and "explanation" in raw and set(raw) <= {"value", "explanation"}:
        return "explained"
    if isinstance(raw, str) and raw in MARKERS:
        return "marker"
    return "plain"


Answer = Annotated[
    Annotated[T, Tag("plain")] | Annotated[Marker, Tag("marker")] | Annotated[Explained[T], Tag("explained")],
    Discriminator(answer_shape),
]
"""A field's type: the plain value, ``unknown``/``none``, or ``{value, explanation}``."""

UNION_TAGS: frozenset[str] = frozenset({"plain", "marker", "explained"})


def _in_words(model: type[BaseModel], error: ValidationError, data: Any) -> CardValueError:
    from cardgen.schema.messages import field_problems  # imports the card model, which imports this module

    return CardValueError(model.__name__, [(dotted(p.field), p.message) for p in field_problems(error, data)])


class Section(BaseModel):
    """Base of every card object: unknown keys are errors, never silently dropped.

    Built in code, a card that does not fit raises :class:`~cardgen.errors.CardValueError`
    naming each field as a card file writes it, never pydantic's union branches.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True, allow_inf_nan=False)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise _in_words(type(self), error, data) from None

    # Marks this __init__ as pydantic's own, so nested models are still validated by pydantic's
    # core (with union-tagged locations that the card file's messages map back), not through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise _in_words(cls, error, obj) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            try:
                data = json.loads(json_data)
            except ValueError:
                data = None  # not JSON at all: pydantic's one error has no field to name
            raise _in_words(cls, error, data) from None


_PLACEHOLDER_WORDS = ("TODO", "TBD", "TBA", "FIXME")
_PLACEHOLDER_WORD = re.compile(r"\b(?:TODO|TBD|TBA|FIXME)\b")
_PLACEHOLDER_PHRASES = ("[more information needed]", "lorem ipsum")
PLACEHOLDER_VALUES = frozenset({"n/a", "n.a.", "-", "--", "?", "??", "...", "…", "tbd", "todo", "placeholder"})


def placeholder_within(text: str) -> str | None:
    """A placeholder word or phrase inside the text; plain substring tests first, as regexes are slow."""
    lowered = text.lower()
    for phrase in _PLACEHOLDER_PHRASES:
        start = lowered.find(phrase)
        if start >= 0:
            return text[start : start + len(phrase)]
    if any(word in text for word in _PLACEHOLDER_WORDS):
        found = _PLACEHOLDER_WORD.search(text)
        return found.group(0) if found else None
    return None


def is_placeholder(value: Any) -> bool:
    """Template text standing where an answer should be (TODO, [More Information Needed], a lone "-"): never an answer."""
    if not isinstance(value, str):
        return False
    return value.strip().lower() in PLACEHOLDER_VALUES or placeholder_within(value) is not None


def has_content(value: Any) -> bool:
    """Whether a value says something: text that is no placeholder, a number, or a list or group holding such."""
    value = plain(value)
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and not is_placeholder(value)
    if isinstance(value, list):
        return any(has_content(entry) for entry in value)
    if isinstance(value, dict):
        return any(has_content(entry) for entry in value.values())
    if isinstance(value, BaseModel):
        return any(has_content(getattr(value, name)) for name in type(value).model_fields)
    return True


def is_explained(answer: Any) -> bool:
    """Whether a value was written as ``{value, explanation}``."""
    return isinstance(answer, dict) and answer_shape(answer) == "explained"


def plain(answer: Any) -> Any:
    """The bare value behind an answer, or None for missing, ``unknown`` and ``none`` (in any spelling)."""
    if is_explained(answer):
        answer = answer.get("value")
    if marker_of(answer) is not None:
        return None
    return answer


def status(answer: Any) -> Literal["missing", "unknown", "none", "given"]:
    """How a field was answered; ``unknown`` and ``none`` are answers, unlike a missing field."""
    if is_explained(answer):
        answer = answer.get("value")
    if answer is None:
        return "missing"
    marker = marker_of(answer)
    if marker is not None:
        return marker
    if isinstance(answer, (str, list, dict)) and not answer:
        return "missing"
    return "given"


def explanation(answer: Any) -> str | None:
    """The author's explanation, when the field was written as ``{value, explanation}``."""
    if is_explained(answer):
        text = answer.get("explanation")
        return text if isinstance(text, str) else None
    return None


def items(answer: Any) -> list[Any]:
    """The entries of a list field, whatever form the answer took."""
    value = plain(answer)
    return list(value) if isinstance(value, list) else []


STAGE_MARK = "x-cardgen-stage"
"""JSON Schema keyword that marks a top-level part as one of the chain stages."""

TABLE_MARK = "x-cardgen-table"
"""JSON Schema keyword that marks a list field inside a part to be shown as a table of its own."""


def described(text: str, *, stage: bool = False, table: bool = False) -> Any:
    """A pydantic Field for an optional card field with its documentation.

    ``stage`` marks a top-level part as a chain stage; ``table`` marks a list of entries
    to be shown as a table (as evaluation results are), both read by :mod:`cardgen.schema.parts`.
    """
    marks = {STAGE_MARK: stage, TABLE_MARK: table}
    return Field(
        default=None, description=text, json_schema_extra={key: True for key, on in marks.items() if on} or None
    )
