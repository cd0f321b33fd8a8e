"""card -> format -> card keeps every field the format holds, checked on a card that fills every field.

What a format holds is its exporter's ``HELD`` table (no table: every field); what comes back changed must be
exactly its ``LIMITS``, and every other field the card fills must be named in the export's warnings. The
whole card is compared, not chosen fields, so a field added to the schema is checked without editing this.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cardgen.cards import load
from cardgen.exporters import EXPORT_FORMATS, export_card, filled_paths
from cardgen.importers import import_cards, write_card
from cardgen.importers.mct import upgrade
from cardgen.importers.paths import flatten
from cardgen.renderer.text import to_html
from cardgen.schema.card import Card
from cardgen.schema.interop import image_data_uri
from tests.conftest import SHARED_DATA
from tests.unit.test_render_hostile import hostile_card

SUFFIXES = {"hf": ".md", "mct": ".json", "cyclonedx": ".json"}
MISSING = "<missing>"


def labelled(value: Any, path: str = "") -> Any:
    """Every free text replaced by its own path, so a field read back into another field shows."""
    if isinstance(value, dict):
        return {key: labelled(item, f"{path}.{key}" if path else key) for key, item in value.items()}
    if isinstance(value, list):
        return [labelled(item, f"{path}[{index}]") for index, item in enumerate(value)]
    return f"text of {path}" if value == "PAYLOAD" else value


def full_card(folder: Path) -> Card:
    """A card filling every field of the schema, each free text different."""
    data = labelled(yaml.safe_load(hostile_card(folder, "PAYLOAD").read_text(encoding="utf-8")))
    results = data["evaluation"]["results"]
    results[0]["reported"] = "0.5"  # the source's text of the value, 0.5
    spread = {**results[0], "uncertainty": {"std": 0.1}, "reported": "0.5 +/- 0.1", "slice": "text of a second slice"}
    results.append(spread)  # a result with a standard deviation, the other form of uncertainty
    path = folder / "full.card.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load(path)


def generic(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def under(path: str, fields: Any) -> bool:
    """Whether a generic field path is one of ``fields`` or inside one."""
    return any(path == field or path.startswith((f"{field}.", f"{field}[")) for field in fields)


def fields(card: Card) -> dict[str, Any]:
    values = flatten(card.model_dump(mode="json", exclude_none=True, exclude={"schema_version"}))
    return {path: str(to_html(value)) if isinstance(value, str) else value for path, value in values.items()}


def through(card: Card, format: str, folder: Path) -> tuple[Card, list[str]]:
    content, warnings = export_card(card, format)
    (folder / f"out{SUFFIXES[format]}").write_bytes(content)
    (imported,) = import_cards(folder / f"out{SUFFIXES[format]}", format)
    return write_card(imported, folder / f"again-{format}.card.yaml"), warnings


def held_by(format: str) -> tuple[str, ...] | None:
    held: tuple[str, ...] | None = getattr(EXPORT_FORMATS.load(format), "HELD", None)
    return held


@pytest.mark.parametrize("format", EXPORT_FORMATS.names())
def test_a_full_card_loses_exactly_the_limits_and_the_fields_the_export_warns_about(
    tmp_path: Path, format: str
) -> None:
    card = full_card(tmp_path)
    again, warnings = through(card, format, tmp_path)
    limits: dict[str, str] = EXPORT_FORMATS.load(format).LIMITS
    held = held_by(format)
    before, after = fields(card), fields(again)
    lost = {generic(path) for path, value in before.items() if after.get(path, MISSING) != value}
    lost_held = {path for path in lost if held is None or under(path, held)}
    assert {path for path in lost_held if not under(path, limits)} == set(), "held fields must come back"
    assert {limit for limit in limits if any(under(path, (limit,)) for path in lost_held)} == set(limits), (
        "a limit the full card does not run into is not a limit"
    )
    warned = [warning.split(": ", 1)[0] for warning in warnings]
    unwarned = {path for path in lost if not under(path, warned)}
    assert unwarned == set(), "every field that does not come back is named in the warnings"
    outside = {path for path in map(generic, after) if path not in map(generic, before)}
    assert {path for path in outside if not under(path, (f"extras.metadata.{format}", "extras.documentation"))} == set()


def mct_files() -> list[Path]:
    return sorted((SHARED_DATA / "mct" / "testdata").glob("*.json"))


def comparable_mct(document: dict[str, Any]) -> dict[str, Any]:
    """An MCT document as v0.0.2 says it, images by what they decode to, references as a set
    (their order is a declared limit: ``model.links``)."""
    values = flatten(upgrade(document))
    images = {path: image_data_uri(value) for path, value in values.items() if path.endswith(".image")}
    references = sorted(value for path, value in values.items() if path.startswith("model_details.references"))
    kept = {path: value for path, value in values.items() if not path.startswith("model_details.references")}
    return {**kept, **images, "references": references}


@pytest.mark.parametrize("source", mct_files(), ids=lambda path: path.name)
def test_every_real_mct_file_comes_back_whole(shared_data: Path, tmp_path: Path, source: Path) -> None:
    (imported,) = import_cards(source, "mct")
    card = write_card(imported, tmp_path / "m.card.yaml")
    content, _ = export_card(card, "mct")
    assert comparable_mct(json.loads(content)) == comparable_mct(json.loads(source.read_text(encoding="utf-8")))
    assert not any(path.startswith("extras.metadata.mct.considerations") for path in filled_paths(card)), (
        "every consideration has a card field"
    )
