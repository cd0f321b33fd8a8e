"""Output formats for lint results, one module per format, each with ``report(results, stream, color=...)``.

Modules are imported only for the format asked for, so plain text never pays
for building SARIF.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol, TextIO

from cardgen.formats import FormatSpec, Registry
from cardgen.linter.run import LintResults

REPORTERS = Registry(
    "lint output format",
    FormatSpec("text", "cardgen.linter.reporters.text", "one line per finding, then coverage and completeness"),
    FormatSpec("json", "cardgen.linter.reporters.json", "findings, problems, completeness and coverage for scripts"),
    FormatSpec("sarif", "cardgen.linter.reporters.sarif", "SARIF 2.1.0 for code scanning"),
    FormatSpec("github", "cardgen.linter.reporters.github", "GitHub Actions workflow commands"),
)


class Reporter(Protocol):
    def __call__(self, results: LintResults, stream: TextIO, *, color: bool = False) -> None: ...


def reporter(name: str) -> Reporter:
    """The ``report`` function of a format; ValueError for an unknown one."""
    report: Reporter = REPORTERS.load(name).report
    return report


def auto_format(environ: Mapping[str, str] = os.environ) -> str:
    """``github`` inside GitHub Actions, where workflow commands become annotations; ``text`` elsewhere."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set to anything (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
