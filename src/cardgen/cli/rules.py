"""``cardgen rules``: the rule list, and each rule's documentation, from the rules themselves."""

from __future__ import annotations

import click

from cardgen.cli.output import EXIT_UNUSABLE
from cardgen.linter.rules import ALL_RULES, rule_by_id


@click.command(name="rules")
@click.argument("rule", required=False)
def command(rule: str | None) -> None:
    """List the lint rules, or explain RULE (an id such as CG301, or a short name)."""
    if rule is None:
        rows = [(item.id, item.severity, item.part, item.name, item.summary) for item in ALL_RULES]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            click.echo(
                "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
            )
        return
    found = rule_by_id(rule)
    if found is None:
        click.echo(f"error: there is no rule '{rule}'; run `cardgen rules` to list them", err=True)
        raise SystemExit(EXIT_UNUSABLE)
    click.echo(f"{found.id} {found.name}\nseverity: {found.severity}\npart: {found.part}\n\n{found.doc}")
