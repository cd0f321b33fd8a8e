"""`cardgen validate`, `cardgen init` and `cardgen schema` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, example_cards, run_cardgen


def test_every_example_validates() -> None:
    cards = [str(path) for path in example_cards()]
    assert len(cards) >= 5
    result = run_cardgen("validate", *cards)
    assert result.returncode == 0, result.stderr
    assert f"{len(cards)} valid, 0 invalid, 0 unreadable" in result.stderr


BAD_FILES = [
    pytest.param(b"model:\n  name: [oops\n", "3:1: YAML syntax error", id="syntax"),
    pytest.param(b"model:\n  name: a\n  name: b\n", "3:3: duplicate key 'name'", id="duplicate-key"),
    pytest.param(b"model:\n  name: \xff\xfe\n", "2:9: the file is not UTF-8", id="not-utf8"),
    pytest.param(b"", "1:1: the file is empty", id="empty"),
    pytest.param(b"[1, 2]\n", "1:1: the top level must be a mapping", id="not-a-mapping"),
    pytest.param(b"a: " + b"[" * 100 + b"]" * 100 + b"\n", "1:67: nesting is deeper than 64 levels", id="deep"),
    pytest.param(
        b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n".encode() for i in range(8)
        ),
        "6:8: the card expands to more than 200000 values",
        id="alias-bomb",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), BAD_FILES)
def test_unparseable_files_exit_2_with_a_position_and_no_traceback(tmp_path: Path, raw: bytes, expected: str) -> None:
    card = tmp_path / "bad.card.yaml"
    card.write_bytes(raw)
    result = run_cardgen("validate", str(card))
    assert result.returncode == 2
    assert f"{card}:{expected}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_oversized_file_exits_2(tmp_path: Path) -> None:
    card = tmp_path / "huge.card.yaml"
    card.write_text("model:\n  name: x\n  description: '" + "y" * (5 * 1024 * 1024) + "'\n")
    result = run_cardgen("validate", str(card))
    assert result.returncode == 2
    assert f"{card}:1:1: the file is larger than" in result.stderr


def test_invalid_card_exits_1_with_did_you_mean(tmp_path: Path) -> None:
    card = tmp_path / "typo.card.yaml"
    card.write_text("model:\n  name: m\n  licence: MIT\n")
    result = run_cardgen("validate", str(card))
    assert result.returncode == 1
    assert f"{card}:3:3: unknown key 'licence' in 'model' (did you mean 'license'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_mixed_files_report_each_and_exit_with_the_worst(tmp_path: Path) -> None:
    good, invalid, broken = tmp_path / "a.card.yaml", tmp_path / "b.card.yaml", tmp_path / "c.card.yaml"
    good.write_text("model: {name: a}\n")
    invalid.write_text("model: {name: b, versoin: '1'}\n")
    broken.write_text("model: {name: c\n")
    result = run_cardgen("validate", str(good), str(invalid), str(broken), str(tmp_path / "missing.card.yaml"))
    assert result.returncode == 2
    assert "did you mean 'version'" in result.stderr
    assert f"{tmp_path / 'missing.card.yaml'}:1:1: cannot read the file" in result.stderr
    assert "1 valid, 1 invalid, 2 unreadable" in result.stderr


def test_directories_are_searched_like_lint(tmp_path: Path) -> None:
    """validate takes what lint takes: the same discovery, so both see the same cards."""
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.card.yaml").write_text("model: {name: a}\n")
    (tmp_path / "sub" / "b.card.json").write_text('{"model": {"name": "b", "versoin": "1"}}')
    (tmp_path / "sub" / "model_card.yaml").write_text("model: {name: c\n")
    (tmp_path / "notes.yaml").write_text("not: a card\n")
    (tmp_path / ".hidden" / "d.card.yaml").write_text("not: a card\n")
    result = run_cardgen("validate", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "1 valid, 1 invalid, 1 unreadable" in result.stderr
    assert f"{tmp_path / 'sub' / 'b.card.json'}:1:25: unknown key 'versoin'" in result.stderr
    assert f"{tmp_path / 'sub' / 'model_card.yaml'}:2:1: YAML syntax error" in result.stderr
    linted = run_cardgen("lint", "--format", "json", str(tmp_path))
    seen = {entry["path"] for entry in json.loads(linted.stdout)["files"]}
    seen |= {entry["path"] for entry in json.loads(linted.stdout)["problems"]}
    assert seen == {
        str(tmp_path / "a.card.yaml"),
        str(tmp_path / "sub" / "b.card.json"),
        str(tmp_path / "sub" / "model_card.yaml"),
    }


def test_init_writes_a_card_that_validates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run_cardgen("init", "sentiment.card.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "sentiment.card.yaml").read_text()
    assert 'name: "sentiment"' in text
    assert run_cardgen("validate", str(tmp_path / "sentiment.card.yaml")).returncode == 0
    again = run_cardgen("init", "sentiment.card.yaml", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "sentiment.card.yaml").read_text() == text


def test_schema_command_prints_the_checked_in_schema() -> None:
    result = run_cardgen("schema")
    assert result.returncode == 0
    assert result.stdout == (REPO / "schemas" / "card.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["title"] == "cardgen card"


@pytest.mark.parametrize("kind", ["dataset", "application"])
def test_init_writes_a_card_of_the_kind_asked_for(tmp_path: Path, kind: str) -> None:
    result = run_cardgen("init", "--kind", kind, "webtext.card.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "webtext.card.yaml").read_text()
    assert f"\nkind: {kind}\n" in text
    assert re.search(rf'^{kind}: +#.*\n  name: "webtext" ', text, re.MULTILINE)
    assert "hyperparameters" not in text
    checked = run_cardgen("validate", "webtext.card.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "1 valid" in checked.stderr


def test_validate_reports_an_unknown_kind_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "x.card.yaml").write_text("schema_version: '1.1'\nkind: datset\ndataset:\n  name: d\n")
    result = run_cardgen("validate", "x.card.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "x.card.yaml:2:1: 'datset' is not a kind of card; use 'model', 'dataset', 'application'" in result.stderr
    assert "Traceback" not in result.stderr
