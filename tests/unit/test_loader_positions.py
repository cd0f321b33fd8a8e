"""The loader's positions are exact: every key and value where an independent YAML parser puts it.

The loader keeps one character offset per value and works lines and columns out only
when a position is asked for (:class:`cardgen.io.loader.SourceMap`). The yardstick is
ruamel.yaml's pure-Python round-trip parser, which counts lines and columns itself as
it reads, over every example card and the real YAML of the shared data: the Ecosystem
Graphs assets, the Hub cards' front matter and the YAML test suite's documents that
both parsers read alike.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.events import AliasEvent

from cardgen.cards import as_document
from cardgen.ecosystem.graph import load_card
from cardgen.errors import DataPath, LoadError, Position
from cardgen.importers.hf import split_front_matter
from cardgen.io.loader import Location, parse_text, parse_value

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Reference = dict[DataPath, Location]


def _has_properties(event: Any) -> bool:
    """An alias, anchor or tag: the parsers disagree on where such a node starts (the reference puts
    an alias of a scalar at its anchor), so texts with them are left to the loader's own tests."""
    return isinstance(event, AliasEvent) or bool(getattr(event, "anchor", None) or getattr(event, "ctag", None))


def _reference(text: str) -> Reference | None:
    """Where ruamel's round-trip parser puts each key and value; None when it reads the text otherwise
    than a card loader would (a top level that is no collection, keys that are not text, node
    properties, merge keys, YAML 1.1 line breaks)."""
    if any(char in text for char in "\x85\u2028\u2029"):
        return None
    yaml = YAML(typ="rt", pure=True)
    try:
        if any(_has_properties(event) for event in yaml.parse(io.StringIO(text))):
            return None
        root = yaml.load(io.StringIO(text))
    except Exception:  # the reference refuses what it refuses; only texts both read are compared
        return None
    if not isinstance(root, (CommentedMap, CommentedSeq)):
        return None
    found: Reference = {(): Location(None, Position(root.lc.line + 1, root.lc.col + 1))}

    def visit(node: Any, path: DataPath) -> bool:
        if isinstance(node, CommentedMap):
            if node.merge:
                return False
            for key, value in node.items():
                if not isinstance(key, str):
                    return False
                key_line, key_column, value_line, value_column = node.lc.data[key]
                found[(*path, key)] = Location(
                    Position(key_line + 1, key_column + 1), Position(value_line + 1, value_column + 1)
                )
                if not visit(value, (*path, key)):
                    return False
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                line, column = node.lc.data[index]
                found[(*path, index)] = Location(None, Position(line + 1, column + 1))
                if not visit(value, (*path, index)):
                    return False
        return True

    return found if visit(root, ()) else None


def _compare(text: str, name: str) -> bool:
    """Assert the loader's positions equal the reference's; False when the text is not comparable."""
    expected = _reference(text)
    if expected is None:
        return False
    try:
        data, locations = parse_value(text, name)
    except LoadError:
        return False
    assert locations.keys() == expected.keys(), name
    for path, location in locations.items():
        value: Any = data
        for key in path:
            value = value[key]
        if value is None:  # an empty value has no text of its own: parsers place it differently
            assert location.key == expected[path].key, (name, path)
        else:
            assert location == expected[path], (name, path)
    return True


def _front_matters(shared: Path) -> Iterator[tuple[str, str]]:
    for card in sorted((shared / "hf-model-cards").rglob("*.md")):
        front = split_front_matter(card.read_text(encoding="utf-8"))[0]
        if front:
            yield front, str(card)


def test_example_cards_positions_match_an_independent_parser() -> None:
    cards = sorted(EXAMPLES.rglob("*.card.yaml"))
    assert len(cards) >= 8
    for card in cards:
        assert _compare(card.read_text(encoding="utf-8"), str(card)), card


def test_shared_data_positions_match_an_independent_parser(shared_data: Path) -> None:
    assets = sorted((shared_data / "ecosystem-graphs" / "assets").glob("*.yaml"))
    compared = sum(_compare(asset.read_text(encoding="utf-8"), str(asset)) for asset in assets)
    assert compared == len(assets) > 100
    # Of 22 front matters, the two templates are no YAML (Jinja) and two hold NaN, which cards refuse.
    assert sum(_compare(text, name) for text, name in _front_matters(shared_data)) >= 18


def test_yaml_test_suite_positions_match_an_independent_parser(shared_data: Path) -> None:
    texts = sorted((shared_data / "yaml-test-suite").rglob("in.yaml"))
    compared = sum(_compare(path.read_bytes().decode("utf-8"), str(path)) for path in texts)
    assert compared >= 110, f"only {compared} documents compared"  # 118 of 402 when written


@pytest.mark.parametrize(
    ("text", "path", "position"),
    [
        ("\ufeffa: 1\nb: x\n", ("b",), Position(2, 4)),  # a byte order mark is no column
        ("a: 1\r\nb: [x,\r\n  y]\n", ("b", 1), Position(3, 3)),  # CRLF is one line break
        ("a: 'x\u2028y'\nb: z\n", ("b",), Position(2, 4)),  # U+2028 is text in YAML 1.2
        ("a: 'x\x85y'\nb:\n  - \U0001f600\n  - z\n", ("b", 1), Position(4, 5)),
        ("a:\tb\nc: d\n", ("c",), Position(2, 4)),  # read by the YAML 1.2 fallback
    ],
)
def test_positions_count_yaml_12_lines_and_characters(text: str, path: DataPath, position: Position) -> None:
    assert parse_text(text).value_position(path) == position


def test_a_card_changed_in_code_keeps_the_positions_of_the_values_still_there() -> None:
    loaded = load_card(str(EXAMPLES / "gpt2.card.yaml"))
    assert loaded.card is not None
    assert loaded.document is not None
    source = loaded.document.locations
    loaded.card.risks = None  # gone in code: its positions go too
    document = as_document(loaded.card, loaded.document)
    assert ("risks",) in source
    assert ("risks",) not in document.locations
    assert ("model", "name") in document.locations
    assert all(document.locations[path] == source[path] for path in document.locations)
