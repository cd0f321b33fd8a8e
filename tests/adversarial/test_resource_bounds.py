"""Resource bombs against the loader: each is refused (or read) within an explicit time and memory bound.

Bounds are generous for a shared 2-core machine, and far below what the unbounded
behaviour costs (an alias bomb expands to 10^9 values; a pure-Python re-parse of a
4 MB file takes about 20 s). Memory is the peak traced by tracemalloc while parsing;
time is wall-clock without tracemalloc (it slows Python several times over).
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from cardgen.errors import LoadError
from cardgen.io.loader import DEFAULT_LIMITS, parse_text, read_document
from tests.conftest import HOSTILE_INPUT_BOUNDS

MB = 1024 * 1024

pytestmark = [pytest.mark.timeout(120), HOSTILE_INPUT_BOUNDS]
"""A bomb that escapes its bound fails here instead of holding the suite for the global timeout."""


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def _block_nesting(depth: int) -> str:
    return "".join(f"{'  ' * level}k:\n" for level in range(depth)) + f"{'  ' * depth}v\n"


def _many_keys(count: int) -> str:
    return "".join(f"k{number}: {number}\n" for number in range(count))


BOMBS: dict[str, tuple[str, str, str | None, float, int]] = {
    # name: (file name, text, expected refusal or None when the text loads, seconds, peak MiB)
    "alias bomb (10^9 values)": ("bomb.card.yaml", _alias_bomb(), "expands to more than", 2, 16),
    "flow nesting, 1 MB of [": ("deep.card.yaml", "a: " + "[" * MB, "nesting is deeper", 2, 16),
    "block nesting, 1000 levels": ("deep.card.yaml", _block_nesting(1000), "nesting is deeper", 2, 16),
    "JSON nesting, 1 MB of [": ("deep.card.json", "[" * MB, "nesting is deeper", 2, 16),
    "integer of 3 million digits": ("int.card.yaml", "a: " + "9" * 3_000_000, "longer than 100 digits", 3, 48),
    "!!int of 3 million digits": ("int.card.yaml", "a: !!int " + "9" * 3_000_000, "longer than 100 digits", 3, 48),
    "float of 1 million digits": ("f.card.yaml", "a: 1." + "9" * 1_000_000 + "e999", "not finite", 3, 24),
    "JSON integer of 3 million digits": ("int.card.json", '{"a": ' + "9" * 3_000_000 + "}", "longer than", 3, 64),
    "110,000 keys (220,000 values)": ("keys.card.yaml", _many_keys(110_000), "more than 200000 values", 10, 128),
    "3.9 MB string": ("long.card.yaml", "model: {name: x}\nd: " + "x" * 3_900_000 + "\n", None, 5, 64),
    "3.9 MB quoted string of escapes": ("esc.card.yaml", 'a: "' + "\\x1b" * 975_000 + '"\n', None, 8, 96),
    "over 4 MiB": ("big.card.yaml", "a: " + "x" * (DEFAULT_LIMITS.max_bytes + 1), "larger than", 1, 16),
    # The C parser refuses, the text is too long for the YAML 1.2 re-read: the C parser's error, fast.
    "400 kB with an error at the end": (
        "end.card.yaml",
        _many_keys(30_000) + "z: {b\n: c]\n",
        "YAML syntax error",
        6,
        64,
    ),
}


def _measure(action: Callable[[], object]) -> tuple[float, float, BaseException | None]:
    """Seconds (untraced run) and peak MiB (traced run) of an action, and what it raised."""
    outcome: BaseException | None = None
    started = time.perf_counter()
    try:
        action()
    except LoadError as error:
        outcome = error
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        action()
    except LoadError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return seconds, peak / MB, outcome


@pytest.mark.parametrize("name", list(BOMBS))
def test_resource_bombs_are_bounded(tmp_path: Path, name: str) -> None:
    file_name, text, refusal, max_seconds, max_mib = BOMBS[name]
    card = tmp_path / file_name
    card.write_text(text, encoding="utf-8")
    seconds, peak, outcome = _measure(lambda: read_document(card))
    if refusal is None:
        assert outcome is None, outcome
    else:
        assert isinstance(outcome, LoadError), f"{name} was not refused"
        problem = outcome.problems[0]
        assert refusal in problem.message
        assert problem.position.line >= 1
    assert seconds < max_seconds, f"{name}: {seconds:.1f} s"
    assert peak < max_mib, f"{name}: {peak:.0f} MiB"


def test_the_yaml_1_2_reread_is_bounded_to_card_sized_texts() -> None:
    """Below the bound the fallback decides (the text loads); above it the C parser's error stands."""
    text = "a: {b\n  : c}\n"
    assert parse_text(text).data == {"a": {"b": "c"}}
    padded = "#" + " " * DEFAULT_LIMITS.max_fallback_chars + "\n" + text
    with pytest.raises(LoadError, match="YAML syntax error"):
        parse_text(padded)


def test_json_bombs_load_as_json_not_yaml(tmp_path: Path) -> None:
    """A JSON file of 200,000 values is refused by the node limit, not by a parser's recursion."""
    card = tmp_path / "wide.card.json"
    card.write_text(json.dumps({"model": {"name": "x"}, "list": list(range(200_001))}), encoding="utf-8")
    with pytest.raises(LoadError, match="more than 200000 values"):
        read_document(card)
