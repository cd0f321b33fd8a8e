"""The card's JSON Schema, generated from the models so it can never disagree with them."""

from __future__ import annotations

import json
from typing import Any

from cardgen.schema.card import card_adapter
from cardgen.schema.introspect import all_models

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _any_of(node: Any) -> Any:
    """Turn oneOf into anyOf: `unknown` is both a marker and valid text, so exactly-one would reject it."""
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_any_of(value) for value in node]
    return node


def _document_fields(schema: dict[str, Any]) -> None:
    """Give every property a title and description; pydantic drops them next to some $refs."""
    by_name = {model.__name__: model for model in all_models()}
    for name, definition in schema.get("$defs", {}).items():
        model = by_name.get(name)
        for key, prop in definition.get("properties", {}).items():
            prop.setdefault("title", key.replace("_", " ").capitalize())
            if model is not None and key in model.model_fields and "description" not in prop:
                prop["description"] = model.model_fields[key].description


def card_json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a card of any kind, with a title and description on every field.

    One schema for all kinds: the card is any of the model, dataset and application
    cards, told apart by ``kind`` (required but for model cards) and their identity block.
    """
    generated = _any_of(card_adapter().json_schema(mode="validation"))
    _document_fields(generated)
    return {
        "$schema": DIALECT,
        "$id": "https://github.com/cardgen/cardgen/raw/main/schemas/card.schema.json",
        **generated,
        "title": "cardgen card",
        "description": "A cardgen card: a model (the default), dataset or application card.",
    }


def card_json_schema_text() -> str:
    """The schema as the text checked in at schemas/card.schema.json."""
    return json.dumps(card_json_schema(), indent=2, ensure_ascii=False) + "\n"
