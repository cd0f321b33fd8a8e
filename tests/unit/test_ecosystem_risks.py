"""Inherited risks and impact over whole graphs: diamonds, cycles, facts and every way of addressing a risk."""

from __future__ import annotations

from typing import Any

import pytest

from cardgen.ecosystem.graph import Graph
from cardgen.ecosystem.impact import UnknownAsset, impact
from cardgen.ecosystem.risks import inherited_risks
from tests.unit.test_ecosystem_graph import _loaded


def _model(name: str, *upstream: str, risks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"model": {"name": name}}
    data["dependencies"] = [{"name": each, "kind": "model", "relation": f"uses_{each}"} for each in upstream]
    if risks is not None:
        data["risks"] = risks
    return data


def _graph(*cards: dict[str, Any]) -> Graph:
    return Graph.build(_loaded(f"{card.get('model', card.get('dataset'))['name']}.card.yaml", card) for card in cards)


DATA = {
    "kind": "dataset",
    "dataset": {"name": "data"},
    "data_creation": {"sources": [{"name": "forum", "personal_information": True}]},
    "risks": [{"id": "pii", "category": "privacy", "description": "names in posts"}, {"category": "legal"}],
}
DIAMOND = (DATA, _model("left", "data"), _model("right", "data"), _model("app", "left", "right"))


def test_a_risk_reaches_a_card_once_along_its_shortest_path_even_through_a_diamond() -> None:
    found = inherited_risks(_graph(*DIAMOND), "app.card.yaml")
    assert [(risk.reference, risk.route, risk.is_fact) for risk in found] == [
        ("data#pii", "data -> left -> app", False),
        ("data risk 2", "data -> left -> app", False),
        ("data: personal data", "data -> left -> app", True),
    ]
    assert found[0].relations == ("uses_data", "uses_left")
    assert found[2].description == "holds personal information (in data source 'forum')"
    assert not any(risk.addressed for risk in found)


def test_impact_lists_each_downstream_asset_once_nearest_first() -> None:
    found = impact(_graph(*DIAMOND), "DATA")
    assert [(item.node.name, item.depth, item.route()) for item in found] == [
        ("left", 1, "data -(uses_data)-> left"),
        ("right", 1, "data -(uses_data)-> right"),
        ("app", 2, "data -(uses_data)-> left -(uses_left)-> app"),
    ]
    assert impact(_graph(*DIAMOND), "app") == []
    with pytest.raises(UnknownAsset, match="no card named 'nothing' among the 4 cards loaded"):
        impact(_graph(*DIAMOND), "nothing")


def test_cycles_end_the_walk_and_a_card_never_inherits_its_own_risks() -> None:
    graph = _graph(_model("a", "b", risks=[{"id": "ra"}]), _model("b", "a", risks=[{"id": "rb"}]))
    assert [risk.reference for risk in inherited_risks(graph, "a.card.yaml")] == ["b#rb"]
    assert [item.node.name for item in impact(graph, "a")] == ["b"]


@pytest.mark.parametrize(
    ("own", "addressed", "note"),
    [
        ([{"addresses": "data#pii", "mitigations": ["scrubbing"]}], True, "addressed by risk 1 (with mitigations)"),
        ([{"addresses": ["x#y", "Data #pii"], "mitigations": ["scrubbing"]}], True, "addressed by risk 1"),
        (
            [{"addresses": "data#pii", "status": {"value": "accepted", "explanation": "research only"}}],
            True,
            "addressed by risk 1 (accepted with an explanation)",
        ),
        ([{"addresses": "data#pii", "status": "accepted"}], False, "a risk names it but gives no mitigations"),
        ([{"addresses": "data#pii", "mitigations": "none"}], False, "a risk names it but gives no mitigations"),
        ([{"addresses": "other#pii", "mitigations": ["x"]}], False, "no risk here names it"),
        ([{"category": "privacy", "mitigations": ["x"]}], False, "no risk here names it"),
    ],
)
def test_every_way_of_addressing_a_named_risk(own: list[dict[str, Any]], addressed: bool, note: str) -> None:
    found = inherited_risks(_graph(DATA, _model("m", "data", risks=own)), "m.card.yaml")
    named = next(risk for risk in found if risk.reference == "data#pii")
    assert named.addressed is addressed
    assert named.note.startswith(note)


def test_a_risk_without_an_id_is_addressed_by_category_with_mitigations() -> None:
    own = [{"category": "legal", "mitigations": ["licence review"]}, {"category": "privacy"}]
    found = {
        risk.reference: risk for risk in inherited_risks(_graph(DATA, _model("m", "data", risks=own)), "m.card.yaml")
    }
    assert found["data risk 2"].addressed_by == 0
    assert not found["data#pii"].addressed  # it has an id: naming it is required in a 1.1 card
    assert found["data: personal data"].addressed_by == 1  # any privacy risk answers the fact
