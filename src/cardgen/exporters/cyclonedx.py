"""CycloneDX 1.6 ML-BOM: the model as a machine-learning-model component with its modelCard.

Card fields go to their CycloneDX places (model parameters, datasets as data
components with governance and sensitive data, performance metrics with
confidence intervals, considerations, energy and CO2). The exporter then reads
the BOM back as the importer would; every card field that does not come back
exactly is written as a ``cardgen:<field path>`` property holding its JSON value,
so card -> BOM -> card keeps every field, and nothing is claimed twice.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from cardgen.exporters import text_of
from cardgen.importers.cyclonedx import APPROACHES, FAIRNESS, PERSONAL, SPECIAL
from cardgen.importers.paths import flatten
from cardgen.schema.answers import items, plain
from cardgen.schema.card import Card
from cardgen.schema.evaluation import measured
from cardgen.schema.interop import image_base64
from cardgen.schema.model import LicenseRef
from cardgen.schema.quantities import in_base_unit

PREFIX = "cardgen:"
"""Namespace of the properties that hold card fields with no CycloneDX place."""

MODEL_REF = "model"
LINK_TYPES: dict[str, str] = {
    "repository": "vcs",
    "paper": "documentation",
    "demo": "website",
    "weights": "distribution",
    "homepage": "website",
}
COMPONENT_TYPES: dict[str, str] = {"dataset": "data", "model": "machine-learning-model", "application": "application"}

LIMITS: dict[str, str] = {}
"""Every card field has a place in the BOM: a CycloneDX field, or a namespaced property."""


def _license(card: Card) -> list[dict[str, Any]]:
    value = plain(card.model.license)
    if isinstance(value, LicenseRef):
        spdx, name, url = (text_of(part) for part in (value.id, value.name, value.url))
        if spdx and not (name or url):
            value = spdx
        elif name or url:
            entry: dict[str, Any] = {"name": name or spdx or url}
            if url:
                entry["url"] = url
            return [{"license": entry}]
    if not isinstance(value, str):
        return []
    try:
        canonical = canonicalize_license_expression(value)
    except InvalidLicenseExpression:
        return [{"license": {"name": value}}]
    if " " in canonical or "LicenseRef-" in canonical:
        return [{"expression": canonical}]
    return [{"license": {"id": canonical}}]


def _dataset(source: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "dataset"}
    for key, field in (("name", "name"), ("description", "description")):
        if text_of(getattr(source, field)):
            data[key] = text_of(getattr(source, field))
    if text_of(source.url):
        data["contents"] = {"url": text_of(source.url)}
    if plain(source.sensitive_information) or plain(source.personal_information):
        kinds = [
            label
            for label, field in (
                (SPECIAL, "sensitive_information"),
                (PERSONAL, "personal_information"),
            )
            if plain(getattr(source, field))
        ]
        data["sensitiveData"] = kinds
    if text_of(source.owner):
        data["governance"] = {"owners": [{"organization": {"name": text_of(source.owner)}}]}
    return data


def _metrics(card: Card) -> list[dict[str, Any]]:
    from cardgen.renderer.view import evaluation_results

    metrics = []
    for result in evaluation_results(card):
        metric: dict[str, Any] = {"type": result.metric}
        value = measured(result)
        if value is not None:
            metric["value"] = repr(value)
        if result.slice:
            metric["slice"] = result.slice
        spread = result.uncertainty
        if spread is not None and spread.lower is not None and spread.upper is not None:
            metric["confidenceInterval"] = {"lowerBound": repr(spread.lower), "upperBound": repr(spread.upper)}
        metrics.append(metric)
    return metrics


def _considerations(card: Card) -> dict[str, Any]:
    """Intended use, trade-offs and risks in CycloneDX's considerations; a fairness risk is also a fairness
    assessment when its description is unique, so that an import can tell which risk the assessment repeats."""
    use = plain(card.intended_use)
    considerations: dict[str, Any] = {
        key: [str(plain(item)) for item in items(getattr(holder, name, None))]
        for key, holder, name in (
            ("users", use, "primary_users"),
            ("useCases", use, "primary_uses"),
            ("technicalLimitations", use, "limitations"),
            ("performanceTradeoffs", plain(card.evaluation), "tradeoffs"),
        )
    }
    considerations["ethicalConsiderations"] = []
    considerations["fairnessAssessments"] = []
    descriptions = [text_of(risk.description) for risk in items(card.risks)]
    for risk, description in zip(items(card.risks), descriptions, strict=True):
        mitigations = "; ".join(str(plain(item)) for item in items(risk.mitigations))
        entry = {"name": description or "", **({"mitigationStrategy": mitigations} if mitigations else {})}
        considerations["ethicalConsiderations"].append(entry)
        if plain(risk.category) == FAIRNESS and description and descriptions.count(description) == 1:
            fairness = {"harms": description, **({"mitigationStrategy": mitigations} if mitigations else {})}
            groups = ", ".join(str(plain(group)) for group in items(risk.affected_groups))
            if groups:
                fairness["groupAtRisk"] = groups
            considerations["fairnessAssessments"].append(fairness)
    environment = _environment(card)
    if environment:
        considerations["environmentalConsiderations"] = environment
    return {key: value for key, value in considerations.items() if value}


def _environment(card: Card) -> dict[str, Any] | None:
    """Training energy (kWh) with its CO2 (tCO2eq); CycloneDX requires the energy, so CO2 alone stays a property."""
    training = plain(card.training)
    energy = plain(getattr(training, "energy", None))
    if energy is None:
        return None
    adapted = plain(card.adaptation) is not None and plain(getattr(plain(card.adaptation), "base_model", None))
    consumption: dict[str, Any] = {
        "activity": "fine-tuning" if adapted else "training",
        "energyProviders": [],
        "activityEnergyCost": {"value": in_base_unit(energy), "unit": "kWh"},
    }
    emissions = plain(getattr(training, "emissions", None))
    if emissions is not None:
        consumption["co2CostEquivalent"] = {"value": in_base_unit(emissions), "unit": "tCO2eq"}
    return {"energyConsumptions": [consumption]}


def _graphic(name: str | None, uri: str) -> dict[str, Any]:
    """A data: image as a CycloneDX graphic: its base64 content and media type."""
    media = uri.split(";", 1)[0].removeprefix("data:")
    image = {"contentType": media, "encoding": "base64", "content": image_base64(uri)}
    return {**({"name": name} if name else {}), "image": image}


def _dependencies(card: Card) -> list[dict[str, Any]]:
    components = []
    for index, dependency in enumerate(items(card.dependencies)):
        component: dict[str, Any] = {
            "bom-ref": f"dependency-{index}",
            "type": COMPONENT_TYPES[dependency.kind],
            "name": dependency.name,
        }
        if text_of(dependency.version):
            component["version"] = text_of(dependency.version)
        if text_of(dependency.url):
            component["externalReferences"] = [{"type": "website", "url": text_of(dependency.url)}]
        if dependency.kind == "dataset":
            component["data"] = [{"type": "dataset", "name": dependency.name}]
        components.append(component)
    return components


def native_bom(card: Card) -> dict[str, Any]:
    """The BOM with CycloneDX's own fields only, before the properties for everything else."""
    model = card.model
    component: dict[str, Any] = {"bom-ref": MODEL_REF, "type": "machine-learning-model", "name": model.name}
    for key, field in (("version", "version"), ("description", "description"), ("publisher", "organization")):
        if text_of(getattr(model, field)):
            component[key] = text_of(getattr(model, field))
    licenses = _license(card)
    if licenses:
        component["licenses"] = licenses
    links = plain(model.links)
    if links is not None:
        references = [
            {"type": LINK_TYPES[name], "url": text_of(getattr(links, name)), "comment": name}
            for name in type(links).model_fields
            if text_of(getattr(links, name))
        ]
        if references:
            component["externalReferences"] = references
    parameters: dict[str, Any] = {}
    objective = text_of(getattr(plain(card.training), "objective", None))
    if objective in APPROACHES:
        parameters["approach"] = {"type": objective}
    for key, value in (
        ("task", text_of(model.task)),
        ("architectureFamily", text_of(model.architecture)),
        ("modelArchitecture", text_of(getattr(plain(card.training), "architecture", None))),
    ):
        if value:
            parameters[key] = value
    sources = items(getattr(plain(card.data_creation), "sources", None))
    if sources:
        parameters["datasets"] = [_dataset(source) for source in sources]
    modalities = plain(model.modalities)
    for key, name in (("inputs", "input"), ("outputs", "output")):
        kinds = [{"format": str(plain(kind))} for kind in items(getattr(modalities, name, None))]
        if kinds:
            parameters[key] = kinds
    model_card: dict[str, Any] = {}
    if parameters:
        model_card["modelParameters"] = parameters
    analysis: dict[str, Any] = {}
    metrics = _metrics(card)
    if metrics:
        analysis["performanceMetrics"] = metrics
    graphics = card.extras.graphics if card.extras else None
    if graphics:
        analysis["graphics"] = {"collection": [_graphic(graphic.name, graphic.image) for graphic in graphics]}
    if analysis:
        model_card["quantitativeAnalysis"] = analysis
    considerations = _considerations(card)
    if considerations:
        model_card["considerations"] = considerations
    if model_card:
        component["modelCard"] = model_card
    dependencies = _dependencies(card)
    bom: dict[str, Any] = {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'cardgen:' + model.name)}",
        "version": 1,
        "metadata": {"component": {"bom-ref": "card", "type": "file", "name": f"{model.name} model card"}},
        "components": [component, *dependencies],
        "dependencies": [
            {"ref": MODEL_REF, "dependsOn": [item["bom-ref"] for item in dependencies]},
            *({"ref": item["bom-ref"]} for item in dependencies),
        ],
    }
    return bom


def bom(card: Card) -> dict[str, Any]:
    """The BOM: CycloneDX's fields, and a ``cardgen:`` property for each card field they do not give back."""
    from cardgen.importers.cyclonedx import card_from_native

    document = native_bom(card)
    wanted = flatten(card.model_dump(mode="json", exclude_none=True, exclude={"schema_version"}))
    read_back = flatten(card_from_native(document["components"][0], document["components"][1:]))
    properties = [
        {"name": f"{PREFIX}{path}", "value": json.dumps(value, ensure_ascii=False)}
        for path, value in wanted.items()
        if read_back.get(path, _MISSING) != value
    ]
    if properties:
        document["components"][0]["properties"] = properties
    return document


_MISSING = object()


def export(card: Card) -> tuple[bytes, list[str]]:
    return (json.dumps(bom(card), indent=2, ensure_ascii=False) + "\n").encode("utf-8"), []
