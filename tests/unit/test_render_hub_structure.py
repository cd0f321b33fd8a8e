"""Hub Markdown: no card text can add structure (headings, lists, tables, fences) or raw HTML to the page.

Each payload goes into every free-text field of a card; the rendered README.md is parsed with
markdown-it-py (CommonMark with GFM tables, raw HTML on, as the Hub renders it) and its
structure is compared with the page of the same card holding harmless text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cardgen.renderer import render_to_bytes
from tests.conftest import HOSTILE_INPUT_BOUNDS
from tests.unit.test_render_hostile import assert_markdown_clean, hostile_card

pytestmark = HOSTILE_INPUT_BOUNDS

GFM_TABLE = "| a | b |\n| --- | --- |\n| c | d |"
"""A table, which free text may hold; in any other place it must stay text."""

STRUCTURE_PAYLOADS = [
    "```\n<script>alert(1)</script>\n```",
    "~~~\n<div>raw</div>\n~~~",
    "````\n```\n<b>x</b>\n````",
    "text\n```\n<img src=x onerror=alert(1)>",
    "    indented code <i>x</i>",
    "&#10;# Fake heading&#10;",
    "&#x0A;## Fake heading",
    "&NewLine;### Fake heading",
    "a&#13;# Fake heading",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&lt;b&gt;bold&lt;/b&gt;",
    "# Heading\n\n## Another",
    "Title\n=====",
    "Title\n-----",
    "- item\n- item",
    "1. one\n2. two",
    "> quote\n> more",
    GFM_TABLE,
    "a | b",
    "[ref]: javascript:alert(1)\n[x][ref]",
    "<details><summary>x</summary>hidden</details>",
    "<!-- comment --> after",
    "---\nkey: value\n---",
    "***",
    "\\\n# after a backslash",
    "`code` and ``` inline",
    "text  \n# after a hard break",
    "line\u2028# after U+2028",
    "line\u0085# after NEL",
    "&#96;&#96;&#96;\n<script>x</script>",
    "&#35; entity heading",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "- [x] task\n  ```\n  <i>nested</i>\n  ```",
    "> ```\n> <b>quoted fence</b>",
    "<https://example.org>\n# after an autolink",
    "x\n\n    <pre>indented</pre>",
]
"""Strings that try to open a fence, a heading, a list, a table, a quote or raw HTML, directly or via entities."""


def _structure(markdown: str) -> tuple[list[tuple[str, str]], int]:
    """Headings (level, text) and the number of tables in the body.

    Lists, quotes and GitHub-flavoured tables are Markdown a card's free text may hold (issue 10:
    tables in free text render on the Hub too); headings and raw HTML it may not, and no other
    text (a pipe in a table cell, a heading, a list label) may make or break a table.
    """
    body = markdown.split("\n---\n", 1)[1]
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(body)
    headings = [
        (token.tag, tokens[index + 1].content) for index, token in enumerate(tokens) if token.type == "heading_open"
    ]
    tables = sum(1 for token in tokens if token.type == "table_open")
    return headings, tables


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, str]], int]:
    card = hostile_card(tmp_path_factory.mktemp("plain"), "plain words")
    headings, tables = _structure(render_to_bytes(card, "md", []).decode())
    return [(level, text.replace("plain words", "PAYLOAD")) for level, text in headings], tables


@pytest.mark.parametrize("payload", STRUCTURE_PAYLOADS)
def test_card_text_never_changes_the_pages_structure(
    tmp_path: Path, payload: str, baseline: tuple[list[tuple[str, str]], int]
) -> None:
    markdown = render_to_bytes(hostile_card(tmp_path, payload), "md", []).decode()
    assert_markdown_clean(markdown)
    headings, tables = _structure(markdown)
    expected_headings, expected_tables = baseline
    assert [level for level, _ in headings] == [level for level, _ in expected_headings]
    for (_, got), (_, expected) in zip(headings, expected_headings, strict=True):
        if "PAYLOAD" not in expected:
            assert got == expected
    if payload == GFM_TABLE:
        assert tables > expected_tables  # the free-text fields' own tables, and the page's tables intact
    else:
        assert tables == expected_tables
    assert headings[-1] == ("h2", "Model Card Contact")
