"""One lint run over many files: configuration, rules, suppression, coverage and completeness.

The CLI and the library call this; reporters only format what it returns.
Linting many cards takes two passes. The first reads each card, runs the rules
that look at the card alone, and keeps of it only its findings, its suppression
comments and the facts the ecosystem graph needs; the second links the facts
into the graph and runs the rules that follow dependencies. So a card is parsed
once, and ten thousand cards are never all in memory at once. A file that cannot
be read or parsed is reported without stopping the others.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardgen.completeness import PartCompleteness, card_completeness
from cardgen.ecosystem.graph import CardFacts, Graph, Loaded, load_card, read_card
from cardgen.errors import Problem
from cardgen.io.discover import card_files
from cardgen.io.loader import Document
from cardgen.linter import suppress
from cardgen.linter.config import DEFAULT_CONFIG, ConfigError, LintConfig, config_for, known_rule_ids
from cardgen.linter.engine import card_rule_findings, graph_rule_findings, lint_document, schema_findings
from cardgen.linter.findings import Finding
from cardgen.linter.profiles import load_profile
from cardgen.linter.profiles.coverage import Coverage, coverage
from cardgen.linter.rules.general import BAD_SUPPRESSION
from cardgen.parallel import shared_map

if TYPE_CHECKING:
    from cardgen.schema.card import CardBase


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    completeness: Mapping[str, PartCompleteness] | None
    """Per part of the card; None when the card does not fit the schema."""
    coverage: Coverage | None
    """Set under a coverage profile."""


@dataclass(frozen=True)
class LintResults:
    files: tuple[FileResult, ...]
    problems: tuple[Problem, ...]
    """Files that could not be read or parsed, and broken configuration files: exit code 2."""

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Every finding of every file, sorted by path and position (computed once)."""
        return sorted(finding for result in self.files for finding in result.findings)


def configured_findings(
    document: Document, card: CardBase | None, config: LintConfig, graph: Graph | None = None
) -> list[Finding]:
    """The findings of one card under a configuration, after its inline suppressions.

    ``graph`` is the ecosystem the card lives in, for the rules that follow dependencies.
    """
    findings = lint_document(document, card, config, graph=graph)
    return suppress.apply(document, findings, known_rule_ids(), config.severity_for(BAD_SUPPRESSION))


def card_findings(card: CardBase, source: Document | None = None, graph: Graph | None = None) -> list[Finding]:
    """What ``cardgen lint`` finds in a card object as it is now (changes made in code included).

    With the ``source`` file it was read from, under that file's configuration and
    inline suppressions and at its positions; without, under the default configuration
    and at no position (line 0). ``graph`` is the ecosystem the card lives in.
    """
    from cardgen.cards import as_document  # a card object from code: the models are loaded already

    config = config_for(source.path) if source is not None else DEFAULT_CONFIG
    return configured_findings(as_document(card, source), card, config, graph)


def _config(path: str, profile: str | None) -> LintConfig | None:
    """The configuration governing ``path``, or None when it ignores the card; raises ConfigError."""
    config = config_for(path)
    if profile is not None:
        config = config.with_profile(profile)
    return None if config.ignores(path) else config


@dataclass(frozen=True)
class _FirstPass:
    """What the first pass keeps of one card: all the second pass needs, and never the card itself."""

    result: FileResult
    """Its findings so far: those of the rules on the card alone, not yet suppressed."""
    suppressions: suppress.Suppressions
    file: Loaded | CardFacts
    """For the graph: the card's facts, or (when it does not fit the schema) the file without its document."""


def _first_pass(loaded: Loaded, config: LintConfig) -> _FirstPass:
    document = loaded.document
    assert document is not None
    suppressions = suppress.scan(document, known_rule_ids(), config.severity_for(BAD_SUPPRESSION))
    chosen = load_profile(config.profile)
    covered = coverage(chosen, document.data) if chosen.items else None
    if loaded.card is None:
        findings = schema_findings(loaded.path, loaded.problems, config)
        result = FileResult(loaded.path, tuple(findings), None, covered)
        return _FirstPass(result, suppressions, Loaded(loaded.path, None, None, loaded.problems))
    findings = card_rule_findings(document, loaded.card, config)
    result = FileResult(loaded.path, tuple(findings), card_completeness(loaded.card), covered)
    return _FirstPass(result, suppressions, CardFacts.of(loaded))


def _second_pass(first: _FirstPass, config: LintConfig, graph: Graph) -> FileResult:
    own = first.result
    findings = [*own.findings, *graph_rule_findings(graph, own.path, config)]
    return FileResult(own.path, tuple(first.suppressions.apply(findings)), own.completeness, own.coverage)


def _lint(read: list[tuple[LintConfig, _FirstPass]]) -> tuple[FileResult, ...]:
    """The second pass over cards read together: their graph, then the rules that follow it."""
    graph = Graph.build((first.file for _, first in read), records=True, keep=False)
    return tuple(_second_pass(first, config, graph) for config, first in read)


def lint_file(path: str, profile: str | None = None) -> FileResult | None:
    """Lint one card, with the cards its ``card:`` links lead to; None when its configuration ignores it.

    Raises :class:`~cardgen.errors.LoadError` or :class:`~cardgen.linter.config.ConfigError`.
    """
    config = _config(path, profile)
    if config is None:
        return None
    (result,) = _lint([(config, _first_pass(load_card(path, records=True), config))])
    return result


def _read_one(chosen: list[tuple[str, LintConfig]], index: int) -> _FirstPass | tuple[Problem, ...]:
    path, config = chosen[index]
    loaded = read_card(path, records=True)
    return loaded.problems if loaded.document is None else _first_pass(loaded, config)


def lint_files(
    paths: Iterable[str | os.PathLike[str]], profile: str | None = None, jobs: int | None = 1
) -> LintResults:
    """Lint every card under ``paths``; ``profile`` overrides the configurations' ``extends``.

    The cards are linted together: dependencies resolve among them (and to the cards
    their ``card:`` paths name), so each card is checked against its ecosystem. The
    first pass (reading, and the rules on each card alone) is shared by ``jobs``
    processes (None: one per core); the results are the same, in the same order.
    """
    planned: list[tuple[str, LintConfig] | ConfigError] = []
    for path in card_files(paths):
        try:
            config = _config(path, profile)
        except ConfigError as error:
            planned.append(error)
            continue
        if config is not None:
            planned.append((path, config))
    chosen = [each for each in planned if not isinstance(each, ConfigError)]
    done = iter(shared_map(_read_one, chosen, range(len(chosen)), jobs))
    problems: dict[Problem, None] = {}
    read: list[tuple[LintConfig, _FirstPass]] = []
    for each in planned:  # the problems in the order of the files
        if isinstance(each, ConfigError):
            problems.update(dict.fromkeys(each.problems))
            continue
        first = next(done)
        if isinstance(first, _FirstPass):
            read.append((each[1], first))
        else:
            problems.update(dict.fromkeys(first))
    return LintResults(_lint(read), tuple(problems))
