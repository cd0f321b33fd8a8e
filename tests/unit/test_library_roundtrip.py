"""Round-trip updates: a pipeline's changes touch only their own lines of a hand-edited card."""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any

import pytest

from cardgen.cards import edit, load, lock_for, save, update
from cardgen.errors import CardError, CardValidationError, LoadError
from cardgen.io.loader import Limits, read_document
from cardgen.io.splice import splice
from cardgen.schema.answers import plain
from tests.conftest import example_cards, example_model_cards

HAND_WRITTEN = """\
# A card people edit by hand.   Odd spacing and quoting are on purpose.
schema_version: '1.0'

model:
    name: "hand-written-model"   # double-quoted on purpose
    version: '0.3'
    description: A plain scalar that the author wrapped by hand over
        two lines, which a YAML re-dump would join into one.
    license: Apache-2.0
    tags: [alpha,   beta]


# ---- training: the pipeline fills some of this in ----
training:
    objective: next-token prediction   # as in the paper
    hyperparameters:
        learning_rate: 3.0e-4    # tuned by hand
        batch_size: 32

evaluation:
    summary: >-
        Folded text that stays folded.
    results:
        -   task: text-classification
            dataset: {name: sst2, split: validation}
            metric: accuracy
            value: 0.91   # reported in the paper
        -   task: text-classification
            dataset: {name: sst2, split: validation}
            metric: accuracy
            slice: "length=long"
            value: 0.88
# trailing comment at the end of the file
"""

NEW_RESULT = {
    "task": "cardgen-roundtrip-test",
    "dataset": {"name": "cardgen-test-set", "split": "test"},
    "metric": "f1",
    "value": 0.625,
    "slice": "group=b",
}

CARD_TEXTS = [
    pytest.param(HAND_WRITTEN, id="hand-written"),
    *(pytest.param(path.read_text(encoding="utf-8"), id=path.name) for path in example_model_cards()),
]
"""The hand-written card above and every example model card (the updates below set model.version): their text as people wrote it."""


def _write(directory: Path, text: str, name: str = "model.card.yaml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _diff(before: str, after: str) -> tuple[set[int], list[str]]:
    """Original line numbers (1-based) that were replaced or deleted, and the lines that were added."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    removed: set[int] = set()
    added: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.update(range(i1 + 1, i2 + 1))
        if tag in ("replace", "insert"):
            added.extend(after.splitlines()[j1:j2])
    return removed, added


def _results_path(data: dict[str, Any]) -> tuple[str, ...] | None:
    """Where the results list sits, stepping into ``{value, explanation}`` wrappers."""
    path: tuple[str, ...] = ()
    node: Any = data
    for key in ("evaluation", "results"):
        if not isinstance(node, dict) or key not in node:
            return None
        path, node = (*path, key), node[key]
        if isinstance(node, dict) and "explanation" in node:
            path, node = (*path, "value"), node.get("value")
    return path if isinstance(node, list) else None


def _results_of(data: dict[str, Any]) -> list[Any] | None:
    evaluation = plain(data.get("evaluation"))
    return plain(evaluation.get("results")) if isinstance(evaluation, dict) else None


@pytest.mark.parametrize("source", CARD_TEXTS)
def test_updates_touch_only_the_updated_lines(source: str, tmp_path: Path) -> None:
    path = _write(tmp_path, source)
    before = read_document(path)
    original_results = _results_of(before.data) or []
    replaced = next(
        (i for i, r in enumerate(original_results) if isinstance(r, dict) and isinstance(r.get("value"), float)), None
    )
    model_keys = list(before.data["model"])

    with edit(path) as editor:
        editor.set("model.version", "9.9.9-roundtrip")
        editor.upsert_result(NEW_RESULT)
        if replaced is not None:
            editor.upsert_result({**original_results[replaced], "value": 0.123456})

    after_text = path.read_text(encoding="utf-8")
    removed, added = _diff(source, after_text)

    # Only the version line and the replaced result's value line may change; everything else is an insertion.
    expected_removed = set()
    if "version" in model_keys:  # the whole old value, which may be {value, explanation} over several lines
        first = before.position(("model", "version")).line
        following = model_keys[model_keys.index("version") + 1 :]
        end = before.position(("model", following[0])).line if following else first + 1
        expected_removed.update(range(first, end))
    results_path = _results_path(before.data)
    if replaced is not None and results_path is not None:
        expected_removed.add(before.value_position((*results_path, replaced, "value")).line)
    assert removed <= expected_removed, f"lines changed that no update asked for: {sorted(removed - expected_removed)}"
    allowed = re.compile(
        r"^\s*(-\s+)?(version: 9\.9\.9-roundtrip|task: cardgen-roundtrip-test|dataset:|name: cardgen-test-set|"
        r"split: test|metric: f1|value: 0\.625|slice: group=b|results:|evaluation:)\s*$"
        r"|.*0\.123456"
    )
    unquoted = [line.replace("'", "").replace('"', "") for line in added]
    assert all(allowed.match(line) for line in unquoted), [line for line in unquoted if not allowed.match(line)]

    # Every comment line and blank line of the author survives.
    comments = [line for line in source.splitlines() if line.strip().startswith("#")]
    after_lines = after_text.splitlines()
    assert all(comment in after_lines for comment in comments)
    assert sum(1 for line in after_lines if not line.strip()) >= sum(
        1 for line in source.splitlines() if not line.strip()
    )

    # The data is the original plus exactly the updates.
    after = read_document(path).data
    expected = copy.deepcopy(before.data)
    expected["model"]["version"] = "9.9.9-roundtrip"
    expected_results = _results_of(expected)
    assert expected_results is not None or _results_of(after) is not None
    if replaced is not None:
        assert expected_results is not None
        expected_results[replaced]["value"] = 0.123456
    got_results = _results_of(after)
    assert got_results is not None
    assert got_results[-1] == NEW_RESULT
    got_results.pop()
    if expected_results is None:
        after["evaluation"].pop("results")
        expected.setdefault("evaluation", {})
    assert after == expected

    # Applying the same updates again changes nothing: results are replaced, not duplicated.
    update(path, {"model": {"version": "9.9.9-roundtrip"}}, results=[NEW_RESULT])
    assert path.read_text(encoding="utf-8") == after_text


def test_hand_written_formatting_survives(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    update(
        path,
        {"training": {"hyperparameters": {"epochs": 3}, "hardware": {"cores": 8}}},
        results=[NEW_RESULT],
    )
    text = path.read_text(encoding="utf-8")
    for kept in (
        '    name: "hand-written-model"   # double-quoted on purpose',
        "    version: '0.3'",
        "    description: A plain scalar that the author wrapped by hand over",
        "        two lines, which a YAML re-dump would join into one.",
        "    tags: [alpha,   beta]",
        "        learning_rate: 3.0e-4    # tuned by hand",
        "            dataset: {name: sst2, split: validation}",
        "# trailing comment at the end of the file",
    ):
        assert kept in text.splitlines()
    # Added keys follow the file's own four-space indentation and sit inside their block.
    lines = text.splitlines()
    assert lines[lines.index("        batch_size: 32") + 1] == "        epochs: 3"
    assert "    hardware:" in lines
    assert "        cores: 8" in lines
    # The new result is appended after the author's results, in the file's sequence style.
    assert lines.index("        -   task: cardgen-roundtrip-test") > lines.index('            slice: "length=long"')


def test_blank_line_before_the_next_section_stays_there(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    update(path, {"model": {"organization": "Example Lab"}})
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    organization: Example Lab")
    assert lines[at - 1] == "    tags: [alpha,   beta]"
    assert lines[at + 1 : at + 4] == ["", "", "# ---- training: the pipeline fills some of this in ----"]


def test_windows_newlines_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "model.card.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    update(path, {"model": {"version": "0.4"}})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    expected = HAND_WRITTEN.replace("version: '0.3'", "version: '0.4'").replace("\n", "\r\n")
    assert raw[3:].decode("utf-8") == expected


def test_a_result_with_the_same_identity_is_replaced(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    first = {"task": "text-classification", "dataset": {"name": "sst2", "split": "validation"}, "metric": "accuracy"}
    card = update(path, results=[{**first, "value": 0.95}])
    results = plain(card.evaluation.results)  # type: ignore[union-attr]
    assert [(r.slice, r.value) for r in results] == [(None, 0.95), ("length=long", 0.88)]
    # A different slice, split or dataset is a different result.
    card = update(path, results=[{**first, "value": 0.5, "slice": "length=short"}])
    card = update(path, results=[{**first, "dataset": {"name": "sst2", "split": "test"}, "value": 0.7}])
    results = plain(card.evaluation.results)  # type: ignore[union-attr]
    assert len(results) == 4
    assert path.read_text(encoding="utf-8").count("value: 0.95") == 1


def test_paths_reach_into_lists_and_replaced_values_keep_their_quoting(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    with edit(path) as editor:
        editor.set("evaluation.results.1.value", 0.5).set(("model", "version"), "0.4")
    removed, added = _diff(HAND_WRITTEN, path.read_text(encoding="utf-8"))
    assert removed == {6, 32}
    assert added == ["    version: '0.4'", "            value: 0.5"]
    with pytest.raises(IndexError), edit(path) as editor:
        editor.set("evaluation.results.7.value", 0.5)


def test_markers_and_explained_values_are_updated_through(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "model:\n  name: m\n"
        "training:\n  value:\n    objective: x\n  explanation: written from the paper\n"
        "evaluation: unknown\n",
    )
    card = update(path, {"training": {"hyperparameters": {"lr": 0.1}}}, results=[NEW_RESULT])
    data = read_document(path).data
    assert data["training"] == {
        "value": {"objective": "x", "hyperparameters": {"lr": 0.1}},
        "explanation": "written from the paper",
    }
    assert data["evaluation"] == {"results": [NEW_RESULT]}
    assert card.model.name == "m"


def test_an_invalid_update_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    with pytest.raises(CardValidationError) as raised:
        update(path, {"model": {"release_date": "not a date"}, "training": {"hardware": {"cores": -2}}})
    messages = [problem.message for problem in raised.value.problems]
    assert len(messages) == 2
    assert all("the update would make the card invalid" in message for message in messages)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.card.yaml", "model.card.yaml.lock"]


def _fail_inside_edit(path: Path) -> None:
    with edit(path) as editor:
        editor.set("model.version", "2.0")
        raise RuntimeError("pipeline failed")


def test_an_exception_inside_edit_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    with pytest.raises(RuntimeError, match="pipeline failed"):
        _fail_inside_edit(path)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_input_limits_apply_before_the_round_trip_load(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    with pytest.raises(LoadError, match="larger than 100 bytes"), edit(path, limits=Limits(max_bytes=100)):
        pass
    bomb = "model: {name: m}\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(LoadError, match="more than 1000 values"):
        update(path, {"model": {"version": "1"}}, limits=Limits(max_nodes=1000))


def test_a_held_lock_becomes_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    with lock_for(path), pytest.raises(CardError, match=r"model\.card\.yaml\.lock for more than 0\.2 s"):  # noqa: SIM117
        with edit(path, lock_timeout=0.2):
            pass


def test_save_writes_a_new_card_and_updates_an_existing_one_in_place(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    card = load(path)
    card.model.version = "0.4"
    save(card, path)
    removed, added = _diff(HAND_WRITTEN, path.read_text(encoding="utf-8"))
    assert removed == {6}
    assert added == ["    version: '0.4'"]

    copy_path = tmp_path / "copy.card.yaml"
    save(load(path), copy_path)
    assert read_document(copy_path).data == read_document(path).data
    assert load(copy_path).model.version == "0.4"


@pytest.mark.parametrize("source", CARD_TEXTS)
def test_saving_an_unchanged_card_changes_no_byte(source: str, tmp_path: Path) -> None:
    path = _write(tmp_path, source)
    save(load(path), path)
    assert path.read_text(encoding="utf-8") == source


def test_saving_keeps_the_spelling_of_equal_date_times(tmp_path: Path) -> None:
    source = "model:\n  name: m\ntraining:\n  run:\n    status: completed\n    started: '2024-05-31T12:00:00+00:00'\n"
    path = _write(tmp_path, source)
    card = load(path)
    save(card, path)
    assert path.read_text(encoding="utf-8") == source
    card.training.run.started = card.training.run.started.replace(hour=13)  # type: ignore[union-attr]
    save(card, path)
    assert read_document(path).data["training"]["run"]["started"] == "2024-05-31T13:00:00Z"


def test_save_removes_what_the_card_no_longer_has(tmp_path: Path) -> None:
    path = _write(tmp_path, HAND_WRITTEN)
    card = load(path)
    card.training.hyperparameters = None  # type: ignore[union-attr]
    save(card, path)
    data = read_document(path).data
    assert "hyperparameters" not in data["training"]
    assert data["training"]["objective"] == "next-token prediction"
    assert "    objective: next-token prediction   # as in the paper" in path.read_text(encoding="utf-8").splitlines()


def test_splice_replaces_values_and_keeps_every_other_byte() -> None:
    original = "a: 1\nlong: one\n  two\nb: 2   # two\n"
    old = {"a": 1, "long": "one two", "b": 2}
    assert splice(original, old, {"a": 5, "long": "one two", "b": 2, "c": 3}) == (
        "a: 5\nlong: one\n  two\nb: 2   # two\nc: 3\n"
    )
    assert splice(original, old, {"a": 1, "long": "three", "b": 2}) == "a: 1\nlong: three\nb: 2   # two\n"


def test_example_cards_exist_for_the_round_trip_test() -> None:
    assert example_cards(), "examples/*.card.yaml is empty: the round-trip test would only cover the hand-written card"
