"""CycloneDX 1.6: exports pass the official strict validator, and card -> BOM -> card keeps every field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from cardgen.cards import load
from cardgen.errors import LoadError
from cardgen.exporters import export_card
from cardgen.importers import import_cards, write_card
from cardgen.importers.paths import flatten
from cardgen.schema.card import Card
from tests.conftest import SHARED_DATA, example_cards, example_model_cards
from tests.unit.test_render_hostile import hostile_card


def validate(bom: bytes) -> None:
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom.decode("utf-8"))
    assert error is None, str(error)


def fields(card: Card) -> dict[str, object]:
    return flatten(card.model_dump(mode="json", exclude_none=True, exclude={"schema_version"}))


def round_trip(card: Card, folder: Path) -> tuple[dict[str, object], Card]:
    content, warnings = export_card(card, "cyclonedx")
    assert warnings == [], "every card field has a place in the BOM"
    validate(content)
    (folder / "bom.json").write_bytes(content)
    (imported,) = import_cards(folder / "bom.json", "cyclonedx")
    return json.loads(content), write_card(imported, folder / "again.card.yaml")


@pytest.mark.parametrize("path", example_model_cards(), ids=lambda path: path.name)
def test_every_example_exports_a_valid_bom_that_reads_back_whole(path: Path, tmp_path: Path) -> None:
    card = load(path)
    bom, again = round_trip(card, tmp_path)
    assert fields(again) == fields(card)
    model = bom["components"][0]
    assert model["type"] == "machine-learning-model"
    assert model["name"] == card.model.name
    assert bom["dependencies"][0]["ref"] == model["bom-ref"]
    assert len(bom["dependencies"][0]["dependsOn"]) == len(card.dependencies or [])  # type: ignore[arg-type]


def test_a_card_with_every_field_filled_reads_back_whole(tmp_path: Path) -> None:
    card = load(hostile_card(tmp_path, "PAYLOAD"))
    _, again = round_trip(card, tmp_path)
    assert fields(again) == fields(card)


def test_fields_with_a_cyclonedx_place_are_there_and_only_the_rest_are_properties(tmp_path: Path) -> None:
    card = load(next(path for path in example_cards() if path.name == "gpt2.card.yaml"))
    bom, _ = round_trip(card, tmp_path)
    model = bom["components"][0]
    names = {item["name"] for item in model["properties"]}
    assert all(name.startswith("cardgen:") for name in names)
    assert "cardgen:model.name" not in names
    results = card.evaluation.results  # type: ignore[union-attr]
    metrics = model["modelCard"]["quantitativeAnalysis"]["performanceMetrics"]
    assert [metric["type"] for metric in metrics] == [result.metric for result in results]
    assert not any(name.startswith("cardgen:evaluation.results") and name.endswith(".metric") for name in names)
    considerations = model["modelCard"]["considerations"]
    assert len(considerations["ethicalConsiderations"]) == len(card.risks or [])  # type: ignore[arg-type]
    datasets = model["modelCard"]["modelParameters"]["datasets"]
    assert all(item["type"] == "dataset" for item in datasets)


def test_energy_and_co2_go_to_environmental_considerations(tmp_path: Path) -> None:
    card = load(next(path for path in example_cards() if path.name == "bert-base-uncased.card.yaml"))
    bom, _ = round_trip(card, tmp_path)
    energy = bom["components"][0]["modelCard"]["considerations"]["environmentalConsiderations"]
    consumption = energy["energyConsumptions"][0]
    assert consumption["activityEnergyCost"]["unit"] == "kWh"
    assert consumption["co2CostEquivalent"]["unit"] == "tCO2eq"


@pytest.mark.parametrize(
    "name", ["valid-machine-learning-1.6.json", "valid-machine-learning-considerations-env-1.6.json"]
)
def test_the_specifications_examples_import_and_keep_what_has_no_card_field(
    shared_data: Path, tmp_path: Path, name: str
) -> None:
    (imported,) = import_cards(SHARED_DATA / "cyclonedx" / "examples" / name, "cyclonedx")
    card = write_card(imported, tmp_path / "m.card.yaml")
    assert card.extras is not None
    assert "modelCard" in (card.extras.metadata or {})["cyclonedx"], "a foreign model card is kept whole"


def test_json_that_is_not_a_bom_is_refused(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="Model Card Toolkit card, not a CycloneDX BOM: use --from mct"):
        import_cards(SHARED_DATA / "mct" / "testdata" / "full.json", "cyclonedx")
    other = tmp_path / "x.json"
    other.write_text('{"bomFormat": "CycloneDX", "components": [{"type": "library", "name": "x"}]}')
    with pytest.raises(LoadError, match="no machine-learning-model component"):
        import_cards(other, "cyclonedx")
