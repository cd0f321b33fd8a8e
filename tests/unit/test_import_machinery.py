"""The import machinery every format shares: the registry, output paths, validated atomic writes, reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.cards import load
from cardgen.errors import CardValidationError
from cardgen.importers import IMPORT_FORMATS, Imported, import_cards, output_paths, write_card
from cardgen.importers.report import Note, json_report, text_report


def test_the_registry_names_its_formats_and_refuses_others() -> None:
    assert "hf" in IMPORT_FORMATS.names()
    with pytest.raises(ValueError, match="unknown import format 'word': choose hf"):
        IMPORT_FORMATS.get("word")
    with pytest.raises(ValueError, match="unknown import format"):
        import_cards("x.md", "word")


def test_one_card_goes_to_the_file_named_several_to_numbered_files(tmp_path: Path) -> None:
    one = [Imported("gpt2", {})]
    assert output_paths(one, tmp_path / "out.card.yaml") == [tmp_path / "out.card.yaml"]
    assert output_paths(one, tmp_path) == [tmp_path / "gpt2.card.yaml"]
    several = [Imported("a/b", {}), Imported("A/B", {}), Imported("..", {})]
    assert output_paths(several, tmp_path) == [
        tmp_path / "a-b.card.yaml",
        tmp_path / "A-B-2.card.yaml",
        tmp_path / "card.card.yaml",
    ]


def test_a_written_card_validates_and_an_invalid_one_is_not_written(tmp_path: Path) -> None:
    target = tmp_path / "m.card.yaml"
    card = write_card(Imported("m", {"model": {"name": "m", "license": "mit"}}), target)
    assert load(target).model.license == "mit" == card.model.license
    assert target.read_text().startswith("schema_version: '1.1'\n")
    bad = tmp_path / "bad.card.yaml"
    with pytest.raises(CardValidationError, match="licence"):
        write_card(Imported("m", {"model": {"name": "m", "licence": "mit"}}), bad)
    assert not bad.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["m.card.yaml"], "no temporary file left behind"


def test_reports_name_every_note() -> None:
    imported = Imported(
        "m", {}, [Note("widget", "extras.metadata.huggingface.widget", "kept", "no card field")], "x.md"
    )
    assert text_report(imported, "m.card.yaml").splitlines() == [
        "x.md -> m.card.yaml",
        "  kept    widget -> extras.metadata.huggingface.widget (no card field)",
    ]
    assert json_report(imported, None)["notes"] == [
        {
            "source": "widget",
            "target": "extras.metadata.huggingface.widget",
            "action": "kept",
            "detail": "no card field",
        }
    ]
