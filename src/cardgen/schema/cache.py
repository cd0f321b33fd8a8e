"""The card validator as JSON and back, for the disk cache that spares a cold ``cardgen lint`` rebuilding it.

Building pydantic's validator for the card costs about 60 ms on every start, a
quarter of a pre-commit hook's run. Its core schema is plain data apart from
references to cardgen's own classes and functions, so it is stored as JSON with
those references written as ``module:qualname``. On load a name is looked up in a
fixed table of the card's models and their validators, with no import and no
attribute walk: nothing in the file can name, let alone call, other code.
The file name carries a hash of the schema's source and the pydantic versions,
so any change to either makes a new entry. Where the file lives and how it is
written is :func:`cardgen.validation.card_validator`'s business (the schema does no I/O).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic_core import SchemaValidator

from cardgen.schema.card import card_adapter, card_tag
from cardgen.schema.introspect import all_models
from cardgen.schema.values import Explained, answer_shape

_REFERENCE = "$py"
_TUPLE = "$tuple"
_SKIPPED_KEYS = frozenset({"metadata"})
"""Core-schema keys that only serve JSON Schema generation, not validation."""


class UnsupportedSchema(ValueError):
    """The core schema holds something this cache cannot store safely."""


def cache_key() -> str:
    """A hash of everything the validator depends on: the schema's source, pydantic and Python."""
    digest = hashlib.sha256()
    for part in (pydantic.VERSION, pydantic_core.__version__, sys.version):
        digest.update(part.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


@functools.cache
def _allowed() -> dict[str, Any]:
    """The only objects a cache file may name: the card's models, Explained, and their validator functions."""
    objects: list[Any] = [Explained, answer_shape, card_tag]
    for model in all_models():
        objects.append(model)
        decorators = model.__pydantic_decorators__
        for group in (decorators.model_validators, decorators.field_validators, decorators.validators):
            objects.extend(decorator.func for decorator in group.values())
    return {f"{item.__module__}:{item.__qualname__}": item for item in objects}


def encode(node: Any, names_fields: bool = False) -> Any:
    """The core schema as JSON-ready data; objects are stored as names from :func:`_allowed`.

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
    name = f"{getattr(node, '__module__', '')}:{getattr(node, '__qualname__', '')}"
    if _allowed().get(name) is node:
        return {_REFERENCE: name}
    raise UnsupportedSchema(f"cannot store {node!r} in the validator cache")


def decode(node: Any) -> Any:
    """The inverse of :func:`encode`; a name outside :func:`_allowed` is refused, so nothing else is reached."""
    if isinstance(node, dict):
        if set(node) == {_REFERENCE}:
            name = node[_REFERENCE]
            allowed = _allowed()
            if not isinstance(name, str) or name not in allowed:
                raise UnsupportedSchema(f"refusing to resolve {name!r}")
            return allowed[name]
        if set(node) == {_TUPLE}:
            return tuple(decode(value) for value in node[_TUPLE])
        return {key: decode(value) for key, value in node.items()}
    if isinstance(node, list):
        return [decode(value) for value in node]
    return node


def built() -> SchemaValidator:
    """The validator of a card of any kind (chosen by ``kind``) as pydantic builds it."""
    validator = card_adapter().validator
    assert isinstance(validator, SchemaValidator)
    return validator


def stored() -> str:
    """The card's validator as the text of a cache entry; raises :class:`UnsupportedSchema`."""
    return json.dumps(encode(card_adapter().core_schema), separators=(",", ":"))


def restored(text: bytes) -> SchemaValidator:
    """The validator a cache entry holds; raises ValueError, TypeError or SchemaError for a bad entry."""
    return SchemaValidator(decode(json.loads(text)))
