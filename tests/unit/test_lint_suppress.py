"""Inline suppression comments: what they silence, and what they report when they are wrong."""

from __future__ import annotations

from cardgen.errors import Position
from cardgen.io.loader import parse_text
from cardgen.linter.findings import Finding
from cardgen.linter.suppress import BAD_SUPPRESSION, apply

KNOWN = frozenset({"CG301", "CG302", "CG502", "CG001"})


def _finding(line: int, rule_id: str, column: int = 3) -> Finding:
    return Finding("c.yaml", Position(line, column), rule_id, "warning", "msg", "training.energy", "training")


def test_disable_silences_only_the_named_rules_on_its_line() -> None:
    text = "model: {name: x}\ntraining:  # cardgen: disable=CG301, cg302 -- measured elsewhere\n  objective: mlm\n"
    document = parse_text(text, "c.yaml")
    findings = [_finding(2, "CG301"), _finding(2, "CG302"), _finding(2, "CG502"), _finding(3, "CG301")]
    kept = apply(document, findings, KNOWN)
    assert [(f.position.line, f.rule_id) for f in kept] == [(2, "CG502"), (3, "CG301")]


def test_disable_file_in_the_header_silences_everywhere() -> None:
    text = "# A card\n# cardgen: disable-file=CG301,CG502\n\nmodel: {name: x}\ntraining: {}\n"
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(5, "CG301"), _finding(9, "CG502"), _finding(5, "CG302")], KNOWN)
    assert [f.rule_id for f in kept] == ["CG302"]


def test_disable_file_below_the_first_key_is_reported_and_does_nothing() -> None:
    text = "model: {name: x}\n# cardgen: disable-file=CG301\ntraining: {}\n"
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(3, "CG301")], KNOWN)
    at_keyword = Position(2, text.splitlines()[1].index("disable-file") + 1)
    assert [(f.rule_id, f.position) for f in kept] == [(BAD_SUPPRESSION.id, at_keyword), ("CG301", Position(3, 3))]
    assert "before the first key" in kept[0].message
    assert kept[0].severity == "warning"


def test_unknown_ids_are_reported_at_the_id() -> None:
    text = "model: {name: x}\ntraining: {}  # cardgen: disable=CG301,CG399\n"
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(2, "CG301")], KNOWN)
    assert len(kept) == 1
    problem = kept[0]
    assert problem.rule_id == BAD_SUPPRESSION.id
    assert problem.position == Position(2, text.splitlines()[1].index("CG399") + 1)
    assert "unknown rule id 'CG399'" in problem.message


def test_schema_problems_cannot_be_silenced() -> None:
    text = "model: {name: x}\ntraining: 3  # cardgen: disable=CG000\n"
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(2, "CG000")], KNOWN | {"CG000"})
    assert sorted(f.rule_id for f in kept) == ["CG000", BAD_SUPPRESSION.id]


def test_the_problem_severity_follows_configuration_and_can_be_off() -> None:
    text = "model: {name: x}  # cardgen: disable=CG777\n"
    document = parse_text(text, "c.yaml")
    assert [f.severity for f in apply(document, [], KNOWN, "error")] == ["error"]
    assert apply(document, [], KNOWN, None) == []


def test_text_that_only_looks_like_a_comment_is_not_one() -> None:
    text = 'model:\n  name: x\n  description: "see#cardgen: disable=CG301"\ntraining: {}\n'
    document = parse_text(text, "c.yaml")
    assert apply(document, [_finding(3, "CG301")], KNOWN) == [_finding(3, "CG301")]


def test_disable_on_a_line_of_its_own_is_reported() -> None:
    text = "model: {name: x}\ntraining:\n  # cardgen: disable=CG301\n  objective: mlm\n"
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(4, "CG301")], KNOWN)
    assert [(f.rule_id, f.position.line) for f in kept] == [(BAD_SUPPRESSION.id, 3), ("CG301", 4)]
    assert "at the end of the line" in kept[0].message


def test_line_numbers_do_not_count_unicode_line_separators() -> None:
    """A U+2028 inside a value is not a line break in YAML 1.2: the suppression stays on its own line."""
    text = 'model: {name: "a\u2028b"}\ntraining:  # cardgen: disable=CG301\n  objective: mlm  # cardgen: disable=CG9\n'
    document = parse_text(text, "c.yaml")
    kept = apply(document, [_finding(2, "CG301"), _finding(3, "CG301")], KNOWN)
    assert sorted((f.rule_id, f.position.line) for f in kept) == sorted([(BAD_SUPPRESSION.id, 3), ("CG301", 3)])
