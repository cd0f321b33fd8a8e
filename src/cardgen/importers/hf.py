"""Hugging Face Hub model cards (README.md): YAML front matter and the Markdown body, into a card.

The front matter's keys go to their card fields, ``model-index`` to evaluation
results with every field the Hub defines, and keys with no card field are kept
verbatim under ``extras.metadata.huggingface``. The body is split at its headings;
a section whose heading names a card field (the Hub template's headings and their
common variants) fills that field as Markdown, anything else is kept under
``extras.documentation``. The two inputs the Hub itself refuses (front matter
that is not a mapping, a model-index of the wrong shape) raise a LoadError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardgen.errors import DataPath, LoadError, Position
from cardgen.importers.hub_sections import (
    field_model,
    label_value,
    list_field,
    normalised,
    read_block,
    read_block_fields,
    read_recommendations,
    read_results_table,
    read_table,
    shown_alike,
    table_header,
    template_map,
    unescape,
    written_as,
)
from cardgen.importers.report import Imported
from cardgen.io.loader import Location, parse_value, read_text, resolve_plain_scalar
from cardgen.schema.evaluation import split_reported

FORMAT = "huggingface"
"""The key under extras.metadata for Hub metadata with no card field."""

PLACEHOLDERS = frozenset({"[more information needed]", "more information needed", "[optional]", ""})
_NON_FINITE = re.compile(
    r"(:[ \t]+|-[ \t]+|[\[,][ \t]*)([-+]?\.(?:nan|NaN|NAN|inf|Inf|INF))(?=[ \t]*(?:[,}\]#]|$))", re.MULTILINE
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LABELLED = re.compile(r"^[-*] \*\*(.+?):?\*\*:?[ \t]*(.*)$")


@dataclass
class _Source:
    """The file being read, for positions in errors."""

    path: str
    locations: Mapping[DataPath, Location] = field(default_factory=dict)

    def fail(self, where: DataPath, message: str) -> LoadError:
        location = self.locations.get(where)
        position = (location.key or location.value) if location else Position(1, 1)
        return LoadError(self.path, position, message)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, the body's first line number) of a README."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, text, 1


def read(path: Path) -> list[Imported]:
    """One card from a Hub README.md (or any Markdown model card)."""
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    front, body, _ = split_front_matter(text)
    source = _Source(str(path))
    metadata: dict[str, Any] = {}
    if front is not None:
        # The "\n" keeps line numbers; NaN is quoted, since cards refuse it but Hub metrics hold it (kept as text).
        value, source.locations = parse_value("\n" + _NON_FINITE.sub(r'\1"\2"', front), str(path))
        if value is not None and not isinstance(value, dict):
            raise LoadError(
                str(path),
                Position(2, 1),
                f"the front matter must be a mapping of metadata keys (license:, tags:, ...), not {_kind(value)}; "
                "the Hub refuses this card too",
            )
        metadata = value or {}
    card = _Builder(Imported(name="", data={"model": {"name": ""}}, source=str(path)))
    _metadata(card, metadata, source)
    _body(card, body)
    card.imported.name = _name(card, path)
    return [card.imported]


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a single value"


class _Builder:
    """Card data under construction, with the notes saying where each piece came from."""

    def __init__(self, imported: Imported) -> None:
        self.imported = imported
        self.title: str | None = None
        self.later: list[tuple[_Section, str, str]] = []
        """Fields of cardgen's sections that did not read back, kept as documentation after the rest."""

    @property
    def data(self) -> dict[str, Any]:
        return self.imported.data

    def node(self, path: str) -> dict[str, Any]:
        """The mapping at a dotted path, created as needed."""
        node = self.data
        for part in path.split("."):
            node = node.setdefault(part, {})
        return node

    def set(self, path: str, value: Any, source: str, action: str = "mapped", detail: str = "") -> None:
        parent, _, key = path.rpartition(".")
        (self.node(parent) if parent else self.data)[key] = value
        self.imported.note(source, path, action, detail)  # type: ignore[arg-type]

    def append(self, path: str, item: Any, source: str) -> None:
        parent, _, key = path.rpartition(".")
        (self.node(parent) if parent else self.data).setdefault(key, []).append(item)
        self.imported.note(source, path, "mapped")

    def keep(self, key: str, value: Any, source: str, detail: str = "") -> None:
        """Verbatim under extras.metadata.huggingface, so an export can write it back."""
        self.node(f"extras.metadata.{FORMAT}")[key] = value
        self.imported.note(source, f"extras.metadata.{FORMAT}.{key}", "kept", detail)

    def text(self, path: str, markdown: str, title: str, source: str) -> None:
        """Markdown into a text field; a second section for the same field follows under its title."""
        parent, _, key = path.rpartition(".")
        node = self.node(parent)
        node[key] = f"{node[key]}\n\n**{title}**\n\n{markdown}" if key in node else markdown
        self.imported.note(source, path, "mapped", "Markdown")


# ---------------------------------------------------------------- metadata


def _strings(value: Any) -> list[str]:
    return [str(item) for item in (value if isinstance(value, list) else [value]) if item is not None]


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _metadata(card: _Builder, metadata: dict[str, Any], source: _Source) -> None:
    handlers: dict[str, Callable[[_Builder, Any, dict[str, Any], _Source], None]] = {
        "license": _license,
        "language": lambda c, v, m, s: c.set("model.languages", _strings(v), "language"),
        "library_name": lambda c, v, m, s: c.set("model.library", str(v), "library_name"),
        "tags": lambda c, v, m, s: c.set("model.tags", _strings(v), "tags"),
        "pipeline_tag": lambda c, v, m, s: c.set("model.task", str(v), "pipeline_tag"),
        "datasets": _datasets,
        "base_model": _base_model,
        "co2_eq_emissions": _emissions,
        "model-index": _model_index,
    }
    for key, value in metadata.items():
        if key in ("license_name", "license_link") and metadata.get("license") == "other":
            continue  # part of the license
        handler = handlers.get(key)
        if handler is None or _empty(value):
            card.keep(key, value, key, "no card field" if handler is None else "empty")
        else:
            handler(card, value, metadata, source)


def _license(card: _Builder, value: Any, metadata: dict[str, Any], source: _Source) -> None:
    if value == "other":
        reference = {
            "name": metadata.get("license_name"),
            "url": metadata.get("license_link"),
        }
        card.set("model.license", {key: str(text) for key, text in reference.items() if text is not None}, "license")
        for key in ("license_name", "license_link"):
            if key in metadata:
                card.imported.note(key, f"model.license.{'name' if key == 'license_name' else 'url'}", "mapped")
    elif isinstance(value, str):
        card.set("model.license", spdx_case(value), "license")
    else:
        card.keep("license", value, "license", "not a single license id")


def spdx_case(license_id: str) -> str:
    """An SPDX id in SPDX's spelling (the Hub writes apache-2.0 for Apache-2.0); the Hub's own ids stay as they are."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    try:
        canonical = canonicalize_license_expression(license_id)
    except InvalidLicenseExpression:
        return license_id
    return canonical if "LicenseRef-" not in canonical else license_id


def _datasets(card: _Builder, value: Any, metadata: dict[str, Any], source: _Source) -> None:
    for index, name in enumerate(_strings(value)):
        dependency = {"name": name, "kind": "dataset", "relation": "trained_on"}
        card.append("dependencies", dependency, f"datasets[{index}]")


def _base_model(card: _Builder, value: Any, metadata: dict[str, Any], source: _Source) -> None:
    for index, name in enumerate(_strings(value)):
        where = "base_model" if not isinstance(value, list) else f"base_model[{index}]"
        card.append("dependencies", {"name": name, "kind": "model", "relation": "base_model"}, where)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _emissions(card: _Builder, value: Any, metadata: dict[str, Any], source: _Source) -> None:
    details = value if isinstance(value, dict) else {"emissions": value}
    grams = _number(details.get("emissions"))
    if grams is None or grams < 0:
        card.keep("co2_eq_emissions", value, "co2_eq_emissions", "emissions is not a number of grams")
        return
    figure: dict[str, Any] = {"value": grams, "unit": "gCO2eq"}
    if details.get("source") is not None:
        figure["source"] = str(details["source"])
    card.set("training.emissions", figure, "co2_eq_emissions.emissions", detail="grams of CO2 equivalent")
    targets = {"geographical_location": "training.hardware.region", "hardware_used": "training.hardware.accelerator"}
    for key, item in details.items():
        if key in ("emissions", "source"):
            if key == "source":
                card.imported.note("co2_eq_emissions.source", "training.emissions.source", "mapped")
        elif key in targets and isinstance(item, str):
            card.set(targets[key], item, f"co2_eq_emissions.{key}")
        else:
            card.node(f"extras.metadata.{FORMAT}").setdefault("co2_eq_emissions", {})[key] = item
            card.imported.note(f"co2_eq_emissions.{key}", f"extras.metadata.{FORMAT}.co2_eq_emissions.{key}", "kept")


# ---------------------------------------------------------------- model-index


def _model_index(card: _Builder, value: Any, metadata: dict[str, Any], source: _Source) -> None:
    """Every result of every entry, checked as the Hub checks it."""
    if not isinstance(value, list):
        raise source.fail(("model-index",), "model-index must be a list of {name, results}; the Hub refuses this card")
    for number, entry in enumerate(value):
        where: DataPath = ("model-index", number)
        if not isinstance(entry, dict) or not isinstance(entry.get("results", []), list):
            raise source.fail(where, "each model-index entry must be a mapping with a list of results")
        if entry.get("name") is not None and number == 0:
            card.set("model.name", str(entry["name"]), "model-index[0].name")
        elif entry.get("name") is not None:
            card.imported.note(f"model-index[{number}].name", None, "dropped", "a card names one model: the first")
        for index, result in enumerate(entry.get("results") or []):
            for item in _results(result, (*where, "results", index), source):
                card.append("evaluation.results", item, f"model-index[{number}].results[{index}]")
    if not card.data.get("evaluation", {}).get("results"):
        card.keep("model-index", value, "model-index", "it lists no results")


def _required(mapping: Any, key: str, where: DataPath, source: _Source, what: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) is None:
        raise source.fail(where, f"this model-index result has no {what}; the Hub requires it, so it refuses the card")
    return mapping[key]


def _optional_text(mapping: dict[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    return None if value is None else str(value)


def _results(result: Any, where: DataPath, source: _Source) -> list[dict[str, Any]]:
    task = _required(result, "task", where, source, "task")
    _required(task, "type", (*where, "task"), source, "task.type")
    dataset = _required(result, "dataset", where, source, "dataset")
    _required(dataset, "type", (*where, "dataset"), source, "dataset.type")
    _required(dataset, "name", (*where, "dataset"), source, "dataset.name")
    metrics = _required(result, "metrics", where, source, "metrics")
    if not isinstance(metrics, list):
        raise source.fail((*where, "metrics"), "metrics must be a list of {type, value}; the Hub refuses the card")
    reference: dict[str, Any] = {"name": str(dataset["name"]), "id": str(dataset["type"])}
    for key in ("config", "split", "revision"):
        if dataset.get(key) is not None:
            reference[key] = str(dataset[key])
    if dataset.get("args") is not None:
        reference["args"] = dataset["args"]
    common: dict[str, Any] = {"task": str(task["type"])}
    if task.get("name") is not None:
        common["task_name"] = str(task["name"])
    common["dataset"] = reference
    origin = result.get("source")
    made = []
    for index, metric in enumerate(metrics):
        at = (*where, "metrics", index)
        _required(metric, "type", at, source, "metric type")
        if "value" not in metric:
            raise source.fail(at, "this metric has no value; the Hub requires one, so it refuses the card")
        item = {**common, "metric": str(metric["type"])}
        for key, target in (("name", "metric_name"), ("config", "metric_config")):
            if metric.get(key) is not None:
                item[target] = str(metric[key])
        if isinstance(metric.get("args"), dict):
            item["metric_args"] = metric["args"]
        item.update(_value(metric["value"]))
        result_source = {
            key: str(origin[key]) for key in ("name", "url") if isinstance(origin, dict) and origin.get(key)
        }
        if isinstance(metric.get("verified"), bool):
            result_source["verified"] = metric["verified"]
        if metric.get("verifyToken") is not None:
            result_source["verify_token"] = str(metric["verifyToken"])
        if result_source:
            item["source"] = result_source
        made.append(item)
    return made


def _value(raw: Any) -> dict[str, Any]:
    """A metric value: a number, "value +/- std", or an explained unknown for NaN and other text."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if math.isfinite(raw):
            return {"value": raw}
        spelling = ".nan" if math.isnan(raw) else str(raw)
        return {
            "value": {"value": "unknown", "explanation": f"the source gives {spelling}, not a number"},
            "reported": spelling,
        }
    text = str(raw)
    parsed = split_reported(text)
    if parsed is None:
        return {
            "value": {"value": "unknown", "explanation": f"the source gives {text!r}, not a number"},
            "reported": text,
        }
    value, std = parsed
    return {"value": value, **({"uncertainty": {"std": std}} if std is not None else {}), "reported": text}


# ---------------------------------------------------------------- body


@dataclass
class _Section:
    level: int
    title: str
    lines: list[str]
    path: tuple[str, ...]

    @property
    def text(self) -> str:
        return _COMMENT.sub("", "\n".join(self.lines)).strip("\n").strip()


def sections(body: str) -> list[_Section]:
    """The body split at its ATX headings (not inside fenced code), each with its heading path."""
    found = [_Section(0, "", [], ())]
    fence: str | None = None
    titles: list[tuple[int, str]] = []
    for line in body.split("\n"):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        heading = _HEADING.match(line) if fence is None else None
        if heading is None:
            found[-1].lines.append(line)
            continue
        level, title = len(heading.group(1)), heading.group(2)
        titles = [(lvl, name) for lvl, name in titles if lvl < level] + [(level, title)]
        found.append(_Section(level, title, [], tuple(name for _, name in titles)))
    return found


def normalise(title: str) -> str:
    """A heading as words: no Markdown, HTML, [optional] or trailing punctuation, lower case."""
    text = re.sub(r"<[^>]*>", "", title)
    text = re.sub(r"\[optional\]", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:").casefold()


TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    (
        r"model (description|summary|overview|details)|description|overview|basics|introduction|about( the model)?",
        "model.description",
    ),
    (r"model type", "model.type"),
    (
        r"how to (get started( with the model)?|use( the model)?)|usage|getting started|quick ?start|example usage",
        "model.usage",
    ),
    (r"citation( info(rmation)?| instructions)?|bibtex( entry and citation info)?|how to cite|cite", "model.citation"),
    (r"model card contact|contact|where to send questions or comments about the model", "model.contact"),
    (
        r"training procedure|training( details)?|preprocessing|speeds,? sizes,? times|training results"
        r"|(training )?hyperparameters",
        "training.procedure",
    ),
    (r"training data(set)?s?|training and evaluation data|data", "data_creation.description"),
    (r"model architecture( and objective)?|architecture", "training.architecture"),
    (r"testing data|evaluation data(sets?)?|testing data, factors ?& ?metrics", "evaluation.testing_data"),
    (r"metrics", "evaluation.metrics_description"),
    (
        r"results|evaluation( results)?|eval results|performance|([a-z-]+ )?benchmarks?|validation metrics|summary",
        "evaluation.summary",
    ),
)
LIST_FIELDS: tuple[tuple[str, str], ...] = (
    (
        r"direct use|uses|intended uses?( & limitations| and limitations)?|primary intended uses|model use|evaluated use",
        "intended_use.primary_uses",
    ),
    (r"(primary )?intended users|direct users|users", "intended_use.primary_users"),
    (r"downstream uses?|secondary uses", "intended_use.downstream_uses"),
    (r"out[- ]of[- ]scope uses?( cases)?|misuse( and out-of-scope use)?", "intended_use.out_of_scope_uses"),
    (r"factors", "evaluation.factors"),
    (r"model card authors?", "model.card_authors"),
)
RISK_DESCRIPTION = r"bias,? risks,? and limitations|(risks|limitations|bias)( and (limitations|bias|fairness))?|ethical considerations( and limitations)?|caveats|broader implications|known limitations"
RISK_MITIGATION = r"recommendations|caveats and recommendations"

FROM_METADATA = frozenset({"language(s) (nlp)", "language(s)", "license", "finetuned from model"})
"""Template lines that repeat the front matter; the metadata is what is read."""


def _target(title: str, table: tuple[tuple[str, str], ...]) -> str | None:
    words = normalise(title)
    return next((target for pattern, target in table if re.fullmatch(pattern, words)), None)


def bullet_items(text: str) -> list[str] | None:
    """The items of text that is one top-level bullet list and nothing else, else None."""
    items: list[str] = []
    for line in text.split("\n"):
        if re.match(r"^[-*] ", line):
            items.append(line[2:])
        elif items and (line.startswith("  ") or not line.strip()):
            items[-1] += "\n" + line[2:]
        else:
            return None
    return [item.strip() for item in items] or None


def _from_metadata(card: _Builder, label: str) -> bool:
    """Whether the front matter already gave what a template line repeats."""
    model = card.data.get("model", {})
    if label == "license":
        return "license" in model
    if label.startswith("language"):
        return "languages" in model
    return any(item.get("kind") == "model" for item in card.data.get("dependencies", []))


def _labelled(card: _Builder, section: _Section) -> list[str]:
    """Take the template's "- **Label:** value" lines (labels read from cardgen's Hub template) the card has
    fields for; return the other lines."""
    known, heading = template_map(), normalised(section.title)
    labels = known.label_sections.get(heading, {} if heading in known.headings else known.labels)
    rest = []
    for line in section.text.split("\n"):
        match = _LABELLED.match(line)
        label = normalise(match.group(1)) if match else ""
        target = labels.get(label)
        if match is not None and label in FROM_METADATA and _from_metadata(card, label):
            written = unescape(match.group(2).strip())
            license = card.data.get("model", {}).get("license")
            if label == "license" and isinstance(license, str) and written.casefold() == license.casefold():
                card.data["model"]["license"] = written  # the Hub writes ids in lower case; the body as written
            card.imported.note(f"{section.title} / {match.group(1)}", None, "dropped", "repeats the front matter")
            continue
        if (
            match is not None
            and (target or label in FROM_METADATA)
            and match.group(2).strip().casefold() in PLACEHOLDERS | {"not stated"}
        ):
            continue  # the template's line for a field the card leaves empty
        if match is None or target is None or label in FROM_METADATA:
            rest.append(line)
            continue
        value = unescape(match.group(2).strip())
        if value.casefold() in PLACEHOLDERS:
            continue
        given = _at(card.data, target)
        if given is not None and written_as(given, match.group(2), target):
            card.imported.note(f"{section.title} / {match.group(1)}", None, "dropped", "repeats the front matter")
            continue
        reason = re.fullmatch(rf"{re.escape(given)} \((.+)\)", value, re.DOTALL) if isinstance(given, str) else None
        reading = {"value": given, "explanation": reason.group(1)} if reason else label_value(match.group(2), target)
        if reading is None:
            rest.append(line)
            continue
        card.set(target, _answer(given, reading), f"{section.title} / {match.group(1)}")
    return rest


def _merge_read(node: dict[str, Any], data: dict[str, Any], path: str) -> None:
    """Fields read from a section into those read before, block by block (see :func:`_answer`); an answer
    read before that is written alike (a figure the front matter gives in full) is kept."""
    for key, value in data.items():
        given = node.get(key)
        if given is not None and shown_alike(given, value, f"{path}.{key}"):
            continue
        if isinstance(given, dict) and isinstance(value, dict) and not _explained(given):
            _merge_read(given, value, f"{path}.{key}")
        else:
            node[key] = _answer(given, value)


def _explained(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"value", "explanation"}


def _answer(given: Any, text: Any) -> Any:
    """An answer read again: read before as "value" and written here as "value (explanation)", it is that
    value with its explanation (free text cannot tell them apart); else what is read here."""
    if isinstance(given, str) and isinstance(text, str) and text.startswith(f"{given} (") and text[-1] == ")":
        return {"value": given, "explanation": text[len(given) + 2 : -1]}
    if _explained(given) and text == "{value} ({explanation})".format(**given):
        return given
    return text


def _at(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of the card data being built, or None."""
    node: Any = data
    for name in path.split("."):
        node = node.get(name) if isinstance(node, dict) else None
    return node


def _body(card: _Builder, body: str) -> None:
    parts = sections(body)
    for section in parts:
        where = " / ".join(section.path) or "text before the first heading"
        if section.level == 1 and card.title is None:
            card.title = re.sub(r"[*_`]", "", section.title).strip() or None
        text = "\n".join(_labelled(card, section)).strip()
        if text.casefold() in PLACEHOLDERS:
            if section.text:
                card.imported.note(where, None, "dropped", "a placeholder, no content")
            continue
        _section(card, section, text, where)
    for section, text, where in card.later:
        _keep_as_documentation(card, section, text, where)


OWN_RESULTS_TABLE = re.compile(r"^\| Task \| Dataset \| Metric \| Value \|")
"""The head of the results table cardgen writes from the same results as its model-index."""


def raw_html_tags(markdown: str) -> list[str]:
    """The tags of the raw HTML in Markdown (not in code), in order, each once: cardgen renders free text with
    raw HTML off, so these show as text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    html = [token.content for token in tokens if token.type == "html_block"]
    html += [child.content for token in tokens for child in token.children or [] if child.type == "html_inline"]
    tags = re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)", "\n".join(html))
    return list(dict.fromkeys(tag.lower() for tag in tags))


def _section(card: _Builder, section: _Section, text: str, where: str) -> None:
    tags = raw_html_tags(text)
    if tags:
        shown = ", ".join(f"<{tag}>" for tag in tags)
        card.imported.note(where, None, "text", f"raw HTML ({shown}) stays escaped and shows as text")
    if normalise(section.title) == "results" and OWN_RESULTS_TABLE.match(text) and "\n\n" not in text:
        results = card.data.get("evaluation", {}).get("results", [])
        completed = read_results_table(text, results)
        if completed:
            card.node("evaluation")["results"] = completed
            card.imported.note(where, "evaluation.results", "mapped", "uncertainty, slice and category of each result")
        else:
            card.imported.note(where, None, "dropped", "cardgen's table of the model-index results, which are imported")
        return
    if section.level == 0 or (section.level == 1 and normalise(section.title) == normalise(card.title or "")):
        card.text("model.description", text, section.title or "Description", where)
        return
    if section.level > 1 and _template_section(card, section, text, where):
        return
    if re.fullmatch(RISK_MITIGATION, normalise(section.title)):
        risks = card.data.setdefault("risks", [])
        if not risks:
            risks.append({})
        risks[-1].setdefault("mitigations", []).extend(bullet_items(text) or [text])
        card.imported.note(where, "risks.mitigations", "mapped", "Markdown")
        return
    if re.fullmatch(RISK_DESCRIPTION, normalise(section.title)):
        card.data.setdefault("risks", []).append({"description": text})
        card.imported.note(where, "risks.description", "mapped", "Markdown")
        return
    listed = _target(section.title, LIST_FIELDS)
    if listed:
        for item in bullet_items(text) or [text]:
            card.append(listed, item, where)
        return
    if normalise(section.title) in ("training hyperparameters", "hyperparameters"):
        parsed = _hyperparameters(text)
        if parsed:
            card.set("training.hyperparameters", parsed, where)
            return
    target = _target(section.title, TEXT_FIELDS)
    if target == "model.citation":
        fenced = re.fullmatch(r"(`{3,})[^\n]*\n(.*)\n\1", text, re.DOTALL)
        text = fenced.group(2) if fenced else text  # a citation is shown verbatim in a fence
    if target:
        card.text(target, text, section.title, where)
        return
    _keep_as_documentation(card, section, text, where)


GAPS = re.compile(
    r"\[More Information Needed\] The gaps in this card were not checked\.|The linter found nothing this card "
    r"leaves unsaid\.|\| Rule \| Severity \| Field \| Message \|\n\| --- \| --- \| --- \| --- \|(\n\|.*\|)*"
)
"""What cardgen's template writes under its documentation gaps heading: the linter's findings, not card data."""


def _template_section(card: _Builder, section: _Section, text: str, where: str) -> bool:
    """A section under a heading of cardgen's own Hub template, read back into the field it shows; False when
    the heading is not the template's or its text is not what cardgen writes there."""
    target = template_map().headings.get(normalised(section.title))
    parent = normalised(section.path[-2]) if len(section.path) > 1 else ""
    if target is None:
        if parent == "more information":  # where cardgen writes extra documentation
            _keep_as_documentation(card, section, text, where)
            return True
        return False
    if target.shape == "derived" and GAPS.fullmatch(text):
        card.imported.note(where, None, "dropped", "cardgen's documentation gaps, which the linter derives")
        return True
    if target.shape == "block":
        data = read_block(text, target.path, target.without)
        if data is None:
            partly = read_block_fields(text, target.path, target.without)
            if partly is None:
                return False
            data, rest = partly
            card.later.append((section, rest, where))  # after the documentation the README itself holds
        if isinstance(data, dict):
            _merge_read(card.node(target.path), data, target.path)
        else:
            card.set(target.path, data, where)
        card.imported.note(where, target.path, "mapped", "cardgen's layout of the fields, read back")
        return True
    if target.shape in ("table", "risks") and target.path == "risks" and normalised(section.title) == "recommendations":
        risks = card.data.get("risks")
        mitigations = read_recommendations(text, risks) if isinstance(risks, list) else None
        if mitigations is None or not any(note.detail == TABLE_READ for note in card.imported.notes):
            if re.fullmatch(r"(- \*\*R\d+:\*\* .*\n?)+", text):  # cardgen's, for a table that did not read back
                card.later.append((section, text, where))
                return True
            return False
        for risk, listed in zip(risks or [], mitigations, strict=True):
            if listed:
                risk["mitigations"] = listed
        card.imported.note(where, "risks.mitigations", "mapped", TABLE_READ)
        return True
    if target.shape in ("table", "risks"):
        _, model = field_model(target.path)
        rows = read_table(text, model, numbered=target.shape == "risks") if model else None
        if rows is None and model is not None and text.startswith(table_header(model, target.shape == "risks")):
            card.later.append((section, text, where))  # cardgen's table, but not as it would write it
            return True
        if rows is None:
            return False
        card.set(target.path, rows, where, detail=TABLE_READ)
        return True
    if target.shape == "text":
        given = _at(card.data, target.path)
        reading = label_value(text, target.path, block=True)
        if given is not None and reading == given:
            card.imported.note(where, None, "dropped", f"repeats {target.path}, read from an earlier section")
        elif target.path == "model.citation" and (given is not None or reading is None):
            return False  # a citation in a fence, or a second one: read as any card's citation
        elif given is None and reading is not None:
            card.set(target.path, reading, where, detail="cardgen's layout of the field, read back")
        elif list_field(target.path):
            for item in bullet_items(text) or [text]:
                card.append(target.path, item, where)
        else:
            card.text(target.path, text, section.title, where)
        return True
    return False


TABLE_READ = "cardgen's table of the entries, read back"


def _keep_as_documentation(card: _Builder, section: _Section, text: str, where: str) -> None:
    extra = {
        "title": unescape(re.sub(r"<[^>]*>", "", section.title).strip()) or section.title,
        "text": text,
        "origin": f"{FORMAT}: {where}",
    }
    card.node("extras").setdefault("documentation", []).append(extra)
    card.imported.note(where, "extras.documentation", "kept", "no card field for this section")


def _hyperparameters(text: str) -> dict[str, Any] | None:
    """The Trainer's "- name: value" list as a mapping, when the section is that list and one lead-in line."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and not lines[0].startswith("- "):
        lines = lines[1:]
    values: dict[str, Any] = {}
    for line in lines:
        match = re.match(r"^- ([A-Za-z_\\][\w .\\-]*): (.+)$", line)
        if match is None:
            return None
        text = unescape(match.group(2).strip())
        value = resolve_plain_scalar(text)
        values[unescape(match.group(1))] = value if not isinstance(value, float) or math.isfinite(value) else text
    return values or None


def _name(card: _Builder, path: Path) -> str:
    """The card's name: model-index's name, else the title, else the file's (or its folder's) name."""
    model = card.node("model")
    if not model.get("name"):
        stem = path.parent.name if path.stem.casefold() == "readme" and path.parent.name else path.stem
        model["name"] = card.title or stem
        if card.title:
            card.imported.note("title", "model.name", "mapped", "the card's first heading")
        else:
            card.imported.note("file name", "model.name", "mapped", "the card has no title or model-index name")
    elif card.title and card.title != model["name"]:
        card.imported.note("title", None, "dropped", f"the title {card.title!r} differs from the model-index name")
    return str(model["name"])
