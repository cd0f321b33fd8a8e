"""Check a parsed card against the schema and say what is wrong in human words.

pydantic's errors name union branches and internal types; here each error is
mapped back onto the author's data path, reported once, at the line of the
offending key, with a "did you mean" for misspelt keys.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from cardgen.errors import Problem
from cardgen.io.loader import DataPath, Document
from cardgen.schema.cache import card_validator
from cardgen.schema.card import CARD_TYPES, KINDS, TAGS, AnyCard
from cardgen.schema.introspect import keys_allowed_at
from cardgen.schema.values import UNION_TAGS

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


def _child(node: Any, part: int | str) -> tuple[bool, Any]:
    """The child of a mapping or list, if the error location's next part names one in the data."""
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def data_path_of(loc: tuple[int | str, ...], data: Any) -> DataPath:
    """Follow an error location through the data, dropping union-branch and type tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        found, child = _child(node, part)
        if found:
            path.append(part)
            node = child
        elif isinstance(part, str) and (part in UNION_TAGS or not isinstance(node, dict)):
            continue
        else:
            path.append(part)
            break
    return tuple(path)


def _where(data_path: DataPath) -> str:
    named = [str(part) for part in data_path if isinstance(part, str)]
    return f" in '{'.'.join(named)}'" if named else " at the top level"


def _message(error: Any, data_path: DataPath, card_kind: str = "model") -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(data_path[-1])
        allowed = keys_allowed_at(data_path[:-1], CARD_TYPES[card_kind])
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


_CARD_TAGS: frozenset[str] = frozenset(TAGS.values())


def _kind_problem(document: Document) -> Problem | None:
    """The problem of a card whose ``kind`` names no kind of card (the validator cannot choose its class)."""
    data = document.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind is None or kind in KINDS:
        return None
    kinds = ", ".join(f"'{name}'" for name in KINDS)
    message = f"{_describe(kind)} is not a kind of card; use {kinds} (or leave 'kind' out for a model card)"
    return Problem(document.path, document.position(("kind",)), message)


def problems_from(error: ValidationError, document: Document) -> list[Problem]:
    """One problem per offending place, sorted by position."""
    kind_problem = _kind_problem(document)
    if kind_problem is not None:
        return [kind_problem]
    data = document.data
    card_kind = str(data.get("kind", "model")) if isinstance(data, dict) else "model"
    problems: dict[DataPath, Problem] = {}
    for raw in error.errors(include_url=False):
        loc = raw["loc"][1:] if raw["loc"] and raw["loc"][0] in _CARD_TAGS else raw["loc"]
        item = {**raw, "loc": loc}  # the kind's union tag is not a key in the file
        data_path = data_path_of(loc, document.data)
        if item["type"] == "missing":
            data_path = data_path[:-1] if data_path and data_path[-1] == loc[-1] else data_path
            key: DataPath = (*data_path, f"<missing {loc[-1]}>")
        else:
            key = data_path
        if key not in problems:
            problems[key] = Problem(document.path, document.position(data_path), _message(item, data_path, card_kind))
    return sorted(problems.values(), key=lambda problem: problem.position)


def check(document: Document) -> tuple[AnyCard | None, list[Problem]]:
    """Validate a document as the kind of card it declares; the card is returned only when there are no problems."""
    try:
        card: AnyCard = card_validator().validate_python(document.data)
    except ValidationError as error:
        return None, problems_from(error, document)
    card._document = document
    return card, []
