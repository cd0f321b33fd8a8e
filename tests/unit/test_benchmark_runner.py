"""The benchmark runner's verdicts and exit code: a missed target, or one that could not be measured, is a
failed run; information rows are never judged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/run.py as a module, with no benchmark registered."""
    spec = importlib.util.spec_from_file_location("benchmark_runner", REPO / "benchmarks" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "BENCHMARKS", [])
    return module


def _exit_code(runner: ModuleType, monkeypatch: pytest.MonkeyPatch, *rows: object) -> int:
    runner.benchmark("fake")(lambda bench: list(rows))
    monkeypatch.setattr(sys, "argv", ["run.py", "--smoke", "--only", "fake"])
    code: int = runner.main()
    return code


@pytest.mark.parametrize(
    ("figure", "target", "verdict", "code"),
    [
        pytest.param(0.2, (0.3, False), "meets", 0, id="at-most-met"),
        pytest.param(0.3, (0.3, False), "meets", 0, id="at-most-on-the-limit"),
        pytest.param(0.31, (0.3, False), "MISSES", 1, id="at-most-missed"),
        pytest.param(300, (300, True), "meets", 0, id="at-least-met"),
        pytest.param(299, (300, True), "MISSES", 1, id="at-least-missed"),
        pytest.param(None, (15, False), "NOT MEASURED", 1, id="not-measured"),
        pytest.param(9.9, None, "(information)", 0, id="information"),
    ],
)
def test_a_run_fails_when_a_target_is_missed_or_not_measured(
    runner: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    figure: float | None,
    target: tuple[float, bool] | None,
    verdict: str,
    code: int,
) -> None:
    limit = runner.Target(*target) if target else None
    met = runner.Row("a met target", 1.0, "x", runner.Target(2.0), "1 s")
    row = runner.Row("the row", figure, "s", limit, "what was measured")
    assert row.verdict == verdict
    assert _exit_code(runner, monkeypatch, met, row) == code
    table = capsys.readouterr().out.splitlines()
    assert any(line.startswith("the row") and verdict in line for line in table)
    judged = 1 + (target is not None)
    summary = f"{judged - (verdict != 'meets' and target is not None)} of {judged} targets met"
    assert table[-1].startswith(summary + ("," if figure is None else ";"))


def test_the_site_row_is_not_measured_without_the_ecosystem_assets(
    runner: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(runner, "ECOSYSTEM_ASSETS", tmp_path / "absent")
    (row,) = runner.site_build(runner.Bench(tmp_path, smoke=True, repeat=None))
    assert row.verdict == "NOT MEASURED"
    assert "absent" in row.ours
