"""The direct YAML writer of the Hub front matter writes exactly what ruamel's safe dumper writes, or declines.

Generated data mixes the strings the writer takes (names, URLs, sentences) with every kind it
must leave to the dumper (YAML words, numbers in text, indicators, quotes, line breaks, long text,
non-ASCII, empty collections, nested lists, null); wherever the writer answers, its text must be
the dumper's byte for byte, and it must load back as the same data.
"""

from __future__ import annotations

import io
import string
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import cardgen
from cardgen.renderer.hub import dump_yaml, front_matter, safe_dump
from cardgen.renderer.plain_yaml import simple_yaml
from tests.conftest import example_cards

TRICKY = [
    "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "NULL", "~", "a: b", "a:", "a:b", "key ",
    " key", "x #y", "x#y", "-x", "- x", "?x", "Inf", ".inf", "nan", "1e3", "0x1F", "2019-01-01", "a\nb", "a\tb",
    "é", "Zürich", "<<", "=", "a  b", "x" * 1200, "k" * 130, "", "'q'", '"q"', "a, b", "(x)", "a|b", "{x}", "[x]",
    "a > b", "https://example.org/a?b=c&d=e#f",
]  # fmt: skip
"""Strings near every edge of the plain style."""

NAMES = ["text-generation", "Radford et al. (2019), Table 3", "Children's Book Test", "https://example.org/a?b=c&d"]
"""Strings as real front matter holds them."""

texts = st.one_of(
    st.sampled_from(TRICKY + NAMES),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 :'\".,#()/-]{0,24}", fullmatch=True),  # mostly plain, some not
    st.text(
        alphabet=string.ascii_letters + string.digits + " _.,;()/:'\"+=%?&~@$*!<>-#[]{}|\\`\n\té\u2028", max_size=30
    ),
)
scalars = st.one_of(
    texts,
    st.integers(),
    st.integers(-(10**8), 10**8).map(lambda hundredths: hundredths / 100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
data = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)),
    max_leaves=12,
)
mappings = st.dictionaries(texts, data, max_size=6)


def _load(text: str) -> Any:
    return YAML(typ="safe").load(io.StringIO(text))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(mappings)
def test_the_writer_writes_what_the_dumper_writes_or_declines(value: dict[str, Any]) -> None:
    written = simple_yaml(value)
    if written is not None:
        assert written == safe_dump(value)
        assert _load(written) == value


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(scalars)
def test_each_scalar_is_written_as_the_dumper_writes_it_or_declined(value: Any) -> None:
    for written_as in ({"key": value}, {"key": [value]}, {"key": {"inner": value}}):
        written = simple_yaml(written_as)
        if written is not None:
            assert written == safe_dump(written_as)
    if isinstance(value, str):
        written = simple_yaml({value: 1})
        if written is not None:
            assert written == safe_dump({value: 1})


simple_scalars = st.one_of(
    st.sampled_from(NAMES), st.integers(), st.integers(-(10**6), 10**6).map(lambda cents: cents / 100), st.booleans()
)
simple_data = st.recursive(
    simple_scalars,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).filter(lambda items: not any(isinstance(i, list) for i in items)),
        st.dictionaries(st.sampled_from(NAMES), children, min_size=1, max_size=3),
    ),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(st.sampled_from(NAMES), simple_data, min_size=1, max_size=4))
def test_nested_mappings_and_lists_are_laid_out_as_the_dumper_lays_them_out(value: dict[str, Any]) -> None:
    """Not a writer that always declines: data of names, links and numbers is written directly."""
    written = simple_yaml(value)
    assert written is not None
    assert written == safe_dump(value)
    assert _load(written) == value


def test_every_example_s_front_matter_is_written_directly_and_reads_back() -> None:
    for path in example_cards():
        card = cardgen.load(path)
        if card.kind != "model":
            continue
        data = front_matter(card)  # type: ignore[arg-type]
        written = simple_yaml(data)
        assert written is not None, path
        assert written == safe_dump(data)
        assert _load(written) == data


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mappings)
def test_a_yaml_1_1_reader_reads_back_the_same_data(value: dict[str, Any]) -> None:
    """The Hub reads the front matter with PyYAML (YAML 1.1): no string may come back a boolean, number or date."""
    assert repr(yaml.safe_load(dump_yaml(value))) == repr(value)  # repr: NaN equals itself, True is not 1


@pytest.mark.parametrize(
    "word", ["no", "Yes", "ON", "off", "y", "1:20", "010", "0b1", "0x1F", "1_0", ".inf", "~", "<<"]
)
def test_words_yaml_1_1_retypes_are_quoted_by_both_writers(word: str) -> None:
    """The direct writer quotes the words that start with a letter and leaves the others to ruamel."""
    for data in ({"tags": [word, "a"]}, {word: "a"}):
        written = simple_yaml(data)
        assert (written is not None) == word[0].isalpha()
        assert written is None or written == safe_dump(data)
        assert yaml.safe_load(safe_dump(data)) == data


def test_a_float_in_exponent_form_reads_back_as_a_float_in_yaml_1_1() -> None:
    """PyYAML takes ``1e-05`` (no dot) for a string; the dumper writes ``1.0e-05``."""
    for value in (1e-05, 1e20, -3e-07):
        assert yaml.safe_load(dump_yaml({"co2_eq_emissions": {"emissions": value}})) == {
            "co2_eq_emissions": {"emissions": value}
        }
