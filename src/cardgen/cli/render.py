"""``cardgen render``: cards to HTML, PDF or Hub Markdown, one or many per call."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import click

from cardgen.cards import read
from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, jobs_option, say, template_option
from cardgen.ecosystem.graph import Graph
from cardgen.errors import CardError, CardValidationError, shown
from cardgen.parallel import shared_map
from cardgen.renderer import RENDER_FORMATS, ecosystem_of, format_for, render


def default_name(card: Path, format: str) -> str:
    """``examples/gpt2.card.yaml`` -> ``gpt2.html``."""
    stem = card.name
    for suffix in (".yaml", ".yml", ".json"):
        stem = stem.removesuffix(suffix)
    return f"{stem.removesuffix('.card') or stem}{RENDER_FORMATS.get(format).suffix}"


def _where(path: str | Path) -> str:
    """Where a path leads, symlinks resolved as far as they go (a loop is reported when written, not here)."""
    return os.path.realpath(path)


def refuse_overwriting_cards(cards: tuple[str, ...], targets: list[tuple[str, Path]]) -> None:
    """An output path that names one of the input cards would destroy what a person wrote."""
    inputs = {_where(card): card for card in cards}
    for card, target in targets:
        if _where(target) in inputs:
            raise click.UsageError(f"{card} would be written to {target}, which is the card {inputs[_where(target)]}")


def plan(cards: tuple[str, ...], output: str | None, format: str | None) -> tuple[str, list[tuple[str, Path]]]:
    """The format and each card's output path, decided before anything is written."""
    if output is not None and len(cards) == 1 and not Path(output).is_dir() and not output.endswith(("/", os.sep)):
        named = format_for(output)
        if format is not None and named is not None and format != named:
            raise click.UsageError(f"--format {format} does not match the output name {output!r}")
        single = format or named
        if single is None:
            raise click.UsageError(
                f"cannot tell the format from {output!r}: name it {RENDER_FORMATS.suffix_names()}, or give --format"
            )
        refuse_overwriting_cards(cards, [(cards[0], Path(output))])
        return single, [(cards[0], Path(output))]
    chosen = format or RENDER_FORMATS.names()[0]
    if output is not None and Path(output).exists() and not Path(output).is_dir():
        raise click.UsageError(f"with several cards, -o must be a directory; {output!r} is a file")
    if output is not None and not Path(output).exists() and format_for(output) is not None:
        raise click.UsageError(f"with several cards, -o must be a directory, not {output!r}")
    folder = Path(output) if output is not None else None
    targets = [(card, (folder or Path(card).parent) / default_name(Path(card), chosen)) for card in cards]
    refuse_overwriting_cards(cards, targets)
    seen: dict[str, str] = {}
    for card, target in targets:
        if _where(target) in seen:
            raise click.UsageError(f"{card} and {seen[_where(target)]} would both be written to {target}")
        seen[_where(target)] = card
    return chosen, targets


def progress(items: list[tuple[str, Path]]) -> Iterator[tuple[str, Path]]:
    """A progress bar on a terminal; plain iteration when stderr is piped or redirected."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label="Rendering", file=sys.stderr, item_show_func=_shown) as bar:
        yield from bar


def _shown(item: tuple[str, Path] | None) -> str | None:
    return shown(item[0]) if item else None


Outcome = tuple[Literal["written", "invalid", "unreadable"], tuple[str, ...]]
"""What became of one card, and the messages to print about it."""


def render_one(ecosystem: Graph | None, task: tuple[str, Path, str, str | None]) -> Outcome:
    """Render one card among ``ecosystem``; a broken card is an outcome, not an exception, so it can come
    from another process."""
    card, target, format, template = task
    try:
        loaded = read(card)
        target.parent.mkdir(parents=True, exist_ok=True)
        render(loaded, target, format, template, ecosystem=ecosystem)
    except CardValidationError as error:
        return "invalid", tuple(map(str, error.problems))
    except CardError as error:
        return "unreadable", tuple(map(str, error.problems))
    except OSError as error:
        return "unreadable", (f"{target}: cannot write: {error.strerror or error}",)
    return "written", ()


def render_all(
    targets: list[tuple[str, Path]],
    format: str,
    template: str | None,
    jobs: int | None = 1,
    ecosystem: Graph | None = None,
) -> tuple[int, int, int]:
    """Render each card, reporting in input order; a broken card is reported and skipped.

    Returns (written, invalid, unreadable).
    """
    counts = {"written": 0, "invalid": 0, "unreadable": 0}
    tasks = [(card, target, format, template) for card, target in targets]
    for (kind, messages), (_, target) in zip(
        shared_map(render_one, ecosystem, tasks, jobs), progress(targets), strict=True
    ):
        for message in messages:
            say(message, err=True)
        counts[kind] += 1
        if kind == "written":
            say(str(target))
    return counts["written"], counts["invalid"], counts["unreadable"]


@click.command(name="render")
@click.argument("cards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Output file; with several cards, a directory. Missing directories are created.",
)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(RENDER_FORMATS.names()),
    help=f"{RENDER_FORMATS.help()}. Default: OUT's suffix, else {RENDER_FORMATS.names()[0]}.",
)
@template_option
@click.option(
    "--with",
    "with_",
    multiple=True,
    type=click.Path(exists=True),
    metavar="PATH",
    help="More cards (files or directories) the rendered cards depend on; repeatable.",
)
@click.option("--alone", is_flag=True, help="Render each card without the cards around it: no inherited risks.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@jobs_option
def command(
    cards: tuple[str, ...],
    output: str | None,
    format_: str | None,
    template: str | None,
    with_: tuple[str, ...],
    alone: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Render CARDS to HTML, PDF or Hugging Face Markdown.

    Without -o, each output is written next to its card (gpt2.card.yaml ->
    gpt2.html). Every file is written atomically. A card is rendered among the
    cards in its directory, those its `card:` links lead to, and those given with
    --with: the page lists the risks it inherits from upstream, with their origin,
    path and whether the card addresses them. Exit 0 when all cards were rendered,
    1 when a card is invalid, 2 when a file cannot be read or written.
    """
    if alone and with_:
        raise click.UsageError("--alone and --with contradict each other; pick one")
    chosen, targets = plan(cards, output, format_)
    ecosystem = None if alone else ecosystem_of([*cards, *with_])
    written, invalid, unreadable = render_all(targets, chosen, template, jobs, ecosystem)
    if not quiet:
        click.echo(f"{written} rendered, {invalid} invalid, {unreadable} unreadable", err=True)
    raise SystemExit(EXIT_UNUSABLE if unreadable else EXIT_FINDINGS if invalid else EXIT_OK)
