"""``cardgen lint``: findings in the terminal, in pre-commit and in CI, with exit codes they understand."""

from __future__ import annotations

import sys

import click

from cardgen.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, jobs_option, report
from cardgen.linter.profiles import PROFILE_NAMES
from cardgen.linter.reporters import REPORTERS, auto_format, reporter, use_color
from cardgen.linter.run import LintResults, lint_files


def exit_code(results: LintResults, strict: bool) -> int:
    """2 when a file or configuration could not be used, 1 for errors (and warnings under --strict), else 0."""
    if results.problems:
        return EXIT_UNUSABLE
    failing = {"error", "warning"} if strict else {"error"}
    return EXIT_FINDINGS if any(finding.severity in failing for finding in results.findings) else EXIT_OK


@click.command(name="lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice([*REPORTERS.names(), "auto"]),
    default="text",
    show_default=True,
    help=f"{REPORTERS.help()}; auto: github under GitHub Actions, text elsewhere.",
)
@click.option(
    "-p",
    "--profile",
    type=click.Choice(PROFILE_NAMES),
    help="Rule preset (minimal, standard, strict) or standard to check coverage of; overrides the configuration's extends.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Text format: the findings only, without coverage and summary.")
@jobs_option
def command(
    paths: tuple[str, ...], output_format: str, profile: str | None, strict: bool, quiet: bool, jobs: int | None
) -> None:
    """Report missing and weak documentation in the cards at PATHS (files, or directories to search).

    Configuration comes from the nearest .cardgen.yaml or pyproject.toml [tool.cardgen]
    above each card. Exit 0 when clean, 1 on errors (or warnings with --strict),
    2 when a file or configuration cannot be used.
    """
    results = lint_files(paths, profile, jobs)
    report(results.problems)
    chosen = auto_format() if output_format == "auto" else output_format
    color = chosen == "text" and use_color(sys.stdout)
    if quiet and chosen == "text":
        from cardgen.linter.reporters.text import report_findings

        report_findings(results, sys.stdout, color=color)
    else:
        reporter(chosen)(results, sys.stdout, color=color)
    raise SystemExit(exit_code(results, strict))
