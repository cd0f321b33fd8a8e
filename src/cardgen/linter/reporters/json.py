"""JSON for scripts: every finding, problem, coverage and completeness figure, with a stable shape."""

from __future__ import annotations

import json
from typing import Any, TextIO

from cardgen.completeness import FIELD_STATES, Completeness, PartCompleteness
from cardgen.errors import Position, Problem
from cardgen.linter.findings import Finding
from cardgen.linter.profiles.coverage import Coverage
from cardgen.linter.run import LintResults

FORMAT_VERSION = 3
"""2: findings and coverage name the card's ``part`` (was ``stage``, which now means a chain stage only).
3: completeness counts each state; coverage items give their ``state``, conditions and rationale."""


def _score(score: Completeness) -> dict[str, Any]:
    return {"answered": score.answered, "total": score.total, "ratio": round(score.ratio, 4)}


def completeness_data(score: PartCompleteness) -> dict[str, Any]:
    """A part's fields by state; ``answered`` and ``ratio`` count documented fields only."""
    return {**_score(score), **{state: score.count(state) for state in FIELD_STATES}}


def _where(path: str, position: Position) -> dict[str, Any]:
    return {"path": path, "line": position.line, "column": position.column}


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        **_where(finding.path, finding.position),
        "severity": finding.severity,
        "rule": finding.rule_id,
        "message": finding.message,
        "field": finding.field,
        "part": finding.part,
    }


def problem_data(problem: Problem) -> dict[str, Any]:
    return {**_where(problem.path, problem.position), "message": problem.message}


def coverage_data(result: Coverage) -> dict[str, Any]:
    """The coverage report: per part, each item's state (covered, unknown, none, missing) and what counts for it."""
    return {
        "profile": result.profile,
        "title": result.title,
        "overall": _score(result.overall),
        "parts": {
            part: {
                **_score(score),
                "items": [
                    {
                        "id": each.item.id,
                        "title": each.item.title,
                        "fields": list(each.item.fields),
                        "match": each.item.match,
                        "every": each.item.every,
                        "where": {path: list(values) for path, values in each.item.where.items()},
                        "state": each.state,
                        "covered": each.covered,
                        "rationale": each.item.rationale,
                    }
                    for each in items
                ],
            }
            for part, (score, items) in result.by_part().items()
        },
    }


def results_data(results: LintResults) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "findings": [finding_data(finding) for finding in results.findings],
        "problems": [problem_data(problem) for problem in results.problems],
        "files": [
            {
                "path": result.path,
                "completeness": None
                if result.completeness is None
                else {part: completeness_data(score) for part, score in result.completeness.items()},
                "coverage": None if result.coverage is None else coverage_data(result.coverage),
            }
            for result in results.files
        ],
    }


def report(results: LintResults, stream: TextIO, *, color: bool = False) -> None:
    json.dump(results_data(results), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
