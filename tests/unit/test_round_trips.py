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
from cardgen.importers import IMPORT_FORMATS, import_cards, write_card
from cardgen.importers.mct import upgrade
from cardgen.importers.paths import flatten
from cardgen.renderer.text import to_html
from cardgen.schema.card import Card
from cardgen.schema.interop import image_data_uri
from tests.acceptance.test_import_cli import HUB_REFUSES, hub_cards
from tests.conftest import SHARED_DATA, example_model_cards
from tests.unit.test_render_hostile import hostile_card

SUFFIXES = {"hf": ".md", "mct": ".json", "cyclonedx": ".json"}
MISSING = "<missing>"
MARKERS = ("unknown", "none")


def labelled(value: Any, path: str = "") -> Any:
    """Every free text replaced by its own path, so a field read back into another field shows."""
    if isinstance(value, dict):
        return {key: labelled(item, f"{path}.{key}" if path else key) for key, item in value.items()}
    if isinstance(value, list):
        return [labelled(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if value == "PAYLOAD" and re.search(r"(^|\.)url$", path):
        return f"https://example.com/{path}"  # a web address where the schema asks for one
    return f"text of {path}" if value == "PAYLOAD" else value


def full_card(folder: Path) -> Card:
    """A card filling every field of the schema, each free text different."""
    data = labelled(yaml.safe_load(hostile_card(folder, "PAYLOAD").read_text(encoding="utf-8")))
    results = data["evaluation"]["results"]
    results[0]["reported"] = "0.5"  # the source's text of the value, 0.5
    results[0]["uncertainty"] = {"lower": 0.412345678, "upper": 0.612345678, "level": 0.95, "runs": 3}
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
    kept = f"extras.metadata.{IMPORT_FORMATS.load(format).FORMAT}"
    assert {path for path in outside if not under(path, (kept, "extras.documentation"))} == set()


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


def without(data: Any, paths: list[str]) -> Any:
    """Card data without the fields at generic ``paths`` (``risks[].id``: that field of every risk)."""
    steps = [re.findall(r"[^.\[\]]+|\[\]", path) for path in paths]

    def drop(node: Any, path: list[str]) -> None:
        if not path:
            return
        head, rest = path[0], path[1:]
        if head == "[]" and isinstance(node, list):
            for item in node:
                drop(item, rest)
        elif isinstance(node, dict) and head in node:
            if not rest:
                del node[head]
            else:
                drop(node[head], rest)

    def prune(node: Any) -> Any:
        """Blocks and entries left empty go too: a figure without its value is no figure."""
        if isinstance(node, dict):
            kept = {key: prune(value) for key, value in node.items()}
            return {key: value for key, value in kept.items() if value not in ({}, [])}
        if isinstance(node, list):
            return [item for item in map(prune, node) if item not in ({}, [])]
        return node

    for path in steps:
        drop(data, path)
    return prune(data)


def one_line_lists(value: Any) -> Any:
    """Lists of text joined with ", ", as the Hub README writes a list on one line (a table cell, a risk's
    mitigations): it cannot tell an item's comma from the separator, a declared limit."""
    if isinstance(value, dict):
        return {key: one_line_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return (
            ", ".join(value)
            if value and all(isinstance(item, str) for item in value)
            else list(map(one_line_lists, value))
        )
    return value


def hub_fields(card: Card, held: tuple[str, ...]) -> dict[str, Any]:
    """The fields the Hub holds, compared as the Hub shows them: a text answer with an explanation is written
    "answer (explanation)", which reads back as that text (a limit of Markdown prose, in the README's table)."""
    shown = {}
    for path, answer in flatten(one_line_lists(card.model_dump(mode="json", exclude_none=True))).items():
        value = answer
        if isinstance(answer, dict) and isinstance(answer.get("value"), str) and answer["value"] not in MARKERS:
            value = f"{answer['value']} ({answer['explanation']})"
        if under(generic(path), held):
            shown[path] = str(to_html(value)) if isinstance(value, str) else value
    return shown


def valid(data: dict[str, Any]) -> bool:
    try:
        Card.model_validate(data)
    except ValueError:
        return False
    return True


def hub_card(path: Path, folder: Path) -> Card:
    """An example card without the fields the Hub export warns it cannot hold: what a Hub README can keep."""
    card = load(path)
    _, warnings = export_card(card, "hf")
    lost = [warning.split(": ", 1)[0] for warning in warnings]
    data = card.model_dump(mode="json", exclude_none=True)
    for left_out in [path for path in lost if re.search(r"\[\d", path)]:  # results the model-index cannot hold
        numbers = {int(number) for number in re.findall(r"\d+", left_out.split("[", 1)[1])}
        data["evaluation"]["results"] = [r for i, r in enumerate(data["evaluation"]["results"]) if i not in numbers]
    for field in [path for path in lost if not re.search(r"\[\d", path)]:
        kept = without(json.loads(json.dumps(data)), [field])
        # a block left without what it needs (an interval without its bounds) goes whole
        data = kept if valid(kept) else without(data, [field.rsplit(".", 1)[0]])
    target = folder / "hub.card.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load(target)


@pytest.mark.parametrize("path", example_model_cards(), ids=lambda path: path.name)
def test_card_to_hub_to_card_to_hub_is_a_fixed_point(tmp_path: Path, path: Path) -> None:
    card = hub_card(path, tmp_path)
    first = export_card(card, "hf")[0]
    (tmp_path / "README.md").write_bytes(first)
    (imported,) = import_cards(tmp_path / "README.md", "hf")
    again = write_card(imported, tmp_path / "hub.card.yaml")  # where the card was: the same relative links
    held = held_by("hf") or ()
    assert hub_fields(again, held) == hub_fields(card, held)
    assert export_card(again, "hf")[0].decode() == first.decode()
    kept = [note.source for note in imported.notes if note.action == "kept" and note.target == "extras.documentation"]
    assert kept == [], "every section cardgen wrote is read back into its field, none kept as extra documentation"


LAYOUT_LIMITS = ("the text spells a marker", "a table row holds it on one line")
"""The exporter's warnings for text the README cannot give back as written (declared in the README's table)."""


@pytest.mark.parametrize(
    "source", [card for card in hub_cards() if card.name not in HUB_REFUSES], ids=lambda path: path.name
)
def test_a_real_hub_card_once_imported_comes_back_from_its_readme(
    shared_data: Path, tmp_path: Path, source: Path
) -> None:
    (imported,) = import_cards(source, "hf")
    card = write_card(imported, tmp_path / "card.card.yaml")
    first, warnings = export_card(card, "hf")
    (tmp_path / "README.md").write_bytes(first)
    (again_imported,) = import_cards(tmp_path / "README.md", "hf")
    again = write_card(again_imported, tmp_path / "card.card.yaml")
    titles = [
        [str(to_html(item.title)) for item in (each.extras.documentation or [])] if each.extras else []
        for each in (card, again)
    ]
    assert titles[1][: len(titles[0])] == titles[0], (
        "the README's own extra documentation keeps its place; no section of cardgen's is added before it"
    )
    if not any(limit in warning for warning in warnings for limit in LAYOUT_LIMITS):
        assert export_card(again, "hf")[0].decode() == first.decode()
