"""CycloneDX 1.6 ML-BOMs into cards: one card per machine-learning-model component.

The component's CycloneDX fields give the card fields they hold; ``cardgen:``
properties (written by ``cardgen export --to cyclonedx``) give back every other
field exactly. Other properties and fields are kept under ``extras.metadata.cyclonedx``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cardgen.importers.paths import JsonSource, joined, merge, put, unused
from cardgen.importers.report import Imported
from cardgen.schema.evaluation import split_reported
from cardgen.schema.interop import image_data_uri

FORMAT = "cyclonedx"
PERSONAL, SPECIAL = "personal data", "special-category data"
"""The kinds of sensitive data a cardgen export names for personal_information and sensitive_information."""
PREFIX = "cardgen:"
FAIRNESS = "bias/fairness"
"""The risk category of a fairness assessment."""
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
        resolved = _with_datasets_resolved(component, others)
        made.append(_card(str(path), resolved, _dependencies_of(data, component, others), index))
    return made


def _with_datasets_resolved(component: dict[str, Any], components: list[dict[str, Any]]) -> dict[str, Any]:
    """The component with each dataset given as ``{ref}`` replaced by the data component it names: the
    component's name and description, and its first data entry."""
    parameters = _mapping(_mapping(component.get("modelCard")).get("modelParameters"))
    datasets = _list(parameters.get("datasets"))
    by_ref = {item.get("bom-ref"): item for item in components if item.get("bom-ref")}
    if not any(isinstance(item, dict) and item.get("ref") in by_ref for item in datasets):
        return component
    resolved = []
    for item in datasets:
        target = by_ref.get(item.get("ref")) if isinstance(item, dict) else None
        if target is None:
            resolved.append(item)
            continue
        data = next((entry for entry in _list(target.get("data")) if isinstance(entry, dict)), {})
        named = {key: target[key] for key in ("name", "description") if _text(target.get(key))}
        resolved.append({"type": "dataset", **named, **data})
    model_card = dict(component["modelCard"])
    model_card["modelParameters"] = {**parameters, "datasets": resolved}
    return {**component, "modelCard": model_card}


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
    used = _Used()
    native = card_from_native(component, dependencies, used)
    imported.data = merge(exact, native)
    for key in native:
        imported.note(f"components[{index}]", key, "mapped", "from CycloneDX fields")
    for number, result in enumerate(native.get("evaluation", {}).get("results", [])):
        if isinstance(result.get("value"), dict) and result.get("reported"):
            at = f"components[{index}].modelCard.quantitativeAnalysis.performanceMetrics[{number}].value"
            imported.note(at, f"evaluation.results[{number}].reported", "text", "not a number: the value is unknown")
    for key, value in component.items():
        if key not in NATIVE_KEYS:
            kept[key] = value
    model_card = component.get("modelCard")
    for where, value in unused(model_card, (), used.paths) if isinstance(model_card, dict) and not exact else ():
        put(kept.setdefault("modelCard", {}), where, value)  # what a foreign model card holds beyond card fields
        imported.note(
            f"components[{index}].modelCard.{where}",
            f"extras.metadata.{FORMAT}.modelCard.{where}",
            "kept",
            "no card field",
        )
    if kept:
        imported.data.setdefault("extras", {}).setdefault("metadata", {})[FORMAT] = kept
        for key in kept.keys() - {"modelCard"}:
            imported.note(f"components[{index}].{key}", f"extras.metadata.{FORMAT}.{key}", "kept", "no card field")
    imported.data.pop("schema_version", None)
    return imported


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


APPROACHES = frozenset({"supervised", "unsupervised", "reinforcement-learning", "semi-supervised", "self-supervised"})
"""CycloneDX's learning approaches; the card holds one as its training objective (as the lint profile maps it)."""
TRAINING_ACTIVITIES = ("training", "fine-tuning")
"""Energy consumptions of these activities are the card's training energy and emissions."""


class _Used:
    """The paths of a model card that mapping used, so that the rest can be kept and named."""

    def __init__(self) -> None:
        self.paths: set[str] = set()

    def __call__(self, *where: str | int) -> None:
        self.paths.add(joined(where))


def card_from_native(
    component: dict[str, Any], dependencies: list[dict[str, Any]], used: _Used | None = None
) -> dict[str, Any]:
    """The card fields a component's CycloneDX fields give; the exporter uses it to see what needs a property.
    ``used`` collects the model card's paths that were mapped, for the import's report."""
    use = used or _Used()
    model = _model(component)
    card: dict[str, Any] = {"model": model}
    model_card: dict[str, Any] = component["modelCard"] if isinstance(component.get("modelCard"), dict) else {}
    parameters: dict[str, Any] = _mapping(model_card.get("modelParameters"))
    for key, target in (("task", model), ("architectureFamily", model)):
        if _text(parameters.get(key)):
            target["task" if key == "task" else "architecture"] = parameters[key]
            use("modelParameters", key)
    training: dict[str, Any] = {}
    if _text(parameters.get("modelArchitecture")):
        training["architecture"] = parameters["modelArchitecture"]
        use("modelParameters", "modelArchitecture")
    approach = _mapping(parameters.get("approach")).get("type")
    if approach in APPROACHES:
        training["objective"] = approach
        use("modelParameters", "approach")
    modalities = {}
    for key, name in (("inputs", "input"), ("outputs", "output")):
        formats = []
        for index, item in enumerate(_list(parameters.get(key))):
            if isinstance(item, dict) and _text(item.get("format")):
                formats.append(item["format"])
                use("modelParameters", key, index, "format")
        if formats:
            modalities[name] = formats
    if modalities:
        model["modalities"] = modalities
    sources = []
    for index, item in enumerate(_list(parameters.get("datasets"))):
        if isinstance(item, dict):
            sources.append(_source(item, lambda *where, at=index: use("modelParameters", "datasets", at, *where)))
    if sources:
        card["data_creation"] = {"sources": sources}
    analysis = _mapping(model_card.get("quantitativeAnalysis"))
    results = [
        _result(item, lambda *where, at=index: use("quantitativeAnalysis", "performanceMetrics", at, *where))
        for index, item in enumerate(_list(analysis.get("performanceMetrics")))
    ]
    if any(results):
        card["evaluation"] = {"results": [result for result in results if result]}
    graphics = _graphics(_mapping(analysis.get("graphics")), use)
    if graphics:
        card["extras"] = {"graphics": graphics}
    if training:
        card["training"] = training
    _considerations(card, _mapping(model_card.get("considerations")), use)
    listed = [_dependency(item) for item in dependencies]
    if listed:
        card["dependencies"] = listed
    return card


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _graphics(graphics: dict[str, Any], use: _Used) -> list[dict[str, Any]]:
    """CycloneDX's base64 images as data: images (anything else is kept with the leftovers)."""
    found = []
    for index, graphic in enumerate(_list(graphics.get("collection"))):
        image = _mapping(_mapping(graphic).get("image"))
        uri = (
            image_data_uri(image["content"])
            if image.get("encoding") == "base64" and _text(image.get("content"))
            else None
        )
        if uri is None:
            continue
        entry = {"image": uri, "origin": f"{FORMAT}: quantitativeAnalysis.graphics"}
        use("quantitativeAnalysis", "graphics", "collection", index, "image")
        if _text(graphic.get("name")):
            entry["name"] = graphic["name"]
            use("quantitativeAnalysis", "graphics", "collection", index, "name")
        found.append(entry)
    return found


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


def _considerations(card: dict[str, Any], considerations: dict[str, Any], use: _Used) -> None:
    """Users, use cases and technical limitations to intended use, trade-offs to the evaluation, ethical
    considerations and fairness assessments to risks, training energy and CO2 to training."""
    intended: dict[str, Any] = {}
    for key, target in (
        ("users", "primary_users"),
        ("useCases", "primary_uses"),
        ("technicalLimitations", "limitations"),
    ):
        texts = _texts(considerations, key, use)
        if texts:
            intended[target] = texts
    if intended:
        card["intended_use"] = intended
    tradeoffs = _texts(considerations, "performanceTradeoffs", use)
    if tradeoffs:
        card.setdefault("evaluation", {})["tradeoffs"] = tradeoffs
    risks: list[dict[str, Any]] = []
    for index, item in enumerate(_list(considerations.get("ethicalConsiderations"))):
        if isinstance(item, dict):
            risk: dict[str, Any] = {}
            if _text(item.get("name")):
                risk["description"] = item["name"]
            if _text(item.get("mitigationStrategy")):
                risk["mitigations"] = [item["mitigationStrategy"]]
            risks.append(risk)
            for key in ("name", "mitigationStrategy"):
                use("considerations", "ethicalConsiderations", index, key)
    for index, item in enumerate(_list(considerations.get("fairnessAssessments"))):
        if isinstance(item, dict) and _fairness(risks, item):
            for key in ("groupAtRisk", "harms", "mitigationStrategy"):
                use("considerations", "fairnessAssessments", index, key)
    if risks:
        card["risks"] = risks
    _energy(card, _mapping(considerations.get("environmentalConsiderations")), use)


def _texts(considerations: dict[str, Any], key: str, use: _Used) -> list[str]:
    texts = []
    for index, item in enumerate(_list(considerations.get(key))):
        if _text(item):
            texts.append(item)
            use("considerations", key, index)
    return texts


def _fairness(risks: list[dict[str, Any]], item: dict[str, Any]) -> bool:
    """A fairness assessment as a bias/fairness risk: the ethical consideration it repeats (a cardgen export
    writes both), else a new risk. False when it names no harm or group to hold."""
    harms, group, mitigation = (_text(item.get(key)) for key in ("harms", "groupAtRisk", "mitigationStrategy"))
    if not (harms or group):
        return False
    risk = next((risk for risk in risks if harms and risk.get("description") == harms), None)
    if risk is None:
        risk = {"description": harms} if harms else {}
        risks.append(risk)
        if mitigation:
            risk["mitigations"] = [mitigation]
    risk["category"] = FAIRNESS
    if group:
        risk["affected_groups"] = group.split(", ")
    return True


def _energy(card: dict[str, Any], environment: dict[str, Any], use: _Used) -> None:
    """The first training (or fine-tuning) energy consumption, in kWh, with its CO2 in tCO2eq."""
    for index, energy in enumerate(_list(environment.get("energyConsumptions"))):
        cost = _mapping(_mapping(energy).get("activityEnergyCost"))
        if energy.get("activity") not in TRAINING_ACTIVITIES or cost.get("unit") != "kWh":
            continue
        if not isinstance(cost.get("value"), (int, float)) or isinstance(cost.get("value"), bool):
            continue
        training = card.setdefault("training", {})
        training["energy"] = {"value": cost["value"], "unit": "kWh"}
        where = ("considerations", "environmentalConsiderations", "energyConsumptions", index)
        use(*where, "activity")
        use(*where, "activityEnergyCost")
        co2 = _mapping(energy.get("co2CostEquivalent"))
        if isinstance(co2.get("value"), (int, float)) and co2.get("unit") == "tCO2eq":
            training["emissions"] = {"value": co2["value"], "unit": "tCO2eq"}
            use(*where, "co2CostEquivalent")
        return


Mark = Callable[..., None]
"""Records that a path (below the item being read) was mapped."""


def _source(item: dict[str, Any], use: Mark) -> dict[str, Any]:
    """An inline dataset: name, description, contents URL, sensitive data and its owner."""
    source: dict[str, Any] = {}
    for key, field in (("name", "name"), ("description", "description")):
        if _text(item.get(key)):
            source[field] = item[key]
            use(key)
    if _text(_mapping(item.get("contents")).get("url")):
        source["url"] = item["contents"]["url"]
        use("contents", "url")
    sensitive = [kind for kind in _list(item.get("sensitiveData")) if isinstance(kind, str)]
    if PERSONAL in sensitive:
        source["personal_information"] = True
    if SPECIAL in sensitive:
        source["sensitive_information"] = True
    described = [kind for kind in sensitive if kind not in (PERSONAL, SPECIAL)]
    if described and SPECIAL not in sensitive:
        source["sensitive_information"] = {"value": True, "explanation": "Sensitive data: " + ", ".join(described)}
    if sensitive:
        use("sensitiveData")
    governance = _mapping(item.get("governance"))
    for role in ("owners", "custodians", "stewards"):
        for index, party in enumerate(_list(governance.get(role))):
            name = _mapping(_mapping(party).get("organization")).get("name")
            if _text(name) and "owner" not in source:
                source["owner"] = name
                use("governance", role, index, "organization", "name")
    if item.get("type") == "dataset":
        use("type")
    return source


def _result(item: Any, use: Mark) -> dict[str, Any] | None:
    """A performance metric: text that is not a number (or "value +/- std") stays as the reported text."""
    if not isinstance(item, dict) or not _text(item.get("type")):
        return None
    result: dict[str, Any] = {"task": "unknown", "metric": item["type"]}
    use("type")
    text = item.get("value")
    parsed = split_reported(text) if isinstance(text, str) else None
    if parsed is not None:
        result["value"] = parsed[0]
        if parsed[1] is not None:
            result["uncertainty"], result["reported"] = {"std": parsed[1]}, text
    else:
        why = f"the BOM gives {text!r}, not a number" if text else "the BOM gives no value"
        result["value"] = {"value": "unknown", "explanation": why}
        if _text(text):
            result["reported"] = text
    if text is not None:
        use("value")
    if _text(item.get("slice")):
        result["slice"] = item["slice"]
        use("slice")
    interval = _mapping(item.get("confidenceInterval"))
    bounds = [split_reported(str(interval.get(key))) for key in ("lowerBound", "upperBound")]
    if all(bound is not None and bound[1] is None for bound in bounds):
        lower, upper = (bound[0] for bound in bounds if bound is not None)
        if lower <= upper:
            result["uncertainty"] = {"lower": lower, "upper": upper}
            use("confidenceInterval")
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
