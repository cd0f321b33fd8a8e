"""Shared by the render tests: a card that uses every part of the schema, and an HTML outline parser."""

from __future__ import annotations

import io
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cardgen.cards import load
from cardgen.schema.card import Card

RICH_CARD = """\
schema_version: "1.0"
model:
  name: sentiment-bert
  version: "2.1"
  description: |
    A **BERT** classifier for English movie reviews.

    - fine-tuned from [bert-base-uncased](https://huggingface.co/bert-base-uncased)
    - evaluated on SST-2
  organization: Example Lab
  release_date: 2024-05-01
  license: Apache-2.0
  type: text classifier
  architecture: transformer encoder
  task: text-classification
  parameters: 110000000
  languages: [en]
  library: transformers
  tags: [sentiment, bert]
  links:
    repository: https://github.com/example/sentiment-bert
    paper: unknown
  citation: "@misc{x}"
  contact: mailto:cards@example.org
  card_authors: [Ada, Grace]
data_creation:
  description: Reviews crawled from a public site.
  sources:
    - name: IMDB
      url: https://ai.stanford.edu/~amaas/data/sentiment/
      size: {value: 50000, unit: reviews}
      license: {value: unknown, explanation: The site does not state one.}
      personal_information: false
curation: unknown
training:
  objective: cross-entropy
  hyperparameters: {learning_rate: 2.0e-5, epochs: 3}
  software: [transformers, {name: torch, version: "2.2"}]
  hardware: {accelerator: NVIDIA V100, count: 4, provider: on premises, region: eu-west}
  duration: {value: 3, unit: hours, source: logs}
  emissions: {value: 1.2, unit: kgCO2eq, source: CodeCarbon}
adaptation:
  method: [fine-tuning]
  base_model: bert-base-uncased
deployment: none
evaluation:
  summary: Accuracy is high overall but lower for short reviews.
  factors: [review length]
  results:
    - task: text-classification
      dataset: {name: GLUE SST-2, id: glue, config: sst2, split: validation}
      metric: accuracy
      value: 0.921
      uncertainty: {lower: 0.905, upper: 0.934, level: 0.95}
    - task: text-classification
      dataset: {name: GLUE SST-2, id: glue, config: sst2, split: validation}
      metric: accuracy
      value: 0.87
      slice: length<20 tokens
      uncertainty: {std: 0.01, runs: 5}
      category: fairness
    - task: text-classification
      dataset: {name: GLUE SST-2, id: glue, config: sst2, split: validation}
      metric: f1
      value: 0.918
      source: {name: Example Lab, url: "https://example.org/eval", verified: false}
    - task: text-classification
      dataset: {name: IMDB, id: imdb, split: test}
      metric: accuracy
      value: 0.94
intended_use:
  primary_uses: [Classify the sentiment of English movie reviews]
  out_of_scope_uses: [Medical or legal decisions]
risks:
  - category: bias/fairness
    description: Lower accuracy on short reviews and dialects.
    severity: medium
    likelihood: likely
    mitigations: [Report disaggregated accuracy]
    status: open
  - category: misuse
    description: Used to moderate speech.
    severity: high
    likelihood: possible
dependencies:
  - name: bert-base-uncased
    kind: model
    relation: fine_tuned_from
    url: https://huggingface.co/bert-base-uncased
  - name: IMDB
    kind: dataset
    relation: trained_on
"""
"""A card with every section, slices, uncertainty of both kinds, risks on the matrix and dependencies."""

EMPTY_CARD = "model:\n  name: bare-model\n"


def write_card(folder: Path, text: str, name: str = "model.card.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_text(folder: Path, text: str) -> Card:
    return load(write_card(folder, text))


@dataclass
class Outline(HTMLParser):
    """What the structural tests check: headings, tables, pictures, links and anything that would load."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    svg_titles: dict[str, list[str]] = field(default_factory=dict)
    tables: list[dict[str, int]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    _stack: list[str] = field(default_factory=list)
    _heading: list[str] | None = None
    _svg: str | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [tag]
        if tag == "svg":
            self._svg = str(attributes.get("id"))
            self.svg_titles[self._svg] = []
        if self._svg and tag in ("title", "desc"):
            self.svg_titles[self._svg].append(tag)
        if tag == "table":
            self.tables.append({"th": 0, "td": 0, "caption": 0, "thead": 0})
        if self.tables and tag in ("th", "td", "caption", "thead"):
            self.tables[-1][tag] += 1
        if tag not in ("meta", "br", "hr", "img", "input", "link", "path", "rect", "line"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((int(tag[1]), "".join(self._heading[1:]).strip()))
            self._heading = None
        if tag == "svg":
            self._svg = None
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "style":
            self.styles.append(data)
        if self._heading is not None:
            self._heading.append(data)
        self.text.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def record_opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL urllib opens from now on (WeasyPrint's fetcher goes through it), still opened as usual."""
    opened: list[str] = []
    original = urllib.request.OpenerDirector.open

    def spy(self: urllib.request.OpenerDirector, url: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(url if isinstance(url, str) else url.full_url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    return opened


def text_starts_beyond_the_right_margin(pdf: bytes, margin: float = 15 * 72 / 25.4) -> list[str]:
    """Text that begins to the right of the page's printable area: a table too wide for the page.

    Text inside the charts is drawn in each picture's own coordinates (pypdf reports an identity
    matrix there), so only the page's own text is checked.
    """
    reader = PdfReader(io.BytesIO(pdf))
    outside: list[str] = []
    for page in reader.pages:
        limit = float(page.mediabox.width) - margin

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any, limit: float = limit) -> None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            if text.strip() and x > limit and cm != [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]:
                outside.append(text)

        page.extract_text(visitor_text=visit)
    return outside
