"""Block YAML for plain data in the safe dumper's own layout, written directly for the common case.

The Hub front matter is mostly names, ids, URLs and numbers; ruamel's Python representer
took longer to turn them into YAML than the rest of the page took to render. :func:`simple_yaml`
writes the text ruamel's safe dumper writes (block style, two-space indents, sequences at
their key's column, with :func:`reads_as_other_type` strings quoted) for data made only of non-empty
mappings and lists, booleans, integers, plain decimal floats and strings that need no quoting but
that one, and returns None for anything else,
so the caller falls back to ruamel. ``tests/unit/test_plain_yaml.py`` checks it against
ruamel's output on generated data.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;()/:'\"+=%?&~@$*!<>-]*")
"""A string the safe dumper writes without quotes: it starts with a letter (so it reads as no number,
date or indicator) and holds no character that could start a comment, a flow collection or a quote."""

_YAML11_OTHER_TYPE = re.compile(
    r"""(?ix)
    y|n|yes|no|true|false|on|off  # booleans (in any case, y and n included, as the 1.1 spec lists them)
    |~|null|  # null
    |[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-f_]+  # binary, octal, decimal, hex
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?  # sexagesimal integers and floats, such as 1:20
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:e[-+]?[0-9]+)?|[-+]?\.inf|\.nan  # floats
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|[ \t]+)[0-9].*)?  # timestamps
    |<<|=  # merge key and value key
    """
)
"""Strings a YAML 1.1 reader (PyYAML, which ``huggingface_hub`` reads the front matter with) resolves to
another type. cardgen's YAML is 1.2, where ``no`` or ``1:20`` are strings; written plain, the Hub reads
Norwegian's language code ``no`` as False and a tag ``1:20`` as the integer 80. A little wider than
PyYAML's resolvers (any case, ``y``/``n``, exponents without a dot): quoting a string is never wrong."""


def reads_as_other_type(text: str) -> bool:
    """Whether a YAML 1.1 reader takes ``text``, written plain, for a boolean, number, date or null."""
    return _YAML11_OTHER_TYPE.fullmatch(text) is not None


_DECIMAL = re.compile(r"-?\d+\.\d+")

LONGEST_PLAIN = 1000
"""Longer strings are left to the dumper, which may fold them at its line width."""

LONGEST_KEY = 100
"""Longer keys are left to the dumper, which writes keys of 128 characters and more as complex keys."""


class _Unsupported(Exception):
    """Data this writer does not lay out exactly as the dumper would."""


def _scalar(value: Any, longest: int = LONGEST_PLAIN) -> str:
    if isinstance(value, str):  # most scalars, keys included: tested first
        if len(value) <= longest and _PLAIN.fullmatch(value) and ": " not in value and not value.endswith((":", " ")):
            # quoted as the dumper quotes them (a word a YAML 1.1 reader takes for another type holds no quote);
            # starting with a letter, only the words (y, no, false, null...) read as another type, none longer
            # than five letters, so longer strings are spared the regex
            return f"'{value}'" if len(value) <= 5 and reads_as_other_type(value) else value
        raise _Unsupported
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if _DECIMAL.fullmatch(text):
            return text
    raise _Unsupported


@functools.lru_cache(maxsize=512)
def _key(key: str) -> str:
    """A key as written; remembered, as front matter repeats a few dozen keys (``type``, ``name``, ``value``)."""
    return _scalar(key, LONGEST_KEY)


def _mapping(data: dict[Any, Any], column: int, out: list[str]) -> None:
    if not data:
        raise _Unsupported
    indent = " " * column
    for key, value in data.items():
        if not isinstance(key, str):
            raise _Unsupported
        name = _key(key)
        if isinstance(value, dict):
            out.append(f"{indent}{name}:\n")
            _mapping(value, column + 2, out)
        elif isinstance(value, list):
            out.append(f"{indent}{name}:\n")
            _sequence(value, column, out)
        else:
            out.append(f"{indent}{name}: {_scalar(value)}\n")


def _sequence(data: list[Any], column: int, out: list[str]) -> None:
    if not data:
        raise _Unsupported
    indent = " " * column
    for item in data:
        if isinstance(item, dict):
            start = len(out)
            _mapping(item, column + 2, out)
            out[start] = f"{indent}- {out[start][column + 2 :]}"
        elif isinstance(item, list):
            raise _Unsupported
        else:
            out.append(f"{indent}- {_scalar(item)}\n")


def simple_yaml(data: dict[str, Any]) -> str | None:
    """``data`` as the safe dumper writes it in block style, or None when it holds anything beyond the simple case."""
    out: list[str] = []
    try:
        _mapping(data, 0, out)
    except _Unsupported:
        return None
    return "".join(out)
