"""`cardgen lint` as users run it: in a terminal, in CI and with configuration files."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cardgen

GOOD = """\
# A small card with no errors (warnings pass under the standard profile).
model:
  name: tiny-classifier
  version: "1.0"
  description: A logistic-regression classifier for short English product reviews.
  organization: Example Lab
  license: Apache-2.0
  type: text classifier
  contact: lab@example.org
training:
  objective: cross-entropy on labelled reviews
  energy: {value: unknown, explanation: "trained on a laptop without metering"}
"""

BAD = GOOD.replace("Example Lab", "TODO")


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A repository with a good and a bad card (the .git directory bounds the configuration search)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.card.yaml").write_text(GOOD)
    (tmp_path / "bad.card.yaml").write_text(BAD)
    return tmp_path


def _lint(cards: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cardgen("lint", *args, cwd=cards, env=env)


def test_exit_codes(cards: Path) -> None:
    good = _lint(cards, "good.card.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    found = Counter(
        item["severity"] for item in json.loads(_lint(cards, "-f", "json", "good.card.yaml").stdout)["findings"]
    )
    assert found["error"] == 0
    assert found["warning"] > 0, "warnings alone pass under the standard profile"
    warnings = f"{found['warning']} warning{'s' if found['warning'] != 1 else ''}"
    assert f"0 errors, {warnings}, {found['info']} info in 1 card" in good.stdout

    bad = _lint(cards, "good.card.yaml", "bad.card.yaml")
    assert bad.returncode == 1
    line = "bad.card.yaml:6:17: error CG001 placeholder text 'TODO' left in"
    assert any(out.startswith(line) for out in bad.stdout.splitlines()), bad.stdout

    assert _lint(cards, "--strict", "good.card.yaml").returncode == 1
    assert _lint(cards, "--profile", "minimal", "--strict", "good.card.yaml").returncode == 0

    usage = _lint(cards, "--format", "xml", "good.card.yaml")
    assert usage.returncode == 2
    assert "Invalid value for '-f' / '--format'" in usage.stderr


def test_a_parse_error_is_reported_and_the_other_files_are_still_linted(cards: Path) -> None:
    (cards / "broken.card.yaml").write_text("model:\n  name: x\n  description: [unclosed\n")
    result = _lint(cards, "broken.card.yaml", "bad.card.yaml", "missing.card.yaml")
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert any(line.startswith("broken.card.yaml:4:1: YAML syntax error") for line in errors), result.stderr
    assert any(line.startswith("missing.card.yaml:1:1: cannot read the file") for line in errors), result.stderr
    assert "bad.card.yaml:6:17: error CG001" in result.stdout
    assert "Traceback" not in result.stderr


def test_quiet_prints_findings_without_the_summary(cards: Path) -> None:
    full = _lint(cards, "good.card.yaml", "bad.card.yaml")
    quiet = _lint(cards, "-q", "good.card.yaml", "bad.card.yaml")
    assert quiet.returncode == full.returncode == 1
    finding_lines = [line for line in full.stdout.splitlines() if re.match(r"\S+\.card\.yaml:\d+:\d+: ", line)]
    assert len(finding_lines) > 10
    assert quiet.stdout.splitlines() == finding_lines
    assert "in 2 cards" in full.stdout
    assert "Completeness" in full.stdout


def test_directories_are_searched_for_cards(cards: Path) -> None:
    (cards / "notes.yaml").write_text("not: a card\n")
    result = _lint(cards, "--format", "json", ".")
    data = json.loads(result.stdout)
    assert sorted(file["path"] for file in data["files"]) == ["bad.card.yaml", "good.card.yaml"]


def test_configuration_and_inline_suppression(cards: Path) -> None:
    (cards / ".cardgen.yaml").write_text("rules:\n  CG001: warning\n  CG302: off\nignore: [skip*]\n")
    (cards / "skipped.card.yaml").write_text("model: [not, a, card]\n")
    result = _lint(cards, "bad.card.yaml", "skipped.card.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning CG001" in result.stdout
    assert "CG302" not in result.stdout
    assert "skipped" not in result.stdout + result.stderr

    (cards / "bad.card.yaml").write_text(
        BAD.replace("organization: TODO", "organization: TODO  # cardgen: disable=CG001,CG9")
    )
    result = _lint(cards, "bad.card.yaml")
    assert "CG001" not in result.stdout.replace("CG090", "")
    assert "bad.card.yaml:6:48: warning CG090 unknown rule id 'CG9'" in result.stdout


def test_a_broken_configuration_exits_2_and_points_at_the_line(cards: Path) -> None:
    (cards / ".cardgen.yaml").write_text("extends: standard\nrules:\n  CG9999: off\n")
    result = _lint(cards, "good.card.yaml", "bad.card.yaml")
    assert result.returncode == 2
    config_errors = [
        line for line in result.stderr.splitlines() if line.startswith(".cardgen.yaml") or "/.cardgen.yaml:" in line
    ]
    assert len(config_errors) == 1, "reported once, not once per card"
    assert config_errors[0].endswith(":3:3: unknown rule id 'CG9999' in 'rules'; `cardgen rules` lists the rule ids")


def test_coverage_profile_prints_items_and_percentages_per_part(cards: Path) -> None:
    result = _lint(cards, "--profile", "fmti", "good.card.yaml")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    start = lines.index("FMTI coverage of good.card.yaml:")
    block = lines[start:]
    assert block[1].split() == ["model", "12%", "(1/8)"]
    assert any(line.split()[:2] == ["covered", "model-license:"] for line in block)
    assert any(line.split()[:2] == ["missing", "model-size:"] and "(fill model.parameters)" in line for line in block)
    assert any(
        line.split()[:2] == ["missing", "centralized-model-documentation:"]
        and "fill model.description and model.architecture" in line
        for line in block
    ), "a description alone is not the key information"
    assert any(line.split()[:3] == ["training", "0%", "(0/10)"] for line in block)
    assert any(line.split()[:2] == ["unknown", "energy-usage:"] for line in block), "stated unknown, not covered"
    assert any(line.split() == ["overall", "1%", "(1/83)"] for line in block)
    assert "warning CG301" in result.stdout, "lint findings still run, under the standard rules"


def test_json_carries_the_coverage_report_for_dashboards(cards: Path) -> None:
    result = _lint(cards, "--profile", "eu-ai-act-xii", "--format", "json", "good.card.yaml")
    assert result.returncode == 0
    report = json.loads(result.stdout)["files"][0]["coverage"]
    assert report["profile"] == "eu-ai-act-xii"
    assert report["overall"] == {"answered": 1, "total": 12, "ratio": 0.0833}
    items = {item["id"]: item for part in report["parts"].values() for item in part["items"]}
    assert items["1h"]["state"] == "covered"
    assert items["2b"]["fields"][-1] == "model.max_input_size"
    assert items["2b"]["rationale"].startswith("XII 2(b)")
    plain = json.loads(_lint(cards, "--format", "json", "good.card.yaml").stdout)
    assert plain["files"][0]["coverage"] is None, "no profile, no coverage"
    assert plain["files"][0]["completeness"]["training"]["explained_unknown"] == 1


def test_format_auto_is_github_under_actions(cards: Path) -> None:
    result = _lint(cards, "--format", "auto", "bad.card.yaml", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::")
    assert "::error file=bad.card.yaml,line=6,col=17,title=CG001 placeholder-text::" in result.stdout
    plain = _lint(cards, "--format", "auto", "bad.card.yaml", env={"GITHUB_ACTIONS": ""})
    assert plain.stdout.startswith("bad.card.yaml:")


def test_sarif_output_is_json_with_relative_uris(cards: Path) -> None:
    result = _lint(cards, "--format", "sarif", "bad.card.yaml")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"bad.card.yaml"}


def _on_terminal(cards: Path, env: dict[str, str]) -> str:
    """Run lint with stdout on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    full_env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "cardgen", "lint", "bad.card.yaml"],
        cwd=cards,
        env=full_env,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color(cards: Path) -> None:
    assert "\033[31merror\033[0m" in _on_terminal(cards, {})
    plain = _on_terminal(cards, {"NO_COLOR": "1"})
    assert "error CG001" in plain
    assert "\033[" not in plain


def test_lint_does_not_import_the_renderer(cards: Path) -> None:
    code = (
        "import sys\nfrom cardgen.cli import main\n"
        "try:\n    main(['lint', '--format', 'sarif', '--profile', 'fmti', 'bad.card.yaml'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'weasyprint', 'markdown_it')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cards,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_lint_with_a_warm_cache_does_not_import_pydantic(cards: Path, tmp_path: Path) -> None:
    """With the validator cached, lint validates into plain records: pydantic-core only, no pydantic, no models."""
    (cards / "invalid.card.yaml").write_text("model: {name: m, licence: MIT}\n")
    code = (
        "import json, sys\nfrom cardgen.cli import main\n"
        "try:\n    main(['lint', '--format', 'json', *sys.argv[1:]])\n"
        "except SystemExit as done:\n    code = done.code\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "CARDGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CARDGEN_NO_CACHE", None)
    runs = []
    for _ in range(2):  # the first run builds the cache (with pydantic), the second reads it
        for card in ("good.card.yaml", "bad.card.yaml", "invalid.card.yaml"):
            run = subprocess.run(
                [sys.executable, "-c", code, card], cwd=cards, capture_output=True, text=True, check=False, env=env
            )
            report = json.loads(run.stderr.strip().splitlines()[-1])
            runs.append((card, report["code"], json.loads(run.stdout), set(report["modules"])))
    cold, warm = runs[:3], runs[3:]
    for (card, code, output, _), (_, warm_code, warm_output, modules) in zip(cold, warm, strict=True):
        assert (warm_code, warm_output) == (code, output), card  # the same findings, messages and exit code
        assert "pydantic_core" in modules
        assert "cardgen.linter.engine" in modules
        assert {name for name in modules if name.split(".")[0] == "pydantic"} == set(), card
        assert "cardgen.schema.card" not in modules, card
    assert [code for _, code, _, _ in warm] == [0, 1, 1]
    assert "pydantic" in cold[0][3], "the first run builds the validator with pydantic"
