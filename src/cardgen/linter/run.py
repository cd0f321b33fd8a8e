"""One lint run over many files: configuration, rules, suppression, coverage and completeness.

The CLI and the library call this; reporters only format what it returns.
Files are read one at a time as their turn comes, and a file that cannot be
read or parsed is reported without stopping the others.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cardgen.cards import as_document
from cardgen.completeness import PartCompleteness, card_completeness
from cardgen.errors import LoadError, Problem
from cardgen.io.discover import card_files
from cardgen.io.loader import Document, read_document
from cardgen.linter import suppress
from cardgen.linter.config import DEFAULT_CONFIG, ConfigError, LintConfig, config_for, known_rule_ids
from cardgen.linter.engine import lint_document
from cardgen.linter.findings import Finding
from cardgen.linter.profiles import load_profile
from cardgen.linter.profiles.coverage import Coverage, coverage
from cardgen.linter.rules.general import BAD_SUPPRESSION
from cardgen.parallel import parallel_map
from cardgen.schema.card import Card
from cardgen.validation import check


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


def configured_findings(document: Document, card: Card | None, config: LintConfig) -> list[Finding]:
    """The findings of one card under a configuration, after its inline suppressions."""
    findings = lint_document(document, card, config)
    return suppress.apply(document, findings, known_rule_ids(), config.severity_for(BAD_SUPPRESSION))


def card_findings(card: Card, source: Document | None = None) -> list[Finding]:
    """What ``cardgen lint`` finds in a card object as it is now (changes made in code included).

    With the ``source`` file it was read from, under that file's configuration and
    inline suppressions and at its positions; without, under the default configuration
    and at no position (line 0).
    """
    config = config_for(source.path) if source is not None else DEFAULT_CONFIG
    return configured_findings(as_document(card, source), card, config)


def lint_file(path: str, profile: str | None = None) -> FileResult | None:
    """Lint one card under its discovered configuration; None when the configuration ignores it.

    Raises :class:`~cardgen.errors.LoadError` or :class:`~cardgen.linter.config.ConfigError`.
    """
    config = config_for(path)
    if profile is not None:
        config = config.with_profile(profile)
    if config.ignores(path):
        return None
    document = read_document(path)
    card, _ = check(document)
    findings = configured_findings(document, card, config)
    chosen = load_profile(config.profile)
    return FileResult(
        path,
        tuple(findings),
        card_completeness(card) if card is not None else None,
        coverage(chosen, document.data) if chosen.items else None,
    )


def _outcome(task: tuple[str, str | None]) -> FileResult | tuple[Problem, ...] | None:
    """One file's result, or the problems that stopped it, as a value (it may cross a process boundary)."""
    path, profile = task
    try:
        return lint_file(path, profile)
    except (LoadError, ConfigError) as error:
        return tuple(error.problems)


def lint_files(
    paths: Iterable[str | os.PathLike[str]], profile: str | None = None, jobs: int | None = 1
) -> LintResults:
    """Lint every card under ``paths``; ``profile`` overrides the configurations' ``extends``.

    ``jobs`` processes share the files (None: one per core); the results are the same, in the same order.
    """
    results: list[FileResult] = []
    problems: dict[Problem, None] = {}
    for outcome in parallel_map(_outcome, [(path, profile) for path in card_files(paths)], jobs):
        if isinstance(outcome, FileResult):
            results.append(outcome)
        elif outcome is not None:
            problems.update(dict.fromkeys(outcome))
    return LintResults(tuple(results), tuple(problems))
