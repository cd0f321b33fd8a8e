"""The card validator as JSON and back, for the disk cache that spares a cold ``cardgen lint`` the card models.

Building pydantic's validator for the card costs about 60 ms on every start, and
importing pydantic and building the card's model classes about as much again: most
of a pre-commit hook's run. A cache entry holds what validation needs as plain data:

- a first line: ``models``, each model's fields in order, with their descriptions,
  schema marks, whether they hold lists and which models they can hold; and
  ``kinds``, the class of each kind of card;
- a second line: pydantic's core schema, with references to cardgen's classes and
  functions written as ``module:qualname``.

Restored with the models (:func:`restored` given :func:`model_classes`), the
validator builds pydantic cards. Restored without (for the linter, which asks for
records and so never imports pydantic), each model is replaced by a plain record
class made from ``models`` (:class:`Record`): pydantic-core fills its ``__dict__`` as
it would a model's, and the linter reads records and models alike
(:class:`~cardgen.schema.answers.CardObject`).
Either way a name is looked up in a fixed table of functions (:data:`FUNCTIONS`) or
among the classes, with no import and no attribute walk: nothing in the file can
name, let alone call, other code. The file name carries a hash of the schema's
source and the pydantic versions, so any change to either makes a new entry. Where
the file lives and how it is written is :mod:`cardgen.validation`'s business.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import operator
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pydantic_core
from pydantic_core import SchemaValidator

from cardgen.schema.answers import CardObject, answer_shape
from cardgen.schema.constraints import CHECKS
from cardgen.schema.kinds import KINDS, card_tag

_REFERENCE = "$py"
_TUPLE = "$tuple"
_SKIPPED_KEYS = frozenset({"metadata"})
"""Core-schema keys that only serve JSON Schema generation, not validation."""


def _name(item: Any) -> str:
    return f"{getattr(item, '__module__', '')}:{getattr(item, '__qualname__', '')}"


FUNCTIONS: dict[str, Any] = {_name(function): function for function in (answer_shape, card_tag, *CHECKS)}
"""The only functions a cache entry may name: the discriminators and the models' checks."""


class UnsupportedSchema(ValueError):
    """The core schema holds something this cache cannot store safely."""


def _pydantic_version_text() -> bytes:
    """pydantic's ``version.py``, read without importing pydantic (``cardgen lint`` never does)."""
    spec = importlib.util.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return b""
    return (Path(spec.origin).parent / "version.py").read_bytes()


def cache_key() -> str:
    """A hash of everything the validator depends on: the schema's source, pydantic and Python."""
    digest = hashlib.sha256()
    for part in (_pydantic_version_text(), pydantic_core.__version__.encode(), sys.version.encode()):
        digest.update(part)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


@functools.cache
def model_classes() -> dict[str, type[Any]]:
    """The classes a cache entry may name when the card models are used: every model, and Explained."""
    from cardgen.schema.introspect import all_models
    from cardgen.schema.values import Explained

    return {_name(item): item for item in (*all_models(), Explained)}


def encode(node: Any, names_fields: bool = False) -> Any:
    """The core schema as JSON-ready data; objects are stored as the names of :data:`FUNCTIONS` and :func:`model_classes`.

    ``names_fields`` marks a mapping of field names, where a field called ``metadata`` is a field.
    """
    if isinstance(node, dict):
        return {
            key: encode(value, key == "fields")
            for key, value in node.items()
            if names_fields or key not in _SKIPPED_KEYS
        }
    if isinstance(node, list):
        return [encode(value) for value in node]
    if isinstance(node, tuple):
        return {_TUPLE: [encode(value) for value in node]}
    if node is None or isinstance(node, (str, int, float, bool)):
        return node
    name = _name(node)
    if (FUNCTIONS.get(name) or model_classes().get(name)) is node:
        return {_REFERENCE: name}
    raise UnsupportedSchema(f"cannot store {node!r} in the validator cache")


def parse(text: str | bytes, classes: Mapping[str, Any]) -> Any:
    """The inverse of :func:`encode`, from JSON text; a name outside :data:`FUNCTIONS` and ``classes`` is refused.

    References are resolved as the JSON is read (a hook on each mapping), not in a second walk.
    """

    def resolve(node: dict[str, Any]) -> Any:
        if len(node) != 1:
            return node
        if _REFERENCE in node:
            name = node[_REFERENCE]
            found = FUNCTIONS.get(name) or classes.get(name) if isinstance(name, str) else None
            if found is None:
                raise UnsupportedSchema(f"refusing to resolve {name!r}")
            return found
        if _TUPLE in node and isinstance(node[_TUPLE], list):
            return tuple(node[_TUPLE])
        return node

    return json.loads(text, object_hook=resolve)


class FieldFacts(NamedTuple):
    """What the linter reads about a record's field, as it reads a pydantic ``FieldInfo``."""

    annotation: Any
    """``list[...]`` for a field that holds a list, around the union of the records it can hold."""
    description: str | None
    json_schema_extra: dict[str, Any] | None


class Record(CardObject):
    """A validated object of a card without pydantic: fields in ``__dict__``, set by pydantic-core."""

    __slots__ = ("__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def _facts(classes: Mapping[str, type[Any]], stored: Any) -> FieldFacts:
    _, description, extra, holds_list, names = stored
    if not (
        (description is None or isinstance(description, str))
        and (extra is None or isinstance(extra, dict))
        and isinstance(holds_list, bool)
        and isinstance(names, list)
    ):
        raise ValueError(f"not a stored field: {stored!r}")
    held = functools.reduce(operator.or_, [classes[name] for name in names]) if names else object
    return FieldFacts(list[held] if holds_list else held, description, extra)  # type: ignore[valid-type]


def records(models: Any) -> dict[str, type[Any]]:
    """A record class for each stored model, with the model's fields as :class:`FieldFacts`."""
    if not isinstance(models, dict):
        raise ValueError("no models in the cache entry")
    classes: dict[str, type[Any]] = {
        name: type(str(name).rpartition(":")[2].rpartition(".")[2], (Record,), {"__slots__": ()}) for name in models
    }
    for name, fields in models.items():
        classes[name].model_fields = {str(field[0]): _facts(classes, field) for field in fields}
    return classes


def _stored_field(field: Any) -> list[Any]:
    from cardgen.schema.introspect import models_in
    from cardgen.schema.parts import is_list

    held = [_name(model) for model in models_in(field.annotation)]
    return [field.description, field.json_schema_extra, is_list(field.annotation), held]


class Restored(NamedTuple):
    """A validator and the class it builds for each kind of card."""

    validator: SchemaValidator
    card_types: dict[str, type[Any]]


def built() -> Restored:
    """The validator of a card of any kind (chosen by ``kind``) as pydantic builds it, with the card models."""
    from cardgen.schema.card import CARD_TYPES, card_adapter

    validator = card_adapter().validator
    assert isinstance(validator, SchemaValidator)
    return Restored(validator, dict(CARD_TYPES))


def stored() -> str:
    """The card's validator as the text of a cache entry; raises :class:`UnsupportedSchema`."""
    from cardgen.schema.card import CARD_TYPES, card_adapter

    models = {
        name: [[field_name, *_stored_field(field)] for field_name, field in getattr(item, "model_fields", {}).items()]
        for name, item in model_classes().items()
    }
    head = {"models": models, "kinds": {kind: _name(card_type) for kind, card_type in CARD_TYPES.items()}}
    schema = encode(card_adapter().core_schema)
    return "\n".join(json.dumps(part, separators=(",", ":")) for part in (head, schema))


def restored(text: bytes, classes: Mapping[str, type[Any]] | None = None) -> Restored:
    """The validator a cache entry holds, building the card models given as ``classes`` (by name), or records
    when None; raises ValueError, TypeError, KeyError or SchemaError for a bad entry."""
    head_text, _, schema_text = text.partition(b"\n")
    head = json.loads(head_text)
    if not isinstance(head, dict):
        raise ValueError("not a cache entry")
    chosen = records(head["models"]) if classes is None else classes
    kinds = head["kinds"]
    if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
        raise ValueError("the cache entry does not name the card of every kind")
    card_types = {kind: chosen[name] for kind, name in kinds.items()}
    return Restored(SchemaValidator(parse(schema_text, chosen)), card_types)
