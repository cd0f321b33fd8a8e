"""Model Card Toolkit JSON (schema v0.0.1 and v0.0.2) into a card.

Each MCT field goes to its card field; graphics become data: images under
``extras.graphics`` (each remembering the collection it came from), and every
field with no card field is kept verbatim under ``extras.metadata.mct`` by its
path, so an export to MCT writes it back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cardgen.errors import DataPath
from cardgen.importers.paths import JsonSource, iso_date, joined
from cardgen.importers.report import Imported
from cardgen.schema.evaluation import split_reported
from cardgen.schema.interop import image_data_uri

FORMAT = "mct"

LIMITATION = "robustness"
"""MCT's technical limitations are cardgen risks of this category; its ethical considerations are the other risks."""


METRIC_KEYS = frozenset({"type", "value", "slice", "confidence_interval", "graphics"})
"""A performance metric's own keys in MCT; any other single value is one of the metric's arguments."""


def read(path: Path) -> list[Imported]:
    source = JsonSource(str(path))
    data = source.data
    if not isinstance(data, dict):
        raise source.fail((), "this is not a Model Card Toolkit card: the top level must be a JSON object")
    if data.get("bomFormat") == "CycloneDX":
        raise source.fail(
            ("bomFormat",), "this is a CycloneDX BOM, not a Model Card Toolkit card: use --from cyclonedx"
        )
    if not isinstance(data.get("model_details"), dict):
        raise source.fail(
            (),
            "this is not a Model Card Toolkit card: it has no model_details object "
            "(expected the JSON of model-card-toolkit's schema v0.0.1 or v0.0.2)",
        )
    if not isinstance(data.get("model_parameters", {}).get("data", []), list) or isinstance(
        data["model_details"].get("license"), str
    ):
        source.data = upgrade(data)
    card = _Card(source, Imported(name="", data={}, source=str(path)))
    card.run()
    return [card.imported]


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A v0.0.1 card in v0.0.2's shape, as the toolkit itself converts it, so that one mapping serves both
    and what is kept fits a v0.0.2 export."""
    card: dict[str, Any] = json.loads(json.dumps(data))
    details = card.get("model_details", {})
    if isinstance(details.get("license"), str):
        details["licenses"] = [{"identifier": details.pop("license")}]
    if isinstance(details.get("references"), list):
        details["references"] = [
            {"reference": item} if isinstance(item, str) else item for item in details["references"]
        ]
    citation = details.get("citation")
    if isinstance(citation, str) or (isinstance(citation, dict) and isinstance(citation.get("citation"), str)):
        details.pop("citation")
        details["citations"] = [{"citation": citation} if isinstance(citation, str) else citation]
    for metric in card.get("quantitative_analysis", {}).get("performance_metrics", []):
        if not isinstance(metric, dict):
            continue
        interval = metric.get("confidence_interval")
        for holder, key in [(metric, "value"), *((interval, bound) for bound in ("lower_bound", "upper_bound"))]:
            if isinstance(holder, dict) and isinstance(holder.get(key), (int, float)):
                holder[key] = str(holder[key])  # v0.0.2 holds values and bounds as text
    parameters = card.get("model_parameters", {})
    if isinstance(parameters.get("data"), dict):
        parameters["data"] = [
            {"name": split, **item} if "name" not in item else item
            for split, item in parameters["data"].items()
            if isinstance(item, dict)
        ]
    considerations = card.get("considerations", {})
    for key in ("users", "use_cases", "limitations", "tradeoffs"):
        if isinstance(considerations.get(key), list):
            considerations[key] = [
                {"description": item} if isinstance(item, str) else item for item in considerations[key]
            ]
    card["schema_version"] = "0.0.2"
    return card


class _Card:
    def __init__(self, source: JsonSource, imported: Imported) -> None:
        self.source = source
        self.imported = imported
        self.data = imported.data

    def node(self, path: str) -> dict[str, Any]:
        node = self.data
        for part in path.split("."):
            node = node.setdefault(part, {})
        return node

    def put(self, target: str, value: Any, where: DataPath, detail: str = "") -> None:
        self.source.get(*where)
        parent, _, key = target.rpartition(".")
        (self.node(parent) if parent else self.data)[key] = value
        self.imported.note(joined(where), target, "mapped", detail)

    def add(self, target: str, value: Any, where: DataPath) -> None:
        self.source.get(*where)
        parent, _, key = target.rpartition(".")
        (self.node(parent) if parent else self.data).setdefault(key, []).append(value)
        self.imported.note(joined(where), target, "mapped")

    def text(self, *where: str | int) -> str | None:
        value = self.source.get(*where)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.source.fail(where, f"{joined(where)} should be text, not {type(value).__name__}")
        return str(value)

    def items(self, *where: str | int) -> list[Any]:
        value = self.source.get(*where)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.source.fail(where, f"{joined(where)} should be a list")
        return value

    def run(self) -> None:
        self.details()
        self.parameters()
        self.analysis()
        self.considerations()
        self.source.get("schema_version")
        for path, value in self.source.leftovers():
            self.node(f"extras.metadata.{FORMAT}")[path] = value
            self.imported.note(path, f"extras.metadata.{FORMAT}", "kept", "no card field; an MCT export writes it back")

    def details(self) -> None:
        name = self.text("model_details", "name") or Path(self.source.path).stem
        self.put("model.name", name, ("model_details", "name"))
        self.imported.name = name
        overview = self.text("model_details", "overview")
        if overview:
            self.put("model.description", overview, ("model_details", "overview"))
        owners = [owner for owner in self.items("model_details", "owners") if isinstance(owner, dict)]
        names = [str(owner["name"]) for owner in owners if owner.get("name")]
        contacts = [str(owner["contact"]) for owner in owners if owner.get("contact")]
        if names:
            self.put("model.organization", ", ".join(names), ("model_details", "owners"), "owner names")
        if contacts:
            self.put("model.contact", ", ".join(contacts), ("model_details", "owners"), "owner contacts")
        for index, _owner in enumerate(self.items("model_details", "owners")):
            for key in ("name", "contact"):
                self.source.get("model_details", "owners", index, key)
        version = self.text("model_details", "version", "name")
        if version:
            self.put("model.version", version, ("model_details", "version", "name"))
        date = self.source.peek("model_details", "version", "date")
        if isinstance(date, str) and iso_date(date):
            self.put("model.release_date", date, ("model_details", "version", "date"))
        self.licenses()
        self.references()
        self.citations()
        architecture = self.text("model_parameters", "model_architecture")
        if architecture:
            self.put("model.architecture", architecture, ("model_parameters", "model_architecture"))

    def licenses(self) -> None:
        single = self.source.data["model_details"].get("license")
        if isinstance(single, str):  # v0.0.1
            self.put("model.license", self.text("model_details", "license"), ("model_details", "license"))
            return
        licenses = self.items("model_details", "licenses")
        if not licenses or not isinstance(licenses[0], dict):
            return
        first = licenses[0]
        if first.get("identifier"):
            self.put("model.license", str(first["identifier"]), ("model_details", "licenses", 0, "identifier"))
        elif first.get("custom_text"):
            self.put(
                "model.license", {"name": str(first["custom_text"])}, ("model_details", "licenses", 0, "custom_text")
            )

    def references(self) -> None:
        references = self.items("model_details", "references")
        for index, item in enumerate(references):
            url = item.get("reference") if isinstance(item, dict) else item
            if not isinstance(url, str):
                continue
            role = _link_role(url)
            links = self.node("model.links")
            if role in links:
                continue  # one link per role; the others stay in extras
            at = ("model_details", "references", index) + (("reference",) if isinstance(item, dict) else ())
            self.put(f"model.links.{role}", url, at)

    def citations(self) -> None:
        details = self.source.data["model_details"]
        found: list[tuple[DataPath, str]] = []
        if isinstance(details.get("citation"), str):  # v0.0.1
            found.append((("model_details", "citation"), details["citation"]))
        elif isinstance(details.get("citation"), dict) and isinstance(details["citation"].get("citation"), str):
            found.append((("model_details", "citation", "citation"), details["citation"]["citation"]))
        for index, item in enumerate(self.items("model_details", "citations")):
            if isinstance(item, dict) and isinstance(item.get("citation"), str) and not item.get("style"):
                found.append((("model_details", "citations", index, "citation"), item["citation"]))
        if found:
            where, text = found[0]
            self.put("model.citation", text, where)

    def parameters(self) -> None:
        data = self.source.data.get("model_parameters")
        if not isinstance(data, dict):
            return
        for index, item in enumerate(self.items("model_parameters", "data")):
            if isinstance(item, dict):
                self.dataset(("model_parameters", "data", index))
        for key, target in (("input_format", "model.modalities.input"), ("output_format", "model.modalities.output")):
            value = self.text("model_parameters", key)
            if value:
                self.put(target, [value], ("model_parameters", key))

    def dataset(self, where: DataPath) -> None:
        item = self.source.get(*where)
        entry: dict[str, Any] = {}
        for key, target in (("name", "name"), ("link", "url"), ("description", "description")):
            if isinstance(item.get(key), str):
                entry[target] = item[key]
                self.source.get(*where, key)
        sensitive = item.get("sensitive")
        if isinstance(sensitive, bool):  # v0.0.1
            entry["sensitive_information"] = sensitive
            self.source.get(*where, "sensitive")
        elif isinstance(sensitive, dict) and isinstance(sensitive.get("sensitive_data"), list):
            named = [str(kind) for kind in sensitive["sensitive_data"]]
            entry["sensitive_information"] = (
                {"value": True, "explanation": "Sensitive data: " + ", ".join(named)} if named else False
            )
            self.source.use(*where, "sensitive")
        self.graphics((*where, "graphics"))
        if not entry:
            return  # nothing to map: whatever it holds is kept with the leftovers
        self.add("data_creation.sources", entry, where)

    def graphics(self, where: DataPath) -> None:
        collection = self.source.get(*where, "collection")
        if not isinstance(collection, list):
            return
        for index, graphic in enumerate(collection):
            at = (*where, "collection", index)
            image = graphic.get("image") if isinstance(graphic, dict) else None
            uri = image_data_uri(image) if isinstance(image, str) else None
            if uri is None:
                continue  # not an image: kept verbatim with the leftovers
            self.source.get(*at, "image")
            entry = {"image": uri, "origin": f"{FORMAT}: {joined(where)}"}
            if isinstance(graphic.get("name"), str):
                entry["name"] = graphic["name"]
                self.source.get(*at, "name")
            self.add("extras.graphics", entry, at)

    def analysis(self) -> None:
        for index, metric in enumerate(self.items("quantitative_analysis", "performance_metrics")):
            where: DataPath = ("quantitative_analysis", "performance_metrics", index)
            if not isinstance(metric, dict) or not isinstance(metric.get("type"), str):
                raise self.source.fail(where, "a performance metric needs a type (the metric's name)")
            result: dict[str, Any] = {"task": "unknown", "metric": metric["type"]}
            self.source.get(*where, "type")
            value = metric.get("value")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                result["value"] = value
            else:
                text = str(value) if value is not None else ""
                parsed = split_reported(text) if text else None
                if parsed is not None:
                    result["value"], result["reported"] = parsed[0], text
                    if parsed[1] is not None:
                        result["uncertainty"] = {"std": parsed[1]}
                else:
                    why = f"the source gives {text!r}, not a number" if text else "the source gives no value"
                    result["value"] = {"value": "unknown", "explanation": why}
                    if text:
                        result["reported"] = text
            if value is not None:
                self.source.get(*where, "value")
            if isinstance(metric.get("slice"), str):
                result["slice"] = metric["slice"]
                self.source.get(*where, "slice")
            interval = metric.get("confidence_interval")
            if isinstance(interval, dict):
                bounds = [_float(interval.get(key)) for key in ("lower_bound", "upper_bound")]
                if bounds[0] is not None and bounds[1] is not None and bounds[0] <= bounds[1]:
                    result["uncertainty"] = {"lower": bounds[0], "upper": bounds[1]}
                    self.source.use(*where, "confidence_interval")
            arguments = {
                key: value
                for key, value in metric.items()
                if key not in METRIC_KEYS and isinstance(value, (str, int, float)) and not isinstance(value, bool)
            }  # v0.0.1's threshold, and the arguments a cardgen export writes beside the metric
            if arguments:
                result["metric_args"] = arguments
                for key in arguments:
                    self.source.get(*where, key)
            self.add("evaluation.results", result, where)
            self.imported.note(joined(where), "evaluation.results.task", "mapped", "MCT names no task: unknown")
        self.graphics(("quantitative_analysis", "graphics"))

    def considerations(self) -> None:
        for key, target in (("users", "intended_use.primary_users"), ("use_cases", "intended_use.primary_uses")):
            for index, item in enumerate(self.items("considerations", key)):
                text = _description(item)
                if text is not None:
                    self.add(target, text, ("considerations", key, index))
        for index, item in enumerate(self.items("considerations", "tradeoffs")):
            text = _description(item)
            if text is not None:
                self.add("evaluation.tradeoffs", text, ("considerations", "tradeoffs", index))
        for index, item in enumerate(self.items("considerations", "limitations")):
            text = _description(item)
            if text is not None:
                self.add(
                    "risks", {"category": LIMITATION, "description": text}, ("considerations", "limitations", index)
                )
        for index, item in enumerate(self.items("considerations", "ethical_considerations")):
            if not isinstance(item, dict):
                continue
            risk: dict[str, Any] = {}
            if isinstance(item.get("name"), str):
                risk["description"] = item["name"]
            if isinstance(item.get("mitigation_strategy"), str):
                risk["mitigations"] = [item["mitigation_strategy"]]
            self.add("risks", risk, ("considerations", "ethical_considerations", index))
            for key in ("name", "mitigation_strategy"):
                self.source.get("considerations", "ethical_considerations", index, key)
        for key in ("users", "use_cases", "limitations", "tradeoffs"):
            for index, item in enumerate(self.items("considerations", key)):
                if isinstance(item, dict) and _description(item) is not None:
                    self.source.get("considerations", key, index, "description")


def _description(item: Any) -> str | None:
    """A v0.0.2 ``{description}`` or a v0.0.1 plain string."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and set(item) == {"description"} and isinstance(item["description"], str):
        return item["description"]
    return None


def _float(value: Any) -> float | None:
    parsed = split_reported(str(value)) if value is not None and not isinstance(value, bool) else None
    return parsed[0] if parsed and parsed[1] is None else None


def _link_role(url: str) -> str:
    """Which of the card's links a reference is, by its address."""
    lowered = url.lower()
    if "arxiv.org" in lowered or "doi.org" in lowered or lowered.endswith(".pdf"):
        return "paper"
    if "github.com" in lowered or "gitlab" in lowered:
        return "repository"
    if "huggingface.co" in lowered:
        return "weights"
    return "homepage"
