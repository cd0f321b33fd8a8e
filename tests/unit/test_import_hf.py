"""Hugging Face import: metadata, model-index values, body sections, and input the Hub refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.errors import LoadError
from cardgen.importers import import_cards, write_card
from tests.conftest import SHARED_DATA

HUB = SHARED_DATA / "hf-model-cards"


def imported(tmp_path: Path, text: str) -> dict[str, object]:
    source = tmp_path / "README.md"
    source.write_text(text)
    (card,) = import_cards(source, "hf")
    write_card(card, tmp_path / "m.card.yaml")
    return card.data


@pytest.mark.parametrize(
    ("front", "position", "message"),
    [
        ("model-index: {name: x}", "2:1", "model-index must be a list"),
        ("model-index:\n- name: x\n  results: 3", "3:3", "list of results"),
        ("model-index:\n- name: x\n  results:\n  - task: {type: t}\n    dataset: {name: d}", "6:5", "dataset.type"),
        ("model-index:\n- results:\n  - task: {name: t}\n    dataset: {name: d, type: d}", "4:5", "task.type"),
        (
            "model-index:\n- results:\n  - task: {type: t}\n    dataset: {name: d, type: d}\n    metrics: {type: m}",
            "6:5",
            "metrics must be a list",
        ),
        (
            "model-index:\n- results:\n  - task: {type: t}\n    dataset: {name: d, type: d}\n    metrics: [{type: m}]",
            "6:15",
            "has no value",
        ),
        ("license: [mit\n", "3:1", "YAML syntax error"),
        ("- a\n- b", "2:1", "not a list"),
        ("just text", "2:1", "not a single value"),
    ],
)
def test_input_the_hub_refuses_is_a_positioned_error(tmp_path: Path, front: str, position: str, message: str) -> None:
    source = tmp_path / "README.md"
    source.write_text(f"---\n{front}\n---\n# x\n")
    with pytest.raises(LoadError) as caught:
        import_cards(source, "hf")
    assert str(caught.value).startswith(f"{source}:{position}: "), str(caught.value)
    assert message in str(caught.value)


def test_values_with_spread_nan_and_text(tmp_path: Path) -> None:
    data = imported(
        tmp_path,
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t, name: T}\n"
        "    dataset: {name: D, type: d, config: c, split: s, revision: r, args: {num_few_shot: 5}}\n"
        "    metrics:\n    - {type: a, value: '-147.07 +/- 80.80', name: A}\n    - {type: b, value: .nan}\n"
        "    - {type: c, value: n/a, verified: true, verifyToken: tok}\n"
        "    source: {name: S, url: 'https://e.org'}\n---\n",
    )
    first, nan, text = data["evaluation"]["results"]  # type: ignore[index]
    assert first["value"] == -147.07
    assert first["uncertainty"] == {"std": 80.8}
    assert first["reported"] == "-147.07 +/- 80.80"
    assert first["dataset"] == {
        "name": "D",
        "id": "d",
        "config": "c",
        "split": "s",
        "revision": "r",
        "args": {"num_few_shot": 5},
    }
    assert first["task_name"] == "T"
    assert first["metric_name"] == "A"
    assert first["source"] == {"name": "S", "url": "https://e.org"}
    assert nan["value"]["value"] == "unknown"
    assert "not a number" in nan["value"]["explanation"]
    assert text["value"]["value"] == "unknown"
    assert text["source"] == {"name": "S", "url": "https://e.org", "verified": True, "verify_token": "tok"}


@pytest.mark.parametrize(
    ("license", "expected"),
    [
        ("license: openrail", "openrail"),
        ("license: llama2", "llama2"),
        ("license: apache-2.0", "Apache-2.0"),
        (
            "license: other\nlicense_name: my-license\nlicense_link: https://e.org/l",
            {"name": "my-license", "url": "https://e.org/l"},
        ),
    ],
)
def test_licenses_in_every_form(tmp_path: Path, license: str, expected: object) -> None:
    data = imported(tmp_path, f"---\n{license}\n---\n# m\n")
    assert data["model"]["license"] == expected  # type: ignore[index]


def test_body_sections_map_to_fields_and_the_rest_is_kept(shared_data: Path, tmp_path: Path) -> None:
    (card,) = import_cards(HUB / "neuralhermes-2.5-mistral-7b.md", "hf")
    data = card.data
    assert "```" in data["model"]["usage"], "the code to get started"
    kept = [note for note in card.notes if note.action == "kept"]
    assert all(note.target for note in kept)
    (notus,) = import_cards(HUB / "notus-7b-v1.md", "hf")
    assert "| Model" in notus.data["evaluation"]["summary"], "the comparison table"
    (llama,) = import_cards(HUB / "no-front-matter" / "meta-llama3.md", "hf")
    documentation = llama.data.get("extras", {}).get("documentation", [])
    assert documentation, "sections with no card field are kept"
    assert {note.source for note in llama.notes if note.target == "extras.documentation"} >= {
        section["origin"].removeprefix("huggingface: ") for section in documentation
    }


RAW_HTML_CARD = """\
# m

Intro with <b>bold</b> and `<code-span>` in code.

## Results

<table><tr><td>0.9</td></tr></table>

## How to use

```html
<div>in a fence: code, not HTML</div>
```

## Citation

No HTML here, only a < b and 1 > 0.
"""


def test_sections_with_raw_html_are_named_in_the_report(tmp_path: Path) -> None:
    source = tmp_path / "README.md"
    source.write_text(RAW_HTML_CARD)
    (card,) = import_cards(source, "hf")
    noted = {note.source: note.detail for note in card.notes if note.action == "text"}
    assert noted == {
        "m": "raw HTML (<b>) stays escaped and shows as text",
        "m / Results": "raw HTML (<table>, <tr>, <td>) stays escaped and shows as text",
    }
    data = write_card(card, tmp_path / "m.card.yaml")
    assert data.evaluation is not None
    assert "<table>" in str(data.evaluation.summary), "kept as written; the renderers escape it"
