"""A second opinion for documents the C parser refuses: ruamel.yaml's pure-Python parser with YAML 1.2 corrections.

The C parser (libyaml) predates YAML 1.2, and the pure-Python scanner shares two of
its gaps. Both corrections follow the 1.2 grammar:

- a tab is separation whitespace anywhere in a line (``key:\\tvalue``, ``-\\tb``, a
  tab after the indentation spaces), but never indentation: a tab may not stand
  before block structure (``-``, ``?``, ``:``, or a key that opens a block mapping);
- inside a flow mapping a key may end on one line and its ``:`` follow on the next
  (``{"foo"\\n: bar}``); the one-line rule is for block keys and flow pairs in lists.

Only the loader's fallback path uses this module, so the common case keeps the C speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scanner import Scanner, ScannerError


class TabIndentationError(MarkedYAMLError):
    """A tab stands where YAML needs spaces: as indentation or before block structure."""


class Yaml12Scanner(Scanner):
    """ruamel.yaml's scanner with the YAML 1.2 rules for tabs and multi-line flow-mapping keys."""

    def reset_scanner(self) -> None:
        super().reset_scanner()
        self.after_tab = False

    def scan_to_next_token(self) -> Any:
        """Skip spaces, tabs, comments and line breaks, noting whether a tab precedes the next token."""
        peek = self.reader.peek
        forward = self.reader.forward
        if self.reader.index == 0 and peek() == "\ufeff":
            forward()
        while True:
            tab = False
            while peek() in " \t":
                tab = tab or peek() == "\t"
                forward()
            if peek() == "#":
                while peek() not in "\0\r\n\x85\u2028\u2029":
                    forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
                continue
            self.after_tab = tab and not self.flow_level
            if self.after_tab:
                # A key after a tab would be indented by the tab.
                self.allow_simple_key = False
            return None

    def refuse_tab(self) -> None:
        raise TabIndentationError(
            None,
            None,
            "a tab cannot indent block structure ('-', '?', ':' or a key); use spaces",
            self.reader.get_mark(),
        )

    def check_block_entry(self) -> Any:
        found = super().check_block_entry()
        if found and self.after_tab:
            self.refuse_tab()
        return found

    def check_key(self) -> Any:
        found = super().check_key()
        if found and self.after_tab and not self.flow_level:
            self.refuse_tab()
        return found

    def check_value(self) -> Any:
        found = super().check_value()
        # `key\t: value` is fine: the tab separates a key on the same line from its colon.
        if found and self.after_tab and not self.flow_level and 0 not in self.possible_simple_keys:
            self.refuse_tab()
        return found

    def stale_possible_simple_keys(self) -> None:
        """As the base class, except that a key directly inside a flow mapping may span lines."""
        for level in list(self.possible_simple_keys):
            key = self.possible_simple_keys[level]
            in_flow_mapping = level > 0 and self.flow_context[level - 1] == "{"
            if (key.line != self.reader.line and not in_flow_mapping) or self.reader.index - key.index > 1024:
                if key.required:
                    raise ScannerError(
                        "while scanning a simple key", key.mark, "could not find expected ':'", self.reader.get_mark()
                    )
                del self.possible_simple_keys[level]

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        """Tabs inside a line of a plain scalar separate words like spaces (the base class stops at them)."""
        peek = self.reader.peek
        length = 0
        while peek(length) in " \t":
            length += 1
        if length and peek(length) not in "\0\r\n\x85\u2028\u2029#":
            whitespace = self.reader.prefix(length)
            self.reader.forward(length)
            return [whitespace]
        self.reader.forward(length)
        chunks = super().scan_plain_spaces(indent, start_mark)
        # After a line break, tabs that follow the indentation spaces are separation too.
        while peek() == "\t" and chunks:
            self.reader.forward()
            while peek() == " ":
                self.reader.forward()
        return chunks


def events(text: str) -> Iterator[Any]:
    """The document's events as a YAML 1.2 parser sees them; raises MarkedYAMLError where it is invalid."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Scanner = Yaml12Scanner
    yield from yaml.parse(text)
