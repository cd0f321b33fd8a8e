"""The Ecosystem Graphs importer: every answer shape keeps its meaning, structure is parsed, nothing is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cardgen.errors import LoadError
from cardgen.importers import ecosystem_graphs as eg


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Apache 2.0", eg.Answer("Apache 2.0", None)),
        ("unknown", eg.Answer("unknown", None)),
        ("Unknown", eg.Answer("unknown", None)),
        ("none", eg.Answer("none", None)),
        ("None", eg.Answer("none", None)),
        ("  ", None),
        ("", None),
        ({}, None),
        ([], None),
        ({"value": "open", "explanation": "On GitHub.\n"}, eg.Answer("open", "On GitHub.")),
        ({"value": "Unknown", "explanation": "Not said."}, eg.Answer("unknown", "Not said.")),
        ({"value": "none", "explanation": "No monitoring."}, eg.Answer("none", "No monitoring.")),
        ({"explanation": "The paper does not say."}, eg.Answer("unknown", "The paper does not say.")),
        ({"value": None, "explanation": "Withheld."}, eg.Answer("unknown", "Withheld.")),
        ({"value": "", "explanation": ""}, None),
        (2022, eg.Answer(2022, None)),
    ],
)
def test_answers_keep_their_meaning(raw: Any, expected: eg.Answer | None) -> None:
    assert eg.read_answer(raw) == expected


@pytest.mark.parametrize(
    ("parser", "text", "value"),
    [
        (eg.date, "2022-04-12", "2022-04-12"),
        (eg.date, "April 2022", None),
        (eg.license, "Apache 2.0", "Apache-2.0"),
        (eg.license, "CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0"),
        (eg.license, "MIT", "MIT"),
        (eg.license, "ODC-BY", "ODC-By-1.0"),
        (eg.license, "LLaMA 2", {"name": "LLaMA 2"}),
        (eg.license, "custom", {"name": "custom"}),
        (eg.access, "Open", "open"),
        (eg.access, "gated", None),
        (eg.parameters, "7B parameters (dense)", 7_000_000_000),
        (eg.parameters, "1.5B parameters", 1_500_000_000),
        (eg.parameters, "900M parameters (Dense)", 900_000_000),
        (eg.parameters, "306M", None),
        (eg.parameters, "14B parameters with 2.7B parameters for activation (MoE)", None),
        (eg.sizes, "3T tokens", [{"value": 3_000_000_000_000, "unit": "tokens"}]),
        (eg.sizes, "825 GB", [{"value": 825, "unit": "GB"}]),
        (eg.sizes, "1.6TB", [{"value": 1.6, "unit": "TB"}]),
        (
            eg.sizes,
            "182GB Text, 185M Images",
            [{"value": 182, "unit": "GB Text"}, {"value": 185_000_000, "unit": "Images"}],
        ),
        (eg.sizes, "3.3M (image, text) pairs", [{"value": 3_300_000, "unit": "(image, text) pairs"}]),
        (eg.sizes, "about a million pages", None),
        (eg.duration, "53 days", {"value": 53, "unit": "days"}),
        (eg.duration, "6 weeks", {"value": 42, "unit": "days"}),
        (eg.duration, "30 minutes", {"value": 30, "unit": "minutes"}),
        (eg.duration, "Several months", None),
        (eg.duration, "18 days according to the paper", None),
        (eg.compute, "7039 petaflop/s-days", {"value": 7039, "unit": "petaFLOP/s-days"}),
        (eg.compute, "320,256 GPU hours", {"value": 320_256, "unit": "GPU-hours"}),
        (eg.compute, "47k GPU hours", {"value": 47_000, "unit": "GPU-hours"}),
        (eg.compute, "1000 epochs", None),
        (eg.emissions, "75.05 tCo2eq", {"value": 75.05, "unit": "tCO2eq"}),
        (eg.emissions, "0.9 tCO2e", {"value": 0.9, "unit": "tCO2eq"}),
        (eg.emissions, "124 kg of CO2eq", {"value": 124, "unit": "kgCO2eq"}),
        (eg.emissions, "29,622.83 kgCO2eq", {"value": 29_622.83, "unit": "kgCO2eq"}),
        (eg.emissions, "11,390 tons CO2eq", {"value": 11_390, "unit": "tCO2eq"}),
        (eg.emissions, "271.43 tCO2", None),
        (eg.emissions, "2.8 metric tons of carbon dioxide", None),
        (eg.io_modalities, "image, text; text", {"input": ["image", "text"], "output": ["text"]}),
        (eg.io_modalities, "image, text", None),
        (eg.modalities, "image, text", ["image", "text"]),
        (eg.modalities, "text; text", ["text"]),
        (eg.count, "100M", 100_000_000),
        (eg.count, "GitHub Copilot reportedly has over 1 million sign-ups", None),
        (eg.texts, "Research.", ["Research."]),
        (eg.texts, [{"chosen": "a"}], None),
    ],
)
def test_parsers_read_structure_or_refuse(parser: eg.Parser, text: Any, value: Any) -> None:
    parsed = parser(text)
    assert (parsed.value if parsed else None) == value


SOURCE = """\
- type: dataset
  name: Web Crawl
  organization: Lab
  created_date: 2021
  size: 3T tokens
  modality: text
  license:
    explanation: The authors do not say.
  access: open
  sample: []
  dependencies: []
  nationality: USA
  quality_control: ''
- type: model
  name: Base LM
  organization: Lab
  created_date:
    value: 2022-04-12
    explanation: The paper's date.
  size: 7B parameters (dense)
  modality: text; text
  license: Apache 2.0
  access: Closed
  dependencies: [web crawl, Wikipedia]
  training_time: 53 days
  training_emissions: Several tons
  monitoring: Unknown
  prohibited_uses: none
- type: application
  name: Helper
  organization: Shop
  created_date: unknown
  dependencies: [Base LM]
  monthly_active_users: 100M
  failures: Hallucinates.
- type: model
  name: Base LM
  organization: Other
  dependencies: []
"""


@pytest.fixture
def imported(tmp_path: Path) -> dict[str, eg.Imported]:
    source = tmp_path / "lab.yaml"
    source.write_text(SOURCE)
    return {item.name: item for item in eg.read(source)}


def notes(item: eg.Imported, field: str) -> list[tuple[str | None, str]]:
    return [(note.target, note.action) for note in item.notes if note.source.split("[")[0] == field]


def test_each_asset_becomes_a_card_of_its_kind_with_unique_file_stems(imported: dict[str, eg.Imported]) -> None:
    assert sorted(imported) == ["Base-LM", "Base-LM-2", "Helper", "Web-Crawl"]
    assert [imported[name].data["kind"] for name in ("Web-Crawl", "Base-LM", "Helper")] == [
        "dataset",
        "model",
        "application",
    ]
    assert imported["Base-LM-2"].data["model"] == {"name": "Base LM", "organization": "Other"}


def test_dataset_fields_keep_meaning_and_nothing_silently(imported: dict[str, eg.Imported]) -> None:
    crawl = imported["Web-Crawl"]
    assert crawl.data["dataset"]["release_date"] == {
        "value": "unknown",
        "explanation": "Ecosystem Graphs gives only the year 2021.",
    }
    assert crawl.data["dataset"]["license"] == {"value": "unknown", "explanation": "The authors do not say."}
    assert crawl.data["dataset"]["size"] == {
        "value": [{"value": 3_000_000_000_000, "unit": "tokens"}],
        "explanation": "Ecosystem Graphs: 3T tokens",
    }
    assert crawl.data["dataset"]["modality"] == ["text"]
    assert crawl.data["extras"]["metadata"]["ecosystem-graphs"] == {"created_date": 2021, "nationality": "USA"}
    assert notes(crawl, "sample") == [(None, "dropped")]
    assert notes(crawl, "quality_control") == [(None, "dropped")]
    noted = {note.source.split("[")[0] for note in crawl.notes}
    assert noted == set(eg_fields(SOURCE, 0)), "every source field has a note"


def eg_fields(source: str, index: int) -> list[str]:
    import yaml  # the test's independent reader

    return list(yaml.safe_load(source)[index])


def test_model_fields_are_parsed_and_dependencies_become_card_links(imported: dict[str, eg.Imported]) -> None:
    base = imported["Base-LM"].data
    assert base["model"]["release_date"] == {"value": "2022-04-12", "explanation": "The paper's date."}
    assert base["model"]["parameters"]["value"] == 7_000_000_000
    assert base["model"]["modalities"] == {"input": ["text"], "output": ["text"]}
    assert base["model"]["license"] == {"value": "Apache-2.0", "explanation": "Ecosystem Graphs: Apache 2.0"}
    assert base["deployment"] == {"access": "closed", "monitoring": "unknown"}
    assert base["intended_use"] == {"out_of_scope_uses": "none"}
    assert base["training"]["duration"]["value"] == {"value": 53, "unit": "days"}
    assert base["dependencies"] == [{"name": "Web Crawl", "kind": "dataset", "card": "Web-Crawl.card.yaml"}]
    kept = base["extras"]["metadata"]["ecosystem-graphs"]
    assert kept == {"training_emissions": "Several tons", "dependencies": ["Wikipedia"]}
    assert ("extras.metadata.ecosystem-graphs.dependencies", "text") in notes(imported["Base-LM"], "dependencies")


def test_a_repeated_name_links_to_the_asset_in_the_same_file(imported: dict[str, eg.Imported]) -> None:
    helper = imported["Helper"]
    assert helper.data["dependencies"] == [{"name": "Base LM", "kind": "model", "card": "Base-LM.card.yaml"}]
    assert any("2 assets have this name" in note.detail for note in helper.notes)
    assert helper.data["users"] == {
        "monthly_active_users": {"value": 100_000_000, "explanation": "Ecosystem Graphs: 100M"}
    }
    assert helper.data["quality"] == {"known_failures": ["Hallucinates."]}
    assert helper.data["application"]["release_date"] == "unknown"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: x\n", 1, "a list of assets"),
        ("- just text\n", 1, "each asset is a mapping"),
        ("- type: model\n  name: a\n- type: robot\n  name: b\n", 3, "must be model, dataset or application"),
        ("- type: model\n  organization: a\n", 1, "has no name"),
        ("- type: model\n  name: [unclosed\n", 2, ""),
    ],
)
def test_bad_files_raise_load_errors_with_a_position(tmp_path: Path, text: str, line: int, message: str) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(text)
    with pytest.raises(LoadError) as caught:
        eg.read(source)
    problem = caught.value.problems[0]
    assert problem.path == str(source)
    assert problem.position.line >= line
    assert message in problem.message
