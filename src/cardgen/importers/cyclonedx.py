"""CycloneDX 1.6 ML-BOMs into cards: one card per machine-learning-model component.

The component's CycloneDX fields give the card fields they hold; ``cardgen:``
properties (written by ``cardgen export --to cyclonedx``) give back every other
field exactly. Other properties and fields are kept under ``extras.metadata.cyclonedx``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cardgen.importers.paths import JsonSource, merge, put
from cardgen.importers.report import Imported
from cardgen.schema.evaluation import split_reported

FORMAT = "cyclonedx"
PERSONAL, SPECIAL = "personal data", "special-category data"
"""The kinds of sensitive data a cardgen export names for personal_information and sensitive_information."""
PREFIX = "cardgen:"
KINDS: dict[str, str] = {"data": "dataset", "machine-learning-model": "model", "application": "application"}
ROLES: dict[str, str] = {
    "vcs": "repository",
    "documentation": "paper",
    "distribution": "weights",
    "website": "homepage",
}
NATIVE_KEYS = frozenset(
    {
        "bom-ref",
        "type",
        "name",
        "version",
        "description",
        "publisher",
        "licenses",
        "externalReferences",
        "modelCard",
        "properties",
    }
)


def read(path: Path) -> list[Imported]:
    source = JsonSource(str(path))
    data = source.data
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        if isinstance(data, dict) and "model_details" in data:
            raise source.fail((), "this is a Model Card Toolkit card, not a CycloneDX BOM: use --from mct")
        raise source.fail((), 'this is not a CycloneDX BOM: it has no "bomFormat": "CycloneDX"')
    components = data.get("components")
    if not isinstance(components, list):
        raise source.fail(("components",) if "components" in data else (), "the BOM lists no components")
    others = [item for item in components if isinstance(item, dict)]
    upstream = {
        ref
        for entry in data.get("dependencies") or []
        if isinstance(entry, dict)
        for ref in entry.get("dependsOn") or []
    }
    models = [
        (index, item)
        for index, item in enumerate(components)
        if isinstance(item, dict)
        and item.get("type") == "machine-learning-model"
        and item.get("bom-ref") not in upstream
    ]  # a model another component depends on is that card's dependency, not a card of its own
    if not models:
        raise source.fail(("components",), "the BOM has no machine-learning-model component to make a card from")
    made = []
    for index, component in models:
        if not isinstance(component.get("name"), str):
            raise source.fail(("components", index), "a machine-learning-model component needs a name")
        made.append(_card(str(path), component, _dependencies_of(data, component, others), index))
    return made


def _dependencies_of(
    bom: dict[str, Any], component: dict[str, Any], components: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The components the model depends on, in the order the BOM's dependency graph lists them."""
    by_ref = {item.get("bom-ref"): item for item in components}
    for entry in bom.get("dependencies") or []:
        if isinstance(entry, dict) and entry.get("ref") == component.get("bom-ref"):
            return [by_ref[ref] for ref in entry.get("dependsOn") or [] if ref in by_ref]
    return []


def _card(path: str, component: dict[str, Any], dependencies: list[dict[str, Any]], index: int) -> Imported:
    imported = Imported(name=str(component["name"]), data={}, source=path)
    exact: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for item in component.get("properties") or []:
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name.startswith(PREFIX):
            try:
                put(exact, name[len(PREFIX) :], json.loads(item.get("value", "null")))
                imported.note(f"properties[{name}]", name[len(PREFIX) :], "mapped")
                continue
            except (ValueError, TypeError):
                pass
        kept.setdefault("properties", []).append(item)
    native = card_from_native(component, dependencies)
    imported.data = merge(exact, native)
    for key in native:
        imported.note(f"components[{index}]", key, "mapped", "from CycloneDX fields")
    for key, value in component.items():
        if key not in NATIVE_KEYS or (key == "modelCard" and not exact):
            kept[key] = value  # a BOM cardgen did not write: its model card is also kept whole
    if kept:
        imported.data.setdefault("extras", {}).setdefault("metadata", {})[FORMAT] = kept
        for key in kept:
            imported.note(f"components[{index}].{key}", f"extras.metadata.{FORMAT}.{key}", "kept", "no card field")
    imported.data.pop("schema_version", None)
    return imported


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def card_from_native(component: dict[str, Any], dependencies: list[dict[str, Any]]) -> dict[str, Any]:
    """The card fields a component's CycloneDX fields give; the exporter uses it to see what needs a property."""
    model = _model(component)
    card: dict[str, Any] = {"model": model}
    model_card: dict[str, Any] = component["modelCard"] if isinstance(component.get("modelCard"), dict) else {}
    parameters: dict[str, Any] = model_card.get("modelParameters") or {}
    if _text(parameters.get("task")):
        model["task"] = parameters["task"]
    if _text(parameters.get("architectureFamily")):
        model["architecture"] = parameters["architectureFamily"]
    if _text(parameters.get("modelArchitecture")):
        card["training"] = {"architecture": parameters["modelArchitecture"]}
    modalities = {
        name: [
            item["format"] for item in parameters.get(key) or [] if isinstance(item, dict) and _text(item.get("format"))
        ]
        for key, name in (("inputs", "input"), ("outputs", "output"))
    }
    if any(modalities.values()):
        model["modalities"] = {key: value for key, value in modalities.items() if value}
    sources = [_source(item) for item in parameters.get("datasets") or [] if isinstance(item, dict)]
    if sources:
        card["data_creation"] = {"sources": sources}
    results = [_result(item) for item in (model_card.get("quantitativeAnalysis") or {}).get("performanceMetrics") or []]
    if any(results):
        card["evaluation"] = {"results": [result for result in results if result]}
    _considerations(card, model_card.get("considerations") or {})
    listed = [_dependency(item) for item in dependencies]
    if listed:
        card["dependencies"] = listed
    return card


def _model(component: dict[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = {"name": component.get("name")}
    for key, field in (("version", "version"), ("description", "description"), ("publisher", "organization")):
        if _text(component.get(key)):
            model[field] = component[key]
    licenses = component.get("licenses") or []
    if licenses and isinstance(licenses[0], dict):
        first = licenses[0]
        license: dict[str, Any] = first["license"] if isinstance(first.get("license"), dict) else {}
        if _text(first.get("expression")):
            model["license"] = first["expression"]
        elif _text(license.get("id")):
            model["license"] = license["id"]
        elif _text(license.get("name")):
            url = license.get("url")
            model["license"] = {"name": license["name"], "url": url} if _text(url) else license["name"]
    links: dict[str, str] = {}
    for reference in component.get("externalReferences") or []:
        if isinstance(reference, dict) and _text(reference.get("url")):
            comment = reference.get("comment")
            role = comment if comment in ROLES.values() else ROLES.get(reference.get("type", ""))
            if role and role not in links:
                links[role] = reference["url"]
    if links:
        model["links"] = links
    return model


def _considerations(card: dict[str, Any], considerations: dict[str, Any]) -> None:
    use = {
        "primary_users": [item for item in considerations.get("users") or [] if _text(item)],
        "primary_uses": [item for item in considerations.get("useCases") or [] if _text(item)],
    }
    if any(use.values()):
        card["intended_use"] = {key: value for key, value in use.items() if value}
    risks = []
    for item in considerations.get("ethicalConsiderations") or []:
        if isinstance(item, dict):
            risk: dict[str, Any] = {}
            if _text(item.get("name")):
                risk["description"] = item["name"]
            if _text(item.get("mitigationStrategy")):
                risk["mitigations"] = [item["mitigationStrategy"]]
            risks.append(risk)
    if risks:
        card["risks"] = risks
    energy = ((considerations.get("environmentalConsiderations") or {}).get("energyConsumptions") or [{}])[0]
    if isinstance(energy, dict) and isinstance((energy.get("activityEnergyCost") or {}).get("value"), (int, float)):
        training = card.setdefault("training", {})
        training["energy"] = {"value": energy["activityEnergyCost"]["value"], "unit": "kWh"}
        co2 = (energy.get("co2CostEquivalent") or {}).get("value")
        if isinstance(co2, (int, float)):
            training["emissions"] = {"value": co2, "unit": "tCO2eq"}


def _source(item: dict[str, Any]) -> dict[str, Any]:
    source: dict[str, Any] = {}
    for key, field in (("name", "name"), ("description", "description")):
        if _text(item.get(key)):
            source[field] = item[key]
    if _text((item.get("contents") or {}).get("url")):
        source["url"] = item["contents"]["url"]
    sensitive = [kind for kind in item.get("sensitiveData") or [] if isinstance(kind, str)]
    if PERSONAL in sensitive:
        source["personal_information"] = True
    if SPECIAL in sensitive:
        source["sensitive_information"] = True
    described = [kind for kind in sensitive if kind not in (PERSONAL, SPECIAL)]
    if described and SPECIAL not in sensitive:
        source["sensitive_information"] = {"value": True, "explanation": "Sensitive data: " + ", ".join(described)}
    owners = ((item.get("governance") or {}).get("owners") or [{}])[0]
    name = ((owners or {}).get("organization") or {}).get("name") if isinstance(owners, dict) else None
    if _text(name):
        source["owner"] = name
    return source


def _result(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict) or not _text(item.get("type")):
        return None
    result: dict[str, Any] = {"task": "unknown", "metric": item["type"]}
    text = item.get("value")
    parsed = split_reported(text) if isinstance(text, str) else None
    if parsed is not None and parsed[1] is None:
        result["value"] = parsed[0]
    else:
        why = f"the BOM gives {text!r}, not a number" if text else "the BOM gives no value"
        result["value"] = {"value": "unknown", "explanation": why}
    if _text(item.get("slice")):
        result["slice"] = item["slice"]
    interval = item.get("confidenceInterval") or {}
    bounds = [split_reported(str(interval.get(key))) for key in ("lowerBound", "upperBound")]
    if all(bound is not None and bound[1] is None for bound in bounds):
        lower, upper = (bound[0] for bound in bounds if bound is not None)
        if lower <= upper:
            result["uncertainty"] = {"lower": lower, "upper": upper}
    return result


def _dependency(component: dict[str, Any]) -> dict[str, Any]:
    dependency: dict[str, Any] = {
        "name": component.get("name") or "unnamed",
        "kind": KINDS.get(component.get("type", ""), "application"),
    }
    if _text(component.get("version")):
        dependency["version"] = component["version"]
    urls = [item.get("url") for item in component.get("externalReferences") or [] if isinstance(item, dict)]
    if urls and _text(urls[0]):
        dependency["url"] = urls[0]
    return dependency
