"""`cardgen init`'s template: every section, a comment on every field, and it validates."""

from __future__ import annotations

import re

import pytest

from cardgen.io.loader import parse_text
from cardgen.scaffold import new_card_text
from cardgen.schema.card import CARD_TYPES
from cardgen.schema.kinds import KINDS, identity_of
from cardgen.schema.parts import part_names
from cardgen.validation import check


def test_new_card_validates_and_keeps_the_name() -> None:
    card, problems = check(parse_text(new_card_text("my: model"), "new.card.yaml"))
    assert problems == []
    assert card is not None
    assert card.model.name == "my: model"


@pytest.mark.parametrize("kind", KINDS)
def test_new_card_of_each_kind_validates_as_that_kind(kind: str) -> None:
    card, problems = check(parse_text(new_card_text("my: asset", CARD_TYPES[kind]), "new.card.yaml"))
    assert problems == []
    assert isinstance(card, CARD_TYPES[kind])
    assert identity_of(card).name == "my: asset"


@pytest.mark.parametrize("kind", KINDS)
def test_new_card_has_every_section_and_a_comment_on_each_field(kind: str) -> None:
    text = new_card_text("m", CARD_TYPES[kind])
    for section in part_names(CARD_TYPES[kind]):
        assert re.search(rf"^{section}:", text, re.MULTILINE), section
    field_lines = [
        line for line in text.splitlines() if re.match(r"^[#\s-]*[a-z_]+:", line) and not line.startswith("# ")
    ]
    field_lines += [line for line in text.splitlines() if re.match(r"^#\s+-?\s*[a-z_]+:", line)]
    assert field_lines
    assert all(" # " in line for line in field_lines if not line.startswith(("schema_version", "kind"))), [
        line for line in field_lines if " # " not in line
    ]
