"""Every lint rule against a table of card snippets and the lines it must (or must not) report."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from cardgen.ecosystem.graph import Graph, read_card
from cardgen.io.loader import parse_text
from cardgen.linter import suppress
from cardgen.linter.config import known_rule_ids
from cardgen.linter.engine import lint_document
from cardgen.linter.rules import ALL_RULES

TODAY = datetime.date(2025, 6, 1)
MODEL = "model:\n  name: x\n"
"""The smallest valid card; one-line cases add to it (lines 1 and 2)."""
DATASET = "kind: dataset\ndataset:\n  name: d\n"
"""The smallest dataset card (lines 1 to 3)."""
APPLICATION = "kind: application\napplication:\n  name: a\n"
"""The smallest application card (lines 1 to 3)."""

Ecosystem = dict[str, str]
"""Cards linted together: ``card.yaml`` is the card under test, the others its ecosystem."""


def _chain(*names: str) -> Ecosystem:
    """A line of model cards, each depending on the next one by name: card.yaml is the first."""
    files = [f"{name}.card.yaml" if index else "card.yaml" for index, name in enumerate(names)]
    cards = {}
    for index, (name, file) in enumerate(zip(names, files, strict=False)):
        upstream = names[(index + 1) % len(names)]
        cards[file] = f"model:\n  name: {name}\ndependencies:\n  - {{name: {upstream}, kind: model}}\n"
    return cards


WEBTEXT = """
kind: dataset
dataset:
  name: webtext
composition:
  personal_information: true
risks:
  - id: pii
    category: privacy
    description: documents hold names and addresses
    mitigations: [none known]
  - category: bias/fairness
    description: skews to English-speaking Reddit users
"""
"""An upstream dataset with a privacy risk (id pii), a risk without an id, and personal data."""


def _on_webtext(risks: str = "", schema: str = "") -> Ecosystem:
    """card.yaml: a model trained on webtext (lines 1-5), with ``risks`` from line 6."""
    card = f"{schema}model:\n  name: base-lm\ndependencies:\n  - {{name: webtext, kind: dataset}}\n" + risks
    return {"card.yaml": card, "webtext.card.yaml": WEBTEXT}


CASES: list[tuple[str, str | Ecosystem, list[int]]] = [
    # (rule id, card or ecosystem, lines the rule reports in card.yaml; [] = the rule must stay silent)
    ("CG000", MODEL + "  licence: MIT\n", [3]),
    ("CG000", MODEL + "training:\n  energy: {value: 3, unit: joules}\n", [4]),
    ("CG000", MODEL, []),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable=CG999\n", [3]),
    ("CG090", "model:\n  # cardgen: disable=CG101\n  name: x\n", [2]),
    ("CG090", MODEL + "# cardgen: disable-file=CG101\n", [3]),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable\n", [3]),
    ("CG090", MODEL + "  version: '1'  # cardgen:disable-next-line=CG101\n", [3]),
    ("CG090", MODEL + "  version: '1'  # cardgen: disable=CG102,,CG999\n", [3]),
    ("CG090", "# cardgen: disable-file=CG101\n" + MODEL + "  version: '1'  # cardgen: disable=CG102\n", []),
    (
        "CG001",
        """
        model:
          name: x
          description: TODO describe the model
          organization: "[More Information Needed]"
          type: N/A
          tags: [ok, TBD]
          citation: Lorem ipsum dolor sit amet.
          contact: >-
            [More information
            needed]
        """,
        [3, 4, 5, 6, 7, 8],
    ),
    ("CG001", MODEL + "  description: A todo-list classifier; na is Nauru's language code.\n", []),
    (
        "CG002",
        """
        model:
          name: x
          license: unknown
          parameters: {value: unknown, explanation: never published}
        """,
        [3],
    ),
    ("CG002", MODEL + "  license: none\n", []),
    ("CG003", MODEL + "  license: {value: MIT, explanation: ''}\n", [3]),
    ("CG003", MODEL + "  license: {value: MIT, explanation: stated in the repository}\n", []),
    (
        "CG004",
        """
        model:
          name: x
          release_date: 2031-01-01
        training:
          start_date: 2025-06-01
          end_date: 2025-06-02
        """,
        [3, 6],
    ),
    ("CG004", MODEL + "  release_date: 2025-05-31\n", []),
    (
        "CG005",
        """
        model:
          name: x
          license: llama2
        data_creation:
          sources:
            - license: {name: Custom terms}
            - license: {name: Custom terms, url: "https://example.org/terms"}
            - license: MIT OR Apache-2.0
            - license: {id: CC-BY-4.0}
            - license: LicenseRef-internal
        """,
        [3, 6, 10],
    ),
    ("CG005", MODEL + "  license: apache-2.0\n", []),
    (
        "CG006",
        """
        model:
          name: x
        data_creation:
          sources:
            - time_range: {start: 2020-05-01, end: 2019-05-01}
        training:
          start_date: 2024-02-01
          end_date: 2024-01-01
        """,
        [5, 8],
    ),
    ("CG006", MODEL + "training:\n  start_date: 2024-01-01\n  end_date: 2024-01-01\n", []),
    (
        "CG101",
        """
        model:
          name: x
          description: A model.
          type: classifier
        """,
        [1, 1, 1],
    ),
    (
        "CG101",
        """
        model:
          name: x
          description: A model.
          organization: Lab
          type: classifier
          license: MIT
          contact: {value: none, explanation: the authors left the project}
        """,
        [],
    ),
    (
        "CG102",
        """
        model:
          name: x
          release_date: 2024-01-01
        training:
          end_date: 2024-02-01
        """,
        [3],
    ),
    ("CG102", MODEL + "  release_date: 2024-02-01\ntraining:\n  end_date: 2024-02-01\n", []),
    ("CG103", MODEL + "  modalities: {input: [text], output: [labels]}\n", [1]),
    ("CG103", MODEL + "  modalities: {input: [image], output: [labels]}\n", []),
    ("CG103", MODEL + "  modalities: {input: [text]}\n  languages: [en]\n", []),
    ("CG104", MODEL + "  links: {demo: 'https://example.org'}\n", [3]),
    ("CG104", MODEL + "  links: {paper: 'https://example.org'}\n", []),
    ("CG105", MODEL, [1]),
    ("CG105", MODEL + "  parameters: 1000\n", []),
    ("CG201", MODEL, [1]),
    ("CG201", MODEL + "data_creation:\n  description: Reviews.\n", [3]),
    ("CG201", MODEL + "data_creation: {value: unknown, explanation: not disclosed}\n", []),
    (
        "CG202",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Reviews
              url: https://example.org
              license: MIT
            - name: Crawl
              url: https://example.org/crawl
              license: CC0-1.0
              personal_information: false
        """,
        [5],
    ),
    (
        "CG203",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Forum posts
              personal_information: true
            - name: Encyclopedia
              sensitive_information: {value: true, explanation: biographies}
              consent: editors agreed to CC BY-SA
        """,
        [5],
    ),
    (
        "CG204",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: Labels
              human_labor:
                involved: true
                workers: crowd workers
            - name: Other
              human_labor: {involved: false}
        """,
        [6],
    ),
    (
        "CG205",
        """
        model:
          name: x
        data_creation:
          sources:
            - name: A
            - name: B
              size: {value: 10, unit: GB}
        """,
        [5],
    ),
    (
        "CG211",
        """
        model:
          name: x
        curation:
          selection_criteria: English only.
          deduplication: exact match
        """,
        [3],
    ),
    ("CG211", MODEL + "curation: none\n", []),
    (
        "CG212",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        curation:
          selection_criteria: all of it
        """,
        [6],
    ),
    (
        "CG212",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        curation:
          filtering: {personal_data: e-mail addresses masked}
        """,
        [],
    ),
    ("CG301", MODEL + "training:\n  objective: masked language modelling\n", [3, 3]),
    ("CG301", MODEL + "training: {value: unknown, explanation: trained by a vendor}\n", []),
    (
        "CG302",
        """
        model:
          name: x
        training:
          objective: cross-entropy
          energy: {value: 3, unit: kWh, source: meter}
        """,
        [3],
    ),
    (
        "CG302",
        """
        model:
          name: x
        training:
          energy: {value: 3, unit: kWh, source: meter}
          emissions: {value: unknown, explanation: grid intensity unknown}
        """,
        [],
    ),
    (
        "CG303",
        """
        model:
          name: x
        training:
          energy: {value: 3, unit: kWh}
          emissions:
            value: {value: 1, unit: kgCO2eq}
            explanation: estimated
          duration: {value: 2, unit: days, source: logs}
        """,
        [4, 5],
    ),
    (
        "CG304",
        """
        model:
          name: x
        training:
          run:
            status: failed
            error: CUDA out of memory
        """,
        [5],
    ),
    ("CG304", MODEL + "training:\n  run: {status: completed}\n", []),
    (
        "CG305",
        MODEL + "training:\n  run:\n    status: completed\n    git: {commit: abc, dirty: true}\n",
        [6],
    ),
    (
        "CG305",
        MODEL + "training:\n  run:\n    status: completed\n    git: {commit: abc, dirty: false}\n",
        [],
    ),
    ("CG306", MODEL + "training:\n  objective: x\n", [3]),
    ("CG306", MODEL + "training:\n  hyperparameters: {lr: 0.1}\n", []),
    ("CG401", MODEL, [1]),
    ("CG401", MODEL + "adaptation:\n  method: [lora]\n", [3]),
    ("CG401", MODEL + "adaptation: none\n", []),
    (
        "CG402",
        """
        model:
          name: x
        adaptation:
          base_model: bert-base-uncased
        dependencies:
          - {name: SST-2, kind: dataset}
        """,
        [4],
    ),
    (
        "CG402",
        """
        model:
          name: x
        adaptation:
          base_model: BERT-base-uncased
        dependencies:
          - {name: bert-base-uncased, kind: model}
        """,
        [],
    ),
    ("CG403", MODEL + "adaptation:\n  method: [fine-tuning]\n", [3]),
    ("CG403", MODEL + "adaptation:\n  method: [fine-tuning]\n  safeguards: none\n", []),
    ("CG411", MODEL + "deployment:\n  access: open\n", [3]),
    ("CG411", MODEL, [1]),
    ("CG411", MODEL + "deployment:\n  access: closed\n  feedback: support@example.org\n", []),
    ("CG412", MODEL + "deployment:\n  access: limited\n", [3]),
    ("CG412", MODEL + "deployment:\n  access: closed\n", []),
    ("CG412", MODEL + "deployment:\n  access: open\n  terms_of_use: https://example.org/tos\n", []),
    ("CG413", MODEL + "deployment:\n  access: open\n", [3]),
    ("CG413", MODEL + "deployment:\n  access: open\n  monitoring: none\n", []),
    ("CG414", MODEL + "  links: {paper: 'https://example.org'}\ndeployment:\n  access: open\n", [3]),
    ("CG414", MODEL + "deployment:\n  access: limited\n", []),
    ("CG501", MODEL, [1]),
    ("CG501", MODEL + "evaluation:\n  summary: It works.\n", [3]),
    ("CG501", MODEL + "evaluation:\n  results: {value: none, explanation: not evaluated yet}\n", []),
    (
        "CG502",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - task: t
              metric: accuracy
              value: 0.8
              dataset: {name: SST-2}
            - {task: t, metric: accuracy, value: 0.7, dataset: {name: SST-2, split: test}}
        """,
        [5, 9],
    ),
    (
        "CG503",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [4],
    ),
    (
        "CG503",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - {task: t, metric: f1, value: 0.8, uncertainty: {lower: 0.7, upper: 0.85, level: 0.95}}
        """,
        [],
    ),
    (
        "CG504",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - {task: t, metric: f1, value: 0.8}
        """,
        [4],
    ),
    (
        "CG504",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - {task: u, metric: f1, value: 0.8}
        """,
        [],
    ),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        intended_use:
          downstream_uses: [fine-tuning for other tasks]
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [7],
    ),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        adaptation:
          base_model: foundation
        intended_use:
          downstream_uses: [review analysis]
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG504",
        """
        model:
          name: x
          task: t
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG505",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [7],
    ),
    (
        "CG505",
        """
        model:
          name: x
        evaluation:
          factors: [dialect]
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [5],
    ),
    (
        "CG505",
        """
        model:
          name: x
        risks:
          - {category: bias/fairness}
        evaluation:
          factors: {value: none, explanation: no group labels exist for the test data}
          results:
            - {task: t, metric: accuracy, value: 0.9}
        """,
        [],
    ),
    (
        "CG505",
        """
        model:
          name: x
        risks:
          - {category: bias/fairness}
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9}
            - {task: t, metric: accuracy, value: 0.8, slice: dialect=AAE}
        """,
        [],
    ),
    ("CG505", MODEL + "evaluation:\n  results:\n    - {task: t, metric: accuracy, value: 0.9}\n", []),
    (
        "CG506",
        """
        model:
          name: x
        evaluation:
          results:
            - {task: t, metric: accuracy, value: 0.9, dataset: {name: D, split: test}}
            - {task: t, metric: accuracy, value: 0.9, dataset: {name: D, split: validation}}
            - {task: t, metric: accuracy, value: 0.8, dataset: {name: D, split: test}}
            - {task: t, metric: accuracy, value: 0.7, dataset: {name: D, split: test}, slice: short}
        """,
        [7],
    ),
    ("CG507", MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1}\n", [3]),
    (
        "CG507",
        MODEL + "evaluation:\n  summary: Fine.\n  results:\n    - {task: t, metric: m, value: 1}\n",
        [],
    ),
    (
        "CG508",
        MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1, category: capability}\n",
        [4],
    ),
    (
        "CG508",
        MODEL + "evaluation:\n  results:\n    - {task: t, metric: m, value: 1, category: robustness}\n",
        [],
    ),
    ("CG601", MODEL + "intended_use:\n  primary_uses: [search]\n", [3]),
    ("CG601", MODEL + "intended_use:\n  primary_uses: [search]\n  primary_users: [analysts]\n", []),
    ("CG602", MODEL + "intended_use:\n  primary_uses: [search]\n", [3]),
    (
        "CG602",
        MODEL + "intended_use:\n  primary_uses: [search]\n  out_of_scope_uses: [medical advice]\n",
        [],
    ),
    ("CG603", MODEL, [1]),
    ("CG603", DATASET, [1]),
    ("CG603", APPLICATION, [1]),
    ("CG603", MODEL + "risks: {value: unknown, explanation: not assessed yet}\n", []),
    (
        "CG604",
        """
        model:
          name: x
        risks:
          - category: misuse
            description: spam
          - category: privacy
            mitigations: [names removed]
        """,
        [4],
    ),
    (
        "CG605",
        """
        model:
          name: x
        risks:
          - category: misuse
            description: spam
          - category: privacy
            mitigations: [names removed]
        """,
        [6],
    ),
    (
        "CG606",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: true}
        risks:
          - {category: misuse}
        """,
        [6],
    ),
    (
        "CG606",
        """
        model:
          name: x
        data_creation:
          sources:
            - {name: Forum, personal_information: {value: true, explanation: user names}}
        risks:
          - {category: privacy}
        """,
        [],
    ),
    ("CG606", MODEL + "data_creation:\n  sources:\n    - {name: Books, personal_information: false}\n", []),
    ("CG607", MODEL + "deployment:\n  access: open\nrisks:\n  - {category: privacy}\n", [5]),
    ("CG607", MODEL + "deployment:\n  access: open\nrisks:\n  - {category: misuse}\n", []),
    ("CG607", MODEL + "deployment:\n  access: closed\n", []),
    (
        "CG608",
        MODEL + "risks:\n  - {category: misuse}\n  - {category: privacy, affected_groups: [users]}\n",
        [4],
    ),
    (
        "CG609",
        MODEL
        + "risks:\n  - {id: pii, category: privacy}\n  - {id: bias}\n  - {id: pii, category: legal}\n  - {category: misuse}\n",
        [6],
    ),
    ("CG606", DATASET + "composition:\n  personal_information: true\n", [1]),
    ("CG606", DATASET + "composition:\n  sensitive_information: {value: true, explanation: health forums}\n", [1]),
    ("CG606", DATASET + "composition:\n  personal_information: true\nrisks:\n  - {category: privacy}\n", []),
    ("CG606", DATASET + "composition:\n  personal_information: false\n", []),
    ("CG607", DATASET + "deployment:\n  access: open\n", []),
    ("CG609", MODEL + "risks:\n  - {id: pii}\n  - {id: PII}\n  - {id: pii-2}\n", []),
    (
        "CG701",
        """
        model:
          name: x
        dependencies:
          - {name: Base, kind: model, card: upstream.card.yaml}
          - {name: Gone, kind: model, card: ../nowhere.card.yaml}
          - {name: Remote, kind: model, card: "https://example.org/base.card.yaml"}
        """,
        [5],
    ),
    ("CG705", _chain("a", "b"), [4]),
    ("CG705", _chain("a", "b", "c"), [4]),
    (
        "CG705",
        {"card.yaml": "model:\n  name: a\ndependencies:\n  - {name: x, kind: model}\n  - {name: a, kind: model}\n"},
        [5],
    ),
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: b, kind: model}\n",
            "b.card.yaml": "model:\n  name: b\ndependencies:\n  - {name: c, kind: model}\n",
            "c.card.yaml": "model:\n  name: c\ndependencies:\n  - {name: b, kind: model}\n",
        },
        [],
    ),
    (
        "CG705",
        {
            "card.yaml": "model:\n  name: a\ndependencies:\n  - {name: up, kind: model, card: sub/up.card.yaml}\n",
            "sub/up.card.yaml": "model:\n  name: up\ndependencies:\n  - {name: a, kind: model, card: ../card.yaml}\n",
        },
        [4],
    ),
    (
        "CG706",
        {
            "card.yaml": MODEL
            + "dependencies:\n  - {name: broken, kind: model, card: broken.card.yaml}\n"
            + "  - {name: nowhere, kind: dataset}\n  - {name: remote, kind: dataset, url: 'https://example.org'}\n"
            + "  - {name: other, kind: model}\n",
            "broken.card.yaml": "model:\n  licence: MIT\n",
            "other.card.yaml": "model:\n  name: Other\n",
        },
        [4, 5],
    ),
    ("CG706", MODEL + "dependencies:\n  - {name: nowhere, kind: dataset}\n", []),
    (
        "CG707",
        {
            "card.yaml": MODEL + "dependencies:\n  - {name: twin, kind: model}\n  - {name: once, kind: model}\n",
            "a.card.yaml": "model:\n  name: twin\n",
            "b.card.yaml": "model:\n  name: ' Twin'\n",
            "c.card.yaml": "kind: dataset\ndataset:\n  name: once\n",
        },
        [4],
    ),
    (
        "CG707",
        {"card.yaml": "kind: dataset\ndataset:\n  name: x\n", "x.card.yaml": MODEL},
        [3],
    ),
    (
        "CG707",
        {
            "card.yaml": MODEL + "dependencies:\n  - {name: twin, kind: model, card: a.card.yaml}\n",
            "a.card.yaml": "model:\n  name: twin\n",
            "b.card.yaml": "model:\n  name: twin\n",
        },
        [],
    ),
    ("CG106", DATASET, [2, 2, 2, 2, 2]),
    (
        "CG106",
        DATASET
        + "  description: d\n  organization: o\n  license: MIT\n  size: [{value: 3, unit: GB}]\n  contact: x@example.org\n",
        [],
    ),
    ("CG106", MODEL, []),
    ("CG107", APPLICATION + "  description: a chat assistant\n", [2, 2, 2, 2]),
    ("CG107", MODEL, []),
    ("CG101", DATASET, []),
    ("CG101", APPLICATION, []),
    ("CG221", DATASET, [1]),
    ("CG221", DATASET + "motivation:\n  purpose: research\n", [4, 4]),
    ("CG221", MODEL, []),
    ("CG222", DATASET + "composition:\n  count: 10\n  personal_information: false\n", [4, 4, 4, 4]),
    ("CG222", DATASET + "composition: {value: unknown, explanation: never published}\n", []),
    ("CG223", DATASET, [1]),
    ("CG223", DATASET + "maintenance:\n  maintainer: lab\n  versioning: none\n", []),
    ("CG201", DATASET, [1]),
    ("CG201", APPLICATION, []),
    ("CG301", DATASET, []),
    ("CG301", APPLICATION, []),
    ("CG306", DATASET, []),
    ("CG401", APPLICATION, [1]),
    ("CG401", DATASET, []),
    ("CG421", APPLICATION, [1]),
    ("CG421", APPLICATION + "deployment:\n  access: limited\n", [4, 4]),
    ("CG421", APPLICATION + "deployment:\n  monitoring: abuse reports reviewed daily\n  feedback: none\n", []),
    ("CG421", MODEL, []),
    ("CG413", APPLICATION + "deployment:\n  access: limited\n", []),
    ("CG422", APPLICATION, [1]),
    ("CG422", APPLICATION + "users:\n  monthly_active_users: {value: 1000000, explanation: press release}\n", [4]),
    ("CG423", APPLICATION, [1]),
    ("CG423", APPLICATION + "quality:\n  quality_control: red-teaming\n  known_failures: [made-up citations]\n", []),
    ("CG005", DATASET + "  license: my own terms\n", [4]),
    ("CG610", _on_webtext(), [1, 1]),
    ("CG610", _on_webtext("risks: []\n"), [5, 5]),
    (
        "CG610",
        _on_webtext("risks:\n  - {addresses: webtext#pii, category: privacy}\n  - {category: bias/fairness}\n"),
        [5, 5],
    ),
    (
        "CG610",
        _on_webtext(
            "risks:\n  - {addresses: 'WebText#pii', mitigations: [dedup and PII scrubbing]}\n"
            "  - {category: bias/fairness, mitigations: [evaluated per dialect]}\n"
        ),
        [],
    ),
    (
        "CG610",
        _on_webtext(
            "risks:\n  - addresses: [webtext#pii]\n    status: {value: accepted, explanation: research use only}\n"
            "  - {category: bias/fairness, mitigations: [evaluated per dialect]}\n"
        ),
        [],
    ),
    ("CG610", _on_webtext("risks:\n  - {addresses: webtext#pii, status: accepted}\n"), [5, 5]),
    (
        "CG610",
        _on_webtext(
            "risks:\n  - {category: privacy, mitigations: [x]}\n  - {category: bias/fairness, mitigations: [y]}\n"
        ),
        [5],
    ),
    (
        "CG610",
        _on_webtext(
            "risks:\n  - {category: privacy, mitigations: [x]}\n  - {category: bias/fairness, mitigations: [y]}\n",
            schema="schema_version: '1.0'\n",
        ),
        [],
    ),
    ("CG610", MODEL + "dependencies:\n  - {name: webtext, kind: dataset}\n", []),
    ("CG611", _on_webtext(), [1]),
    ("CG611", _on_webtext("risks:\n  - {category: privacy}\n"), []),
    ("CG611", _on_webtext("risks:\n  - {category: bias/fairness}\n"), [5]),
    ("CG611", _on_webtext("risks:\n  - {addresses: webtext#pii, category: privacy, mitigations: [x]}\n"), []),
    ("CG702", MODEL, [1]),
    ("CG702", APPLICATION, [1]),
    ("CG702", DATASET, []),
    ("CG702", MODEL + "dependencies: {value: none, explanation: trained on synthetic data only}\n", []),
    (
        "CG703",
        """
        model:
          name: x
        dependencies:
          - {name: Base, kind: model}
          - {name: Data, kind: dataset, url: "https://example.org"}
          - {name: Up, kind: model, card: upstream.card.yaml}
        """,
        [4],
    ),
    (
        "CG704",
        """
        model:
          name: x
        dependencies:
          - {name: GLUE, kind: dataset}
          - {name: GLUE, kind: model}
          - {name: glue, kind: dataset}
        """,
        [6],
    ),
]


CLEAN = """
model:
  name: tiny-sentiment
  version: "1.0"
  description: A small text classifier for the sentiment of product reviews.
  organization: Example Lab
  type: text classifier
  license: Apache-2.0
  contact: ml@example.org
  release_date: 2024-05-01
  parameters: 4400000
  modalities: {input: [text], output: [labels]}
  languages: [en]
  links: {repository: "https://example.org/code", weights: "https://example.org/weights"}
data_creation:
  description: Public product reviews.
  sources:
    - name: Reviews
      url: https://example.org/reviews
      license: CC-BY-4.0
      personal_information: true
      consent: {value: none, explanation: reviews were published publicly by their authors}
      size: {value: 50000, unit: reviews}
curation:
  selection_criteria: English reviews with a star rating.
  filtering: {personal_data: user names were removed}
  deduplication: exact duplicates removed
training:
  objective: cross-entropy on star-derived labels
  hardware: {accelerator: NVIDIA T4, count: 1}
  software: [pytorch]
  hyperparameters: {learning_rate: 0.001}
  energy: {value: 1.2, unit: kWh, source: CodeCarbon}
  emissions: {value: 0.4, unit: kgCO2eq, source: CodeCarbon}
  start_date: 2024-03-01
  end_date: 2024-03-02
adaptation: none
deployment:
  access: open
  feedback: https://example.org/issues
  terms_of_use: https://example.org/terms
  monitoring: {value: none, explanation: open weights cannot be monitored}
evaluation:
  summary: Good on English reviews, weaker on short ones.
  results:
    - {task: text-classification, metric: accuracy, value: 0.91, dataset: {name: Reviews, split: test}, uncertainty: {std: 0.01, runs: 3}}
    - {task: text-classification, metric: accuracy, value: 0.88, slice: "length<20", dataset: {name: Reviews, split: test}}
    - {task: text-classification, metric: f1, value: 0.85, category: robustness, dataset: {name: Noisy reviews, split: test}}
    - {task: zero-shot-classification, metric: accuracy, value: 0.6, dataset: {name: Tweets, split: test}}
intended_use:
  primary_uses: [sorting reviews by sentiment]
  primary_users: [shop analysts]
  out_of_scope_uses: [judging individual people]
risks:
  - category: privacy
    description: may reproduce reviewer text
    affected_groups: [reviewers]
    mitigations: [user names removed]
  - category: misuse
    description: fake review detection evasion
    affected_groups: [shoppers]
    mitigations: [usage terms]
dependencies:
  - {name: Reviews, kind: dataset, relation: trained_on, url: "https://example.org/reviews"}
"""
"""A card that answers everything every rule asks for: the negative case of every rule at once."""


def lines_for(rule_id: str, text: str | Ecosystem, folder: Path) -> list[int]:
    """The lines of card.yaml the rule reports when it is linted together with the rest of its ecosystem."""
    files = text if isinstance(text, dict) else {"card.yaml": text}
    for name, content in {"upstream.card.yaml": "model:\n  name: upstream\n", **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    card = folder / "card.yaml"
    graph = Graph.build(read_card(str(folder / name)) for name in files)
    document = parse_text(card.read_text(encoding="utf-8"), str(card))
    findings = suppress.apply(document, lint_document(document, on=TODAY, graph=graph), known_rule_ids(), "warning")
    return [finding.position.line for finding in findings if finding.rule_id == rule_id]


@pytest.mark.parametrize(("rule_id", "text", "lines"), CASES)
def test_rule_reports_exactly_these_lines(
    rule_id: str, text: str | Ecosystem, lines: list[int], tmp_path: Path
) -> None:
    assert lines_for(rule_id, text, tmp_path) == lines


def test_every_rule_has_a_reporting_case() -> None:
    reporting = {rule_id for rule_id, _, lines in CASES if lines}
    assert reporting == {rule.id for rule in ALL_RULES}


def test_a_card_that_answers_everything_gives_no_finding_at_all() -> None:
    document = parse_text(CLEAN.lstrip("\n"), "clean.card.yaml")
    assert [str(finding) for finding in lint_document(document, on=TODAY)] == []
