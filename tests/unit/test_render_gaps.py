"""The gaps section reflects the card object as it is, not the file it was read from.

A card read from a file keeps that file's positions, configuration and inline
suppressions where they still apply; what was changed in code counts as changed.
"""

from __future__ import annotations

import datetime
import enum
import json
from pathlib import Path

import pytest

from cardgen.cards import LoadedCard, as_document, load, read
from cardgen.io.loader import NOWHERE, read_document
from cardgen.linter.run import lint_file
from cardgen.renderer import gaps, render_to_string
from cardgen.schema.evaluation import Evaluation, Result
from cardgen.schema.messages import child_at
from tests.conftest import example_cards

CARD = """\
model:
  name: demo
  description: A sentiment classifier for product reviews.
  license: MIT
  organization: TODO
evaluation:
  summary: Good.
"""


def _write(tmp_path: Path, text: str = CARD) -> Path:
    path = tmp_path / "demo.card.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _found(card: LoadedCard | object) -> set[tuple[str, str]]:
    return {(finding.rule_id, finding.field) for finding in gaps(card)}  # type: ignore[arg-type]


@pytest.mark.parametrize("description", ["TODO", "TODO: describe the model", "[More Information Needed]", "TBD"])
def test_a_placeholder_set_in_code_is_a_gap(tmp_path: Path, description: str) -> None:
    loaded = read(_write(tmp_path))
    assert ("CG001", "model.description") not in _found(loaded)
    loaded.card.model.description = description
    assert ("CG001", "model.description") in _found(loaded)
    html = render_to_string(loaded)
    assert "<code>model.description</code>" in html
    bare = load(_write(tmp_path))
    bare.model.description = description
    assert ("CG001", "model.description") in _found(bare)
    assert "<code>model.description</code>" in render_to_string(bare)


def test_a_gap_closed_in_code_is_gone(tmp_path: Path) -> None:
    loaded = read(_write(tmp_path))
    before = _found(loaded)
    assert {("CG001", "model.organization"), ("CG501", "evaluation.results")} <= before
    loaded.card.model.organization = "Example Lab"
    loaded.card.evaluation = Evaluation(summary="Good.", results=[Result(task="t", metric="accuracy", value=0.9)])
    after = _found(loaded)
    assert ("CG001", "model.organization") not in after
    assert ("CG501", "evaluation.results") not in after
    assert "model.organization" not in render_to_string(loaded).split('id="gaps"')[1]


def test_other_rules_see_code_changes_too(tmp_path: Path) -> None:
    loaded = read(_write(tmp_path))
    loaded.card.model.license = "unknown"
    loaded.card.model.release_date = datetime.date(2999, 1, 1)
    found = _found(loaded)
    assert ("CG002", "model.license") in found
    assert ("CG004", "model.release_date") in found


class Word(str, enum.Enum):
    TODO = "TODO"


def test_values_set_in_code_that_only_the_dump_can_tell_are_linted_as_dumped() -> None:
    """The rules scan the card object itself; a value they cannot tell the text of sends them to its dump."""
    loaded = read(Path("examples/gpt2.card.yaml"))  # no placeholder anywhere else, so no scan of every text
    loaded.card.model.tags = ("fine", "TODO")  # type: ignore[assignment]  # dumped as a list
    loaded.card.model.citation = Word.TODO  # dumped as its value, "TODO"
    found = _found(loaded)
    assert {("CG001", "model.tags[1]"), ("CG001", "model.citation")} <= found


def test_a_card_with_nothing_to_report_is_not_dumped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its data and positions are worked out only for findings: gpt2 has none under the defaults."""
    loaded = read(Path("examples/gpt2.card.yaml"))

    def dumped(*args: object, **kwargs: object) -> None:
        raise AssertionError("the card was dumped")

    monkeypatch.setattr(type(loaded.card), "model_dump", dumped)
    assert gaps(loaded) == []
    loaded.card.model.description = "TODO"
    with pytest.raises(AssertionError, match="dumped"):
        gaps(loaded)  # now a finding needs its position


def test_positions_come_from_the_file_where_the_value_still_is(tmp_path: Path) -> None:
    path = _write(tmp_path)
    loaded = read(path)
    loaded.card.model.description = "TODO"
    loaded.card.model.contact = "TBD"  # not in the file: its nearest parent there is `model:`
    lines = {finding.field: finding.position.line for finding in gaps(loaded) if finding.rule_id == "CG001"}
    assert lines == {"model.description": 3, "model.organization": 5, "model.contact": 1}


def test_a_card_from_no_file_has_gaps_without_lines(tmp_path: Path) -> None:
    bare = load(_write(tmp_path))
    found = gaps(bare)
    assert found
    assert {finding.position for finding in found} == {NOWHERE}
    assert render_to_string(bare).count("<td></td></tr>") == len(found)  # the line cell is left empty


def test_the_file_s_suppressions_and_configuration_still_apply(tmp_path: Path) -> None:
    (tmp_path / ".cardgen.yaml").write_text("rules:\n  CG101: off\n", encoding="utf-8")
    loaded = read(_write(tmp_path, "# cardgen: disable-file=CG001\n" + CARD))
    loaded.card.model.description = "TODO"
    rules = {rule for rule, _ in _found(loaded)}
    assert "CG001" not in rules
    assert "CG101" not in rules


@pytest.mark.parametrize("path", example_cards(), ids=lambda path: path.name)
def test_an_unchanged_card_has_the_gaps_cardgen_lint_reports(path: Path) -> None:
    result = lint_file(str(path))
    assert result is not None
    assert gaps(read(path)) == list(result.findings)


@pytest.mark.parametrize("path", example_cards(), ids=lambda path: path.name)
def test_an_unchanged_card_reads_back_as_its_file(path: Path) -> None:
    source = read_document(path)
    document = as_document(read(path).card, source)
    assert document.locations == source.locations
    assert document.text == source.text


def _resolves(data: object, path: tuple[str | int, ...]) -> bool:
    for part in path:
        found, data = child_at(data, part)
        if not found:
            return False
    return True


def test_a_card_changed_in_code_keeps_exactly_the_positions_of_the_values_still_there() -> None:
    """Parts left as written keep every position; a changed part keeps only those of the values still in it."""
    path = Path("examples/gpt2.card.yaml")
    loaded = read(path)
    card = loaded.card.model_copy(deep=True)
    results = card.evaluation.results  # type: ignore[union-attr]
    del results[1:]  # type: ignore[union-attr]
    card.model.tags = None
    document = as_document(card, loaded.source)
    expected = {where: at for where, at in loaded.source.locations.items() if _resolves(document.data, where)}
    assert document.locations == expected
    assert ("evaluation", "results", 1) in loaded.source.locations
    assert ("evaluation", "results", 1) not in expected
    assert ("model", "tags") in loaded.source.locations
    assert ("model", "tags") not in expected
    assert ("model", "name") in expected
    assert len(expected) > 100  # the unchanged parts' positions, all of them


def test_messages_that_point_at_another_value_name_its_field_when_there_are_no_lines(tmp_path: Path) -> None:
    results = [{"task": "t", "metric": "m", "value": 1.0}, {"task": "t", "metric": "m", "value": 2.0}]
    dependencies = [{"name": "base", "kind": "model"}, {"name": "Base", "kind": "model"}]
    text = json.dumps({"model": {"name": "x"}, "evaluation": {"results": results}, "dependencies": dependencies})
    messages = {f.rule_id: f.message for f in gaps(read(_write(tmp_path, text))) if f.rule_id in ("CG506", "CG704")}
    assert "as the result on line 1;" in messages["CG506"]
    assert "already listed on line 1;" in messages["CG704"]
    bare = {f.rule_id: f.message for f in gaps(load(_write(tmp_path, text))) if f.rule_id in ("CG506", "CG704")}
    assert "as the result at evaluation.results[0];" in bare["CG506"]
    assert "already listed at dependencies[0];" in bare["CG704"]


def test_a_linked_card_is_read_again_when_its_file_changes(tmp_path: Path) -> None:
    """Pages rendered one after another reuse a linked card only while its file is unchanged."""
    card = _write(tmp_path, CARD + "dependencies:\n  - name: reviews\n    kind: dataset\n    card: reviews.card.yaml\n")
    linked = tmp_path / "reviews.card.yaml"
    loaded = read(card)
    assert ("CG701", "dependencies[0].card") in _found(loaded)  # no such file yet
    linked.write_text("kind: dataset\ndataset:\n  name: reviews\n", encoding="utf-8")
    assert not {found for found in _found(loaded) if found[0] in ("CG701", "CG706")}
    linked.write_text("kind: dataset\ndataset: [\n", encoding="utf-8")  # now unreadable
    assert ("CG706", "dependencies[0].card") in _found(loaded)
    linked.write_text("kind: dataset\ndataset:\n  name: reviews\n", encoding="utf-8")
    assert not {found for found in _found(loaded) if found[0] in ("CG701", "CG706")}
