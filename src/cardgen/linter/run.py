"""One lint run over many files: configuration, rules, suppression, coverage and completeness.

The CLI and the library call this; reporters only format what it returns.
Every card is read first, so that dependencies resolve among all of them (the
ecosystem graph); then each is linted. A file that cannot be read or parsed is
reported without stopping the others.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardgen.completeness import PartCompleteness, card_completeness
from cardgen.ecosystem.graph import Graph, Loaded, load_card, read_card
from cardgen.errors import Problem
from cardgen.io.discover import card_files
from cardgen.io.loader import Document
from cardgen.linter import suppress
from cardgen.linter.config import DEFAULT_CONFIG, ConfigError, LintConfig, config_for, known_rule_ids
from cardgen.linter.engine import lint_document
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


def _result(loaded: Loaded, config: LintConfig, graph: Graph) -> FileResult:
    assert loaded.document is not None
    findings = configured_findings(loaded.document, loaded.card, config, graph)
    chosen = load_profile(config.profile)
    return FileResult(
        loaded.path,
        tuple(findings),
        card_completeness(loaded.card) if loaded.card is not None else None,
        coverage(chosen, loaded.document.data) if chosen.items else None,
    )


def lint_file(path: str, profile: str | None = None) -> FileResult | None:
    """Lint one card, with the cards its ``card:`` links lead to; None when its configuration ignores it.

    Raises :class:`~cardgen.errors.LoadError` or :class:`~cardgen.linter.config.ConfigError`.
    """
    config = _config(path, profile)
    if config is None:
        return None
    loaded = load_card(path, records=True)
    return _result(loaded, config, Graph.build([loaded], records=True))


def _lint_one(shared: tuple[list[tuple[LintConfig, Loaded]], Graph], index: int) -> FileResult:
    chosen, graph = shared
    config, loaded = chosen[index]
    return _result(loaded, config, graph)


def lint_files(
    paths: Iterable[str | os.PathLike[str]], profile: str | None = None, jobs: int | None = 1
) -> LintResults:
    """Lint every card under ``paths``; ``profile`` overrides the configurations' ``extends``.

    The cards are linted together: dependencies resolve among them (and to the cards
    their ``card:`` paths name), so each card is checked against its ecosystem. Then
    ``jobs`` processes (None: one per core) share the rules' work; the results are the
    same, in the same order.
    """
    problems: dict[Problem, None] = {}
    chosen: list[tuple[LintConfig, Loaded]] = []
    try:
        for path in card_files(paths):
            try:
                config = _config(path, profile)
            except ConfigError as error:
                problems.update(dict.fromkeys(error.problems))
                continue
            if config is None:
                continue
            loaded = read_card(path, records=True)
            # The cards stay in memory until every one is linted; frozen, the garbage collector
            # stops re-scanning them on every collection (a third of the run time at 1,000 cards).
            gc.freeze()
            if loaded.document is None:
                problems.update(dict.fromkeys(loaded.problems))
                continue
            chosen.append((config, loaded))
        graph = Graph.build((loaded for _, loaded in chosen), records=True)
        results = tuple(shared_map(_lint_one, (chosen, graph), range(len(chosen)), jobs))
    finally:
        gc.unfreeze()
    return LintResults(results, tuple(problems))
