"""Property: an update changes the card's data exactly as asked and no byte outside the changed values.

Hypothesis writes cards with comments, blank lines, flow and block styles,
anchors and aliases, literal multi-line strings, integer-like keys and a
different indentation in every block, applies random updates and result
recordings, and checks two things on the file that was written:

- it reads back as the intended data, computed here independently of cardgen;
- every line of the original that holds no changed value is still there,
  byte for byte and in the same order.

Each generated line is tagged with the data path it belongs to, so "holds no
changed value" is decided from the data alone.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgen.cards import edit
from cardgen.io.loader import read_document
from cardgen.schema.constraints import result_key

DataPath = tuple[Any, ...]
HYPERPARAMETERS: DataPath = ("training", "hyperparameters")
INSIDE = "#"
"""Tag suffix of a comment or blank line inside a block: it belongs to the block, not to a value."""

KEYS = ["a", "b", "lr", "batch size", "0", "10", "k:v", "x-y", "#h", "it's"]
WORDS = ["alpha", "beta", "gamma", "delta"]
SPECIAL_TEXT = ["a: b", "#x", "it's", "1.5", "true", "null", " padded ", "[x]", "é ✓ 😀", "- dash", "*star"]
_SIMPLE = re.compile(r"[A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]")
_SIMPLE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass
class Card:
    """Generated text as tagged lines, plus what the test needs to know about its shapes."""

    lines: list[tuple[str, DataPath]] = field(default_factory=list)
    flow: set[DataPath] = field(default_factory=set)
    aliases: dict[DataPath, DataPath] = field(default_factory=dict)
    compact: set[DataPath] = field(default_factory=set)
    anchors: dict[str, tuple[DataPath, Any]] = field(default_factory=dict)

    def text(self) -> str:
        return "".join(line + "\n" for line, _ in self.lines)


def key_text(key: str) -> str:
    return key if _SIMPLE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def scalar_text(draw: st.DrawFn, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain" and _SIMPLE.fullmatch(value) and value not in ("true", "false", "null"):
        return str(value)
    if style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def flow_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else scalar_text(lambda _: "double", value)  # type: ignore[arg-type]


scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(WORDS + SPECIAL_TEXT),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda words: "\n".join(words) + "\n"),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.dictionaries(st.sampled_from(KEYS), children, min_size=1, max_size=4),
        st.lists(children, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


class Writer:
    """Writes generated data as YAML in randomly chosen styles, tagging each line."""

    def __init__(self, draw: st.DrawFn, card: Card) -> None:
        self.draw = draw
        self.card = card

    def add(self, text: str, tag: DataPath) -> None:
        self.card.lines.append((text, tag))

    def separators(self, column: int, path: DataPath) -> None:
        for kind in self.draw(st.lists(st.sampled_from(["comment", "blank"]), max_size=2)):
            self.add(" " * column + "# a note written by hand" if kind == "comment" else "", (*path, INSIDE))

    def comment(self) -> str:
        return self.draw(st.sampled_from(["", "", "   # why"]))

    def mapping(self, data: dict[str, Any], column: int, path: DataPath, first_line_taken: bool = False) -> None:
        for index, (key, value) in enumerate(data.items()):
            if index or not first_line_taken:
                self.separators(column, path)
            self.entry(key, value, column, (*path, key))

    def anchor(self, path: DataPath, value: Any) -> str:
        if not self.draw(st.booleans()):
            return ""
        name = f"n{len(self.card.anchors)}"
        self.card.anchors[name] = (path, value)
        return f"&{name} "

    def entry(self, key: str, value: Any, column: int, path: DataPath) -> None:
        head = " " * column + key_text(key) + ":"
        usable = [name for name, (where, shared) in self.card.anchors.items() if equal(shared, value)]
        if usable and self.draw(st.booleans()):
            name = self.draw(st.sampled_from(usable))
            self.card.aliases[path] = self.card.anchors[name][0]
            self.add(f"{head} *{name}{self.comment()}", path)
            return
        anchor = self.anchor(path, value)
        if isinstance(value, (dict, list)) and self.draw(st.booleans()):
            self.card.flow.add(path)
            self.add(f"{head} {anchor}{flow_text(value)}{self.comment()}", path)
        elif isinstance(value, dict):
            self.add(f"{head} {anchor.strip()}".rstrip(), path)
            self.mapping(value, column + self.draw(st.integers(1, 4)), path)
        elif isinstance(value, list):
            self.add(f"{head} {anchor.strip()}".rstrip(), path)
            self.sequence(value, column + self.draw(st.integers(0, 2)), path)
        elif isinstance(value, str) and re.fullmatch(r"([a-z]+\n)+", value) and self.draw(st.booleans()):
            self.add(f"{head} {anchor}|{self.comment()}", path)
            indent = " " * (column + self.draw(st.integers(1, 4)))
            for line in value.splitlines():
                self.add(indent + line, path)
        else:
            self.add(f"{head} {anchor}{scalar_text(self.draw, value)}{self.comment()}", path)

    def sequence(self, items: list[Any], dash: int, path: DataPath) -> None:
        gap = self.draw(st.integers(2, 4))
        for index, item in enumerate(items):
            item_path = (*path, index)
            self.separators(dash, item_path)  # notes between list items go with the item they precede
            prefix = " " * dash + "-" + " " * (gap - 1)
            if isinstance(item, dict):
                self.card.compact.add(item_path)
                start = len(self.card.lines)
                self.mapping(item, dash + gap, item_path, first_line_taken=True)
                first, tag = self.card.lines[start]
                self.card.lines[start] = (prefix + first.lstrip(" "), tag)
            elif isinstance(item, list):
                self.card.flow.add(item_path)
                self.add(prefix + flow_text(item), item_path)
            else:
                self.add(prefix + scalar_text(self.draw, item) + self.comment(), item_path)


def result(task: str, metric: str, value: float) -> dict[str, Any]:
    return {"task": task, "metric": metric, "value": value}


@st.composite
def cards(draw: st.DrawFn) -> tuple[Card, dict[str, Any]]:
    hyperparameters = draw(st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=5))
    results = draw(
        st.lists(st.builds(result, st.sampled_from(["t1", "t2"]), st.just("acc"), st.floats(0, 1)), max_size=3)
    )
    card = Card()
    writer = Writer(draw, card)
    writer.add("# A card written by hand", ("#",))
    writer.add("model:", ("model",))
    writer.add("  name: generated   # keep", ("model", "name"))
    writer.add("", ("#",))
    writer.add("training:", ("training",))
    writer.add("  hyperparameters:", HYPERPARAMETERS)
    writer.mapping(hyperparameters, 2 + draw(st.integers(1, 4)), HYPERPARAMETERS)
    writer.separators(2, ("training",))
    writer.add("  run:", ("training", "run"))
    writer.add("    status: completed", ("training", "run", "status"))
    writer.add("", ("training", INSIDE))
    writer.add("# ---- a block the author wrote after the run ----", ("#",))
    data: dict[str, Any] = {
        "model": {"name": "generated"},
        "training": {"hyperparameters": hyperparameters, "run": {"status": "completed"}},
    }
    if results:
        writer.add("evaluation:", ("evaluation",))
        writer.add("  results:", ("evaluation", "results"))
        for index, item in enumerate(results):
            writer.add(f"  - task: {item['task']}", ("evaluation", "results", index, "task"))
            writer.add(f"    metric: {item['metric']}", ("evaluation", "results", index, "metric"))
            writer.add(f"    value: {item['value']!r}", ("evaluation", "results", index, "value"))
        data["evaluation"] = {"results": results}
    writer.add("# the end", ("#",))
    return card, data


def _paths(value: Any, path: DataPath = ()) -> list[DataPath]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def operations(draw: st.DrawFn, data: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Updates to apply in order: set or remove a hyperparameter path, record a result or a run."""
    model = copy.deepcopy(data)
    chosen: list[tuple[str, Any, Any]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["set", "set", "add", "remove", "result", "run"]))
        inside = [p for p in _paths(_get(model, HYPERPARAMETERS), HYPERPARAMETERS) if len(p) > 2]
        if kind == "set" and inside:
            path = draw(st.sampled_from(inside))
            chosen.append(("set", path, draw(values)))
        elif kind == "add" or (kind == "set" and not inside):
            containers = [p for p in [HYPERPARAMETERS, *inside] if isinstance(_get(model, p), dict)]
            path = (*draw(st.sampled_from(containers)), draw(st.sampled_from([*KEYS, "new key", "100"])))
            chosen.append(("set", path, draw(values)))
        elif kind == "remove" and len(inside) > 1:
            chosen.append(("remove", draw(st.sampled_from(inside)), None))
        elif kind == "result":
            task = draw(st.sampled_from(["t1", "t2", "t3"]))
            chosen.append(("result", result(task, "acc", draw(st.floats(0, 1))), None))
        else:
            chosen.append(("run", {"status": draw(st.sampled_from(["running", "failed"])), "error": "E"}, None))
        model = apply(model, [chosen[-1]])
    return chosen


def apply(data: dict[str, Any], changes: list[tuple[str, Any, Any]]) -> dict[str, Any]:
    """The intended data: the updates applied by plain Python, independently of cardgen."""
    data = copy.deepcopy(data)
    for kind, target, value in changes:
        if kind == "set":
            _get(data, target[:-1])[target[-1]] = copy.deepcopy(value)
        elif kind == "remove":
            parent = _get(data, target[:-1])
            del parent[target[-1]]
        elif kind == "result":
            results = data.setdefault("evaluation", {}).setdefault("results", [])
            same = [i for i, r in enumerate(results) if result_key(r) == result_key(target)]
            if same:
                results[same[0]] = dict(target)
            else:
                results.append(dict(target))
        else:
            data["training"]["run"] = dict(target)
    return data


def equal(first: Any, second: Any) -> bool:
    """Equal as card data: a boolean is not a number (Python says False == 0), 1 and 1.0 are the same figure."""
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(equal(first[key], second[key]) for key in first)
    if isinstance(first, list) and isinstance(second, list):
        return len(first) == len(second) and all(equal(a, b) for a, b in zip(first, second, strict=True))
    if isinstance(first, bool) or isinstance(second, bool):
        return type(first) is type(second) and first == second
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return first == second
    return type(first) is type(second) and first == second


def changed_paths(card: Card, old: Any, new: Any) -> set[DataPath]:
    """The paths whose lines may change: values that differ, removed entries, and aliases written out in full.

    An alias stays an alias while the anchored original holds what the alias should hold.
    """
    found = _differences(card, old, new, ())
    for alias, anchor in card.aliases.items():
        try:
            should, shared = _get(new, alias), _get(new, anchor)
        except (KeyError, IndexError, TypeError):
            found.add(alias)
            continue
        if not equal(should, shared):
            found.add(alias)
    return found


def _differences(card: Card, old: Any, new: Any, path: DataPath) -> set[DataPath]:
    if equal(old, new):
        return set()
    if path in card.flow or path in card.aliases:
        return {path}
    if isinstance(old, dict) and isinstance(new, dict):
        if not set(old) & set(new):
            return {path}
        found: set[DataPath] = set()
        first = next(iter(old))
        for key in old:
            if key not in new:
                found.add(path if (path in card.compact and key == first) else (*path, key))
            else:
                found |= _differences(card, old[key], new[key], (*path, key))
        return found
    if isinstance(old, list) and isinstance(new, list) and new:
        found = {(*path, index) for index in range(len(new), len(old))}
        for index in range(min(len(old), len(new))):
            found |= _differences(card, old[index], new[index], (*path, index))
        return found
    return {path}


def _is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(any(line == candidate for candidate in remaining) for line in needles)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_updates_change_exactly_the_intended_data_and_no_other_line(tmp_path_factory: Any, data: st.DataObject) -> None:
    card, before = data.draw(cards())
    path = Path(tmp_path_factory.mktemp("card")) / "model.card.yaml"
    original = card.text()
    path.write_text(original, encoding="utf-8")
    assert equal(read_document(path).data, before), "the generator wrote text that does not read as its data"
    changes = data.draw(operations(before))
    with edit(path) as editor:
        for kind, target, value in changes:
            if kind == "set":
                editor.set(target, value)
            elif kind == "remove":
                editor.remove(target)
            elif kind == "result":
                editor.upsert_result(target)
            else:
                editor.set(("training", "run"), target)
    intended = apply(before, changes)
    written = path.read_text(encoding="utf-8")
    assert equal(read_document(path).data, intended)
    changed = changed_paths(card, before, intended)
    kept = [
        line
        for line, tag in card.lines
        if not any(tag[: len(where)] == where for where in changed)
        and not (tag[-1:] == (INSIDE,) and any(tag[:-1][: len(where)] == where for where in changed))
    ]
    assert _is_subsequence(kept, written.splitlines()), (original, written, sorted(map(str, changed)))
