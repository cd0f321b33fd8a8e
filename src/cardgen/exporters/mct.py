"""Model Card Toolkit JSON, schema v0.0.2: the card's fields in MCT's places, and what an MCT import kept."""

from __future__ import annotations

import json
from typing import Any

from cardgen.exporters import held_back, text_of
from cardgen.importers.mct import FORMAT, LIMITATION
from cardgen.importers.paths import put
from cardgen.renderer.hub import hub_value
from cardgen.schema.answers import explanation, items, plain
from cardgen.schema.card import Card
from cardgen.schema.interop import image_base64
from cardgen.schema.model import LicenseRef

SCHEMA_VERSION = "0.0.2"

LIMITS: dict[str, str] = {
    "model.links": "MCT references carry no role; they come back sorted by address (paper, repository, weights)",
    "evaluation.results[].task": "MCT performance metrics name no task",
    "risks[].category": "MCT risks have no category; technical limitations come back as robustness risks",
    "data_creation.sources[].sensitive_information": "MCT lists kinds of sensitive data, not yes or no",
    "extras.graphics[].origin": "MCT graphics belong to a dataset or to the quantitative analysis; a graphic from "
    "elsewhere comes back as one of the quantitative analysis",
}
"""Card fields MCT has a place for that do not come back exactly; every field outside :data:`HELD` (the five
stages beyond the data sources, deployment, dependencies, ...) is named by :func:`export`'s warnings too."""

EXTRA_LIMITS: dict[str, str] = {
    "every field outside those MCT shares with cards (HELD in cardgen/exporters/mct.py)": "MCT has model "
    "details, parameters, datasets, metrics and considerations only; the exporter names each other field the "
    "card fills",
}

HELD: tuple[str, ...] = (
    "model.name",
    "model.description",
    "model.organization",
    "model.contact",
    "model.version",
    "model.release_date",
    "model.license",
    "model.links",
    "model.citation",
    "model.architecture",
    "model.modalities",
    "data_creation.sources[].name",
    "data_creation.sources[].url",
    "data_creation.sources[].description",
    "data_creation.sources[].sensitive_information",
    "evaluation.results[].task",
    "evaluation.results[].metric",
    "evaluation.results[].metric_args",
    "evaluation.results[].value",
    "evaluation.results[].reported",
    "evaluation.results[].slice",
    "evaluation.results[].uncertainty.lower",
    "evaluation.results[].uncertainty.upper",
    "evaluation.results[].uncertainty.std",
    "evaluation.tradeoffs",
    "intended_use.primary_users",
    "intended_use.primary_uses",
    "risks[].description",
    "risks[].mitigations",
    "risks[].category",
    "extras.graphics",
    f"extras.metadata.{FORMAT}",
)
"""The card fields an MCT export writes: the round-trip tests derive from this table which fields must come back
(all of them but :data:`LIMITS`) and which must be warned about (every other field a card fills)."""


def _details(card: Card) -> dict[str, Any]:
    model = card.model
    details: dict[str, Any] = {"name": model.name}
    if text_of(model.description):
        details["overview"] = text_of(model.description)
    owners = _owners(text_of(model.organization), text_of(model.contact))
    if owners:
        details["owners"] = owners
    version = {"name": text_of(model.version), "date": text_of(model.release_date)}
    if any(version.values()):
        details["version"] = {key: value for key, value in version.items() if value}
    license = plain(model.license)
    if isinstance(license, str):
        details["licenses"] = [{"identifier": license}]
    elif isinstance(license, LicenseRef):
        spdx, name, url = (text_of(part) for part in (license.id, license.name, license.url))
        text = spdx or name or url
        if text:
            details["licenses"] = [{"identifier": spdx} if spdx else {"custom_text": name or url}]
    links = plain(model.links)
    if links is not None:
        urls = [text_of(getattr(links, name)) for name in type(links).model_fields]
        details["references"] = [{"reference": url} for url in urls if url]
    if text_of(model.citation):
        details["citations"] = [{"citation": text_of(model.citation)}]
    return details


def _owners(names: str | None, contacts: str | None) -> list[dict[str, str]]:
    """MCT owners from the card's organization and contact: the import joins several owners' names and contacts
    with ", ", so as many names as contacts split back into as many owners."""
    split = [names.split(", ") if names else [], contacts.split(", ") if contacts else []]
    if len(split[0]) > 1 and len(split[0]) == len(split[1]):
        return [{"name": name, "contact": contact} for name, contact in zip(*split, strict=True)]
    owner = {key: value for key, value in (("name", names), ("contact", contacts)) if value}
    return [owner] if owner else []


ANALYSIS_GRAPHICS = "quantitative_analysis.graphics"


def _graphics(card: Card, origin: str) -> list[dict[str, Any]]:
    """The graphics of one MCT collection; a graphic whose origin is no dataset's goes to the quantitative
    analysis, so none is left out."""
    graphics = card.extras.graphics or [] if card.extras else []
    datasets = len(items(getattr(plain(card.data_creation), "sources", None)))
    homes = {f"{FORMAT}: model_parameters.data[{index}].graphics" for index in range(datasets)}
    return [
        {**({"name": graphic.name} if graphic.name else {}), "image": image_base64(graphic.image)}
        for graphic in graphics
        if (graphic.origin if graphic.origin in homes else f"{FORMAT}: {ANALYSIS_GRAPHICS}") == f"{FORMAT}: {origin}"
    ]


def _datasets(card: Card) -> list[dict[str, Any]]:
    datasets = []
    for index, source in enumerate(items(getattr(plain(card.data_creation), "sources", None))):
        entry: dict[str, Any] = {
            key: text_of(getattr(source, field))
            for key, field in (("name", "name"), ("link", "url"), ("description", "description"))
            if text_of(getattr(source, field))
        }
        if plain(source.sensitive_information):
            why = explanation(source.sensitive_information) or "sensitive data"
            entry["sensitive"] = {"sensitive_data": [why.removeprefix("Sensitive data: ")]}
        collection = _graphics(card, f"model_parameters.data[{index}].graphics")
        if collection:
            entry["graphics"] = {"collection": collection}
        datasets.append(entry)
    return datasets


def _metrics(card: Card) -> list[dict[str, Any]]:
    from cardgen.renderer.view import evaluation_results

    metrics = []
    for result in evaluation_results(card):
        metric: dict[str, Any] = {"type": result.metric}
        value = hub_value(result)  # MCT's value is text: "value +/- std" keeps a standard deviation
        if value is None and plain(result.value) is not None:
            value = plain(result.value)
        if value is not None:
            metric["value"] = (
                value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
            )
        if result.slice:
            metric["slice"] = result.slice
        spread = result.uncertainty
        if spread is not None and spread.lower is not None and spread.upper is not None:
            metric["confidence_interval"] = {"lower_bound": repr(spread.lower), "upper_bound": repr(spread.upper)}
        for key, argument in (result.metric_args or {}).items():
            metric.setdefault(key, argument)
        metrics.append(metric)
    return metrics


def _considerations(card: Card) -> dict[str, Any]:
    use = plain(card.intended_use)
    considerations: dict[str, Any] = {
        "users": [{"description": str(plain(item))} for item in items(getattr(use, "primary_users", None))],
        "use_cases": [{"description": str(plain(item))} for item in items(getattr(use, "primary_uses", None))],
        "limitations": [],
        "tradeoffs": [
            {"description": str(plain(item))} for item in items(getattr(plain(card.evaluation), "tradeoffs", None))
        ],
        "ethical_considerations": [],
    }
    for risk in items(card.risks):
        mitigations = [str(plain(item)) for item in items(risk.mitigations)]
        description = text_of(risk.description) or ""
        if plain(risk.category) == LIMITATION and not mitigations:
            considerations["limitations"].append({"description": description})
        else:
            entry = {"name": description}
            if mitigations:
                entry["mitigation_strategy"] = "; ".join(mitigations)
            considerations["ethical_considerations"].append(entry)
    return {key: value for key, value in considerations.items() if value}


def model_card(card: Card) -> tuple[dict[str, Any], list[str]]:
    """The card as an MCT v0.0.2 document, with what an MCT import kept put back where it was;
    and the kept paths v0.0.2 has no room for (values from a v0.0.1 file)."""
    parameters: dict[str, Any] = {}
    if text_of(card.model.architecture):
        parameters["model_architecture"] = text_of(card.model.architecture)
    datasets = _datasets(card)
    if datasets:
        parameters["data"] = datasets
    modalities = plain(card.model.modalities)
    for key, name in (("input_format", "input"), ("output_format", "output")):
        kinds = [str(plain(kind)) for kind in items(getattr(modalities, name, None))]
        if kinds:
            parameters[key] = ", ".join(kinds)
    analysis: dict[str, Any] = {}
    metrics = _metrics(card)
    if metrics:
        analysis["performance_metrics"] = metrics
    collection = _graphics(card, ANALYSIS_GRAPHICS)
    if collection:
        analysis["graphics"] = {"collection": collection}
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model_details": _details(card)}
    for key, value in (("model_parameters", parameters), ("quantitative_analysis", analysis)):
        if value:
            document[key] = value
    considerations = _considerations(card)
    if considerations:
        document["considerations"] = considerations
    kept = (card.extras.metadata or {}).get(FORMAT, {}) if card.extras else {}
    misfits = [
        path
        for path, value in kept.items()
        if path.split(".")[0].split("[")[0] not in TOP_LEVEL or not put(document, path, _v2_shape(path, value))
    ]
    return document, misfits


def _v2_shape(path: str, value: Any) -> Any:
    """v0.0.1 wrote considerations as plain strings; v0.0.2 wants ``{description}`` objects."""
    if path.startswith("considerations.") and isinstance(value, list):
        return [{"description": item} if isinstance(item, str) else item for item in value]
    return value


TOP_LEVEL = frozenset(
    {"schema_version", "model_details", "model_parameters", "quantitative_analysis", "considerations"}
)
"""The only top-level keys v0.0.2 allows; kept values from elsewhere (a v0.0.1 file) go under them."""


def export(card: Card) -> tuple[bytes, list[str]]:
    from cardgen.exporters import outside

    warnings = held_back(card, LIMITS)
    warnings += [f"{path}: Model Card Toolkit has no place for it" for path in outside(card, HELD)]
    document, misfits = model_card(card)
    warnings += [f"extras.metadata.{FORMAT}.{path}: MCT v0.0.2 has no room for it there" for path in misfits]
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), warnings
