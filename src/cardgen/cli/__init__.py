"""The ``cardgen`` command: a thin shell over the library.

Subcommands are imported only when they run, so ``cardgen lint`` never pays
for the renderer's imports (jinja2, weasyprint).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from cardgen.collector import paused

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "export": ("cardgen.cli.export", "Export a card to Hugging Face, Model Card Toolkit or CycloneDX."),
    "graph": ("cardgen.cli.graph", "Write the dependency graph of cards as JSON, DOT, SVG or SQLite."),
    "impact": ("cardgen.cli.impact", "List every asset that depends on one, with the path to it."),
    "import": (
        "cardgen.cli.import_cards",
        "Make cards from Hugging Face, Model Card Toolkit, CycloneDX or Ecosystem Graphs files.",
    ),
    "init": ("cardgen.cli.init", "Write a new card with every section and a comment on each field."),
    "lint": ("cardgen.cli.lint", "Report missing and weak documentation in cards."),
    "render": ("cardgen.cli.render", "Render cards to HTML, PDF or Hugging Face Markdown."),
    "rules": ("cardgen.cli.rules", "List the lint rules, or explain one."),
    "schema": ("cardgen.cli.schema", "Print the card JSON Schema."),
    "site": ("cardgen.cli.site", "Build a static documentation site for a set of cards."),
    "validate": ("cardgen.cli.validate", "Check cards against the schema."),
}


QUICK_EXIT: frozenset[str] = frozenset({"lint"})
"""Commands that, run as the process's own command line, end without tearing the interpreter down.

Freeing every module and object at exit costs a cold ``cardgen lint`` about a fifth of
its run (pre-commit runs it on every commit); lint leaves nothing to clean up (its
output is flushed, its worker processes joined), so it ends with ``os._exit``.
"""


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules, loaded on demand."""

    ran: str | None = None
    """The subcommand that ran (for :func:`main`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        # Importing a command allocates thousands of objects that live as long as the process; the
        # collector, run meanwhile, would only scan them again and again (a tenth of a cold `cardgen lint`).
        with paused():
            module = importlib.import_module(SUBCOMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand: an interrupt ends with 130, not 1 (an invalid card), and usage errors
        that quote a file name show its control characters escaped."""
        from cardgen.cli.output import EXIT_INTERRUPTED
        from cardgen.errors import shown

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ncardgen: interrupted", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None
        except click.ClickException as error:
            error.message = shown(error.message)  # type: ignore[misc]  # Final in the stubs; click reads it when showing
            raise
        finally:
            self.ran = ctx.invoked_subcommand

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in sorted(SUBCOMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardgen")
def cli() -> None:
    """Document a model across its whole chain: data creation, curation, training, adaptation, deployment."""


def main(args: list[str] | None = None) -> None:
    """The console script: the command group, ending cleanly when its output cannot be written.

    Run on the process's own command line (no ``args``), a :data:`QUICK_EXIT` command ends
    the process as soon as its output is flushed.
    """
    try:
        try:
            cli(args)
        except SystemExit as done:
            if args is None and cli.ran in QUICK_EXIT and isinstance(done.code, int):
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(done.code)
            raise
    except BrokenPipeError:
        # The reader went away (`cardgen lint | head`); stop quietly, as other Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as error:
        from cardgen.cli.output import say

        where = f"{error.filename}: " if error.filename else ""
        say(f"cardgen: {where}cannot write the output: {error.strerror or error}", err=True)
        raise SystemExit(2) from None
