"""Hugging Face Hub README.md: YAML front matter the Hub indexes, then the Hub template's sections.

The front matter is written by a YAML safe dumper from plain data, so card
text is always a quoted or escaped scalar and can never end the front matter
or add keys. ``model-index`` holds every evaluation result, so that
``huggingface_hub.ModelCard.load()`` returns each one as an ``EvalResult``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup
from ruamel.yaml import YAML

from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir, render_template
from cardgen.renderer.text import code_block, is_safe_link, to_markdown
from cardgen.renderer.view import (
    Code,
    Entry,
    Group,
    Items,
    Shown,
    Text,
    build,
    evaluation_results,
    label,
    risk_label,
)
from cardgen.schema.card import Card
from cardgen.schema.evaluation import Result
from cardgen.schema.model import LicenseRef
from cardgen.schema.quantities import in_base_unit
from cardgen.schema.values import items, plain

TEMPLATE = "README.md.j2"

TRAINING_TYPES = {True: "fine-tuning", False: "pre-training"}


def _web_link(url: Any) -> bool:
    """Front matter is read by other tools that may turn URLs into links: the same rule as in the text."""
    return isinstance(url, str) and is_safe_link(url) and not url.lower().startswith("mailto:")


def _license(card: Card) -> dict[str, Any]:
    """Hub license keys: a lower-case SPDX id, or ``other`` with the license's name and link."""
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


def _dataset_key(result: Result) -> tuple[str, str] | None:
    if result.dataset is None:
        return None
    return str(plain(result.dataset.id) or result.dataset.name), result.dataset.name


def base_models(card: Card) -> list[str]:
    """The model this one was adapted from: adaptation.base_model, then fine_tuned_from dependencies."""
    names = [str(plain(getattr(plain(card.adaptation), "base_model", None)) or "")]
    names += [
        dependency.name
        for dependency in items(card.dependencies)
        if dependency.kind == "model" and plain(dependency.relation) == "fine_tuned_from"
    ]
    return list(dict.fromkeys(name for name in names if name))


def datasets(card: Card) -> list[str]:
    """Datasets the model was built or evaluated with, by Hub id where the card gives one, each once."""
    ids = {name.casefold(): hub_id for hub_id, name in filter(None, map(_dataset_key, evaluation_results(card)))}
    ids.update({hub_id.casefold(): hub_id for hub_id in ids.values()})
    names = [dependency.name for dependency in items(card.dependencies) if dependency.kind == "dataset"]
    names += list(ids.values())
    unique: dict[str, str] = {}
    for name in names:
        hub_id = ids.get(name.casefold(), name)
        unique.setdefault(hub_id.casefold(), hub_id)
    return list(unique.values())


def _emissions(card: Card) -> dict[str, Any] | None:
    training = plain(card.training)
    figure = plain(getattr(training, "emissions", None))
    if figure is None:
        return None
    emissions: dict[str, Any] = {"emissions": round(in_base_unit(figure) * 1e6, 6)}
    hardware = plain(getattr(training, "hardware", None))
    details = {
        "source": plain(figure.source),
        "training_type": TRAINING_TYPES[bool(base_models(card))],
        "geographical_location": plain(getattr(hardware, "region", None)),
        "hardware_used": plain(getattr(hardware, "accelerator", None)),
    }
    emissions.update({key: str(value) for key, value in details.items() if value is not None})
    return emissions


def _model_index_entry(result: Result) -> dict[str, Any]:
    dataset_type, dataset_name = _dataset_key(result) or ("unknown", "unknown dataset")
    dataset: dict[str, Any] = {"type": dataset_type, "name": dataset_name}
    if result.dataset is not None:
        for key in ("config", "split", "revision"):
            if plain(getattr(result.dataset, key)) is not None:
                dataset[key] = str(plain(getattr(result.dataset, key)))
    metric: dict[str, Any] = {"type": result.metric, "value": result.value}
    if result.slice:
        metric["name"] = f"{result.metric} ({result.slice})"
    entry: dict[str, Any] = {"task": {"type": result.task}, "dataset": dataset, "metrics": [metric]}
    source = result.source
    if source is not None:
        if source.verified is not None:
            metric["verified"] = source.verified
        if _web_link(plain(source.url)):
            entry["source"] = {"url": str(plain(source.url))}
            if plain(source.name):
                entry["source"]["name"] = str(plain(source.name))
    return entry


def front_matter(card: Card) -> dict[str, Any]:
    """The Hub metadata for ``card``, leaving out what the card does not say."""
    model = card.model
    results = evaluation_results(card)
    bases = base_models(card)
    data: dict[str, Any] = {
        **_license(card),
        "language": [str(code) for code in items(model.languages)],
        "library_name": plain(model.library),
        "tags": [str(tag) for tag in items(model.tags)],
        "datasets": datasets(card),
        "metrics": list(dict.fromkeys(result.metric for result in results)),
        "base_model": bases[0] if len(bases) == 1 else bases,
        "pipeline_tag": plain(model.task),
        "co2_eq_emissions": _emissions(card),
        "model-index": [{"name": model.name, "results": [_model_index_entry(result) for result in results]}]
        if results
        else None,
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML from plain data through the safe dumper: every string comes out quoted or escaped as needed."""
    yaml = YAML(typ="safe")  # libyaml's emitter (ruamel.yaml.clib) where installed: 3x the pure one
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.representer.sort_base_mapping_type_on_output = False
    buffer = io.StringIO()
    yaml.dump(_plain_data(data), buffer)
    return buffer.getvalue()


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
    return "\n".join((" " * spaces + line) if line else line for line in text.split("\n"))


def node_markdown(node: Shown, inline: bool = False) -> str:
    """A value as Markdown: text as safe Markdown, lists and groups as bullets, or on one line when ``inline``."""
    if isinstance(node, Text):
        return to_markdown(node.text)
    if isinstance(node, Code):
        return to_markdown(node.text) if inline else code_block(node.text)
    if isinstance(node, Items):
        if inline:
            return ", ".join(node_markdown(item, inline=True) for item in node.items)
        return "\n".join("- " + _indent(node_markdown(item, inline=isinstance(item, Group)), 2) for item in node.items)
    if inline:
        return "; ".join(f"{to_markdown(entry.label)}: {entry_markdown(entry, inline=True)}" for entry in node.entries)
    lines = []
    for entry in node.entries:
        head = f"- **{to_markdown(entry.label)}:**"
        if isinstance(entry.value, (Items, Group)):
            lines.append(f"{head}\n{_indent(entry_markdown(entry), 2)}")
        else:
            lines.append(f"{head} {_indent(entry_markdown(entry), 2)}")
    return "\n".join(lines)


def entry_markdown(entry: Entry | None, inline: bool = False) -> Markup:
    """One field's answer: its value, the author's unknown or none, and any explanation."""
    if entry is None:
        return Markup("not stated" if inline else MORE_INFORMATION)
    text = node_markdown(entry.value, inline) if entry.state == "given" and entry.value is not None else entry.marker
    if entry.explanation:
        text += f" ({to_markdown(entry.explanation)})"
    if inline:
        text = text.replace("\n", " ").replace("|", "\\|")
    return Markup(text)


def render_markdown(card: Card, findings: Sequence[Finding] | None = None, template_dir: TemplateDir = None) -> str:
    """README.md for the Hub: front matter, then the body in the Hub template's section order."""
    return render_template(
        template_dir,
        TEMPLATE,
        card=build(card, findings),
        front_matter=Markup(dump_yaml(front_matter(card))),
        base_models=base_models(card),
        hub=entry_markdown,
        hub_node=lambda node: Markup(node_markdown(node)),
        more=MORE_INFORMATION,
        label=label,
        risk_label=risk_label,
    )


def render_card(card: Card, findings: Sequence[Finding] | None, template_dir: TemplateDir, source: str) -> bytes:
    """The ``md`` render format: a Hugging Face Hub README.md."""
    return render_markdown(card, findings, template_dir).encode("utf-8")
