"""Free text in cards: Markdown that can never become markup, script or a request.

Card text is untrusted. It is parsed with markdown-it-py with raw HTML and
headings switched off (a heading in a description would break the page's
outline), GitHub-flavoured tables and fenced code on, and a link survives only
when it is http, https or mailto. An image becomes a link to it labelled with its
alt text, so the page loads nothing. The same parse feeds both outputs: HTML for
the page and PDF, and re-written Markdown for the Hub, where every character that
could start markup is escaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
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


def _image_as_link(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """An image as a link to it with its alt text: the page shows where it is, and fetches nothing."""
    token = tokens[index]
    alt = escapeHtml("".join(child.content for child in token.children or []) or "image")
    return f'<a href="{escapeHtml(str(token.attrGet("src") or ""))}">{alt}</a>'


def _aligned_cell(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """A table cell whose alignment is a class, not an inline style (the page's policy allows no style attributes)."""
    token = tokens[index]
    style = str(token.attrGet("style") or "")
    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
    tag = "th" if token.type == "th_open" else "td"
    return f'<{tag} class="align-{align}">' if align in ("left", "center", "right") else f"<{tag}>"


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.disable(["heading", "lheading", "html_block", "html_inline"])
    parser.validateLink = is_safe_link  # type: ignore[method-assign]
    parser.add_render_rule("image", _image_as_link)
    parser.add_render_rule("th_open", _aligned_cell)
    parser.add_render_rule("td_open", _aligned_cell)
    return parser


_PARSER = _parser()


def _source(text: str) -> str:
    """The Markdown to parse: a bare web or mail address becomes an autolink, as the Hub would show it."""
    stripped = text.strip()
    return f"<{stripped}>" if _BARE_URL.match(stripped) else stripped


CACHED_STRINGS = 4096
"""How many distinct strings each conversion remembers: parsing is most of a page's
cost, and a card, or a batch of cards, repeats its strings (labels, answers, explanations)."""


_PROSE = re.compile(r"(?!\d{1,9}[.)](?:\s|$))[A-Za-z0-9][A-Za-z0-9 ,.;:'()?/%$@=+-]*")
"""One line that Markdown leaves as it is: it opens no list, and holds no character that could start
emphasis, code, a link, an entity, a table or an escape, nor one that HTML or the Hub would escape."""


def prose(text: str) -> str | None:
    """The stripped text when Markdown would leave it as one paragraph of its own characters, else None.

    Most card strings (names, sentences, figures) are such; they skip the parser, which is most of
    the time of a page whose text is new. ``tests/unit/test_render_text.py`` checks that the parser
    gives the same for every string this accepts.
    """
    stripped = text.strip()
    if _PROSE.fullmatch(stripped) and not _BARE_URL.match(stripped):
        return stripped
    return None


@functools.lru_cache(maxsize=CACHED_STRINGS)
def to_html(text: str) -> Markup:
    """Safe HTML for one card string, parsed as Markdown (once per distinct string)."""
    plain = prose(text)
    return Markup(f"<p>{plain}</p>\n") if plain is not None else parsed_html(text)


def parsed_html(text: str) -> Markup:
    """Safe HTML for one card string, through the Markdown parser."""
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
    plain = prose(text)
    return plain if plain is not None else parsed_markdown(text)


def parsed_markdown(text: str) -> str:
    """The card string re-written as Markdown, through the parser."""
    return _MarkdownWriter().blocks(_PARSER.parse(_source(text))).strip("\n")


@functools.lru_cache(maxsize=CACHED_STRINGS)
def to_markdown_line(text: str) -> str:
    """The card string as inline Markdown on one line, for a heading, a list label or after other text
    (once per distinct string).

    Only inline rules run, so no fence, list or quote can open where the line lands.
    """
    plain = prose(" ".join(text.split()))
    return plain if plain is not None else parsed_markdown_line(text)


def parsed_markdown_line(text: str) -> str:
    """The card string as inline Markdown on one line, through the parser."""
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


def code_block(code: str, language: str = "") -> str:
    """A fenced block longer than any backtick run inside, so the code cannot close it early; the language
    word (e.g. python) is kept when it is a plain word."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", code))])
    info = (
        language.split(maxsplit=1)[0]
        if language.split() and re.fullmatch(r"[\w+#.-]+", language.split(maxsplit=1)[0])
        else ""
    )
    return f"{fence}{info}\n{code.rstrip()}\n{fence}"


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
        self.table: _Table | None = None

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
            elif kind == "table_open":
                self.table = _Table()
            elif kind in ("th_open", "td_open") and self.table is not None:
                self.table.open_cell(kind, str(token.attrGet("style") or ""))
            elif kind == "tr_close" and self.table is not None:
                self.table.rows.append([])
            elif kind == "table_close" and self.table is not None:
                pending_marker = self._line(pending_marker, self.table.markdown())
                self.table = None
                self._blank()
            elif kind == "inline" and self.table is not None:
                self.table.cell(self.inline(token.children or []).replace("\n", " "))
            elif kind == "inline":
                pending_marker = self._line(pending_marker, self.inline(token.children or []))
            elif kind == "paragraph_close" and not token.hidden:
                self._blank()
            elif kind in ("fence", "code_block"):
                pending_marker = self._line(pending_marker, code_block(token.content, token.info))
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
                span = _code_span(child.content)
                parts.append(span.replace("|", "\\|") if self.table is not None else span)  # GFM: \| in a cell
            elif kind == "link_open":
                links.append((len(parts), str(child.attrGet("href") or "")))
            elif kind == "link_close" and links:
                start, href = links.pop()
                parts[start:] = [f"[{''.join(parts[start:])}](<{href}>)"]
            elif kind == "image":
                alt = _escape_markdown("".join(grandchild.content for grandchild in child.children or []) or "image")
                parts.append(f"[{alt}](<{child.attrGet('src')}>)")
            line_start = kind in ("softbreak", "hardbreak")
        return "".join(parts)


@dataclass
class _Table:
    """A GFM table being re-written: the header row, its alignments, then the body rows."""

    rows: list[list[str]] = field(default_factory=lambda: [[]])
    aligns: list[str] = field(default_factory=list)

    def open_cell(self, kind: str, style: str) -> None:
        if kind == "th_open" and len(self.rows) == 1:
            self.aligns.append(style.removeprefix("text-align:"))

    def cell(self, text: str) -> None:
        self.rows[-1].append(text)

    def markdown(self) -> str:
        rows = [row for row in self.rows if row]
        rule = {"left": ":---", "center": ":---:", "right": "---:"}
        lines = ["| " + " | ".join(row) + " |" for row in rows[:1]]
        lines.append("| " + " | ".join(rule.get(align, "---") for align in self.aligns) + " |")
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)
