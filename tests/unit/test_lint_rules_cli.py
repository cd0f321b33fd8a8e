"""`cardgen rules`: the rule list and each rule's documentation come from the rules themselves."""

from __future__ import annotations

from click.testing import CliRunner

from cardgen.cli import cli
from cardgen.linter.rules import ALL_RULES, rule_by_id


def test_rules_lists_every_rule_with_severity_part_name_and_summary() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(ALL_RULES)
    for line, rule in zip(lines, ALL_RULES, strict=True):
        assert line.split()[:4] == [rule.id, rule.severity, rule.part, rule.name]
        assert line.endswith(rule.summary)


def test_rules_explains_one_rule_by_id_or_name() -> None:
    rule = rule_by_id("CG604")
    assert rule is not None
    for key in ("CG604", "cg604", "risk-without-mitigation"):
        result = CliRunner().invoke(cli, ["rules", key])
        assert result.exit_code == 0
        assert result.output.startswith("CG604 risk-without-mitigation\nseverity: warning\npart: risks\n\n")
        assert rule.doc in result.output
        assert "mitigations: none" in result.output


def test_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["rules", "CG999"])
    assert result.exit_code == 2
    assert "there is no rule 'CG999'" in result.output
