"""``cardgen schema``: the JSON Schema editors use for completion and help."""

from __future__ import annotations

import click

from cardgen.schema.export import card_json_schema_text


@click.command(name="schema")
def command() -> None:
    """Print the card JSON Schema (2020-12).

    Point a card at it for editor completion:
    `# yaml-language-server: $schema=schemas/card.schema.json`.
    """
    click.echo(card_json_schema_text(), nl=False)
