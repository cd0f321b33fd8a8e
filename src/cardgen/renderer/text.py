"""Free text in cards: Markdown that can never become markup, script or a request.

Card text is untrusted. It is parsed with markdown-it-py with raw HTML, images
and headings switched off (a heading in a description would break the page's
outline), and a link survives only when it is http, https or mailto. The same
parse feeds both outputs: HTML for the page and PDF, and re-written Markdown for
the Hub, where every character that could start markup is escaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_BARE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>]+$", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([-+=#])|(\d{1,9})([.)])(?=\s|$))")


def is_safe_link(url: str) -> bool:
    """Only web and mail links: no javascript:, data:, file: or scheme-relative tricks."""
    match = _SCHEME.match(url)
    return match is not None and match.group(1).lower() in ALLOWED_SCHEMES


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    parser.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    parser.validateLink = is_safe_link  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


def _source(text: str) -> str:
    """The Markdown to parse: a bare web or mail address becomes an autolink, as the Hub would show it."""
    stripped = text.strip()
    return f"<{stripped}>" if _BARE_URL.match(stripped) else stripped


CACHED_STRINGS = 4096
"""How many distinct strings each of the two conversions remembers: parsing is most of a page's
cost, and a card, or a batch of cards, repeats its strings (labels, answers, explanations)."""


@functools.lru_cache(maxsize=CACHED_STRINGS)
def to_html(text: str) -> Markup:
    """Safe HTML for one card string, parsed as Markdown (once per distinct string)."""
    return Markup(_PARSER.render(_source(text)))


def to_inline_html(text: str) -> Markup:
    """Card text for inside a sentence or brackets: one paragraph loses its <p>, and no whitespace is left at the ends.

    So an explanation reads "(not metered)", not "( not metered )" or a block
    paragraph inside a sentence; text of several paragraphs keeps its blocks.
    """
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4].strip()
    return Markup(html)


@functools.lru_cache(maxsize=CACHED_STRINGS)
def to_markdown(text: str) -> str:
    """The card string re-written as Markdown built only from the constructs the parser accepted
    (once per distinct string)."""
    return _MarkdownWriter().blocks(_PARSER.parse(_source(text))).strip("\n")


def to_markdown_line(text: str) -> str:
    """The card string as inline Markdown on one line, for a heading, a list label or after other text.

    Only inline rules run, so no fence, list or quote can open where the line lands.
    """
    tokens = _PARSER.parseInline(" ".join(_source(text).split()))
    return _MarkdownWriter().inline(tokens[0].children or []) if tokens else ""


_LINE_BREAKS = {"\n": "&#10;", "\r": "&#13;"}


def _escape_markdown(text: str) -> str:
    """Escape what could start markup; a line break decoded from a character reference (``&#10;``) is
    written back as one, so it cannot begin a line that opens a heading or a block."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub("[\r\n]", lambda match: _LINE_BREAKS[match.group()], escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    """Escape what would open a list, heading or setext underline at the start of a line."""
    indent, sign, digits, delimiter = match.groups()
    return f"{indent}\\{sign}" if sign else f"{indent}{digits}\\{delimiter}"


def code_block(code: str) -> str:
    """A fenced block longer than any backtick run inside, so the code cannot close it early."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", code))])
    return f"{fence}\n{code.rstrip()}\n{fence}"


def _code_span(code: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


@dataclass
class _List:
    ordered: bool
    number: int

    def marker(self) -> str:
        """The next item's marker: ``- `` or the next number."""
        self.number += 1
        return f"{self.number - 1}. " if self.ordered else "- "


class _MarkdownWriter:
    """Turns markdown-it tokens back into Markdown; what it does not know, it writes as escaped text."""

    def __init__(self) -> None:
        self.prefixes: list[str] = []
        self.out: list[str] = []

    def blocks(self, tokens: Sequence[Token]) -> str:
        lists: list[_List] = []
        pending_marker = ""
        for index, token in enumerate(tokens):
            kind = token.type
            following = tokens[index + 1].type if index + 1 < len(tokens) else ""
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = str(token.attrGet("start") or 1)
                lists.append(_List(kind == "ordered_list_open", int(start) if start.isdigit() else 1))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
                if not lists or following != "list_item_close":
                    self._blank()
            elif kind == "list_item_open":
                pending_marker = lists[-1].marker()
                self.prefixes.append(" " * len(pending_marker))
            elif kind == "list_item_close":
                pending_marker = self._line(pending_marker, "") if pending_marker else ""
                self.prefixes.pop()
            elif kind == "blockquote_open":
                self.prefixes.append("> ")
            elif kind == "blockquote_close":
                self.prefixes.pop()
                self._blank()
            elif kind == "inline":
                pending_marker = self._line(pending_marker, self.inline(token.children or []))
            elif kind == "paragraph_close" and not token.hidden:
                self._blank()
            elif kind in ("fence", "code_block"):
                pending_marker = self._line(pending_marker, code_block(token.content))
                self._blank()
            elif kind == "hr":
                pending_marker = self._line(pending_marker, "***")
                self._blank()
        return "".join(self.out)

    def _line(self, marker: str, text: str) -> str:
        """Write text (which may hold newlines) at the current nesting; the list marker opens the first line."""
        prefix = "".join(self.prefixes)
        for index, line in enumerate(text.split("\n")):
            head = prefix[: len(prefix) - len(marker)] + marker if index == 0 and marker else prefix
            self.out.append(f"{head}{line}".rstrip() + "\n")
        return ""

    def _blank(self) -> None:
        """End a block with an empty line (still inside any open quote), once."""
        blank = "".join(self.prefixes).rstrip() + "\n"
        if self.out and self.out[-1] != blank:
            self.out.append(blank)

    def inline(self, children: Sequence[Token]) -> str:
        parts: list[str] = []
        links: list[tuple[int, str]] = []
        line_start = True
        for child in children:
            kind = child.type
            if kind == "text":
                text = _escape_markdown(child.content)
                parts.append(_LINE_START_SPECIAL.sub(_escape_line_start, text) if line_start else text)
            elif kind == "softbreak":
                parts.append("\n")
            elif kind == "hardbreak":
                parts.append("\\\n")
            elif kind in ("em_open", "em_close"):
                parts.append("*")
            elif kind in ("strong_open", "strong_close"):
                parts.append("**")
            elif kind == "code_inline":
                parts.append(_code_span(child.content))
            elif kind == "link_open":
                links.append((len(parts), str(child.attrGet("href") or "")))
            elif kind == "link_close" and links:
                start, href = links.pop()
                parts[start:] = [f"[{''.join(parts[start:])}](<{href}>)"]
            line_start = kind in ("softbreak", "hardbreak")
        return "".join(parts)
