"""pydantic's validation errors in the words of a card's author.

pydantic's errors name union branches (``evaluation.plain.results.plain.0.value``)
and internal types; here each error is mapped back onto the author's data path
(``evaluation.results[0].value``) and said once, with a "did you mean" for
misspelt keys. :mod:`cardgen.validation` adds file positions to these; a card
built in code raises them as :class:`~cardgen.errors.CardValueError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic_core import ValidationError

from cardgen.errors import DataPath
from cardgen.schema.answers import UNION_TAGS
from cardgen.schema.introspect import keys_allowed_at
from cardgen.schema.kinds import KINDS, TAGS

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date like 2024-05-31",
    "date_parsing": "a date like 2024-05-31",
    "date_from_datetime_parsing": "a date like 2024-05-31",
    "date_from_datetime_inexact": "a date like 2024-05-31",
    "datetime_type": "a date and time like 2024-05-31T12:00:00Z",
    "datetime_parsing": "a date and time like 2024-05-31T12:00:00Z",
    "datetime_from_date_parsing": "a date and time like 2024-05-31T12:00:00Z",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def child_at(node: Any, part: int | str) -> tuple[bool, Any]:
    """Whether a mapping or list has the child ``part`` names, and the child."""
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def data_path_of(loc: tuple[int | str, ...], data: Any, missing: bool = False) -> DataPath:
    """Follow an error location through the data, dropping union-branch and type tags.

    Every part of the location names something in the data, but for the tags
    (``plain``, ``Evaluation``, ``literal['unknown','none']``) and, when ``missing``,
    the last part: the key that is not there.
    """
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        found, child = child_at(node, part)
        if found:
            path.append(part)
            node = child
        elif isinstance(part, str) and (part in UNION_TAGS or not (missing and index == len(loc) - 1)):
            continue
        else:
            path.append(part)
            break
    return tuple(path)


def _where(data_path: DataPath) -> str:
    named = [str(part) for part in data_path if isinstance(part, str)]
    return f" in '{'.'.join(named)}'" if named else " at the top level"


def message(error: Any, data_path: DataPath, card_types: Mapping[str, type[Any]], card_kind: str = "model") -> str:
    """What one error says; ``card_types`` are the card classes by kind (their keys make the "did you mean")."""
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(data_path[-1])
        allowed = keys_allowed_at(data_path[:-1], card_types[card_kind])
        import difflib  # only for a misspelt key: a valid card never pays for it

        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed keys: {', '.join(allowed)}"
        if len(data_path) == 1 and key in KINDS:
            hint = f" (a {card_kind} card's identity block is '{card_kind}:'; write 'kind: {key}' for a {key} card)"
        return f"unknown key '{key}'{_where(data_path[:-1])}{hint}"
    if kind == "missing":
        return f"missing required key '{error['loc'][-1]}'{_where(data_path)}"
    found = _describe(error.get("input"))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{found} is not allowed here; use {expected}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}"
    if kind in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        return f"{found} is out of range: {error['msg'].lower().removeprefix('input should be ')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "union_tag_invalid":
        return f"expected a value of a different form, found {found}"
    return f"{error['msg'][0].lower()}{error['msg'][1:]}"


class FieldProblem(NamedTuple):
    """One offending place: where it is in the data, the field it is about, and what to do."""

    at: DataPath
    """The deepest part of the path that exists in the data (for a missing key, its mapping)."""
    field: DataPath
    """The field as the author writes it; for a missing key, the key itself."""
    message: str


_CARD_TAGS: frozenset[str] = frozenset(TAGS.values())


def _kind_problem(data: Any) -> FieldProblem | None:
    """The problem of a card whose ``kind`` names no kind of card (the validator cannot choose its class)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind is None or kind in KINDS:
        return None
    kinds = ", ".join(f"'{name}'" for name in KINDS)
    text = f"{_describe(kind)} is not a kind of card; use {kinds} (or leave 'kind' out for a model card)"
    return FieldProblem(("kind",), ("kind",), text)


def field_problems(error: ValidationError, data: Any, card_types: Mapping[str, type[Any]]) -> list[FieldProblem]:
    """One problem per offending place in ``data``, in pydantic's order.

    A card file is validated as the kind it declares; the kind's union tag that
    leads every location is not a key in the file, and an unknown kind is the only problem.
    ``card_types`` are the classes the validator builds for each kind (models or records).
    """
    wrong_kind = _kind_problem(data)
    if wrong_kind is not None:
        return [wrong_kind]
    card_kind = str(data.get("kind", "model")) if isinstance(data, dict) else "model"
    problems: dict[DataPath, FieldProblem] = {}
    for raw in error.errors(include_url=False):
        loc = raw["loc"][1:] if raw["loc"] and raw["loc"][0] in _CARD_TAGS else raw["loc"]
        item: dict[str, Any] = {**raw, "loc": loc}  # the kind's union tag is not a key in the file
        data_path = data_path_of(loc, data, missing=item["type"] == "missing")
        field = data_path
        if item["type"] == "missing":
            name = loc[-1]
            data_path = data_path[:-1] if data_path and data_path[-1] == name else data_path
            field = (*data_path, name)
            key: DataPath = (*data_path, f"<missing {name}>")
        else:
            key = data_path
        if key not in problems:
            problems[key] = FieldProblem(data_path, field, message(item, data_path, card_types, card_kind))
    return list(problems.values())
