"""The issue's small ecosystem, run as a user would: a dataset with a privacy risk, a base model trained on
it that says nothing about it, and two fine-tunes of that model, one of which addresses the risk."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import run_cardgen

ECOSYSTEM = {
    "data/webtext.card.yaml": """\
schema_version: "1.1"
kind: dataset
dataset:
  name: webtext
  description: Outbound links from Reddit posts with at least 3 karma.
composition:
  personal_information: true
risks:
  - id: pii
    category: privacy
    description: Pages can hold names, addresses and other personal information.
    mitigations: [none at collection time]
""",
    "models/base-lm.card.yaml": """\
model:
  name: base-lm
dependencies:
  - {name: webtext, kind: dataset, relation: trained_on, card: ../data/webtext.card.yaml}
""",
    "models/chat-ft.card.yaml": """\
model:
  name: chat-ft
risks:
  - id: toxic
    category: misuse
    description: May produce insults.
    mitigations: [toxicity classifier on outputs]
dependencies:
  - {name: base-lm, kind: model, relation: fine_tuned_from}
""",
    "models/support-ft.card.yaml": """\
model:
  name: support-ft
risks:
  - id: pii-leak
    addresses: webtext#pii
    category: privacy
    description: May repeat personal information memorised by base-lm.
    mitigations: [PII filter on outputs, memorisation tests before release]
dependencies:
  - {name: base-lm, kind: model, relation: fine_tuned_from, card: base-lm.card.yaml}
""",
}


def write_ecosystem(folder: Path) -> Path:
    """The ecosystem's card files under ``folder``."""
    for name, text in ECOSYSTEM.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def ecosystem(tmp_path: Path) -> Path:
    return write_ecosystem(tmp_path)


def _inherited(stdout: str) -> dict[str, list[tuple[int, str, str]]]:
    """CG610/CG611 findings by card file name: (line, rule, message)."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for line in stdout.splitlines():
        match = re.match(r"(.+?):(\d+):\d+: \w+ (CG61[01]) (.*)", line)
        if match:
            found.setdefault(Path(match[1]).name, []).append((int(match[2]), match[3], match[4]))
    return found


def test_inherited_risks_are_flagged_downstream_unless_addressed(ecosystem: Path) -> None:
    result = run_cardgen("lint", ".", cwd=ecosystem)
    assert "Traceback" not in result.stderr
    found = _inherited(result.stdout)
    assert set(found) == {"base-lm.card.yaml", "chat-ft.card.yaml"}
    base = found["base-lm.card.yaml"]
    assert [(line, rule) for line, rule, _ in base] == [(1, "CG610"), (1, "CG611")]  # no risks: the identity block
    assert "inherited risk webtext#pii (privacy) from webtext via webtext -> base-lm is unaddressed" in base[0][2]
    chat = found["chat-ft.card.yaml"]
    assert [(line, rule) for line, rule, _ in chat] == [(3, "CG610"), (3, "CG611")]  # at its risks key
    assert "from webtext via webtext -> base-lm -> chat-ft" in chat[0][2]
    assert "inherited from webtext via webtext -> base-lm -> chat-ft" in chat[1][2]


def test_linting_one_card_follows_its_card_links_upstream(ecosystem: Path) -> None:
    alone = _inherited(run_cardgen("lint", "models/base-lm.card.yaml", cwd=ecosystem).stdout)
    assert [rule for _, rule, _ in alone["base-lm.card.yaml"]] == ["CG610", "CG611"]
    assert _inherited(run_cardgen("lint", "models/support-ft.card.yaml", cwd=ecosystem).stdout) == {}


def test_impact_lists_every_downstream_asset_with_its_path(ecosystem: Path) -> None:
    result = run_cardgen("impact", "webtext", ".", "--format", "json", cwd=ecosystem)
    assert result.returncode == 0, result.stderr
    impacted = {item["name"]: item for item in json.loads(result.stdout)["impacted"]}
    assert set(impacted) == {"base-lm", "chat-ft", "support-ft"}
    assert impacted["base-lm"]["steps"] == [
        {"name": "webtext", "relation": None},
        {"name": "base-lm", "relation": "trained_on"},
    ]
    assert [step["name"] for step in impacted["chat-ft"]["steps"]] == ["webtext", "base-lm", "chat-ft"]
    assert impacted["support-ft"]["depth"] == 2
    text = run_cardgen("impact", "base-lm", ".", cwd=ecosystem)
    assert text.returncode == 0
    assert sorted(text.stdout.splitlines()) == [
        f"chat-ft (model, {Path('models/chat-ft.card.yaml')}): base-lm -(fine_tuned_from)-> chat-ft",
        f"support-ft (model, {Path('models/support-ft.card.yaml')}): base-lm -(fine_tuned_from)-> support-ft",
    ]
    assert "2 assets depend on base-lm" in text.stderr


def test_impact_of_an_unknown_or_ambiguous_name_says_so(ecosystem: Path) -> None:
    missing = run_cardgen("impact", "no-such-model", ".", cwd=ecosystem)
    assert missing.returncode == 2
    assert "no card named 'no-such-model' among the 4 cards loaded" in missing.stderr
    (ecosystem / "copy.card.yaml").write_text("model:\n  name: Base-LM\n", encoding="utf-8")
    ambiguous = run_cardgen("impact", "base-lm", ".", cwd=ecosystem)
    assert ambiguous.returncode == 2
    assert "several cards are named 'base-lm'" in ambiguous.stderr
    assert "Traceback" not in ambiguous.stderr
