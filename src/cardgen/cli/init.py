"""``cardgen init``: start a card without reading the schema first."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.output import EXIT_UNUSABLE, say
from cardgen.io.atomic import atomic_write
from cardgen.scaffold import new_card_text
from cardgen.schema.card import CARD_TYPES
from cardgen.schema.kinds import KINDS


@click.command(name="init")
@click.argument("path", required=False, default="model.card.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="model",
    show_default=True,
    help="What the card documents: a model, a dataset or an application.",
)
@click.option("--name", help="The asset's name (default: taken from the file name).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def command(path: Path, kind: str, name: str | None, force: bool) -> None:
    """Write a new card at PATH (default: model.card.yaml) with every section and a comment on each field.

    --kind dataset writes a datasheet-style dataset card, --kind application a card for a product or service.
    """
    if path.exists() and not force:
        say(f"{path}: already exists; pick another path or pass --force to overwrite it", err=True)
        raise SystemExit(EXIT_UNUSABLE)
    if not path.parent.is_dir():
        say(f"{path}: the directory {path.parent} does not exist; create it first", err=True)
        raise SystemExit(EXIT_UNUSABLE)
    asset_name = name or path.name.split(".")[0] or f"my-{kind}"
    try:
        atomic_write(path, new_card_text(asset_name, CARD_TYPES[kind]))
    except OSError as error:
        say(f"{path}: cannot write: {error.strerror or error}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    say(f"wrote {path}; fill it in, then run `cardgen lint {path}`", err=True)
