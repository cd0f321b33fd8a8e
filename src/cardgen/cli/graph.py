"""``cardgen graph``: the dependency graph of a set of cards as JSON, DOT, SVG or a SQLite database."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, report
from cardgen.ecosystem.formats import GRAPH_FORMATS
from cardgen.ecosystem.graph import Graph, load_graph
from cardgen.io.atomic import atomic_write


def loaded(paths: Sequence[str]) -> tuple[Graph, int]:
    """The graph of the cards at ``paths``, after reporting the files left out; returns the exit code too:
    2 when a file cannot be read, 1 when a card is invalid, else 0."""
    graph = load_graph(paths)
    left_out = [each for each in graph.loaded.values() if each.card is None]
    for each in left_out:
        report(each.problems)
    if any(each.document is None for each in left_out):
        return graph, EXIT_UNUSABLE
    return graph, EXIT_FINDINGS if left_out else EXIT_OK


def chosen_format(format_: str | None, output: str | None) -> str:
    """--format, else the output's suffix, else json; a binary format needs a file."""
    spec = GRAPH_FORMATS.get(format_) if format_ else (GRAPH_FORMATS.for_path(output) if output else None)
    name = spec.name if spec else "json"
    if GRAPH_FORMATS.get(name).binary and output is None:
        raise click.UsageError(f"--format {name} writes a database file: give -o FILE")
    return name


@click.command(name="graph")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "format_", type=click.Choice(GRAPH_FORMATS.names()), help=GRAPH_FORMATS.help())
@click.option("-o", "--output", metavar="OUT", help="File to write; text formats go to stdout without it.")
def command(paths: tuple[str, ...], format_: str | None, output: str | None) -> None:
    """Write the dependency graph of the cards at PATHS (files, or directories to search).

    Dependencies resolve by their card: path or, without one, by name among the
    loaded cards. The format is --format, else OUT's suffix, else json. Cards that
    cannot be read or are invalid are reported and left out. Exit 0 when every
    card loaded, 1 when a card is invalid, 2 when a file cannot be read.
    """
    name = chosen_format(format_, output)
    graph, code = loaded(paths)
    data: bytes = GRAPH_FORMATS.load(name).render(graph)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(output, data)
    raise SystemExit(code)
