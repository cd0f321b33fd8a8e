"""Inline suppression: YAML comments that silence rules where the author knows better.

``# cardgen: disable=CG301,CG502`` at the end of a line silences those rules for findings on that line;
``# cardgen: disable-file=CG301`` in the comment block before the first key
silences them for the whole file. A comment naming an id that is no rule, a
``disable-file`` below the first key or a ``disable`` on a line of its own is
itself reported (as CG090): a suppression that cannot work never fails silently.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from cardgen.errors import Position
from cardgen.io.loader import Document, text_lines
from cardgen.linter.findings import Finding, Severity
from cardgen.linter.rules.general import BAD_SUPPRESSION, SCHEMA

_COMMENT = re.compile(r"(?:^|\s)#\s*cardgen:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<ids>[\w-]+(?:\s*,\s*[\w-]+)*)")
"""Ids are comma-separated; anything after the list (a reason, say) is left alone."""
_ID = re.compile(r"[\w-]+")
_MARKER = re.compile(r"(?:^|\s)#\s*cardgen:")
"""Any comment addressed to cardgen; one that is not a well-formed suppression is reported, not ignored."""


@dataclass(frozen=True)
class Suppressions:
    """What the comments of one card silence, and the comments that are wrong."""

    lines: dict[int, frozenset[str]]
    file: frozenset[str]
    problems: tuple[Finding, ...]

    def silences(self, finding: Finding) -> bool:
        return finding.rule_id in self.file or finding.rule_id in self.lines.get(finding.position.line, ())

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings these comments do not silence, plus findings for broken comments, sorted."""
        return sorted([*(finding for finding in findings if not self.silences(finding)), *self.problems])


NO_SUPPRESSIONS = Suppressions({}, frozenset(), ())
"""What a card without cardgen comments silences; one object, however many cards a run keeps."""


def _header_end(lines: list[str]) -> int:
    """The number of the first line holding YAML content; ``disable-file`` must come before it."""
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "%YAML 1.2"):
            return number
    return len(lines) + 1


def scan(document: Document, known_ids: Collection[str], severity: Severity | None = "warning") -> Suppressions:
    """Find the suppression comments of a card; ``severity`` is CG090's (None: do not report)."""
    lines: dict[int, set[str]] = {}
    whole_file: set[str] = set()
    problems: list[Finding] = []
    if "cardgen:" not in document.text:
        return NO_SUPPRESSIONS
    lines_of_text = text_lines(document.text)
    header_end = _header_end(lines_of_text)

    def problem(line: int, column: int, message: str) -> None:
        if severity is not None:
            position = Position(line, column)
            problems.append(Finding(document.path, position, BAD_SUPPRESSION.id, severity, message, "", "card"))

    for number, line in enumerate(lines_of_text, 1):
        if "cardgen:" not in line:  # what both patterns need, found without a regex
            continue
        found = _COMMENT.search(line)
        if found is None:
            marker = _MARKER.search(line)
            if marker is not None:
                problem(
                    number,
                    marker.end() + 1,
                    "not a cardgen suppression; write `# cardgen: disable=CG301,CG302` "
                    "or, before the first key, `# cardgen: disable-file=CG301`",
                )
            continue
        rest = line[found.end("ids") :]
        if rest.lstrip().startswith(","):
            problem(number, found.end("ids") + 1, "an empty rule id in the list; separate ids with single commas")
        is_file = found["kind"] == "disable-file"
        if is_file and number >= header_end:
            problem(
                number,
                found.start("kind") + 1,
                "`disable-file` only works in the comments before the first key; move it to the top "
                "or use `disable` on the line of the finding",
            )
            continue
        if not is_file and line.lstrip().startswith("#"):
            problem(
                number,
                found.start("kind") + 1,
                "`disable` works on its own line, which holds only this comment; put it at the end of the "
                "line the finding is on, or use `disable-file` at the top",
            )
            continue
        target = whole_file if is_file else lines.setdefault(number, set())
        for rule_id in _ID.finditer(found["ids"]):
            key = rule_id[0].upper()
            column = found.start("ids") + rule_id.start() + 1
            if key == SCHEMA.id:
                problem(
                    number,
                    column,
                    "schema problems (CG000) cannot be silenced: no other rule runs until they are fixed",
                )
            elif key in known_ids:
                target.add(key)
            else:
                problem(
                    number,
                    column,
                    f"unknown rule id '{rule_id[0]}' in a suppression comment; `cardgen rules` lists the ids",
                )
    return Suppressions({line: frozenset(ids) for line, ids in lines.items()}, frozenset(whole_file), tuple(problems))


def apply(
    document: Document, findings: Iterable[Finding], known_ids: Collection[str], severity: Severity | None = "warning"
) -> list[Finding]:
    """The findings the card's comments do not silence, plus findings for broken comments, sorted."""
    return scan(document, known_ids, severity).apply(findings)
