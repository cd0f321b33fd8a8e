"""Run the rules over cards and turn their data paths into positions in the file.

The card validator is built once per process (or loaded from its cache), so
linting a thousand cards costs one start-up and a thousand parses; the loop over
files, with configuration and suppression, is :mod:`cardgen.linter.run`.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from cardgen.ecosystem.graph import Graph
from cardgen.errors import DataPath, Position, dotted
from cardgen.io.loader import Document
from cardgen.linter.findings import Finding, Severity
from cardgen.linter.rules import ALL_RULES, SCHEMA, Context, Rule
from cardgen.linter.rules.base import lookup
from cardgen.schema.answers import CardObject
from cardgen.schema.parts import part_names
from cardgen.validation import check


class RuleSettings(Protocol):
    """What the engine needs from a configuration or profile: a severity per rule, None when it is off."""

    def severity_for(self, rule: Rule) -> Severity | None: ...


def today() -> datetime.date:
    """The latest date that is already past or present somewhere on Earth (UTC+14 is a day ahead)."""
    return datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=1)


def finding_position(document: Document, path: DataPath) -> Position:
    """Where to point for a path: a scalar's value, a container's key, or the nearest existing parent key."""
    if path in document.locations:
        value = lookup(document.data, path)
        if value is not None and not isinstance(value, (dict, list)):
            return document.value_position(path)
    return document.position(path)


def effective_severity(rule: Rule, config: RuleSettings | None) -> Severity | None:
    return rule.severity if config is None else config.severity_for(rule)


def lint_document(
    document: Document,
    card: Any = None,
    config: RuleSettings | None = None,
    *,
    on: datetime.date | None = None,
    graph: Graph | None = None,
) -> list[Finding]:
    """Findings for one parsed card, sorted by position.

    ``card`` is the validated card when the caller has it; otherwise the document is
    validated here and schema problems are reported as CG000 (which configuration can
    re-grade but not switch off: no other rule runs on a card that does not fit the
    schema). ``on`` is the day dates are judged against, normally :func:`today`.
    ``graph`` is the set of cards linted together, for the rules that follow
    dependencies; without it those rules stay silent.
    """
    if card is None:
        card, problems = check(document, records=True)
        if card is None:
            graded = effective_severity(SCHEMA, config) or SCHEMA.severity
            return sorted(
                Finding(document.path, problem.position, SCHEMA.id, graded, problem.message, "", SCHEMA.part)
                for problem in problems
            )
    context = Context(document, card, document.path, on or today(), graph)
    findings: list[Finding] = []
    parts = part_names(type(card)) if isinstance(card, CardObject) else part_names()
    kind = context.kind
    for rule in ALL_RULES:
        if rule.check is None or not rule.applies_to(kind, parts):
            continue
        severity = effective_severity(rule, config)
        if severity is None:
            continue
        for path, message in rule.check(context):
            part = str(path[0]) if path and path[0] in parts else rule.part
            position = finding_position(document, path)
            findings.append(Finding(document.path, position, rule.id, severity, message, dotted(path), part))
    return sorted(findings)
