"""GitHub Actions workflow commands: findings become annotations on the pull request's diff.

Data and property values are escaped as the runner expects, so a message with
newlines, ``%``, ``:`` or ``,`` can neither break the command nor inject another.
"""

from __future__ import annotations

from typing import TextIO

from cardgen.errors import shown
from cardgen.linter.config import all_rules
from cardgen.linter.findings import Severity
from cardgen.linter.run import LintResults

COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    """One workflow command line, ``::name key=value,...::message``, with control characters shown escaped."""
    fields = ",".join(f"{key}={escape_property(shown(str(value)))}" for key, value in properties.items())
    return f"::{name}{' ' + fields if fields else ''}::{escape_data(shown(message))}"


def report(results: LintResults, stream: TextIO, *, color: bool = False) -> None:
    titles = {rule.id: f"{rule.id} {rule.name}" for rule in all_rules()}
    lines = [
        command(
            "error",
            problem.message,
            file=problem.path,
            line=problem.position.line,
            col=problem.position.column,
            title="cardgen: cannot lint this file",
        )
        for problem in results.problems
    ]
    lines.extend(
        command(
            COMMANDS[finding.severity],
            finding.message,
            file=finding.path,
            line=finding.position.line,
            col=finding.position.column,
            title=titles.get(finding.rule_id, finding.rule_id),
        )
        for finding in results.findings
    )
    for result in results.files:
        if result.coverage is not None:
            score = result.coverage.overall
            lines.append(
                command(
                    "notice",
                    f"{score.answered} of {score.total} items covered ({score.ratio:.0%})",
                    file=result.path,
                    title=f"{result.coverage.title} coverage",
                )
            )
    stream.write("".join(line + "\n" for line in lines))
