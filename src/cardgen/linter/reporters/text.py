"""Plain text for people: one line per finding, coverage by part, then completeness by part and state."""

from __future__ import annotations

from typing import TextIO

from cardgen.completeness import Completeness, PartCompleteness
from cardgen.linter.findings import SEVERITIES, Finding
from cardgen.linter.profiles import Item
from cardgen.linter.profiles.coverage import Coverage
from cardgen.linter.run import LintResults

_RESET = "\033[0m"
_STYLES = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "good": "\033[32m", "dim": "\033[2m"}


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def safe(text: str) -> str:
    """Card text with control characters escaped: a finding stays one line and cannot drive the terminal."""
    return text.translate(_CONTROL)


def _finding(finding: Finding, paint: _Painter) -> str:
    where = f"{safe(finding.path)}:{finding.position.line}:{finding.position.column}:"
    return (
        f"{where} {paint(finding.severity, finding.severity)} {paint(finding.rule_id, 'dim')} {safe(finding.message)}"
    )


def _percent(score: Completeness) -> str:
    return f"{score.ratio:4.0%} ({score.answered}/{score.total})"


def _what_counts(item: Item) -> str:
    """The fields to fill, and the conditions on them, in a few words."""
    joiner = " and " if item.match == "all" else " or "
    text = "fill " + joiner.join(item.fields) + (" for every entry" if item.every else "")
    for path, values in item.where.items():
        text += f"; counts where {path} is {' or '.join('unset' if value is None else str(value) for value in values)}"
    return text


_STATE_STYLES = {"covered": "good", "unknown": "warning", "none": "warning", "missing": "error"}


def _coverage(path: str, result: Coverage, paint: _Painter) -> list[str]:
    lines = [f"{result.title} coverage of {safe(path)}:"]
    for part, (score, items) in result.by_part().items():
        lines.append(f"  {part:<14} {_percent(score)}")
        for item in items:
            mark = paint(f"{item.state:<7}", _STATE_STYLES[item.state])
            hint = "" if item.covered else paint(f"  ({_what_counts(item.item)})", "dim")
            lines.append(f"    {mark} {item.item.id}: {item.item.title}{hint}")
    lines.append(f"  {'overall':<14} {_percent(result.overall)}")
    return lines


def _completeness(results: LintResults) -> list[str]:
    """Per part: the share documented, then every other state that occurs, so unknown never reads as done."""
    scored = [result.completeness for result in results.files if result.completeness is not None]
    if not scored:
        return []
    lines = [f"Completeness by part ({len(scored)} valid card{'s' if len(scored) != 1 else ''}):"]
    for part in dict.fromkeys(name for each in scored for name in each):
        total = PartCompleteness.combined(each[part] for each in scored if part in each)
        lines.append(f"  {part:<14} {total.ratio:4.0%} {total.summary()}")
    return lines


def report(results: LintResults, stream: TextIO, *, color: bool = False) -> None:
    paint = _Painter(color)
    lines = [_finding(finding, paint) for finding in results.findings]
    for result in results.files:
        if result.coverage is not None:
            lines.extend(["", *_coverage(result.path, result.coverage, paint)])
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in results.findings:
        counts[finding.severity] += 1
    checked = len(results.files)
    summary = ", ".join(
        f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}" for severity, count in counts.items()
    )
    count = len(results.problems)
    unreadable = f"; {count} problem{'s' if count != 1 else ''} kept files from being linted" if count else ""
    lines.extend(["", f"{summary} in {checked} card{'s' if checked != 1 else ''}{unreadable}"])
    completeness = _completeness(results)
    if completeness:
        lines.extend(["", *completeness])
    stream.write("\n".join(lines).lstrip("\n") + "\n")
