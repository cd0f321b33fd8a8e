"""The schema's checks beyond types, as plain functions: the card models run them, and so does the
validator ``cardgen lint`` restores without the models (:mod:`cardgen.schema.cache`).

A model check receives the validated object (a model, or its stand-in record) and
reads its fields as attributes; a field check receives the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cardgen.schema.answers import is_card_object, plain

RISK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A risk id: letters, digits, '.', '_' and '-', so that ``NAME#RISK-ID`` splits unambiguously."""


def interval_or_std(uncertainty: Any) -> Any:
    """An uncertainty is a whole confidence interval in order, or a standard deviation."""
    lower, upper = uncertainty.lower, uncertainty.upper
    has_interval = lower is not None or upper is not None
    if has_interval and (lower is None or upper is None):
        raise ValueError("a confidence interval needs both lower and upper")
    if not has_interval and uncertainty.std is None:
        raise ValueError("give a confidence interval (lower, upper) or a standard deviation (std)")
    if lower is not None and upper is not None and lower > upper:
        raise ValueError("lower is greater than upper")
    return uncertainty


def range_in_order(result: Any) -> Any:
    """A result's metric range runs from low to high."""
    if isinstance(result.range, list) and result.range[0] >= result.range[1]:
        raise ValueError("range: the first bound must be below the second")
    return result


def split_reference(reference: str) -> tuple[str, str]:
    """``NAME#RISK-ID`` as (card name, risk id); the card name may itself hold spaces."""
    name, _, risk_id = reference.rpartition("#")
    return name.strip(), risk_id.strip()


def references(addresses: str | list[str] | None) -> list[str]:
    """The NAME#RISK-ID references of a risk's ``addresses``, written as one or as a list."""
    if addresses is None:
        return []
    return [addresses] if isinstance(addresses, str) else list(addresses)


def risk_id_shape(value: str | None) -> str | None:
    """A risk's id can be named from other cards as NAME#ID."""
    if value is not None and not RISK_ID.fullmatch(value):
        raise ValueError(f"'{value}' is not a risk id; use letters, digits, '.', '_' or '-' (e.g. pii-leak)")
    return value


def risk_references(value: str | list[str] | None) -> str | list[str] | None:
    """Every inherited risk a risk answers is written NAME#RISK-ID."""
    for reference in references(value):
        name, risk_id = split_reference(reference)
        if not name or not RISK_ID.fullmatch(risk_id):
            raise ValueError(f"'{reference}' is not a risk reference; write NAME#RISK-ID, e.g. webtext#pii")
    return value


RESULT_KEY: tuple[str, ...] = (
    "task",
    "dataset.name",
    "dataset.config",
    "dataset.split",
    "dataset.revision",
    "metric",
    "slice",
)
"""The fields that make two results the same measurement; any other field (value, uncertainty, ...) is about it."""

ResultKey = tuple[Any, ...]


def _key_plan() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """:data:`RESULT_KEY` as each field of a result with the fields read inside it (none: the field itself),
    so that a result's dataset is looked up once for its four fields."""
    plan: list[tuple[str, list[str]]] = []
    for dotted in RESULT_KEY:
        head, _, inner = dotted.partition(".")
        if not plan or plan[-1][0] != head or not inner:
            plan.append((head, []))
        if inner:
            plan[-1][1].append(inner)
    return tuple((head, tuple(inner)) for head, inner in plan)


_RESULT_KEY_PLAN = _key_plan()


def _field(container: Any, name: str) -> Any:
    """The bare value of a field, of a validated object or of data as written."""
    if is_card_object(container):
        return plain(container.__dict__.get(name))
    return plain(container.get(name)) if isinstance(container, Mapping) else None


def result_key(result: Any) -> ResultKey:
    """A result's identity under :data:`RESULT_KEY`, from a validated result or the same data as written.

    ``update`` replaces the result with an equal key and appends any other; the
    duplicate-result lint rule reports a second result with the same key.
    Explained answers count by their value; ``unknown``, ``none`` and missing are alike.
    """
    key = []
    for name, inner in _RESULT_KEY_PLAN:
        value = _field(result, name)
        if inner:
            key += [_field(value, field) for field in inner]
        else:
            key.append(value)
    return tuple(key)


CHECKS: tuple[Any, ...] = (interval_or_std, range_in_order, risk_id_shape, risk_references)
"""Every check a model runs: the only functions, with the answer-shape and kind discriminators,
that a stored validator may name."""
