"""Every one of the 639 Ecosystem Graphs assets imports as a valid card of its kind, with every field reported."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cardgen


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    from tests.conftest import SHARED_DATA

    assets = SHARED_DATA / "ecosystem-graphs" / "assets"
    if not assets.is_dir():
        pytest.skip("../shared/data is not present in this checkout")
    output = tmp_path_factory.mktemp("eg") / "cards"
    result = run_cardgen("import", "--from", "ecosystem-graphs", str(assets), "-o", str(output), "--report", "json")
    assert result.returncode == 0, result.stderr[-3000:]
    return output, json.loads(result.stderr)


def source_assets(shared_data: Path) -> list[dict[str, object]]:
    """The assets as an independent YAML reader sees them."""
    found = []
    for file in sorted((shared_data / "ecosystem-graphs" / "assets").glob("*.yaml")):
        found.extend(yaml.safe_load(file.read_text(encoding="utf-8")) or [])
    return found


def test_all_639_assets_become_valid_cards_of_their_kind(
    shared_data: Path, imported: tuple[Path, list[dict[str, object]]]
) -> None:
    folder, _ = imported
    assets = source_assets(shared_data)
    assert len(assets) == 639
    cards = sorted(folder.glob("*.card.yaml"))
    assert len(cards) == 639
    validated = run_cardgen("validate", *map(str, cards))
    assert validated.returncode == 0, validated.stdout[-2000:] + validated.stderr[-2000:]
    assert "639 valid, 0 invalid, 0 unreadable" in validated.stderr + validated.stdout
    kinds = Counter(yaml.safe_load(card.read_text(encoding="utf-8")).get("kind") for card in cards)
    assert kinds == Counter(str(asset["type"]) for asset in assets)


def test_the_report_names_every_field_of_every_asset(
    shared_data: Path, imported: tuple[Path, list[dict[str, object]]]
) -> None:
    _, reports = imported
    assets = source_assets(shared_data)
    assert len(reports) == 639
    for asset, report in zip(assets, reports, strict=True):
        assert report["output"], report["name"]
        notes = report["notes"]
        assert isinstance(notes, list)
        reported = {str(note["source"]).split("[")[0] for note in notes}
        assert reported == set(asset), f"{asset['name']}: fields without a note"
        for note in notes:
            assert note["action"] in ("mapped", "text", "kept", "dropped")
            if note["action"] in ("text", "dropped"):
                assert note["detail"], f"{asset['name']}: {note['source']} {note['action']} without a reason"


def test_dependencies_link_the_generated_cards(imported: tuple[Path, list[dict[str, object]]]) -> None:
    folder, _ = imported
    links = 0
    for card in folder.glob("*.card.yaml"):
        data = yaml.safe_load(card.read_text(encoding="utf-8"))
        dependencies = data.get("dependencies") or []
        if isinstance(dependencies, dict):
            dependencies = dependencies["value"]
        if dependencies in ("unknown", "none"):
            continue
        for dependency in dependencies:
            target = folder / dependency["card"]
            assert target.is_file(), f"{card.name} links to a missing {dependency['card']}"
            upstream = yaml.safe_load(target.read_text(encoding="utf-8"))
            assert upstream["kind"] == dependency["kind"]
            assert upstream[upstream["kind"]]["name"] == dependency["name"]
            links += 1
    assert links > 500, "the assets' dependencies on each other became card links"
