"""The library entry points: render(card, path) and render_to_string, with the linter's gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.cards import read
from cardgen.linter.engine import lint_document
from cardgen.renderer import format_for, gaps, render, render_to_bytes, render_to_string
from tests.unit.test_render_support import EMPTY_CARD, load_text, write_card


def test_render_writes_the_format_of_the_suffix(tmp_path: Path) -> None:
    card = write_card(tmp_path, EMPTY_CARD)
    assert render(card, tmp_path / "a.HTML").read_text().startswith("<!DOCTYPE html>")
    assert render(card, tmp_path / "a.md").read_text().startswith("---\n")
    assert render(card, tmp_path / "a.out", format="md").read_text().startswith("---\n")
    with pytest.raises(ValueError, match="cannot tell the format"):
        render(card, tmp_path / "a.txt")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.HTML", "a.md", "a.out", "model.card.yaml"]


def test_format_for_knows_the_suffixes() -> None:
    assert [format_for(name) for name in ("x.html", "x.htm", "x.pdf", "x.md", "x.markdown", "x.txt")] == [
        "html", "html", "pdf", "md", "md", None,
    ]  # fmt: skip


def test_gaps_come_from_the_linter(tmp_path: Path) -> None:
    card = read(write_card(tmp_path, EMPTY_CARD))
    found = gaps(card)
    assert found
    assert found == lint_document(card.source, card.card)  # no configuration here: the defaults
    html = render_to_string(card)
    for finding in found:
        assert finding.rule_id in html
        assert finding.field in html


def test_gaps_follow_the_lint_configuration_and_inline_suppressions(tmp_path: Path) -> None:
    configured, suppressed = tmp_path / "configured", tmp_path / "suppressed"
    configured.mkdir()
    suppressed.mkdir()
    (configured / ".cardgen.yaml").write_text("rules:\n  CG101: off\n", encoding="utf-8")
    plain_ids = {finding.rule_id for finding in gaps(read(write_card(tmp_path, EMPTY_CARD)))}
    configured_ids = {finding.rule_id for finding in gaps(read(write_card(configured, EMPTY_CARD)))}
    suppressed_card = read(write_card(suppressed, "# cardgen: disable-file=CG101\n" + EMPTY_CARD))
    suppressed_ids = {finding.rule_id for finding in gaps(suppressed_card)}
    assert "CG101" in plain_ids
    assert configured_ids == suppressed_ids == plain_ids - {"CG101"}
    assert "CG101" not in render_to_string(suppressed_card)


def test_given_findings_replace_the_linter(tmp_path: Path) -> None:
    card = load_text(tmp_path, EMPTY_CARD)
    html = render_to_string(card, findings=[])
    assert "The linter found nothing this card leaves unsaid." in html


def test_pdf_is_bytes_only(tmp_path: Path) -> None:
    card = load_text(tmp_path, EMPTY_CARD)
    with pytest.raises(ValueError, match="binary"):
        render_to_string(card, "pdf")
    with pytest.raises(ValueError, match="unknown render format"):
        render_to_bytes(card, "docx")
