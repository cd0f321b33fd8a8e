"""Run the rules over cards and turn their data paths into positions in the file.

The card validator is built once per process (or loaded from its cache), so
linting a thousand cards costs one start-up and a thousand parses; the loop over
files, with configuration and suppression, is :mod:`cardgen.linter.run`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from cardgen.ecosystem.graph import Graph, Loaded
from cardgen.errors import DataPath, Position, Problem, dotted
from cardgen.io.discover import path_key
from cardgen.io.loader import Document
from cardgen.linter.config import LintConfig
from cardgen.linter.findings import Finding, Severity
from cardgen.linter.profiles import Profile
from cardgen.linter.rules import ALL_RULES, SCHEMA, Context, Rule
from cardgen.schema.parts import card_part_names
from cardgen.validation import check


class RuleSettings(Protocol):
    """What the engine needs from a configuration or profile: a severity per rule, None when it is off."""

    def severity_for(self, rule: Rule) -> Severity | None: ...


def today() -> datetime.date:
    """The latest date that is already past or present somewhere on Earth (UTC+14 is a day ahead)."""
    return datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=1)


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
    dependencies; without it, they see the card alone.
    """
    if card is None:
        card, problems = check(document, records=True)
        if card is None:
            return sorted(schema_findings(document.path, problems, config))
    if graph is None:
        graph = Graph.build([Loaded(document.path, document, card)], follow=False)
    return sorted(
        [*card_rule_findings(document, card, config, on=on), *graph_rule_findings(graph, document.path, config)]
    )


def schema_findings(path: str, problems: Iterable[Problem], config: RuleSettings | None = None) -> list[Finding]:
    """A card that does not fit the schema: CG000 for each problem (graded by configuration, never off)."""
    graded = effective_severity(SCHEMA, config) or SCHEMA.severity
    return [
        Finding(path, problem.position, SCHEMA.id, graded, problem.message, "", SCHEMA.part) for problem in problems
    ]


def card_rule_findings(
    document: Document, card: Any, config: RuleSettings | None = None, *, on: datetime.date | None = None
) -> list[Finding]:
    """Findings of the rules that look at the valid card alone (every rule but the graph's), unsorted."""
    context = Context(document, card, document.path, on or today())
    parts = card_part_names(card)
    findings: list[Finding] = []
    for rule, severity in _applying(config, context.kind, parts):
        assert rule.check is not None
        for path, message in rule.check(context):
            findings.append(_finding(document.path, document.point(path), rule, severity, message, path, parts))
    return findings


def graph_rule_findings(graph: Graph, path: str, config: RuleSettings | None = None) -> list[Finding]:
    """Findings of the rules that follow dependencies, for the card at ``path`` among the cards of ``graph``,
    unsorted. They need only the graph's facts and positions, not the card."""
    facts = graph.facts.get(path_key(path))
    if facts is None:
        return []
    findings: list[Finding] = []
    for rule, severity in _applying(config, facts.node.kind, facts.parts, graph=True):
        assert rule.graph_check is not None
        for data_path, message in rule.graph_check(graph, path):
            position = graph.position(path, data_path)
            findings.append(_finding(path, position, rule, severity, message, data_path, facts.parts))
    return findings


_PLANS: dict[tuple[int, str, tuple[str, ...], bool], tuple[RuleSettings | None, tuple[tuple[Rule, Severity], ...]]] = {}
"""The rules that check a kind of card with these parts, with their severities, per configuration: worked out
once per configuration, not once per card. Each entry keeps its configuration alive, so that the id in its key
stays that configuration's."""


def _applying(
    config: RuleSettings | None, kind: str, parts: tuple[str, ...], *, graph: bool = False
) -> tuple[tuple[Rule, Severity], ...]:
    """The rules of one kind (the card's own, or the graph's) that check this card and are on, with their severity."""
    if not isinstance(config, (LintConfig, Profile, type(None))):  # settings of other kinds may change
        return _plan(config, kind, parts, graph)
    key = (id(config), kind, parts, graph)
    known = _PLANS.get(key)
    if known is None or known[0] is not config:
        if len(_PLANS) >= 256:  # configurations come and go in a long-lived process
            _PLANS.clear()
        known = _PLANS[key] = (config, _plan(config, kind, parts, graph))
    return known[1]


def _plan(
    config: RuleSettings | None, kind: str, parts: tuple[str, ...], graph: bool
) -> tuple[tuple[Rule, Severity], ...]:
    plan = []
    for rule in ALL_RULES:
        if (rule.graph_check if graph else rule.check) is None or not rule.applies_to(kind, parts):
            continue
        severity = effective_severity(rule, config)
        if severity is not None:
            plan.append((rule, severity))
    return tuple(plan)


def _finding(
    file: str, position: Position, rule: Rule, severity: Severity, message: str, path: DataPath, parts: tuple[str, ...]
) -> Finding:
    part = str(path[0]) if path and path[0] in parts else rule.part
    return Finding(file, position, rule.id, severity, message, dotted(path), part)
