"""What every subcommand prints for problems, kept in one place so messages look alike."""

from __future__ import annotations

from collections.abc import Iterable

import click

from cardgen.errors import Problem, shown

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
EXIT_INTERRUPTED = 130
"""0: all good; 1: a card is invalid (or has lint errors); 2: a file cannot be read or parsed, or bad usage;
130: interrupted (Ctrl-C), as shells report a command ended by SIGINT."""


def say(text: str, err: bool = False) -> None:
    """Print a line that may hold file names or card text, with control characters shown escaped."""
    click.echo(shown(text), err=err)


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Work on N cards at a time in separate processes (default: one per core); output and exit code are the same.",
)
"""``--jobs N`` for every command that works through a batch of cards."""


def report(problems: Iterable[Problem]) -> None:
    """Print problems as ``path:line:col: message`` on stderr."""
    for problem in problems:
        say(str(problem), err=True)


template_option = click.option(
    "-t",
    "--template",
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="Directory of templates that override the defaults by name, or extend default/<name>.",
)
"""The --template option of every command that renders pages."""
