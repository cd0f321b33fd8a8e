"""``cardgen site``: a static documentation site for a set of cards."""

from __future__ import annotations

import click

from cardgen.cli.graph import loaded
from cardgen.cli.output import EXIT_UNUSABLE, jobs_option, report, say, template_option
from cardgen.errors import CardError
from cardgen.site import build_site


@click.command(name="site")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, metavar="OUTDIR", help="Directory to write the site into.")
@template_option
@jobs_option
def command(paths: tuple[str, ...], output: str, template: str | None, jobs: int | None) -> None:
    """Build a static site for the cards at PATHS: an index, one page per card, the graph and an overview.

    Pages use relative links and load nothing from outside, so the site works from
    file:// and any static host. Exit 0 when every card loaded, 1 when a card is
    invalid (it is left out), 2 when a file cannot be read.
    """
    graph, code = loaded(paths)
    try:
        written = build_site(graph, output, template, jobs)
    except CardError as error:
        report(error.problems)
        click.echo("no site was written", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    say(f"{len(written)} pages written to {output}", err=True)
    raise SystemExit(code)
