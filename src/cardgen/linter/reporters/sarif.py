"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

Every rule goes into the driver's metadata, so viewers can show the help text
of a rule even for runs where it found nothing; locations are relative URIs
against %SRCROOT% (the working directory), as GitHub code scanning expects.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from cardgen.errors import Problem
from cardgen.linter.config import all_rules
from cardgen.linter.findings import Severity
from cardgen.linter.rules import Rule
from cardgen.linter.run import LintResults

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")
    return quote(relative, safe="/")


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line, "startColumn": column},
        }
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"part": rule.part, "tags": ["documentation", rule.part]},
    }


def _notification(problem: Problem) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": problem.message},
        "locations": [_location(problem.path, problem.position.line, problem.position.column)],
    }


def _version() -> str:
    try:
        return metadata.version("cardgen")
    except metadata.PackageNotFoundError:
        return "0"


def sarif_log(results: LintResults) -> dict[str, Any]:
    rules = all_rules()
    index = {rule.id: number for number, rule in enumerate(rules)}
    sarif_results = []
    for finding in results.findings:
        entry: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(finding.path, finding.position.line, finding.position.column)],
        }
        if finding.rule_id in index:
            entry["ruleIndex"] = index[finding.rule_id]
        if finding.field:
            entry["properties"] = {"field": finding.field, "part": finding.part}
        sarif_results.append(entry)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cardgen",
                        "semanticVersion": _version(),
                        "informationUri": "https://github.com/cardgen/cardgen",
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not results.problems,
                        "toolExecutionNotifications": [_notification(problem) for problem in results.problems],
                    }
                ],
                "results": sarif_results,
            }
        ],
    }


def report(results: LintResults, stream: TextIO, *, color: bool = False) -> None:
    json.dump(sarif_log(results), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
