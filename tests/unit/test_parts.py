"""The parts of a card are described once: every consumer follows that description, including a new part."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydantic import BaseModel

import cardgen
from cardgen.completeness import card_completeness
from cardgen.errors import Position
from cardgen.io.loader import parse_text
from cardgen.linter.findings import Finding
from cardgen.linter.profiles import COVERAGE_NAMES, load_profile
from cardgen.linter.reporters.text import report
from cardgen.linter.rules import ALL_RULES, WHOLE_CARD
from cardgen.linter.run import FileResult, LintResults
from cardgen.renderer.html import render_html
from cardgen.renderer.hub import render_markdown
from cardgen.renderer.view import build
from cardgen.scaffold import new_card_text
from cardgen.schema.card import CARD_TYPES, Card
from cardgen.schema.parts import PARTS, STAGES, part_names, parts, stage_names
from cardgen.schema.values import Answer, Section, described
from tests.unit.test_render_support import outline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Audit(Section):
    """A part that does not exist in cardgen: it stands for any part added to the schema later."""

    auditor: Answer[str] | None = described("Who audited the model.")
    outcome: Answer[str] | None = described("What the audit found.")


class Review(Section):
    reviewer: Answer[str] | None = described("Who reviewed the card.")
    verdict: Answer[str] | None = described("What they concluded.")


class ExtendedCard(Card):
    audit: Answer[Audit] | None = described("Independent audits of the model.")
    reviews: Answer[list[Review]] | None = described("Reviews of this card.")


EXTENDED = ExtendedCard.model_validate(
    {
        "model": {"name": "extended"},
        "audit": {"auditor": "An independent lab", "outcome": {"value": "unknown", "explanation": "not yet public"}},
        "reviews": [{"reviewer": "Board", "verdict": "approved"}],
    }
)


def test_parts_follow_the_card_model_and_the_stages_are_the_chain() -> None:
    assert part_names() == tuple(name for name in Card.model_fields if name not in ("schema_version", "kind", "extras"))
    assert STAGES == ("data_creation", "curation", "training", "adaptation", "deployment")
    assert [part.name for part in PARTS if part.shape == "list"] == ["risks", "dependencies"]
    assert all(part.title and part.description for part in PARTS)


@pytest.mark.parametrize(
    ("kind", "stages"),
    [
        ("model", ("data_creation", "curation", "training", "adaptation", "deployment")),
        ("dataset", ("data_creation", "curation", "deployment")),
        ("application", ("adaptation", "deployment")),
    ],
)
def test_each_kind_has_its_parts_and_the_stages_it_covers(kind: str, stages: tuple[str, ...]) -> None:
    names = part_names(CARD_TYPES[kind])
    assert names[0] == kind
    assert names[-4:] == ("evaluation", "intended_use", "risks", "dependencies")
    assert stage_names(CARD_TYPES[kind]) == stages


@pytest.mark.parametrize("card_type", [Card, ExtendedCard])
def test_completeness_has_every_part_in_order(card_type: type[Card]) -> None:
    card = card_type.model_validate({"model": {"name": "m"}})
    assert tuple(card_completeness(card)) == part_names(card_type)


@pytest.mark.parametrize("card_type", [Card, ExtendedCard])
def test_scaffold_writes_every_part_in_order(card_type: type[BaseModel]) -> None:
    data = parse_text(new_card_text("m", card_type)).data
    assert list(data) == ["schema_version", *part_names(card_type)]


@pytest.mark.parametrize("card", [Card.model_validate({"model": {"name": "m"}}), EXTENDED])
def test_html_shows_every_part_in_order_and_the_stages_in_the_chain(card: Card) -> None:
    view = build(card, findings=[])
    assert tuple(section.id for section in view.sections) == part_names(type(card))
    page = outline(render_html(card, findings=[]))
    titles = [part.title for part in parts(type(card))]
    assert [text for level, text in page.headings if level == 2] == ["Contents", *titles, "Documentation gaps"]
    chain = str(view.chain.svg)
    assert all(f">{part.title}<" in chain for part in parts(type(card)) if part.is_stage)


def test_a_new_part_is_shown_with_its_fields_and_a_new_list_part_as_a_table() -> None:
    page = render_html(EXTENDED, findings=[])
    assert "An independent lab" in page
    assert "not yet public" in page
    assert "<caption>Reviews of this card</caption>" in page
    assert ">Reviewer</th>" in page
    assert ">approved" in page


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.card.yaml")), ids=lambda path: path.name)
@pytest.mark.parametrize("pictures", [True, False])
def test_every_part_of_the_view_reads_the_cards_completeness(example: Path, pictures: bool) -> None:
    """A part's completeness is worked out when a template first reads it: it is the card's, part by part,
    whether the view drew the chain (which reads it first) or not (the Hub README never reads it)."""
    card = cardgen.read(example).card
    view = build(card, findings=[], pictures=pictures)
    assert {section.id: section.completeness for section in view.sections} == card_completeness(card)
    assert (view.chain is not None) == pictures


@pytest.mark.parametrize("card", [Card.model_validate({"model": {"name": "m"}}), EXTENDED])
def test_hub_markdown_places_every_part(card: Card) -> None:
    text = render_markdown(card, findings=[])
    for part in parts(type(card)):
        if part.name not in ("model", "intended_use", "risks", "data_creation", "curation", "training", "evaluation"):
            assert f"\n### {part.title}\n" in text
    if isinstance(card, ExtendedCard):
        assert "An independent lab" in text
        assert "| Board | approved |" in text


@pytest.mark.parametrize("card", [Card.model_validate({"model": {"name": "m"}}), EXTENDED])
def test_lint_summary_lists_every_part(card: Card) -> None:
    result = FileResult("m.card.yaml", (), card_completeness(card), None)
    stream = io.StringIO()
    report(LintResults((result,), ()), stream)
    summary = stream.getvalue().split("Completeness by part (1 valid card):\n", 1)[1].splitlines()
    assert [line.split()[0] for line in summary] == list(part_names(type(card)))


def test_a_finding_under_a_new_part_is_about_that_part() -> None:
    from cardgen.linter.engine import lint_document

    document = parse_text("model: {name: m, description: TODO}\naudit: {auditor: TODO}\n", "m.card.yaml")
    card = ExtendedCard.model_validate(document.data)
    placeholders = [finding for finding in lint_document(document, card) if finding.rule_id == "CG001"]
    assert {(finding.field, finding.part) for finding in placeholders} == {
        ("model.description", "model"),
        ("audit.auditor", "audit"),
    }
    assert all(isinstance(finding, Finding) and finding.position >= Position(1, 1) for finding in placeholders)


def test_rules_and_profile_items_name_parts_that_exist() -> None:
    names = set(part_names())
    every_kind = {name for card_type in CARD_TYPES.values() for name in part_names(card_type)}
    assert {rule.part for rule in ALL_RULES} <= {WHOLE_CARD, *every_kind}
    for rule in ALL_RULES:
        assert any(rule.applies_to(kind, part_names(CARD_TYPES[kind])) for kind in rule.kinds), rule.id
    for profile in COVERAGE_NAMES:
        assert {item.part for item in load_profile(profile).items} <= names
