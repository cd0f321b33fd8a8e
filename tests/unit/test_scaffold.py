"""`cardgen init`'s template: every section, a comment on every field, and it validates."""

from __future__ import annotations

import re

from cardgen.io.loader import parse_text
from cardgen.scaffold import new_card_text
from cardgen.schema.parts import part_names
from cardgen.validation import check


def test_new_card_validates_and_keeps_the_name() -> None:
    card, problems = check(parse_text(new_card_text("my: model"), "new.card.yaml"))
    assert problems == []
    assert card is not None
    assert card.model.name == "my: model"


def test_new_card_has_every_section_and_a_comment_on_each_field() -> None:
    text = new_card_text("m")
    for section in ("schema_version", *part_names()):
        assert re.search(rf"^{section}:", text, re.MULTILINE), section
    field_lines = [
        line for line in text.splitlines() if re.match(r"^[#\s-]*[a-z_]+:", line) and not line.startswith("# ")
    ]
    field_lines += [line for line in text.splitlines() if re.match(r"^#\s+-?\s*[a-z_]+:", line)]
    assert field_lines
    assert all(" # " in line for line in field_lines if not line.startswith("schema_version")), [
        line for line in field_lines if " # " not in line
    ]
