"""What every subcommand prints for problems, kept in one place so messages look alike."""

from __future__ import annotations

from collections.abc import Iterable

import click

from cardgen.errors import Problem

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
"""0: all good; 1: a card is invalid (or has lint errors); 2: a file cannot be read or parsed, or bad usage."""


def report(problems: Iterable[Problem]) -> None:
    """Print problems as ``path:line:col: message`` on stderr."""
    for problem in problems:
        click.echo(str(problem), err=True)
