"""Hugging Face Hub README.md: YAML front matter the Hub indexes, then the Hub template's sections.

The front matter is written by a YAML safe dumper from plain data, so card
text is always a quoted or escaped scalar and can never end the front matter
or add keys. ``model-index`` holds every evaluation result, so that
``huggingface_hub.ModelCard.load()`` returns each one as an ``EvalResult``.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import SafeRepresenter

from cardgen.ecosystem.risks import InheritedRisk
from cardgen.errors import CardError, Position, Problem
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir, render_template
from cardgen.renderer.plain_yaml import reads_as_other_type, simple_yaml
from cardgen.renderer.text import code_block, is_safe_link, to_markdown, to_markdown_line
from cardgen.renderer.view import (
    Code,
    Entry,
    Group,
    Items,
    PartView,
    Shown,
    Text,
    build,
    evaluation_results,
    label,
    risk_label,
)
from cardgen.schema.answers import items, plain, status
from cardgen.schema.card import Card, CardBase
from cardgen.schema.evaluation import NAN_SPELLINGS, DatasetRef, Result, measured, split_reported
from cardgen.schema.model import LicenseRef
from cardgen.schema.quantities import in_base_unit

TEMPLATE = "README.md.j2"

KEPT_AS = "huggingface"
"""The key under ``extras.metadata`` for Hub metadata with no card field."""


def _web_link(url: Any) -> bool:
    """Front matter is read by other tools that may turn URLs into links: the same rule as in the text."""
    return isinstance(url, str) and is_safe_link(url) and not url.lower().startswith("mailto:")


def _license(card: Card) -> dict[str, Any]:
    """Hub license keys: a lower-case id (SPDX or the Hub's own), or ``other`` with the license's name and link."""
    value = plain(card.model.license)
    if isinstance(value, str):
        return {"license": value.lower()}
    if isinstance(value, LicenseRef):
        if plain(value.id):
            return {"license": str(plain(value.id)).lower()}
        link = plain(value.url)
        extra = {"license_name": plain(value.name), "license_link": link if _web_link(link) else None}
        return {"license": "other", **{key: text for key, text in extra.items() if text}}
    return {}


BASE_MODEL_RELATIONS = frozenset({"base_model", "fine_tuned_from", "merged_from", "quantized_from", "adapter_of"})
"""Dependency relations that make a model the Hub's ``base_model``."""

TRAINING_RELATIONS = frozenset({"trained_on", "fine_tuned_on", "pretrained_on", "adapted_on"})
"""Dependency relations that make a dataset one of the Hub's ``datasets``: the data the model was trained on."""


def base_models(card: Card) -> list[str]:
    """The models this one was adapted from: adaptation.base_model, then base-model dependencies."""
    names = [str(plain(getattr(plain(card.adaptation), "base_model", None)) or "")]
    names += [
        dependency.name
        for dependency in items(card.dependencies)
        if dependency.kind == "model" and plain(dependency.relation) in BASE_MODEL_RELATIONS
    ]
    return list(dict.fromkeys(name for name in names if name))


def datasets(card: Card) -> list[str]:
    """The datasets the model was trained on, as the Hub's ``datasets`` means it (evaluation data is not listed),
    by the Hub id an evaluation result gives the same dataset, else by name."""
    ids = {
        result.dataset.name.casefold(): str(plain(result.dataset.id))
        for result in evaluation_results(card)
        if result.dataset is not None and plain(result.dataset.id)
    }
    names = [
        ids.get(dependency.name.casefold(), dependency.name)
        for dependency in items(card.dependencies)
        if dependency.kind == "dataset" and plain(dependency.relation) in TRAINING_RELATIONS
    ]
    return list(dict.fromkeys(names))


def _emissions(card: Card) -> dict[str, Any] | None:
    training = plain(card.training)
    figure = plain(getattr(training, "emissions", None))
    if figure is None:
        return None
    grams = figure.value if figure.unit == "gCO2eq" else round(in_base_unit(figure) * 1e6, 6)
    emissions: dict[str, Any] = {"emissions": grams}
    hardware = plain(getattr(training, "hardware", None))
    details = {
        "source": plain(figure.source),
        "training_type": "fine-tuning" if base_models(card) else None,
        "geographical_location": plain(getattr(hardware, "region", None)),
        "hardware_used": plain(getattr(hardware, "accelerator", None)),
    }
    emissions.update({key: str(value) for key, value in details.items() if value is not None})
    return emissions


def hub_value(result: Result) -> Any:
    """The metric value as the Hub holds it: the source's own text when it still says the same,
    "value +/- std" for a standard deviation, NaN for a value the source gave as NaN, else the number;
    None when there is no value to give."""
    value, reported = measured(result), result.reported
    std = result.uncertainty.std if result.uncertainty is not None and result.uncertainty.lower is None else None
    if reported is not None:
        if value is None and reported in NAN_SPELLINGS:
            return math.nan
        if value is None or split_reported(reported) == (value, std):
            return reported
    if value is None:
        return None
    return value if std is None else f"{value!r} +/- {std!r}"


def hub_dataset_id(dataset: DatasetRef | None) -> str | None:
    """The dataset's Hub id for model-index ``type``: the id, or "unknown" where the card says so; never its name."""
    if dataset is None:
        return None
    if status(dataset.id) == "unknown":
        return "unknown"
    return str(plain(dataset.id)) if plain(dataset.id) else None


def in_model_index(result: Result) -> bool:
    """The Hub's model-index needs a dataset id (``type``) and a value; results without them stay in the body."""
    return hub_dataset_id(result.dataset) is not None and hub_value(result) is not None


def _model_index_entry(result: Result) -> dict[str, Any]:
    assert result.dataset is not None
    dataset: dict[str, Any] = {"type": hub_dataset_id(result.dataset), "name": result.dataset.name}
    for key in ("config", "split", "revision"):
        if plain(getattr(result.dataset, key)) is not None:
            dataset[key] = str(plain(getattr(result.dataset, key)))
    if result.dataset.args is not None:
        dataset["args"] = result.dataset.args
    task: dict[str, Any] = {"type": result.task}
    if result.task_name:
        task["name"] = result.task_name
    metric: dict[str, Any] = {"type": result.metric, "value": hub_value(result)}
    name = result.metric_name or (f"{result.metric} ({result.slice})" if result.slice else None)
    optional = {"name": name, "config": result.metric_config, "args": result.metric_args}
    metric.update({key: value for key, value in optional.items() if value is not None})
    entry: dict[str, Any] = {"task": task, "dataset": dataset, "metrics": [metric]}
    source = result.source
    if source is not None:
        if source.verified is not None:
            metric["verified"] = source.verified
        if source.verify_token:
            metric["verifyToken"] = source.verify_token
        origin = {"name": plain(source.name), "url": plain(source.url) if _web_link(plain(source.url)) else None}
        if any(origin.values()):
            entry["source"] = {key: str(value) for key, value in origin.items() if value}
    return entry


def kept_metadata(card: Card) -> dict[str, Any]:
    """Hub metadata an import kept verbatim because no card field holds it."""
    return dict((card.extras.metadata or {}).get(KEPT_AS, {})) if card.extras is not None else {}


def _merge(generated: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """Kept metadata fills in what the card's fields do not say; the card's fields win."""
    merged = dict(generated)
    for key, value in kept.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**value, **merged[key]}
        else:
            merged.setdefault(key, value)
    return merged


def front_matter(card: Card) -> dict[str, Any]:
    """The Hub metadata for ``card``, leaving out what the card does not say."""
    model = card.model
    results = [result for result in evaluation_results(card) if in_model_index(result)]
    bases = base_models(card)
    data: dict[str, Any] = {
        **_license(card),
        "language": [str(code) for code in items(model.languages)],
        "library_name": plain(model.library),
        "tags": [str(tag) for tag in items(model.tags)],
        "datasets": datasets(card),
        "base_model": bases[0] if len(bases) == 1 else bases,
        "pipeline_tag": plain(model.task),
        "co2_eq_emissions": _emissions(card),
        "model-index": [{"name": model.name, "results": [_model_index_entry(result) for result in results]}]
        if results
        else None,
    }
    generated = {key: value for key, value in data.items() if value not in (None, [], "")}
    return _merge(generated, kept_metadata(card))


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML from plain data through the safe dumper: every string comes out quoted or escaped as needed.

    Data of only names, numbers and simple strings is written directly, in the same text
    (:func:`~cardgen.renderer.plain_yaml.simple_yaml`, which takes no other type, so it needs no
    plain copy); the rest goes through ruamel.
    """
    return simple_yaml(data) or safe_dump(_plain_data(data))


def safe_dump(data: dict[str, Any]) -> str:
    """Plain data as ruamel's safe dumper writes it in block style, on one line per value."""
    yaml = YAML(typ="safe")  # the C emitter where installed: the same text, in a third of the time
    yaml.Representer = _Yaml11SafeRepresenter
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.representer.sort_base_mapping_type_on_output = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


class _Yaml11SafeRepresenter(SafeRepresenter):
    """The safe representer, writing strings and floats as a YAML 1.1 reader (the Hub's) reads them back."""

    def represent_str(self, data: str) -> ScalarNode:
        if reads_as_other_type(data):
            node: ScalarNode = self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
            return node
        node = super().represent_str(data)
        return node

    def represent_float(self, data: float) -> ScalarNode:
        """``1e-05`` as ``1.0e-05``: a YAML 1.1 reader takes a number without a dot for a string."""
        node: ScalarNode = super().represent_float(data)
        if "e" in node.value and "." not in node.value:
            node.value = node.value.replace("e", ".0e", 1)
        return node


_Yaml11SafeRepresenter.add_representer(str, _Yaml11SafeRepresenter.represent_str)
_Yaml11SafeRepresenter.add_representer(float, _Yaml11SafeRepresenter.represent_float)


def _plain_data(value: Any) -> Any:
    """Only dicts, lists, strings, numbers, booleans and None reach the dumper."""
    if isinstance(value, dict):
        return {str(key): _plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_data(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


MORE_INFORMATION = "[More Information Needed]"
"""What the Hub template writes where a section is not filled in."""


def _indent(text: str, spaces: int) -> str:
    """Every non-empty line indented, so a block stays inside the list item it continues."""
    return "\n".join((" " * spaces + line) if line else line for line in text.split("\n"))


def _bullet(text: str) -> str:
    """A list item: the marker on the first line, the rest indented under it (a code block stays inside)."""
    first, _, rest = text.partition("\n")
    return f"- {first}" + (f"\n{_indent(rest, 2)}" if rest else "")


def node_markdown(node: Shown, inline: bool = False) -> str:
    """A value as Markdown: text as safe Markdown, lists and groups as bullets, or on one line when ``inline``."""
    if isinstance(node, Text):
        return to_markdown(node.text)
    if isinstance(node, Code):
        return to_markdown(node.text) if inline else code_block(node.text)
    if isinstance(node, Items):
        if inline:
            return ", ".join(node_markdown(item, inline=True) for item in node.items)
        return "\n".join(_bullet(node_markdown(item, inline=isinstance(item, Group))) for item in node.items)
    if inline:
        return "; ".join(
            f"{to_markdown_line(entry.label)}: {_entry_text(entry, inline=True)}" for entry in node.entries
        )
    return "\n".join(f"- **{to_markdown_line(entry.label)}:**{_item_text(entry)}" for entry in node.entries)


# The Markdown helpers below work on plain strings and mark their result safe only where it leaves for
# the template: a Markup at every step would escape each joined piece again (a page has hundreds).


def item_markdown(entry: Entry | None) -> Markup:
    """An answer after a list label: on the label's line when it is one line, else indented below it,
    so that a code block or a second paragraph stays inside the list item."""
    return Markup(_item_text(entry))


def _item_text(entry: Entry | None) -> str:
    text = _entry_text(entry)
    if "\n" in text or (entry is not None and isinstance(entry.value, (Items, Group))):
        return "\n" + _indent(text, 2)
    return " " + text


def entry_markdown(entry: Entry | None, inline: bool = False) -> Markup:
    """One field's answer: its value, the author's unknown or none, and any explanation."""
    return Markup(_entry_text(entry, inline))


def _entry_text(entry: Entry | None, inline: bool = False) -> str:
    if entry is None:
        return "not stated" if inline else MORE_INFORMATION
    text = node_markdown(entry.value, inline) if entry.state == "given" and entry.value is not None else entry.marker
    if entry.explanation:
        text += f" ({to_markdown_line(entry.explanation)})"
    if inline:
        text = text.replace("\n", " ").replace("|", "\\|")
    return text


def field_markdown(section: PartView, name: str, inline: bool = False) -> Markup:
    """A field of a part as a block of Markdown, or on one line when ``inline``."""
    return entry_markdown(section.body.get(name), inline)


def item_of(section: PartView, name: str) -> Markup:
    """A field of a part after a list label (see :func:`item_markdown`)."""
    return item_markdown(section.body.get(name))


def sub_item(entry: Entry | None, name: str) -> Markup:
    """A field inside a group-valued field (``links.paper``) after a list label, or "more information needed"."""
    if entry is not None and isinstance(entry.value, Group):
        return item_markdown(entry.value.get(name))
    return Markup(f" {MORE_INFORMATION}")


def table_markdown(
    columns: Sequence[str], rows: Sequence[Group], row_label: Callable[[int], str] | None = None
) -> Markup:
    """Entries as a GitHub-flavoured table, one answer a cell; ``row_label`` numbers the rows (R1, R2, ...).

    Written in Python rather than as a template macro: a results table has hundreds of cells.
    """
    number = " # |" if row_label else ""
    lines = ["|" + number + "".join(f" {escape(label(name))} |" for name in columns)]
    lines.append("|" + (" --- |" if row_label else "") + " --- |" * len(columns))
    for index, row in enumerate(rows, start=1):
        shown = f" {escape(row_label(index))} |" if row_label else ""
        lines.append("|" + shown + "".join(f" {_entry_text(row.get(name), inline=True)} |" for name in columns))
    return Markup("\n".join(lines) + "\n")


def license_markdown(card: Card) -> str | None:
    """A license in one line: its id, or its name linked to its text, with the id after it."""
    value = plain(card.model.license)
    if isinstance(value, str):
        return to_markdown_line(value)
    if not isinstance(value, LicenseRef):
        return None
    name, url, spdx = (plain(part) for part in (value.name, value.url, value.id))
    shown = to_markdown_line(str(name or url or spdx or ""))
    if url and is_safe_link(str(url)) and ">" not in str(url) and (name or not spdx):
        shown = f"[{shown}](<{url}>)"
    if spdx and (name or url):
        shown += f" ({to_markdown_line(str(spdx))})"
    return shown or None


def trainer_list(card: Card) -> str:
    """Hyperparameters as the Hub's Trainer cards write them, ``- name: value``, one per line."""
    values = plain(getattr(plain(card.training), "hyperparameters", None)) or {}
    lines = []
    for name, value in values.items():
        shown = plain(value)
        text = (
            repr(shown)
            if isinstance(shown, float)
            else json.dumps(shown)
            if isinstance(shown, (dict, list))
            else str(shown)
        )
        lines.append(f"- {to_markdown_line(str(name))}: {to_markdown_line(text)}")
    return "\n".join(lines)


def render_markdown(card: Card, findings: Sequence[Finding] | None = None, template_dir: TemplateDir = None) -> str:
    """README.md for the Hub: front matter, then the body in the Hub template's section order."""
    return render_template(
        template_dir,
        TEMPLATE,
        card=build(card, findings, pictures=False),
        front_matter=Markup(dump_yaml(front_matter(card))),
        license=Markup(license_markdown(card) or ""),
        trainer_list=Markup(trainer_list(card)),
        documentation=list(card.extras.documentation or []) if card.extras else [],
        base_models=base_models(card),
        hub=entry_markdown,
        field=field_markdown,
        item=item_of,
        sub=sub_item,
        hub_table=table_markdown,
        hub_node=lambda node: Markup(node_markdown(node)),
        more=MORE_INFORMATION,
        label=label,
        risk_label=risk_label,
    )


def render_card(
    card: CardBase,
    findings: Sequence[Finding] | None,
    template_dir: TemplateDir,
    source: str,
    inherited: Sequence[InheritedRisk] | None = None,
) -> bytes:
    """The ``md`` render format: a Hugging Face Hub README.md, which is a model card's format."""
    if not isinstance(card, Card):
        message = f"Hub Markdown is written for model cards; render this {card.kind} card as html or pdf"
        raise CardError([Problem(source, Position(1, 1), message)])
    return render_markdown(card, findings, template_dir).encode("utf-8")
