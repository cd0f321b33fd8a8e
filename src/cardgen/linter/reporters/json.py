"""JSON for scripts: every finding, problem, coverage and completeness figure, with a stable shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from cardgen.completeness import FIELD_STATES, Completeness, PartCompleteness
from cardgen.errors import Position, Problem, shown
from cardgen.linter.findings import Finding
from cardgen.linter.profiles.coverage import Coverage
from cardgen.linter.run import FileResult, LintResults

FORMAT_VERSION = 3
"""2: findings and coverage name the card's ``part`` (was ``stage``, which now means a chain stage only).
3: completeness counts each state; coverage items give their ``state``, conditions and rationale."""


def _score(score: Completeness) -> dict[str, Any]:
    return {"answered": score.answered, "total": score.total, "ratio": round(score.ratio, 4)}


def completeness_data(score: PartCompleteness) -> dict[str, Any]:
    """A part's fields by state; ``answered`` and ``ratio`` count documented fields only."""
    return {**_score(score), **{state: score.count(state) for state in FIELD_STATES}}


def _where(path: str, position: Position) -> dict[str, Any]:
    return {"path": shown(path), "line": position.line, "column": position.column}


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        **_where(finding.path, finding.position),
        "severity": finding.severity,
        "rule": finding.rule_id,
        "message": shown(finding.message),
        "field": shown(finding.field),
        "part": finding.part,
    }


def problem_data(problem: Problem) -> dict[str, Any]:
    return {**_where(problem.path, problem.position), "message": shown(problem.message)}


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


def _file_data(result: FileResult) -> dict[str, Any]:
    return {
        "path": shown(result.path),
        "completeness": None
        if result.completeness is None
        else {part: completeness_data(score) for part, score in result.completeness.items()},
        "coverage": None if result.coverage is None else coverage_data(result.coverage),
    }


def results_data(results: LintResults) -> dict[str, Iterator[dict[str, Any]]]:
    """The report's top-level fields; the lists are generated one entry at a time (see :func:`report`)."""
    return {
        "findings": (finding_data(finding) for finding in results.findings),
        "problems": (problem_data(problem) for problem in results.problems),
        "files": (_file_data(result) for result in results.files),
    }


def report(results: LintResults, stream: TextIO, *, color: bool = False) -> None:
    """What ``json.dump(..., indent=2)`` of the whole report writes, written an entry at a time: the
    report of ten thousand cards would otherwise hold a dictionary per finding all at once."""
    encode = json.JSONEncoder(indent=2, ensure_ascii=False).encode
    stream.write(f'{{\n  "version": {FORMAT_VERSION}')
    for name, entries in results_data(results).items():
        stream.write(f",\n  {encode(name)}: [")
        separator = "\n    "
        for entry in entries:
            # Encoded text holds no raw newline but those of the indentation, which nest one level deeper.
            stream.write(separator + encode(entry).replace("\n", "\n    "))
            separator = ",\n    "
        stream.write("]" if separator == "\n    " else "\n  ]")
    stream.write("\n}\n")
