"""Value shapes shared by every part of the card, as pydantic types.

Any field may hold a plain value, one of the explicit answers ``unknown`` or
``none`` (not applicable), or ``{value, explanation}``; the three are told apart
by shape, so validation errors speak about the one the author meant. What an
answer says (:func:`~cardgen.schema.answers.plain`, ...) is in :mod:`cardgen.schema.answers`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from typing_extensions import Self, TypedDict

from cardgen.errors import CardValueError, dotted
from cardgen.schema.answers import STAGE_MARK, TABLE_MARK, CardObject, Marker, answer_shape

T = TypeVar("T")


class Explained(TypedDict, Generic[T]):
    """A value together with the reason behind it, as in CRFM Ecosystem Graphs."""

    __pydantic_config__ = ConfigDict(extra="forbid", allow_inf_nan=False)  # type: ignore[misc]
    value: Annotated[T | Marker, Field(description="The answer itself, or unknown / none.")]
    explanation: Annotated[str, Field(description="Why the answer is what it is, or why it is unknown.")]


Answer = Annotated[
    Annotated[T, Tag("plain")] | Annotated[Marker, Tag("marker")] | Annotated[Explained[T], Tag("explained")],
    Discriminator(answer_shape),
]
"""A field's type: the plain value, ``unknown``/``none``, or ``{value, explanation}``."""


def _in_words(model: type[BaseModel], error: ValidationError, data: Any) -> CardValueError:
    from cardgen.schema.card import CARD_TYPES  # imports the card model, which imports this module
    from cardgen.schema.messages import field_problems

    problems = field_problems(error, data, CARD_TYPES)
    return CardValueError(model.__name__, [(dotted(p.field), p.message) for p in problems])


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


CardObject.register(Section)


def described(text: str, *, stage: bool = False, table: bool = False) -> Any:
    """A pydantic Field for an optional card field with its documentation.

    ``stage`` marks a top-level part as a chain stage; ``table`` marks a list of entries
    to be shown as a table (as evaluation results are), both read by :mod:`cardgen.schema.parts`.
    """
    marks = {STAGE_MARK: stage, TABLE_MARK: table}
    return Field(
        default=None, description=text, json_schema_extra={key: True for key, on in marks.items() if on} or None
    )
