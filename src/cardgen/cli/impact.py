"""``cardgen impact``: what is affected when an asset turns out to be flawed or is withdrawn."""

from __future__ import annotations

import json

import click

from cardgen.cli.output import EXIT_OK, EXIT_UNUSABLE, report
from cardgen.ecosystem.graph import load_graph
from cardgen.ecosystem.impact import UnknownAsset, impact


@click.command(name="impact")
@click.argument("name")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(name: str, paths: tuple[str, ...], output_format: str) -> None:
    """List every asset that depends on NAME, directly or transitively, among the cards at PATHS.

    NAME is a card's name (or its file). Each asset comes with the path from NAME and
    the relation at each step. Cards that cannot be read are reported on stderr.
    Exit 0 on success, 2 when NAME matches no card, or several.
    """
    graph = load_graph(paths)
    report(problem for loaded in graph.loaded.values() for problem in loaded.problems if loaded.listed)
    try:
        found = impact(graph, name)
    except UnknownAsset as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    if output_format == "json":
        click.echo(json.dumps({"asset": name, "impacted": [item.as_dict() for item in found]}, indent=2))
    else:
        for item in found:
            click.echo(f"{item.node.name} ({item.node.kind}, {item.node.path}): {item.route()}")
        click.echo(f"{len(found)} asset{'s' if len(found) != 1 else ''} depend on {name}", err=True)
    raise SystemExit(EXIT_OK)
