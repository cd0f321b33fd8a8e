"""``cardgen validate``: schema check, with exit codes pre-commit and CI understand."""

from __future__ import annotations

import click

from cardgen.cards import validate
from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, report
from cardgen.errors import LoadError
from cardgen.io.discover import card_files


@click.command(name="validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
def command(paths: tuple[str, ...], quiet: bool) -> None:
    """Check the cards at PATHS (files, or directories to search, as for lint) against the schema.

    Exit 0 when every card is valid, 1 when any is invalid, 2 when a file
    cannot be read or parsed.
    """
    files = card_files(paths)
    invalid = unreadable = 0
    for path in files:
        try:
            problems = validate(path)
        except LoadError as error:
            report(error.problems)
            unreadable += 1
            continue
        report(problems)
        invalid += bool(problems)
    if not quiet:
        valid = len(files) - invalid - unreadable
        click.echo(f"{valid} valid, {invalid} invalid, {unreadable} unreadable", err=True)
    raise SystemExit(EXIT_UNUSABLE if unreadable else EXIT_FINDINGS if invalid else EXIT_OK)
