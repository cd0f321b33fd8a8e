"""Round trips through each export format keep what the format can hold, and warn about exactly the rest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cardgen.exporters import EXPORT_FORMATS, export_card, filled_paths, limits_table
from cardgen.exporters import hf as hub_exporter
from cardgen.importers import import_cards, write_card
from cardgen.importers.paths import flatten
from cardgen.renderer.text import to_html
from cardgen.schema.answers import plain
from cardgen.schema.card import Card
from cardgen.schema.quantities import in_base_unit
from tests.conftest import REPO
from tests.unit.test_render_support import RICH_CARD, load_text


def normalised(value: Any) -> Any:
    """Text compared by what it renders to: Markdown written back may escape or re-wrap, never change meaning."""
    return str(to_html(value)) if isinstance(value, str) else value


def held_values(card: Card, held: tuple[str, ...]) -> dict[str, Any]:
    """The held fields' values; emissions as grams, the unit the Hub holds them in."""
    values = flatten(card.model_dump(mode="json", exclude_none=True, exclude={"schema_version"}))
    emissions = plain(getattr(plain(card.training), "emissions", None))
    if emissions is not None:
        values["training.emissions.value"] = round(in_base_unit(emissions) * 1e6, 6)
        values["training.emissions.unit"] = "gCO2eq"
    return {
        path: normalised(value)
        for path, value in values.items()
        if any(path == field or path.startswith((f"{field}.", f"{field}[")) for field in held)
        and not any(re.sub(r"\[\d+\]", "[]", path).startswith(limit) for limit in hub_exporter.LIMITS)
    }


def through(card: Card, format: str, folder: Path, suffix: str) -> Card:
    (folder / f"out{suffix}").write_bytes(export_card(card, format)[0])
    (imported,) = import_cards(folder / f"out{suffix}", "hf" if format == "hf" else format)
    return write_card(imported, folder / f"again-{format}.card.yaml")


def test_card_to_hub_to_card_keeps_every_field_the_hub_holds(tmp_path: Path) -> None:
    card = load_text(tmp_path, RICH_CARD)
    again = through(card, "hf", tmp_path, ".md")
    expected = held_values(card, hub_exporter.HELD)
    got = held_values(again, hub_exporter.HELD)
    assert {path: got.get(path) for path in expected} == expected


def test_the_readme_lists_the_limits_the_exporters_declare() -> None:
    assert limits_table() in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("format", EXPORT_FORMATS.names())
def test_the_exporter_warns_about_exactly_the_limits_a_card_runs_into(tmp_path: Path, format: str) -> None:
    card = load_text(tmp_path, RICH_CARD)
    module = EXPORT_FORMATS.load(format)
    _, warnings = export_card(card, format)
    filled = set(filled_paths(card))
    expected = [
        f"{limit}: {why}"
        for limit, why in module.LIMITS.items()
        if any(path == limit or path.startswith((f"{limit}.", f"{limit}[")) for path in filled)
    ]
    assert [warning for warning in warnings if warning in expected] == expected
    declared = [f"{limit}: {why}" for limit, why in module.LIMITS.items()]
    others = [warning for warning in warnings if warning not in declared]
    held = getattr(module, "HELD", None)
    for warning in others:
        path = warning.split(": ", 1)[0]
        assert held is not None, warning
        assert not any(path == field or path.startswith(f"{field}.") for field in held), warning
