"""Hub card -> cardgen -> Hub card: huggingface_hub reads back every EvalResult field and metadata key."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import ModelCard

from cardgen.exporters import export_card
from cardgen.importers import card_data, import_cards
from cardgen.schema.card import Card
from tests.acceptance.test_import_cli import HUB_REFUSES, hub_cards


def comparable(value: Any) -> Any:
    """NaN never equals itself; compare it as a marker."""
    return "<NaN>" if isinstance(value, float) and math.isnan(value) else value


def eval_results(card: ModelCard) -> list[dict[str, Any]]:
    return [
        {key: comparable(value) for key, value in dataclasses.asdict(result).items()}
        for result in card.data.eval_results or []
    ]


@pytest.mark.parametrize("source", [card for card in hub_cards() if card.name not in HUB_REFUSES], ids=lambda p: p.name)
def test_hub_card_round_trip_keeps_results_and_metadata_keys(shared_data: Path, tmp_path: Path, source: Path) -> None:
    readme = tmp_path / "README.md"
    (imported,) = import_cards(source, "hf")
    card = Card.model_validate(card_data(imported))  # the CLI test writes and reloads every card; this checks the data
    readme.write_bytes(export_card(card, "hf")[0])
    original, again = ModelCard.load(source), ModelCard.load(readme)
    assert eval_results(again) == eval_results(original)
    assert set(again.data.to_dict()) == set(original.data.to_dict())
    if original.data.eval_results:
        assert again.data.model_name == original.data.model_name
