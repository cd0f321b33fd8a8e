"""Reporters: SARIF that validates, GitHub commands that cannot be broken, JSON and text as documented."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cardgen.completeness import PartCompleteness
from cardgen.errors import Position, Problem
from cardgen.linter.findings import Finding
from cardgen.linter.profiles import load_profile
from cardgen.linter.profiles.coverage import coverage
from cardgen.linter.reporters import REPORTERS, auto_format, reporter, use_color
from cardgen.linter.reporters import json as json_reporter
from cardgen.linter.reporters.github import escape_data, escape_property
from cardgen.linter.rules import ALL_RULES
from cardgen.linter.run import FileResult, LintResults, lint_files
from cardgen.linter.suppress import BAD_SUPPRESSION
from cardgen.schema.parts import PARTS, part_names
from tests.conftest import HOSTILE_INPUT_BOUNDS

pytestmark = HOSTILE_INPUT_BOUNDS

REPO = Path(__file__).resolve().parents[2]
HOSTILE = "50% done\r\nline two, with: colons\n::error::injected"


def _results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintResults:
    monkeypatch.chdir(tmp_path)
    path = "cards/my model.card.yaml"
    findings = (
        Finding(path, Position(3, 5), "CG301", "warning", "training lacks 'energy'", "training.energy", "training"),
        Finding(path, Position(1, 1), "CG001", "error", HOSTILE, "model.description", "model"),
        Finding(path, Position(7, 2), "CG105", "info", "'parameters' is missing", "model.parameters", "model"),
        Finding(path, Position(9, 30), BAD_SUPPRESSION.id, "warning", "unknown rule id 'CG999'", "", "card"),
    )
    completeness = {
        part: PartCompleteness(1, 5, explained_unknown=1, bare_unknown=1, missing=2) for part in part_names()
    }
    covered = coverage(load_profile("fmti"), {"model": {"name": "x", "parameters": 5}})
    return LintResults(
        (FileResult(path, tuple(sorted(findings)), completeness, covered),),
        (Problem("broken.card.yaml", Position(4, 7), "YAML syntax error: found ':'"),),
    )


def _render(name: str, results: LintResults, color: bool = False) -> str:
    stream = io.StringIO()
    reporter(name)(results, stream, color=color)
    return stream.getvalue()


def test_sarif_validates_against_the_official_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    schema = json.loads((shared_data / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(_render("sarif", _results(tmp_path, monkeypatch)))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    broken = {**log, "runs": [{**log["runs"][0], "results": [{"message": "not an object"}]}]}
    assert list(validator.iter_errors(broken)), "the schema check must be able to fail"


def test_sarif_structure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log: dict[str, Any] = json.loads(_render("sarif", _results(tmp_path, monkeypatch)))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in ALL_RULES]
    assert BAD_SUPPRESSION.id in {rule["id"] for rule in rules}
    by_id = {rule["id"]: rule for rule in rules}
    cg301 = next(rule for rule in ALL_RULES if rule.id == "CG301")
    assert by_id["CG301"]["name"] == cg301.name
    assert by_id["CG301"]["shortDescription"]["text"] == cg301.summary
    assert by_id["CG301"]["help"]["text"] == cg301.doc
    assert by_id["CG301"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["CG105"]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("CG001", "error"),
        ("CG301", "warning"),
        ("CG105", "note"),
        (BAD_SUPPRESSION.id, "warning"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    location = results[1]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "cards/my%20model.card.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert results[0]["message"]["text"] == "50% done\\r\\nline two, with: colons\\n::error::injected"

    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 7}


def test_github_escaping_of_hostile_messages() -> None:
    assert escape_data(HOSTILE) == "50%25 done%0D%0Aline two, with: colons%0A::error::injected"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _render("github", _results(tmp_path, monkeypatch)).splitlines()
    assert (
        lines[0]
        == "::error file=broken.card.yaml,line=4,col=7,title=cardgen%3A cannot lint this file::YAML syntax error: found ':'"
    )
    assert lines[1] == (
        "::error file=cards/my model.card.yaml,line=1,col=1,title=CG001 placeholder-text::"
        "50%25 done\\r\\nline two, with: colons\\n::error::injected"
    )
    assert lines[2].startswith("::warning file=cards/my model.card.yaml,line=3,col=5,title=CG301 ")
    assert lines[3].startswith("::notice file=cards/my model.card.yaml,line=7,col=2,title=CG105 ")
    assert lines[4].startswith("::warning ")
    assert f"title={BAD_SUPPRESSION.id} bad-suppression::" in lines[4]
    assert lines[5].startswith("::notice file=cards/my model.card.yaml,title=FMTI coverage::")
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert len(lines) == 6


def test_json_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(_render("json", _results(tmp_path, monkeypatch)))
    assert data["version"] == 3
    assert [f["rule"] for f in data["findings"]] == ["CG001", "CG301", "CG105", BAD_SUPPRESSION.id]
    assert data["findings"][1] == {
        "path": "cards/my model.card.yaml",
        "line": 3,
        "column": 5,
        "severity": "warning",
        "rule": "CG301",
        "message": "training lacks 'energy'",
        "field": "training.energy",
        "part": "training",
    }
    assert data["problems"] == [
        {"path": "broken.card.yaml", "line": 4, "column": 7, "message": "YAML syntax error: found ':'"}
    ]
    file = data["files"][0]
    assert file["completeness"]["training"] == {
        "answered": 1,
        "total": 5,
        "ratio": 0.2,
        "documented": 1,
        "explained_unknown": 1,
        "bare_unknown": 1,
        "not_applicable": 0,
        "missing": 2,
    }
    fmti = file["coverage"]
    assert fmti["profile"] == "fmti"
    model_size = next(i for i in fmti["parts"]["model"]["items"] if i["title"] == "Model size")
    assert model_size == {
        "id": "model-size",
        "title": "Model size",
        "fields": ["model.parameters"],
        "match": "any",
        "every": False,
        "where": {},
        "state": "covered",
        "covered": True,
        "rationale": "FMTI: 'For all components of the model, is the associated model size disclosed?'",
    }
    third_party = next(
        i for i in fmti["parts"]["evaluation"]["items"] if i["id"] == "third-party-capabilities-evaluation"
    )
    assert third_party["where"]["evaluation.results.source.verified"] == [True]
    assert fmti["overall"]["total"] == len(load_profile("fmti").items)


def test_text_lists_findings_by_position_then_coverage_and_ends_with_completeness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _render("text", _results(tmp_path, monkeypatch))
    lines = text.splitlines()
    assert (
        lines[0] == "cards/my model.card.yaml:1:1: error CG001 50% done\\r\\nline two, with: colons\\n::error::injected"
    )
    assert lines[1] == "cards/my model.card.yaml:3:5: warning CG301 training lacks 'energy'"
    assert "FMTI coverage of cards/my model.card.yaml:" in lines
    assert any(line.strip().startswith("covered") and "Model size" in line for line in lines)
    assert any(
        line.strip().startswith("missing") and "Energy usage" in line and "training.energy" in line for line in lines
    )
    total = len(load_profile("fmti").items)
    assert any(line.strip().startswith("overall") and f"(1/{total})" in line for line in lines)
    assert "1 error, 2 warnings, 1 info in 1 card; 1 problem kept files from being linted" in lines
    assert lines[-len(PARTS) - 1] == "Completeness by part (1 valid card):"
    assert lines[-1] == (
        "  dependencies    20% 1 of 5 documented; 1 unknown, explained; 1 unknown, no reason given; 2 missing"
    )
    assert "\033[" not in text


def test_text_colour_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _render("text", _results(tmp_path, monkeypatch), color=True)
    assert "\033[31merror\033[0m" in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_and_format_choice_follow_the_environment() -> None:
    assert use_color(_Terminal(), {}) is True
    assert use_color(_Terminal(), {"NO_COLOR": "1"}) is False
    assert use_color(io.StringIO(), {}) is False
    assert auto_format({"GITHUB_ACTIONS": "true"}) == "github"
    assert auto_format({}) == "text"


def test_every_format_has_a_reporter() -> None:
    assert all(callable(reporter(name)) for name in REPORTERS.names())
    with pytest.raises(ValueError, match="unknown lint output format 'xml': choose text, json, sarif or github"):
        reporter("xml")


def test_text_never_passes_terminal_escapes_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _results(tmp_path, monkeypatch)
    finding = results.findings[0]
    hostile = LintResults(
        (
            FileResult(
                "x\x1b.card.yaml", (replace(finding, path="x\x1b.card.yaml", message="ok\x1b[2J\x07"),), None, None
            ),
        ),
        (),
    )
    assert "x\\x1b.card.yaml:1:1: error CG001 ok\\x1b[2J\\x07" in _render("text", hostile)


def test_the_json_report_written_entry_by_entry_is_what_one_json_dump_writes(tmp_path: Path) -> None:
    (tmp_path / "bad.card.yaml").write_text("model: [\n", encoding="utf-8")
    (tmp_path / "odd.card.yaml").write_text('model:\n  name: "na\\u00efve \\u2028 \\"q\\" \\t"\n', encoding="utf-8")
    problems = []
    for paths in ([REPO / "examples"], [tmp_path], [tmp_path / "odd.card.yaml"]):
        results = lint_files(paths)
        whole: dict[str, Any] = {"version": json_reporter.FORMAT_VERSION}
        whole |= {name: list(entries) for name, entries in json_reporter.results_data(results).items()}
        written = io.StringIO()
        json_reporter.report(results, written)
        assert written.getvalue() == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
        assert json.loads(written.getvalue()) == whole
        problems.append(len(whole["problems"]))
    assert problems == [0, 1, 0]  # lists empty and not
