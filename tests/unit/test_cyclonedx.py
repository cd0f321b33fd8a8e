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


PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

FOREIGN_BOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    "version": 1,
    "components": [
        {
            "bom-ref": "acme/sentiment",
            "type": "machine-learning-model",
            "publisher": "Acme",
            "name": "acme-sentiment",
            "version": "1.2",
            "description": "Classifies product reviews as positive or negative.",
            "modelCard": {
                "modelParameters": {
                    "approach": {"type": "supervised"},
                    "task": "text-classification",
                    "architectureFamily": "transformer",
                    "modelArchitecture": "DistilBERT, 6 layers",
                    "datasets": [
                        {
                            "type": "dataset",
                            "name": "reviews-2023",
                            "description": "Product reviews with star ratings.",
                            "contents": {"url": "https://example.com/reviews-2023"},
                            "classification": "public",
                            "sensitiveData": ["customer names"],
                            "governance": {"owners": [{"organization": {"name": "Acme Data"}}]},
                        },
                        {"ref": "dataset-holdout"},
                    ],
                    "inputs": [{"format": "text"}],
                    "outputs": [{"format": "label"}],
                },
                "quantitativeAnalysis": {
                    "performanceMetrics": [
                        {
                            "type": "accuracy",
                            "value": "0.91",
                            "slice": "reviews under 20 words",
                            "confidenceInterval": {"lowerBound": "0.89", "upperBound": "0.93"},
                        },
                        {"type": "latency", "value": "fast enough"},
                    ],
                    "graphics": {
                        "description": "Calibration",
                        "collection": [
                            {"name": "calibration", "image": {"contentType": "image/png", "encoding": "base64", "content": PIXEL}}
                        ],
                    },
                },
                "considerations": {
                    "users": ["support teams"],
                    "useCases": ["routing reviews"],
                    "technicalLimitations": ["English only"],
                    "performanceTradeoffs": ["accuracy traded for latency"],
                    "ethicalConsiderations": [{"name": "misreads dialects", "mitigationStrategy": "human review"}],
                    "fairnessAssessments": [
                        {
                            "groupAtRisk": "speakers of non-standard English",
                            "benefits": "faster answers",
                            "harms": "their complaints are routed late",
                            "mitigationStrategy": "dialect test set",
                        }
                    ],
                    "environmentalConsiderations": {
                        "energyConsumptions": [
                            {
                                "activity": "training",
                                "energyProviders": [{"organization": {"name": "Grid"}, "energySource": "wind",
                                                     "energyProvided": {"value": 12.5, "unit": "kWh"}}],
                                "activityEnergyCost": {"value": 12.5, "unit": "kWh"},
                                "co2CostEquivalent": {"value": 0.002, "unit": "tCO2eq"},
                                "co2CostOffset": {"value": 0.002, "unit": "tCO2eq"},
                            },
                            {"activity": "inference", "energyProviders": [],
                             "activityEnergyCost": {"value": 3.0, "unit": "kWh"}},
                        ]
                    },
                },
            },
        },
        {
            "bom-ref": "dataset-holdout",
            "type": "data",
            "name": "holdout",
            "data": [{"type": "dataset", "name": "holdout", "contents": {"url": "https://example.com/holdout"}}],
        },
    ],
}  # fmt: skip
"""A BOM in the specification's style that cardgen did not write: every modelCard field, no cardgen properties."""


def test_a_foreign_bom_maps_every_model_card_field_and_names_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "bom.json"
    source.write_text(json.dumps(FOREIGN_BOM))
    validate(source.read_bytes())
    (imported,) = import_cards(source, "cyclonedx")
    card = write_card(imported, tmp_path / "m.card.yaml")
    got = fields(card)
    assert {path: value for path, value in got.items() if not path.startswith("extras.metadata")} == {
        "kind": "model",
        "model.name": "acme-sentiment",
        "model.version": "1.2",
        "model.description": "Classifies product reviews as positive or negative.",
        "model.organization": "Acme",
        "model.task": "text-classification",
        "model.architecture": "transformer",
        "model.modalities.input[0]": "text",
        "model.modalities.output[0]": "label",
        "training.architecture": "DistilBERT, 6 layers",
        "training.objective": "supervised",
        "training.energy.value": 12.5,
        "training.energy.unit": "kWh",
        "training.emissions.value": 0.002,
        "training.emissions.unit": "tCO2eq",
        "data_creation.sources[0].name": "reviews-2023",
        "data_creation.sources[0].description": "Product reviews with star ratings.",
        "data_creation.sources[0].url": "https://example.com/reviews-2023",
        "data_creation.sources[0].owner": "Acme Data",
        "data_creation.sources[0].sensitive_information": {"value": True, "explanation": "Sensitive data: customer names"},
        "data_creation.sources[1].name": "holdout",
        "data_creation.sources[1].url": "https://example.com/holdout",
        "evaluation.results[0].task": "unknown",
        "evaluation.results[0].metric": "accuracy",
        "evaluation.results[0].value": 0.91,
        "evaluation.results[0].slice": "reviews under 20 words",
        "evaluation.results[0].uncertainty.lower": 0.89,
        "evaluation.results[0].uncertainty.upper": 0.93,
        "evaluation.results[1].task": "unknown",
        "evaluation.results[1].metric": "latency",
        "evaluation.results[1].value": {"value": "unknown", "explanation": "the BOM gives 'fast enough', not a number"},
        "evaluation.results[1].reported": "fast enough",
        "evaluation.tradeoffs[0]": "accuracy traded for latency",
        "intended_use.primary_users[0]": "support teams",
        "intended_use.primary_uses[0]": "routing reviews",
        "intended_use.limitations[0]": "English only",
        "risks[0].description": "misreads dialects",
        "risks[0].mitigations[0]": "human review",
        "risks[1].description": "their complaints are routed late",
        "risks[1].mitigations[0]": "dialect test set",
        "risks[1].category": "bias/fairness",
        "risks[1].affected_groups[0]": "speakers of non-standard English",
        "extras.graphics[0].image": f"data:image/png;base64,{PIXEL}",
        "extras.graphics[0].name": "calibration",
        "extras.graphics[0].origin": "cyclonedx: quantitativeAnalysis.graphics",
    }  # fmt: skip
    kept = {note.source.removeprefix("components[0].modelCard.") for note in imported.notes if note.action == "kept"}
    assert kept == {
        "modelParameters.datasets[0].classification",
        "quantitativeAnalysis.graphics.description",
        "considerations.fairnessAssessments[0].benefits",
        "considerations.environmentalConsiderations.energyConsumptions[0].energyProviders",
        "considerations.environmentalConsiderations.energyConsumptions[0].co2CostOffset",
        "considerations.environmentalConsiderations.energyConsumptions[1]",
    }, "what has no card field is kept and named"
    metadata = (card.extras.metadata or {})["cyclonedx"] if card.extras else {}
    assert metadata["modelCard"]["considerations"]["fairnessAssessments"][0] == {"benefits": "faster answers"}
    texts = [note.target for note in imported.notes if note.action == "text"]
    assert texts == ["evaluation.results[1].reported"], "a value that is not a number is named as kept as text"
