"""JSON text as a YAML event stream, so ``.json`` cards get the loader's positions, limits and checks.

JSON is nearly YAML 1.2, but not quite: ``json.dumps`` escapes characters outside the
Basic Multilingual Plane as surrogate pairs (``"\\ud83d\\ude00"``), which a YAML parser
refuses. Strings are decoded by the standard library's own scanner; everything else is a
small tokenizer that tracks offsets. Numbers are passed on as plain scalars, so the
loader's integer cap and finiteness rule apply to JSON as to YAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from ruamel.yaml.error import StreamMark
from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from cardgen.errors import Position

Steps = Generator[Any, None, int]
"""Yields events, returns the index where reading goes on."""

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WORDS = ("true", "false", "null")


class JsonSyntaxError(ValueError):
    """Invalid JSON at a character offset."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


class _Reader:
    """A tokenizer over one JSON text, yielding events with marks."""

    def __init__(self, text: str, position: Callable[[int], Position]) -> None:
        self.text = text
        self.position = position
        self.closers: list[str] = []

    def mark(self, index: int) -> StreamMark:
        line, column = self.position(index)
        return StreamMark(None, index, line - 1, column - 1)

    def skip(self, index: int) -> int:
        return _SPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def string(self, start: int) -> Steps:
        try:
            value, end = scanstring(self.text, start + 1, True)
            end = int(end)
        except json.JSONDecodeError as error:
            raise JsonSyntaxError(error.pos, error.msg) from None
        if _LONE_SURROGATE.search(value):
            raise JsonSyntaxError(start, "a \\u escape names half of a surrogate pair without the other half")
        yield ScalarEvent(None, None, (False, True), value, self.mark(start), self.mark(end), style='"')
        return end

    def key(self, index: int) -> Steps:
        if self.text[index : index + 1] != '"':
            raise JsonSyntaxError(index, "expected a key in double quotes")
        index = self.skip((yield from self.string(index)))
        if self.text[index : index + 1] != ":":
            raise JsonSyntaxError(index, "expected ':' after the key")
        return self.skip(index + 1)

    def atom(self, start: int) -> Steps:
        """A number, true, false or null, passed on as a plain scalar for the loader to resolve."""
        number = _NUMBER.match(self.text, start)
        word = next((word for word in _WORDS if self.text.startswith(word, start)), None)
        if number:
            end = number.end()
        elif word:
            end = start + len(word)
        else:
            raise JsonSyntaxError(start, "expected a JSON value")
        yield ScalarEvent(None, None, (True, False), self.text[start:end], self.mark(start), self.mark(end))
        return end

    def value(self, index: int) -> Generator[Any, None, tuple[int, bool]]:
        """One value, or the opening of a container; returns where reading goes on, and
        whether that is the first value of a container just opened (not the text after a value)."""
        char = self.text[index : index + 1]
        if char == '"':
            return (yield from self.string(index)), False
        if char not in ("{", "["):
            return (yield from self.atom(index)), False
        self.closers.append("}" if char == "{" else "]")
        opener = MappingStartEvent if char == "{" else SequenceStartEvent
        yield opener(None, None, True, self.mark(index), self.mark(index + 1), flow_style=True)
        start = self.skip(index + 1)
        if self.text[start : start + 1] == self.closers[-1]:
            return start, False
        return ((yield from self.key(start)) if char == "{" else start), True

    def after(self, index: int) -> Steps:
        """After a value: close containers until a comma; the index of the next value, or -1 at the end."""
        text = self.text
        while True:
            index = self.skip(index)
            if not self.closers:
                if index != len(text):
                    raise JsonSyntaxError(index, "extra text after the JSON value")
                return -1
            if text[index : index + 1] == self.closers[-1]:
                closing = MappingEndEvent if self.closers.pop() == "}" else SequenceEndEvent
                yield closing(self.mark(index), self.mark(index + 1))
                index += 1
                continue
            if text[index : index + 1] != ",":
                raise JsonSyntaxError(index, f"expected ',' or '{self.closers[-1]}'")
            index = self.skip(index + 1)
            return (yield from self.key(index)) if self.closers[-1] == "}" else index

    def events(self) -> Iterator[Any]:
        index = self.skip(0)
        yield StreamStartEvent(self.mark(0), self.mark(0))
        yield DocumentStartEvent(self.mark(index), self.mark(index))
        while index >= 0:
            index, opened = yield from self.value(index)
            if not opened:
                index = yield from self.after(index)
        end_mark = self.mark(len(self.text))
        yield DocumentEndEvent(end_mark, end_mark)
        yield StreamEndEvent(end_mark, end_mark)


def events(text: str, position: Callable[[int], Position]) -> Iterator[Any]:
    """Events for one JSON value; raises :class:`JsonSyntaxError` where the text is not JSON."""
    return _Reader(text, position).events()
