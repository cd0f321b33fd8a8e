"""Rendering knows each kind of card, and lists the risks a card inherits when it is rendered among its ecosystem."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.errors import CardError
from cardgen.renderer import ecosystem_of, render_to_string
from tests.acceptance.test_ecosystem_cli import write_ecosystem
from tests.unit.test_render_support import outline


@pytest.fixture
def ecosystem(tmp_path: Path) -> Path:
    return write_ecosystem(tmp_path)


def test_a_card_rendered_with_its_ecosystem_lists_inherited_risks_addressed_or_not(ecosystem: Path) -> None:
    graph = ecosystem_of([ecosystem / "models"])
    ignoring = render_to_string(ecosystem / "models" / "chat-ft.card.yaml", "html", ecosystem=graph)
    assert 'href="#inherited-risks"' in ignoring
    section = ignoring[ignoring.index('id="inherited-risks"') : ignoring.index('id="gaps"')]
    assert "webtext#pii" in section
    assert "webtext -&gt; base-lm -&gt; chat-ft" in section
    assert "<strong>no</strong>: no risk here names it" in section
    assert "CG610" in ignoring[ignoring.index('id="gaps"') :]
    addressing = render_to_string(ecosystem / "models" / "support-ft.card.yaml", "html", ecosystem=graph)
    section = addressing[addressing.index('id="inherited-risks"') : addressing.index('id="gaps"')]
    assert "yes: addressed by risk 1 (with mitigations)" in section
    assert "<strong>no</strong>" not in section
    assert "CG610" not in addressing


def test_without_an_ecosystem_there_is_no_inherited_section(ecosystem: Path) -> None:
    html = render_to_string(ecosystem / "models" / "chat-ft.card.yaml", "html")
    assert "inherited-risks" not in html


def test_dataset_and_application_cards_render_as_their_kind(ecosystem: Path) -> None:
    html = render_to_string(ecosystem / "data" / "webtext.card.yaml", "html", ecosystem=ecosystem_of([ecosystem]))
    assert "<title>webtext: dataset card</title>" in html
    assert '<p class="subtitle">Dataset card</p>' in html
    sections = [attrs["id"] for tag, attrs in outline(html).tags if tag == "section"]
    assert sections[:3] == ["dataset", "motivation", "composition"]
    assert "training" not in sections
    assert "No risk reaches this card from the cards upstream of it." in html
    app = ecosystem / "bot.card.yaml"
    app.write_text("kind: application\napplication:\n  name: bot\nusers:\n  monthly_active_users: 12\n")
    page = render_to_string(app, "html")
    assert "<title>bot: application card</title>" in page
    assert [attrs["id"] for tag, attrs in outline(page).tags if tag == "section"][:5] == [
        "application",
        "adaptation",
        "deployment",
        "users",
        "quality",
    ]


def test_hub_markdown_is_refused_for_other_kinds_with_a_clear_message(ecosystem: Path) -> None:
    with pytest.raises(CardError, match=r"webtext\.card\.yaml:1:1: Hub Markdown is written for model cards"):
        render_to_string(ecosystem / "data" / "webtext.card.yaml", "md")
