"""``cardgen export``: a card to the Hugging Face Hub, Model Card Toolkit or CycloneDX formats."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cards import load
from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, report
from cardgen.errors import CardError, CardValidationError, Position, Problem
from cardgen.exporters import EXPORT_FORMATS, export_to
from cardgen.schema.card import Card


@click.command(name="export")
@click.option("--to", "format_", required=True, type=click.Choice(EXPORT_FORMATS.names()), help=EXPORT_FORMATS.help())
@click.argument("card", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, metavar="OUT", help="The file to write (atomically).")
def command(format_: str, card: str, output: str) -> None:
    """Export CARD to another format.

    A warning on stderr names each field the card fills that the format cannot
    hold. Exit 0 when written, 1 when the card is invalid, 2 when it cannot be
    read or the output cannot be written.
    """
    if Path(output).resolve() == Path(card).resolve():
        raise click.UsageError(f"{output} is the card itself; choose another output file")
    try:
        loaded = load(card)
        if not isinstance(loaded, Card):
            message = f"{format_} describes models; a {loaded.kind} card cannot be exported to it"
            raise CardError([Problem(card, Position(1, 1), message)])
        warnings = export_to(loaded, format_, output)
    except CardValidationError as error:
        report(error.problems)
        raise SystemExit(EXIT_FINDINGS) from None
    except CardError as error:
        report(error.problems)
        raise SystemExit(EXIT_UNUSABLE) from None
    for warning in warnings:
        click.echo(f"{card}: warning: {format_} cannot hold {warning}", err=True)
    click.echo(output)
    raise SystemExit(EXIT_OK)
