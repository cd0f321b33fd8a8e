"""Strategies for hostile cards: valid ones, mutated ones, hostile text and broken bytes."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES

BASE_TEXT = (EXAMPLES / "incomplete.card.yaml").read_text(encoding="utf-8")
"""A small card that fits the schema and has something in every part."""

MINIMAL = {"model": {"name": "fuzz"}}

EDGE_STRINGS = [
    "",
    " ",
    "\x00",
    "\x1b[2J\x1b]0;title\x07",
    "\u009b31m",
    "line\nbreak\r\nand\rreturn",
    "\u2028\u2029\x85",
    "\u202e\u2066bidi\u2069",
    "\ufeffbom",
    "\U0001f600\u0301\u200d",
    "\ud800",
    "unknown",
    "none",
    "TODO",
    "<script>alert(1)</script>",
    "{{ 7*7 }}{% raw %}",
    "`code` *em* [link](javascript:alert(1)) &#10;# heading",
    "---\n...",
    "&anchor *alias !tag %directive @ `",
    "1e999",
    ".nan",
    "9" * 200,
    "2024-02-30",
    "../../../etc/passwd",
    "x" * 100_000,
]

hostile_text = st.one_of(
    st.sampled_from(EDGE_STRINGS),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(max_codepoint=0x20), max_size=10),
)

scalars = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    # Values a card may not hold: the loader refuses them with a position.
    st.sampled_from([10**150, -(10**400), float("inf"), float("nan")]),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)

values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(hostile_text, st.sampled_from(["value", "unit", "source", "name", "explanation"])),
            children,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


def base_data() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(BASE_TEXT)
    return data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_cards(draw: st.DrawFn) -> dict[str, Any]:
    """The base card with a few random mutations: wrong types, missing and unknown keys, hostile text, nesting."""
    data = base_data()
    for _ in range(draw(st.integers(1, 4))):
        paths = [path for path in _paths(data) if path]
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["replace", "delete", "add", "nest"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(hostile_text)] = draw(values)
        elif action == "nest":
            depth = draw(st.integers(1, 80))
            nested: Any = parent[path[-1]]
            for _ in range(depth):
                nested = {"value": nested} if draw(st.booleans()) else [nested]
            parent[path[-1]] = nested
    return data


def dump(data: Any, as_json: bool) -> bytes:
    """The data as a card file: YAML from ruamel's safe dumper, or JSON from the standard library."""
    if as_json:
        return json.dumps(data, indent=2, default=str).encode("utf-8")
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def broken_bytes(draw: st.DrawFn) -> bytes:
    """Valid card text truncated, spliced with random bytes, or replaced by random bytes altogether."""
    raw = BASE_TEXT.encode("utf-8")
    kind = draw(st.sampled_from(["truncate", "splice", "random", "flip"]))
    if kind == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]
    if kind == "splice":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=64)) + raw[at:]
    if kind == "flip":
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return draw(st.binary(max_size=512))


FREE_TEXT = {"description", "selection_criteria", "deduplication", "objective", "collection_method", "primary_uses"}
"""Fields that take any text, so hostile text in them still fits the schema."""


@st.composite
def hostile_valid_cards(draw: st.DrawFn) -> dict[str, Any]:
    """The base card with hostile text in place of some of its strings: most still fit the schema and render."""
    data = base_data()
    strings = [
        path
        for path in _paths(data)
        if path and isinstance(_parent(data, path)[path[-1]], str) and (FREE_TEXT & set(map(str, path)))
    ]
    for path in draw(st.lists(st.sampled_from(strings), min_size=1, max_size=6, unique=True)):
        _parent(data, path)[path[-1]] = draw(hostile_text)
    return data
