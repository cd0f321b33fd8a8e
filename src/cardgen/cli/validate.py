"""``cardgen validate``: schema check, with exit codes pre-commit and CI understand."""

from __future__ import annotations

import click

from cardgen.cards import validate
from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, jobs_option, report
from cardgen.errors import LoadError, Problem
from cardgen.io.discover import card_files
from cardgen.parallel import parallel_map


def check_file(path: str) -> tuple[list[Problem], bool]:
    """A card's problems and whether it could be read at all; a value, so it can come from another process."""
    try:
        return validate(path), True
    except LoadError as error:
        return error.problems, False


@click.command(name="validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
@jobs_option
def command(paths: tuple[str, ...], quiet: bool, jobs: int | None) -> None:
    """Check the cards at PATHS (files, or directories to search, as for lint) against the schema.

    Exit 0 when every card is valid, 1 when any is invalid, 2 when a file
    cannot be read or parsed.
    """
    files = card_files(paths)
    invalid = unreadable = 0
    for problems, readable in parallel_map(check_file, files, jobs):
        report(problems)
        if readable:
            invalid += bool(problems)
        else:
            unreadable += 1
    if not quiet:
        valid = len(files) - invalid - unreadable
        click.echo(f"{valid} valid, {invalid} invalid, {unreadable} unreadable", err=True)
    raise SystemExit(EXIT_UNUSABLE if unreadable else EXIT_FINDINGS if invalid else EXIT_OK)
