"""Model Card Toolkit: import of schema v0.0.1 and v0.0.2 files, export valid against v0.0.2, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cardgen.cards import load
from cardgen.errors import LoadError
from cardgen.exporters import export_card
from cardgen.importers import import_cards, write_card
from cardgen.importers.mct import upgrade
from cardgen.renderer import render_to_bytes
from cardgen.schema.interop import image_data_uri
from tests.conftest import SHARED_DATA, example_model_cards
from tests.unit.test_render_support import RICH_CARD, load_text

MCT = SHARED_DATA / "mct"


def mct_files() -> list[Path]:
    return sorted((MCT / "testdata").glob("*.json"))


def v2_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((MCT / "schema" / "v0.0.2" / "model_card.schema.json").read_text()))


@pytest.mark.parametrize("source", mct_files(), ids=lambda path: path.name)
def test_every_mct_file_imports_to_a_valid_card_and_exports_valid_v002(
    shared_data: Path, tmp_path: Path, source: Path
) -> None:
    (imported,) = import_cards(source, "mct")
    card = write_card(imported, tmp_path / "m.card.yaml")
    original = json.loads(source.read_text())
    assert card.model.name == original["model_details"]["name"]
    kept = {note.source for note in imported.notes if note.action == "kept"}
    assert all(note.action in ("mapped", "kept") for note in imported.notes), "nothing dropped"
    content, _ = export_card(load(tmp_path / "m.card.yaml"), "mct")
    errors = [error.message for error in v2_validator().iter_errors(json.loads(content))]
    assert errors == []
    tradeoffs = [item["description"] for item in upgrade(original).get("considerations", {}).get("tradeoffs", [])]
    assert (card.evaluation.tradeoffs if card.evaluation else None) == (tradeoffs or None)
    assert not any(path.startswith("considerations.tradeoffs") for path in kept), "a card field, not metadata"


def test_graphics_become_data_images_shown_in_the_page(shared_data: Path, tmp_path: Path) -> None:
    source = MCT / "testdata" / "cats_vs_dogs_v0_0_2.json"
    (imported,) = import_cards(source, "mct")
    card = write_card(imported, tmp_path / "m.card.yaml")
    assert card.extras is not None
    graphics = card.extras.graphics or []
    original = json.loads(source.read_text())
    expected = original["quantitative_analysis"]["graphics"]["collection"]
    assert [graphic.name for graphic in graphics if graphic.origin == "mct: quantitative_analysis.graphics"] == [
        item["name"] for item in expected
    ]
    html = render_to_bytes(load(tmp_path / "m.card.yaml"), "html", []).decode()
    for graphic in graphics:
        assert f'<img src="{graphic.image}"' in html
    assert "img-src data:" in html, "the page's policy allows data: images and nothing else"
    exported = json.loads(export_card(load(tmp_path / "m.card.yaml"), "mct")[0])
    images = [item["image"] for item in exported["quantitative_analysis"]["graphics"]["collection"]]
    assert [image_data_uri(image) for image in images] == [image_data_uri(item["image"]) for item in expected]


def test_v001_and_v002_of_the_same_card_agree(shared_data: Path) -> None:
    (old,) = import_cards(MCT / "testdata" / "cats_vs_dogs_v0_0_1.json", "mct")
    (new,) = import_cards(MCT / "testdata" / "cats_vs_dogs_v0_0_2.json", "mct")
    for part in ("intended_use", "risks"):
        assert old.data[part] == new.data[part], part
    measured = [
        [(r["metric"], r["value"], r.get("slice")) for r in card.data["evaluation"]["results"]] for card in (old, new)
    ]
    assert measured[0] == measured[1]
    assert old.data["model"]["name"] == new.data["model"]["name"]


@pytest.mark.parametrize("card", example_model_cards(), ids=lambda path: path.name)
def test_every_example_exports_valid_v002(card: Path) -> None:
    content, warnings = export_card(load(card), "mct")
    assert [error.message for error in v2_validator().iter_errors(json.loads(content))] == []
    assert all(":" in warning for warning in warnings)


def test_card_to_mct_to_card_keeps_what_mct_holds(tmp_path: Path) -> None:
    card = load_text(tmp_path, RICH_CARD)
    (tmp_path / "card.json").write_bytes(export_card(card, "mct")[0])
    (imported,) = import_cards(tmp_path / "card.json", "mct")
    again = write_card(imported, tmp_path / "again.card.yaml")
    for field in ("name", "description", "organization", "version", "license", "citation", "architecture"):
        assert getattr(again.model, field) == getattr(card.model, field), field
    assert again.intended_use == card.intended_use.model_copy(  # type: ignore[union-attr]
        update={"downstream_uses": None, "out_of_scope_uses": None}
    )
    original = card.evaluation.results  # type: ignore[union-attr]
    back = again.evaluation.results  # type: ignore[union-attr]
    assert [(r.metric, r.value, r.slice) for r in back] == [(r.metric, r.value, r.slice) for r in original]
    assert [r.uncertainty.lower if r.uncertainty else None for r in back] == [
        r.uncertainty.lower if r.uncertainty and r.uncertainty.std is None else None for r in original
    ]


@pytest.mark.parametrize(
    ("content", "position", "message"),
    [
        ('{"bomFormat": "CycloneDX", "specVersion": "1.6"}', "1:2", "CycloneDX BOM, not a Model Card Toolkit card"),
        ('{"name": "x"}', "1:1", "has no model_details"),
        ("[1, 2]", "1:1", "must be a JSON object"),
        (
            '{"model_details": {"name": "x"},\n "quantitative_analysis": {"performance_metrics": [{"value": 1}]}}',
            "2:52",
            "needs a type",
        ),
        ('{"model_details": {"name": "x"', "1:31", "not valid JSON"),
    ],
)
def test_bad_input_is_a_positioned_error(tmp_path: Path, content: str, position: str, message: str) -> None:
    source = tmp_path / "card.json"
    source.write_text(content)
    with pytest.raises(LoadError) as caught:
        import_cards(source, "mct")
    text = str(caught.value)
    assert text.startswith(f"{source}:{position}: "), text
    assert message in text
