"""Hub README.md: huggingface_hub must read back the metadata and every evaluation result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from huggingface_hub import ModelCard

from cardgen.cards import load
from cardgen.renderer.hub import in_model_index, render_markdown
from cardgen.schema.answers import items, plain
from cardgen.schema.card import Card
from cardgen.schema.evaluation import Result
from tests.conftest import example_model_cards
from tests.unit.test_render_support import EMPTY_CARD, RICH_CARD, load_text

HUB_ORDER = [
    "Model Details", "Model Description", "Model Sources", "Uses", "Direct Use", "Downstream Use", "Out-of-Scope Use",
    "Bias, Risks, and Limitations", "How to Get Started with the Model", "Training Details", "Training Data",
    "Training Procedure", "Evaluation", "Testing Data, Factors & Metrics", "Results", "Environmental Impact",
    "Technical Specifications", "Model Architecture and Objective", "Compute Infrastructure", "Citation",
    "More Information", "Model Card Authors", "Model Card Contact",
]  # fmt: skip
"""Headings of the Hub's default model card template, in its order."""


def round_trip(card: Card, tmp_path: Path) -> ModelCard:
    path = tmp_path / "README.md"
    path.write_text(render_markdown(card, []), encoding="utf-8")
    return ModelCard.load(path)


def results_of(card: Card) -> list[Result]:
    return list(items(getattr(plain(card.evaluation), "results", None)))


def assert_every_result_read_back(card: Card, loaded: ModelCard) -> None:
    """Every result with a Hub dataset id comes back; the others have no place in model-index (no invented type)."""
    expected = [result for result in results_of(card) if in_model_index(result)]
    got = loaded.data.eval_results or []
    assert len(got) == len(expected)
    assert all(plain(result.dataset.id) is None for result in results_of(card) if not in_model_index(result))
    for result, read in zip(expected, got, strict=True):
        assert read.task_type == result.task
        assert read.metric_type == result.metric
        std = result.uncertainty.std if result.uncertainty and result.uncertainty.lower is None else None
        assert read.metric_value == (result.value if std is None else f"{result.value!r} +/- {std!r}")
        if result.dataset is not None:
            assert read.dataset_name == result.dataset.name
            assert read.dataset_type == plain(result.dataset.id)
            assert read.dataset_split == plain(result.dataset.split)
            assert read.dataset_config == plain(result.dataset.config)
        if result.slice:
            assert read.metric_name is not None
            assert result.slice in read.metric_name
    assert loaded.data.model_name == (card.model.name if expected else None)


def test_rich_card_round_trips(tmp_path: Path) -> None:
    card = load_text(tmp_path, RICH_CARD)
    loaded = round_trip(card, tmp_path)
    assert_every_result_read_back(card, loaded)
    data = loaded.data
    assert data.license == "apache-2.0"
    assert data.language == ["en"]
    assert data.tags == ["sentiment", "bert"]
    assert data.datasets == ["imdb"], "training datasets only; glue is evaluation data"
    assert data.base_model == "bert-base-uncased"
    assert data.pipeline_tag == "text-classification"
    assert data.library_name == "transformers"
    assert data.co2_eq_emissions == {
        "emissions": 1200.0, "source": "CodeCarbon", "training_type": "fine-tuning",
        "geographical_location": "eu-west", "hardware_used": "NVIDIA V100",
    }  # fmt: skip
    verified = [result for result in data.eval_results if result.source_url]
    assert [(r.source_url, r.source_name, r.verified) for r in verified] == [
        ("https://example.org/eval", "Example Lab", False)
    ]


@pytest.mark.parametrize("path", example_model_cards(), ids=lambda path: path.name)
def test_examples_round_trip(path: Path, tmp_path: Path) -> None:
    card = load(path)
    assert_every_result_read_back(card, round_trip(card, tmp_path))


def test_body_follows_the_hub_template_order(tmp_path: Path) -> None:
    for text in (RICH_CARD, EMPTY_CARD):
        markdown = render_markdown(load_text(tmp_path, text), None)
        headings = [line.lstrip("#").strip() for line in markdown.splitlines() if re.match(r"#{2,3} ", line)]
        hub_headings = [heading for heading in headings if heading in HUB_ORDER]
        assert hub_headings == HUB_ORDER


def test_empty_card_says_what_is_missing(tmp_path: Path) -> None:
    markdown = render_markdown(load_text(tmp_path, EMPTY_CARD), None)
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert front is None or "model-index" not in front
    assert markdown.count("[More Information Needed]") >= 20
    assert "# bare-model" in markdown


def test_card_text_cannot_break_out_of_the_front_matter(tmp_path: Path) -> None:
    hostile = RICH_CARD.replace("name: sentiment-bert", 'name: "x\\n---\\nlicense: stolen\\n---\\n# pwned"').replace(
        "tags: [sentiment, bert]", 'tags: ["a\\n---", "b: c", "- d", "{e: f}"]'
    )
    card = load_text(tmp_path, hostile)
    loaded = round_trip(card, tmp_path)
    assert loaded.data.license == "apache-2.0"
    assert loaded.data.tags == ["a\n---", "b: c", "- d", "{e: f}"]
    assert loaded.data.model_name == "x\n---\nlicense: stolen\n---\n# pwned"
    body = loaded.text
    assert "\n# pwned" not in body
    assert "\n# x --- license: stolen --- # pwned\n" in body  # the heading keeps the whole name on its line


def test_front_matter_urls_follow_the_link_rule(tmp_path: Path) -> None:
    hostile = EMPTY_CARD + (
        "  license: {name: Custom, url: 'javascript:alert(1)'}\n"
        "evaluation:\n"
        "  results:\n"
        "    - {task: t, metric: m, value: 1, dataset: {name: d, id: d}, source: {url: 'data:text/html,x', name: me}}\n"
        "    - {task: t, metric: n, value: 2, dataset: {name: d, id: d}, source: {url: 'https://example.org/r', name: me}}\n"
    )
    front = yaml.safe_load(render_markdown(load_text(tmp_path, hostile), []).split("---")[1])
    assert front["license"] == "other"
    assert front["license_name"] == "Custom"
    assert "license_link" not in front
    sources = [result.get("source") for result in front["model-index"][0]["results"]]
    assert sources == [{"name": "me"}, {"url": "https://example.org/r", "name": "me"}], (
        "an unsafe URL is left out, the name stays"
    )


YAML_11_WORDS = [
    "yes", "on", "Off", "y", "N", "TRUE", "1:20", "190:20:30.15", "010", "0x1F", "0b101", "1_000", ".inf", "-.Inf",
    ".NaN", "+.5", "1.", "~", "null", "2001-12-14", "2001-12-14 21:59:43.10 -5", "<<", "=",
]  # fmt: skip
"""Strings YAML 1.2 (ruamel, cardgen) reads as strings and YAML 1.1 (PyYAML, the Hub) as another type."""


@pytest.mark.parametrize("fallback", [False, True], ids=["direct", "ruamel"])
def test_languages_and_tags_a_yaml_1_1_reader_would_retype_come_back_as_strings(tmp_path: Path, fallback: bool) -> None:
    """Norwegian's code ``no`` is not False on the Hub; a tag ``1:20`` is not 80, in the direct writer and in ruamel's."""
    source = Path("examples/gpt2.card.yaml").read_text(encoding="utf-8")
    tags = YAML_11_WORDS + (["needs: quoting"] if fallback else [])
    source = source.replace("languages: [en]", "languages: ['no', en]", 1)
    source = source.replace("tags: [gpt2, causal-lm, text-generation, staged-release]", f"tags: {json.dumps(tags)}", 1)
    card = load_text(tmp_path, source)
    assert [str(tag) for tag in items(card.model.tags)] == tags
    loaded = round_trip(card, tmp_path)
    assert loaded.data.language == ["no", "en"]
    assert loaded.data.tags == tags
