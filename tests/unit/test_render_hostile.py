"""Hostile card text: XSS payloads in every free-text field, and local or internal URLs, in every output."""

from __future__ import annotations

import datetime
import re
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel

from cardgen.renderer import render_to_bytes
from cardgen.renderer.text import is_safe_link
from cardgen.schema.card import Card
from cardgen.schema.interop import DATA_IMAGE_PATTERN
from cardgen.schema.values import Explained
from tests.conftest import HOSTILE_INPUT_BOUNDS
from tests.unit.test_render_support import outline, record_opened_urls

pytestmark = HOSTILE_INPUT_BOUNDS

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![t](http://169.254.169.254/latest/meta-data/)",
    "<a href='file:///etc/passwd'>p</a>",
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "</style><style>body{background:url(http://169.254.169.254/)}</style>",
    "</title></desc><script>alert(1)</script>",
    "x\n---\nevil: true\n---\n<script>alert(1)</script>",
    "{{ 7*7 }}{% raw %}",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "javascript&#58;alert(1)",
    "[a](<javascript:alert(1)>)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
"""Classic XSS and SSRF payloads; the last ones are from public filter-evasion cheat sheets."""

SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "nav", "section", "footer", "h1", "h2",
    "h3", "p", "a", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "div", "span", "code", "pre", "em", "strong", "blockquote", "br", "hr", "figure", "figcaption", "svg", "desc", "defs", "marker", "path", "rect", "line", "text",
}  # fmt: skip


def _string_value(annotation: Any, payload: str, depth: int) -> Any:
    """A value of ``annotation`` that puts ``payload`` wherever free text can go."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _string_value(args[0], payload, depth)
    if origin is Literal:
        return args[0]
    if annotation is str:
        return payload
    if annotation is bool:
        return True
    if annotation is datetime.date:
        return "2024-02-29"
    if annotation in (int, float):
        return annotation(1)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return hostile_data(annotation, payload, depth + 1)
    if origin is list:
        return [_string_value(args[0], payload, depth)]
    if origin is dict:
        inner = _string_value(args[1], payload, depth) if args else None
        return {payload: payload if inner is None else inner}
    if args:
        branches = [arg for arg in args if arg is not type(None) and typing.get_origin(arg) is not Literal]
        plain = [arg for arg in branches if not (typing.get_origin(arg) is None and arg is Explained)]
        for preferred in (str, float, int, *plain):
            if preferred in branches or preferred in plain:
                return _string_value(preferred, payload, depth)
    return None


def hostile_data(model: type[BaseModel], payload: str, depth: int = 0) -> dict[str, Any]:
    """Card data with ``payload`` in every string field the schema has, nested sections included."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "schema_version":
            continue
        value = _string_value(field.annotation, payload, depth)
        if value is not None and depth < 6:
            data[name] = value
    return data


def hostile_card(folder: Path, payload: str) -> Path:
    data = hostile_data(Card, payload)
    data["evaluation"]["results"][0].update(value=0.5, uncertainty={"lower": 0.4, "upper": 0.6}, range=[0, 1])
    data["risks"][0].update(severity="high", likelihood="likely", id="r1", addresses=[f"{payload}#r1"])
    data["extras"]["graphics"][0]["image"] = "data:image/png;base64,iVBORw0KGgo="  # the one field with a fixed form
    path = folder / "hostile.card.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_payload_reaches_every_free_text_field(tmp_path: Path) -> None:
    from cardgen.cards import load

    card = load(hostile_card(tmp_path, "PAYLOAD"))
    assert card.model.name == "PAYLOAD"
    assert card.model.description == "PAYLOAD"
    assert card.data_creation.sources[0].human_labor.workers == "PAYLOAD"  # type: ignore[union-attr]
    page = outline(render_to_bytes(card, "html", []).decode())
    sections = [attrs["id"] for tag, attrs in page.tags if tag == "section"]
    assert len(sections) == 12, "11 parts and the extras"
    assert " ".join(page.text).count("PAYLOAD") > 100


def assert_html_clean(html: str) -> None:
    page = outline(html)
    for tag, attrs in page.tags:
        assert tag in SAFE_TAGS | {"img"}, f"unexpected <{tag}>"
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "img":  # an imported graphic: only an inline raster image, as the page's policy allows
            assert re.fullmatch(DATA_IMAGE_PATTERN, str(attrs["src"])), attrs
        else:
            assert "src" not in attrs, (tag, attrs)
        assert "style" not in attrs, (tag, attrs)
        if tag == "a":
            href = str(attrs.get("href"))
            assert href.startswith("#") or is_safe_link(href), href
    assert len(page.styles) == 2
    assert not any("url(" in style or "@import" in style for style in page.styles)


def assert_markdown_clean(markdown: str) -> None:
    assert markdown.startswith("---\n")
    front, body = markdown[4:].split("\n---\n", 1)
    metadata = yaml.safe_load(front)
    assert set(metadata) <= {
        "license",
        "license_name",
        "license_link",
        "language",
        "library_name",
        "tags",
        "datasets",
        "metrics",
        "base_model",
        "pipeline_tag",
        "co2_eq_emissions",
        "model-index",
    }
    reader = MarkdownIt("commonmark", {"html": True})
    for token in reader.parse(body):
        assert token.type != "html_block", token.content
        for child in token.children or []:
            assert child.type not in ("html_inline", "image"), child.content
            if child.type == "link_open":
                assert is_safe_link(str(child.attrGet("href"))), child.attrGet("href")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_becomes_markup_or_a_link(tmp_path: Path, payload: str) -> None:
    card = hostile_card(tmp_path, payload)
    assert_html_clean(render_to_bytes(card, "html", []).decode())
    assert_markdown_clean(render_to_bytes(card, "md", []).decode())


def test_pdf_of_hostile_card_reads_and_fetches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = record_opened_urls(monkeypatch)
    card = hostile_card(
        tmp_path, "![p](file:///etc/passwd) <img src='http://169.254.169.254/'> [m](http://169.254.169.254/)"
    )
    pdf = render_to_bytes(card, "pdf", [])
    assert pdf.startswith(b"%PDF")
    assert [url for url in opened if not re.fullmatch(DATA_IMAGE_PATTERN, url)] == [], "only the inline graphic"
    assert b"root:x:0:0" not in pdf
