"""One lint run over many files: configuration, rules, suppression, coverage and completeness.

The CLI and the library call this; reporters only format what it returns.
Files are read one at a time as their turn comes, and a file that cannot be
read or parsed is reported without stopping the others.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cardgen.completeness import Completeness, card_completeness
from cardgen.errors import LoadError, Problem
from cardgen.io.loader import Document, read_document
from cardgen.linter import suppress
from cardgen.linter.config import ConfigError, LintConfig, config_for, known_rule_ids
from cardgen.linter.engine import lint_document
from cardgen.linter.findings import Finding
from cardgen.linter.profiles import load_profile
from cardgen.linter.profiles.coverage import Coverage, coverage
from cardgen.linter.rules.general import BAD_SUPPRESSION
from cardgen.schema.card import AnyCard
from cardgen.validation import check

CARD_PATTERNS: tuple[str, ...] = ("*.card.yaml", "*.card.yml", "*.card.json", "model_card.yaml", "model_card.yml")
"""The file names searched for when a directory is given; files named explicitly are always linted."""


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    completeness: Mapping[str, Completeness] | None
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


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, and the card files below each directory, in a stable order."""
    found: list[str] = []
    for path in (os.fspath(each) for each in paths):
        if not os.path.isdir(path):
            found.append(path)
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
            found.extend(
                os.path.normpath(os.path.join(directory, name))
                for name in sorted(files)
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in CARD_PATTERNS)
            )
    return found


def configured_findings(document: Document, card: AnyCard | None, config: LintConfig) -> list[Finding]:
    """The findings of one card under a configuration, after its inline suppressions."""
    findings = lint_document(document, card, config)
    return suppress.apply(document, findings, known_rule_ids(), config.severity_for(BAD_SUPPRESSION))


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


def lint_files(paths: Iterable[str | os.PathLike[str]], profile: str | None = None) -> LintResults:
    """Lint every card under ``paths``; ``profile`` overrides the configurations' ``extends``."""
    results: list[FileResult] = []
    problems: dict[Problem, None] = {}
    for path in expand(paths):
        try:
            result = lint_file(path, profile)
        except (LoadError, ConfigError) as error:
            problems.update(dict.fromkeys(error.problems))
            continue
        if result is not None:
            results.append(result)
    return LintResults(tuple(results), tuple(problems))
