"""``cardgen import``: cards from Hugging Face, Model Card Toolkit or CycloneDX files, with a report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, report
from cardgen.errors import CardError, CardValidationError
from cardgen.importers import IMPORT_FORMATS, Imported, import_cards, output_paths, write_card
from cardgen.importers.report import json_report, text_report


def _read_all(sources: tuple[str, ...], format: str) -> tuple[list[Imported], int]:
    """Every card of every source; an unreadable source is reported and counted."""
    found: list[Imported] = []
    unreadable = 0
    for source in sources:
        try:
            found.extend(import_cards(source, format))
        except CardError as error:
            report(error.problems)
            unreadable += 1
    return found, unreadable


def _plan(found: list[Imported], output: str, several_sources: bool, force: bool) -> list[Path]:
    if several_sources and Path(output).exists() and not Path(output).is_dir():
        raise click.UsageError(f"with several sources, -o must be a directory; {output!r} is a file")
    paths = output_paths(found, output + os.sep if several_sources and not output.endswith(os.sep) else output)
    existing = [str(path) for path in paths if path.exists()]
    if existing and not force:
        raise click.UsageError(f"{', '.join(existing)} already exists; give --force to replace it")
    return paths


@click.command(name="import")
@click.option("--from", "format_", required=True, type=click.Choice(IMPORT_FORMATS.names()), help=IMPORT_FORMATS.help())
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o", "--output", required=True, metavar="OUT", help="Card file; a directory for several sources or cards."
)
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print, on stderr, where each field went.",
)
@click.option("--force", is_flag=True, help="Replace card files that already exist.")
def command(sources: tuple[str, ...], format_: str, output: str, report_format: str, force: bool) -> None:
    """Import SOURCES into cardgen cards.

    The report on stderr names, per source, each field: mapped to a card field,
    kept as text, kept verbatim under extras, or dropped (and why). Exit 0 when
    every card was written, 1 when an imported card is invalid, 2 when a source
    cannot be read.
    """
    found, unreadable = _read_all(sources, format_)
    paths = _plan(found, output, len(sources) > 1, force) if found else []
    invalid = 0
    reports: list[dict[str, object]] = []
    for imported, path in zip(found, paths, strict=True):
        written: str | None = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_card(imported, path)
        except CardValidationError as error:
            report(error.problems)
            invalid += 1
            written = None
        if report_format == "json":
            reports.append(json_report(imported, written))
        else:
            click.echo(text_report(imported, written), err=True)
    if report_format == "json":
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False), err=True)
    raise SystemExit(EXIT_UNUSABLE if unreadable else EXIT_FINDINGS if invalid else EXIT_OK)
