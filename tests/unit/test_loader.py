"""The loader: plain data with a source map, and every hostile input refused with a position."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardgen.errors import LoadError, Position
from cardgen.io.loader import Limits, parse_text, read_document, resolve_plain_scalar
from tests.conftest import HOSTILE_INPUT_BOUNDS

pytestmark = HOSTILE_INPUT_BOUNDS


def _billion_laughs(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


REFUSED = [
    pytest.param(b"model:\n  name: [unclosed\n", (3, 1), "YAML syntax error", id="syntax"),
    pytest.param(
        b"model:\n  name: a\n  name: b\n", (3, 3), "duplicate key 'name' (first defined on line 2)", id="duplicate"
    ),
    pytest.param(b"model:\n  name: caf\xe9\n", (2, 12), "not UTF-8", id="not-utf8"),
    pytest.param(b"", (1, 1), "empty", id="empty"),
    pytest.param(b"# only a comment\n", (1, 1), "empty", id="only-comments"),
    pytest.param(b"- model\n- name\n", (1, 1), "top level must be a mapping", id="top-level-list"),
    pytest.param(b"just text\n", (1, 1), "top level must be a mapping", id="top-level-scalar"),
    pytest.param(b"a: " + b"[" * 80 + b"]" * 80 + b"\n", (1, 67), "nesting is deeper than 64", id="too-deep"),
    pytest.param(_billion_laughs(9).encode(), (6, 10), "expands to more than", id="alias-bomb"),
    pytest.param(b"a: *nowhere\n", (1, 4), "not defined", id="undefined-alias"),
    pytest.param(b"a: !!python/object:os.system x\n", (1, 4), "tag", id="python-tag"),
    pytest.param(b"a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document", id="two-documents"),
    pytest.param(b"? [a, b]\n: c\n", (1, 3), "key must be plain text", id="complex-key"),
    pytest.param(b"model: {name: x\x00}\n", (1, 16), "U+0000 is not allowed", id="nul-byte"),
    pytest.param(b"model:\n  name: \x1b[31mx\n", (2, 9), "U+001B is not allowed", id="control-character"),
    pytest.param(b"model: !!python/object:os.system {name: x}\n", (1, 8), "tag", id="tag-on-mapping"),
    pytest.param(b"tags: !custom [a]\n", (1, 7), "tag", id="tag-on-sequence"),
    pytest.param(b"n: " + b"9" * 5000 + b"\n", (1, 4), "longer than 100 digits", id="long-int"),
    pytest.param(b"n: 0x" + b"f" * 5000 + b"\n", (1, 4), "longer than 100 digits", id="long-hex"),
]


@pytest.mark.parametrize(("raw", "where", "message"), REFUSED)
def test_hostile_input_is_refused_at_its_position(
    tmp_path: Path, raw: bytes, where: tuple[int, int], message: str
) -> None:
    card = tmp_path / "bad.card.yaml"
    card.write_bytes(raw)
    with pytest.raises(LoadError) as caught:
        read_document(card)
    (problem,) = caught.value.problems
    assert problem.path == str(card)
    assert message in problem.message
    assert problem.position == Position(*where)


def test_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    card = tmp_path / "big.card.yaml"
    card.write_text("model:\n  name: x\n  description: " + "y" * 2000 + "\n")
    with pytest.raises(LoadError, match="larger than 1000 bytes"):
        read_document(card, Limits(max_bytes=1000))


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.card.yaml"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        read_document(fifo)


def test_standard_tags_on_collections_are_accepted() -> None:
    assert parse_text("a: !!map {b: !!seq [1]}\n").data == {"a": {"b": [1]}}


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the file"):
        read_document(tmp_path / "absent.card.yaml")


def test_source_map_points_at_keys_and_values() -> None:
    doc = parse_text("model:\n  name: bert\nrisks:\n  - category: misuse\n    mitigations: [a, b]\n", "c.yaml")
    assert doc.data == {"model": {"name": "bert"}, "risks": [{"category": "misuse", "mitigations": ["a", "b"]}]}
    assert doc.position(("model", "name")) == Position(2, 3)
    assert doc.value_position(("model", "name")) == Position(2, 9)
    assert doc.value_position(("risks", 0, "mitigations", 1)) == Position(5, 22)
    # A missing field is reported at the nearest key that exists.
    assert doc.position(("risks", 0, "severity")) == Position(4, 5)
    assert doc.position(("training", "energy")) == Position(1, 1)


def test_json_cards_load_through_the_same_path() -> None:
    doc = parse_text('{\n  "model": {"name": "bert", "parameters": 110000000}\n}\n', "c.json")
    assert doc.data == {"model": {"name": "bert", "parameters": 110000000}}
    assert doc.position(("model", "parameters")) == Position(2, 29)


def test_aliases_within_limits_are_expanded() -> None:
    doc = parse_text("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    card = tmp_path / "bom.card.yaml"
    card.write_bytes(b"\xef\xbb\xbfmodel:\n  name: x\n")
    assert read_document(card).data == {"model": {"name": "x"}}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-3", -3),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5e3", 1500.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("yes", "yes"),  # YAML 1.2: not a boolean
        ("2019-10-11", "2019-10-11"),  # dates stay text; the schema parses them
        ("1_000", "1_000"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2(text: str, value: object) -> None:
    assert resolve_plain_scalar(text) == value


def test_quoted_scalars_stay_text() -> None:
    assert parse_text("a: '42'\nb: \"true\"\n").data == {"a": "42", "b": "true"}
