"""``cardgen import`` as a user runs it, over every real-world file in ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardgen.cards import load
from tests.conftest import SHARED_DATA, example_cards, example_model_cards, run_cardgen

HUB_REFUSES = {"sample_invalid_card_data.md": "2:1", "sample_invalid_model_index.md": "15:5"}
"""The two huggingface_hub fixtures the Hub itself rejects, and where the problem is."""


def hub_cards() -> list[Path]:
    folder = SHARED_DATA / "hf-model-cards"
    return sorted(
        [*folder.glob("*.md"), *(folder / "no-front-matter").glob("*.md"), *(folder / "hfhub-fixtures").glob("*.md")]
    )


def test_every_hub_card_imports_to_a_valid_card_or_a_positioned_error(shared_data: Path, tmp_path: Path) -> None:
    cards = [card for card in hub_cards() if card.name not in HUB_REFUSES]
    assert len(cards) >= 20
    result = run_cardgen("import", "--from", "hf", *map(str, cards), "-o", str(tmp_path), "--report", "json")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stderr)
    assert [report["source"] for report in reports] == [str(card) for card in cards]
    for report in reports:
        card = load(report["output"])
        assert card.model.name
        assert all(note["action"] in ("mapped", "text", "kept", "dropped") for note in report["notes"])
        assert all(note["detail"] for note in report["notes"] if note["action"] == "dropped"), "a drop says why"
    for name, position in HUB_REFUSES.items():
        path = shared_data / "hf-model-cards" / "hfhub-fixtures" / name
        refused = run_cardgen("import", "--from", "hf", str(path), "-o", str(tmp_path / "refused.card.yaml"))
        assert refused.returncode == 2
        assert refused.stderr.startswith(f"{path}:{position}: "), refused.stderr
        assert "Traceback" not in refused.stderr
        assert not (tmp_path / "refused.card.yaml").exists()


def test_the_text_report_lists_kept_and_mapped_fields(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "hf-model-cards" / "hfhub-fixtures" / "sample_windows_line_breaks.md"
    result = run_cardgen("import", "--from", "hf", str(source), "-o", str(tmp_path / "m.card.yaml"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"{source} -> {tmp_path / 'm.card.yaml'}"
    assert "  kept    widget -> extras.metadata.huggingface.widget (no card field)" in lines
    assert "  mapped  license -> model.license" in lines


def test_an_existing_card_is_only_replaced_with_force(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "hf-model-cards" / "hfhub-fixtures" / "sample_simple.md"
    target = tmp_path / "m.card.yaml"
    target.write_text("hand-written\n")
    refused = run_cardgen("import", "--from", "hf", str(source), "-o", str(target))
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert target.read_text() == "hand-written\n"
    assert run_cardgen("import", "--from", "hf", str(source), "-o", str(target), "--force").returncode == 0
    assert load(target).model.name == "my-cool-model"


@pytest.mark.parametrize("content", ["", "not a card", "---\nlicense: [unclosed\n---\n# x\n"])
def test_bad_input_never_shows_a_traceback(tmp_path: Path, content: str) -> None:
    source = tmp_path / "README.md"
    source.write_text(content)
    result = run_cardgen("import", "--from", "hf", str(source), "-o", str(tmp_path / "out.card.yaml"))
    assert "Traceback" not in result.stderr
    if content.startswith("---"):
        assert result.returncode == 2
        assert result.stderr.startswith(f"{source}:2:"), result.stderr
        assert "YAML syntax error" in result.stderr
    else:
        assert result.returncode == 0, result.stderr


def test_mct_files_import_and_other_json_is_refused(shared_data: Path, tmp_path: Path) -> None:
    sources = sorted((shared_data / "mct" / "testdata").glob("*.json"))
    result = run_cardgen("import", "--from", "mct", *map(str, sources), "-o", str(tmp_path / "cards"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "cards").glob("*.card.yaml"))) == len(sources)
    bom = shared_data / "cyclonedx" / "examples" / "valid-machine-learning-1.6.json"
    refused = run_cardgen("import", "--from", "mct", str(bom), "-o", str(tmp_path / "bom.card.yaml"))
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"{bom}:")
    assert "CycloneDX BOM, not a Model Card Toolkit card: use --from cyclonedx" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "bom.card.yaml").exists()


@pytest.mark.parametrize("format", ["hf", "mct", "cyclonedx"])
def test_export_refuses_dataset_and_application_cards_and_writes_nothing(tmp_path: Path, format: str) -> None:
    others = [card for card in example_cards() if card not in example_model_cards()]
    assert {load(card).kind for card in others} == {"dataset", "application"}
    for card in others:
        output = tmp_path / f"{card.stem}.out"
        result = run_cardgen("export", "--to", format, str(card), "-o", str(output))
        assert result.returncode == 2, result.stderr
        assert f"{format} describes models; a {load(card).kind} card cannot be exported to it" in result.stderr
        assert str(card) in result.stderr
        assert "Traceback" not in result.stderr
        assert not output.exists()
    model = example_model_cards()[0]
    result = run_cardgen("export", "--to", format, str(model), "-o", str(tmp_path / "model.out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "model.out").stat().st_size > 0
