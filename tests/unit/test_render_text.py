"""Free text: Markdown renders, but never as raw HTML, script, images or non-web links."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cardgen.renderer.text import (
    ALLOWED_SCHEMES,
    is_safe_link,
    parsed_html,
    parsed_markdown,
    parsed_markdown_line,
    prose,
    to_html,
    to_markdown,
    to_markdown_line,
)

HUB_LIKE = MarkdownIt("commonmark", {"html": True}).enable("table")
"""A permissive reader, as the Hub or GitHub would parse the Markdown we write (raw HTML and GFM tables on)."""


def links_and_html(markdown: str) -> tuple[list[str], list[str]]:
    """The link targets and raw-HTML pieces a Markdown reader finds in ``markdown``."""
    hrefs, raw = [], []
    for token in HUB_LIKE.parse(markdown):
        if token.type == "html_block":
            raw.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                raw.append(child.content)
            if child.type in ("link_open", "image"):
                hrefs.append(str(child.attrGet("href") or child.attrGet("src")))
    return hrefs, raw


def test_markdown_features_render() -> None:
    html = to_html("Some *emphasis*, **strong**, `code` and a [link](https://example.org).\n\n- one\n- two")
    assert "<em>emphasis</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert '<a href="https://example.org">link</a>' in html
    assert "<ul>\n<li>one</li>" in html
    assert to_html("see mailto:ada@example.org") == "<p>see mailto:ada@example.org</p>\n"
    assert to_html(" https://example.org/a?b=1&c=2 ") == (
        '<p><a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></p>\n'
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "//evil.example/x",
        "ftp://example.org",
        " javascript:alert(1)",
    ],
)
def test_only_web_and_mail_links_survive(url: str) -> None:
    assert not is_safe_link(url)
    html = to_html(f"[click]({url}) and <{url}>")
    assert "href" not in html
    hrefs, raw = links_and_html(to_markdown(f"[click]({url})"))
    assert hrefs == []
    assert raw == []


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/x", "mailto:a@example.org"])
def test_web_and_mail_links_are_kept(url: str) -> None:
    assert is_safe_link(url)
    hrefs, _ = links_and_html(to_markdown(f"[there]({url})"))
    assert hrefs == [url]
    assert f'href="{url}"' in to_html(f"[there]({url})")


def test_raw_html_images_and_headings_are_text() -> None:
    html = to_html(
        "# Title\n\n<script>alert(1)</script>\n\n![x](https://example.org/p.png)\n\n<img src=x onerror=alert(1)>"
    )
    assert "<h1" not in html
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "# Title" in html


@pytest.mark.parametrize(("markdown", "align"), [(":--", "left"), (":-:", "center"), ("--:", "right")])
def test_table_alignment_is_a_class_in_html_and_kept_in_markdown(markdown: str, align: str) -> None:
    text = f"| h |\n| {markdown} |\n| 1 |"
    html = str(to_html(text))
    assert f'<th class="align-{align}">h</th>' in html
    assert "style=" not in html, "the page's policy allows no inline styles"
    assert HUB_LIKE.render(to_markdown(text)) == HUB_LIKE.render(text)


@pytest.mark.parametrize(
    "url", ["https://example.org/p.png", "javascript:alert(1)", "data:image/png;base64,AAAA", "file:///etc/passwd"]
)
def test_an_image_is_a_link_labelled_with_its_alt_text(url: str) -> None:
    text = f"See ![a plot of *loss*]({url})."
    html = str(to_html(text))
    assert "<img" not in html
    hrefs, raw = links_and_html(to_markdown(text))
    assert raw == []
    if is_safe_link(url):
        assert '<a href="https://example.org/p.png">a plot of loss</a>' in html
        assert hrefs == [url], "the Hub gets a link, not an image"
    else:
        assert "href" not in html
        assert hrefs == []


def test_markdown_output_keeps_structure() -> None:
    source = "Intro with *em* and `code`.\n\n1. first\n2. second\n\n> quoted\n\n```\nx = 1\n```"
    again = to_markdown(source)
    assert to_html(again) == to_html(source)


@pytest.mark.parametrize(
    "text",
    [
        "2.1",
        "1. a list",
        "- dash",
        "+ plus",
        "# hash",
        "===",
        "a | b",
        "x <y> & z",
        "`tick",
        "under_score",
        "*em*",
        "[not a link](a link)",
        "back\\slash",
        "&amp; stays",
        "3) third",
        "a\n---",
        "a\n\n    code",
        "- a\n  - b\n\n  more",
        "> quote\n> - item",
        "x  \ny",
        "~~strike~~ a|b",
        "https://example.org/ä?q=<1>",
        "mailto:a@b.org",
        "1.5 hours",
        "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "Before\n\n| model | `x\\|y` | score |\n|---|---|---|\n| *m* | [l](https://e.org) | 0.9 |\n| n |",
        "| only header |\n| --- |",
        "- item\n\n  | a |\n  | - |\n  | 1 |",
        "```python\nprint('<b>')  # `x`\n```",
        "~~~\n```\ninner\n```\n~~~",
    ],
)
def test_markdown_output_reads_back_as_we_render_it(text: str) -> None:
    """A Hub reader (raw HTML on) sees the same page from our Markdown as we render from the card text."""
    ours = str(to_html(text))
    theirs = HUB_LIKE.render(to_markdown(text))
    assert theirs == ours


def test_allowed_schemes_are_the_documented_ones() -> None:
    assert frozenset({"http", "https", "mailto"}) == ALLOWED_SCHEMES


PROSE_ALPHABET = string.ascii_letters[:6] + string.digits[:4] + " ,.;:'()?/%$@=+-\n\t*_`[]<>&!#|~\\\"é"
"""The characters prose may hold, and the ones that could make Markdown of it."""


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(
    st.one_of(
        st.text(alphabet=PROSE_ALPHABET, max_size=24),
        st.from_regex(r"[0-9a-z(][0-9a-z ,.;:'()?/%$@=+-]{0,20}", fullmatch=True),
        st.sampled_from(["1. one", "12) x", "3.5 GB", "2019.", "https://example.org/a", "mailto:a@b.c", "a  b", " x "]),
    )
)
def test_text_that_skips_the_parser_comes_out_as_the_parser_gives_it(text: str) -> None:
    """Prose skips the Markdown parser; wherever it does, each output is what the parser would give."""
    assert to_html(text) == parsed_html(text)
    assert to_markdown(text) == parsed_markdown(text)
    assert to_markdown_line(text) == parsed_markdown_line(text)


@pytest.mark.parametrize("text", ["A sentiment classifier.", "124M parameters (source: paper), 48 layers", "3.5 GB"])
def test_names_and_sentences_are_prose(text: str) -> None:
    assert prose(text) == text
