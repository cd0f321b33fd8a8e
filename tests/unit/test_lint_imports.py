"""`cardgen lint` starts fast: it never imports the renderer's heavy dependencies."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLES, REPO

# Runs the real command line in a fresh interpreter, then reports its exit code and what it imported.
PROBE = """
import json, sys
from cardgen.cli import main
try:
    main(["lint", "--format", "json", sys.argv[1]])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def test_lint_imports_neither_jinja2_nor_weasyprint() -> None:
    card = EXAMPLES / "bert-base-uncased.card.yaml"
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(card)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, run.stderr
    assert json.loads(run.stdout)  # the lint really ran and reported
    modules = set(report["modules"])
    assert "cardgen.linter.engine" in modules
    assert {name.split(".")[0] for name in modules}.isdisjoint({"jinja2", "weasyprint"})
