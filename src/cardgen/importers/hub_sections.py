"""The sections cardgen's own Hub template writes, read back into the fields they came from.

The headings and the ``- **Label:**`` lines are derived from the template itself
(``README.md.j2``: which field or part each heading shows), and the parts the
template has no place for from the card's parts, so a heading added to the
template is recognised without editing this module. A section that shows a
block of fields (a part, the training facts, the hardware) is parsed back into
data by the inverse of the Hub renderer's layout, and kept only when rendering
that data again gives the section's text exactly: what cannot be read back
that way stays extra documentation, never a wrong field.
"""

from __future__ import annotations

import contextlib
import functools
import re
import typing
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from cardgen.schema.card import Card
from cardgen.schema.introspect import models_in
from cardgen.schema.parts import is_list, parts, title_of

MARKERS: dict[str, str] = {"Unknown": "unknown", "None": "none", "Not applicable": "none"}
"""The renderer's words for an author's ``unknown`` and ``none``."""


@dataclass(frozen=True)
class Target:
    """Where a template heading's content comes from: a field path, and how it is shown."""

    path: str
    shape: str
    """``text``: one field as Markdown or a list; ``block``: a block of fields shown as labelled bullets;
    ``risks``: the risks table; ``hyperparameters``: the Trainer list; ``derived``: made by cardgen
    from other fields (the results table, the documentation gaps), not card data."""
    without: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateMap:
    headings: dict[str, Target]
    """Normalised heading -> what it shows."""
    labels: dict[str, str]
    """Normalised ``- **Label:**`` -> field path, over the whole template."""
    label_sections: dict[str, dict[str, str]]
    """The same, by the normalised heading of the section that holds the labels."""
    risk_columns: tuple[str, ...]
    """The columns of the template's risks table."""


_SET_SECTION = re.compile(r'\{% set (\w+) = card\.section\("(\w+)"\) %\}')
_SET_GET = re.compile(r'\{% set (\w+) = (\w+)\.body\.get\("(\w+)"\) %\}')
_SET_WITHOUT = re.compile(r"\{% set (\w+) = (\w+)\.body\.without\(([^)]*)\) %\}")
_HEADING = re.compile(r"^(#{2,6}) ([^{}]+)$")
_LABEL = re.compile(r'^- \*\*(.+?):\*\*.*?\b(?:item|sub|field)\((\w+), "(\w+)"')
_HUB_PLACED = re.compile(r"\{% set hub_placed = \[([^\]]*)\] %\}")


def normalised(title: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`\\]", "", title)).strip(" .:").casefold()


@functools.cache
def template_map() -> TemplateMap:
    """What each heading and label of the packaged Hub template shows, read from the template."""
    text = resources.files("cardgen.templates").joinpath("README.md.j2").read_text(encoding="utf-8")
    aliases: dict[str, str] = {}
    without: dict[str, tuple[str, ...]] = {}
    headings: dict[str, Target] = {}
    labels: dict[str, str] = {}
    label_sections: dict[str, dict[str, str]] = {}
    pending: str | None = None
    current = ""
    for line in text.split("\n"):
        for name, part in _SET_SECTION.findall(line):
            aliases[name] = part
        for name, base, field in _SET_GET.findall(line):
            aliases[name] = f"{aliases.get(base, base)}.{field}"
        for name, base, names in _SET_WITHOUT.findall(line):
            aliases[name] = aliases.get(base, base)
            without[name] = tuple(re.findall(r'"(\w+)"', names))
        label = _LABEL.match(line)
        if label:
            path = f"{aliases.get(label.group(2), label.group(2))}.{label.group(3)}"
            labels[normalised(label.group(1))] = path
            label_sections.setdefault(current, {})[normalised(label.group(1))] = path
            continue
        heading = _HEADING.match(line)
        if heading:
            pending = current = normalised(heading.group(2))
            continue
        if pending is None or not line.strip():
            continue
        target = _shown(line, aliases, without)
        if target is not None:
            headings[pending] = target
        pending = None if target is not None or line.startswith("-") else pending
    placed = _HUB_PLACED.search(text)
    skipped = set(re.findall(r'"(\w+)"', placed.group(1))) if placed else set()
    for part in parts(Card):
        if part.name not in skipped:
            headings.setdefault(
                normalised(part.title), Target(part.name, "block" if part.shape == "block" else "table")
            )
    risks = re.search(r"table\(\[([^\]]*)\], risks\.rows", text)
    return TemplateMap(headings, labels, label_sections, tuple(re.findall(r'"(\w+)"', risks.group(1) if risks else "")))


def _shown(line: str, aliases: dict[str, str], without: dict[str, tuple[str, ...]]) -> Target | None:
    """What the first template line under a heading shows, or None for a line of labels or a sub-heading."""
    field = re.search(r'\bfield\((\w+), "(\w+)"\)', line)
    if field and not line.startswith("-"):
        return Target(f"{aliases.get(field.group(1), field.group(1))}.{field.group(2)}", "text")
    part = re.search(r'part\(card\.section\("(\w+)"\)\)', line)
    if part:
        return Target(part.group(1), "block")
    node = re.search(r"\bhub(?:_node)?\((\w+)\)", line)
    if node and node.group(1) in aliases:
        return Target(aliases[node.group(1)], "block", without.get(node.group(1), ()))
    if "risks.rows" in line:
        return Target("risks", "risks")
    if "trainer_list" in line:
        return Target("training.hyperparameters", "hyperparameters")
    if "evaluation.rows" in line or "card.gaps" in line:
        return Target("", "derived")
    return None


# ---------------------------------------------------------------- parsing the renderer's layout back


def field_model(path: str) -> tuple[Any, type[BaseModel] | None]:
    """The annotation of a card field path, and the model it holds (for a block or a list of blocks)."""
    model: type[BaseModel] = Card
    annotation: Any = None
    for name in path.split("."):
        field = model.model_fields.get(name)
        if field is None:
            return None, None
        annotation = field.annotation
        found = models_in(annotation)
        if found:
            model = found[0]
    held = models_in(annotation)
    return annotation, held[0] if held else None


def _labels(model: type[BaseModel]) -> dict[str, str]:
    return {title_of(name): name for name in model.model_fields}


def _items(text: str) -> list[str] | None:
    """The items of a bullet list at the start of each line (continuations indented by two), else None."""
    found: list[str] = []
    for line in text.split("\n"):
        if line.startswith("- "):
            found.append(line[2:])
        elif found and (line.startswith("  ") or not line):
            found[-1] += "\n" + line[2:]
        else:
            return None
    return found


def _value(text: str, annotation: Any) -> Any:
    """A single rendered answer back as data: a marker (with its explanation), a list, a block, or a value."""
    marker = re.fullmatch(r"(Unknown|None|Not applicable)(?: \((.*)\))?", text, re.DOTALL)
    if marker:
        value = MARKERS[marker.group(1)]
        return {"value": value, "explanation": unescape(marker.group(2))} if marker.group(2) else value
    model = models_in(annotation)
    if is_list(annotation):
        listed = _items(text.strip("\n"))
        if listed is None:
            raise ValueError("not a list")
        return [
            _inline(item, model[0]) if model and _starts_labelled(item, model[0]) else _scalar(item) for item in listed
        ]
    if model and text.lstrip("\n").startswith("- **"):
        return parse_block(text.strip("\n"), model[0])
    reading = _scalar(text)  # a figure (value, unit, source) is one line
    # "1.1" is a version's text, not a number, where text is asked; then a value with its explanation after it
    candidates = [reading, unescape(text)]
    for split in re.finditer(r" \(", text) if text.endswith(")") else ():
        candidates.append({"value": _scalar(text[: split.start()]), "explanation": unescape(text[split.end() : -1])})
    fitting = [candidate for candidate in candidates if _fits(annotation, candidate)]
    return next((candidate for candidate in fitting if _balanced(candidate)), fitting[0] if fitting else reading)


@functools.lru_cache(maxsize=256)
def _adapter(annotation: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(annotation)


def _fits(annotation: Any, value: Any) -> bool:
    try:
        _adapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return False
    return True


def _starts_labelled(text: str, model: type[BaseModel]) -> bool:
    """Whether a list item is an entry written on one line (``Label: answer; ...``), not a plain text item."""
    match = re.match(r"([^:;]+): ", text)
    return match is not None and match.group(1) in _labels(model)


def _scalar(text: str) -> Any:
    """Numbers as the renderer writes them (``109,000,000``), quantities (``12 kWh (source: x)``), yes and no."""
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+|-?\d+", text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"-?\d*\.\d+(e[-+]?\d+)?", text):
        return float(text)
    quantity = re.fullmatch(r"(-?[\d,]*\.?\d+(?:e[-+]?\d+)?) (.+?)(?: \(source: (.*)\))?", text, re.DOTALL)
    if quantity:
        figure: dict[str, Any] = {"value": _scalar(quantity.group(1)), "unit": quantity.group(2)}
        if quantity.group(3):
            figure["source"] = quantity.group(3)
        return figure
    link = re.fullmatch(r"\[(.+)\]\(<(.+)>\)", text)
    if link and unescape(link.group(1)) == link.group(2):
        return link.group(2)  # a web address, shown as a link to itself
    return {"yes": True, "no": False}.get(text, unescape(text))


def parse_block(text: str, model: type[BaseModel]) -> dict[str, Any]:
    """``- **Label:** answer`` lines (answers of several lines indented under them) as a model's data."""
    labels = _labels(model)
    data: dict[str, Any] = {}
    listed = _items(text)
    if listed is None:
        raise ValueError("not a block of labelled fields")
    for item in listed:
        match = re.match(r"\*\*(.+?):\*\*(?: |\n|$)(.*)", item, re.DOTALL)
        name = labels.get(match.group(1)) if match else None
        if match is None or name is None:
            raise ValueError(f"not a field of {model.__name__}: {item[:40]!r}")
        data[name] = _value(match.group(2), model.model_fields[name].annotation)
    return data


def _inline(text: str, model: type[BaseModel]) -> dict[str, Any]:
    """One list entry written on a line, ``Label: answer; Label: answer``; a block inside it takes the labels
    that are its own until one that is not, and "; " not followed by a field's label is part of the answer."""
    stack: list[tuple[type[BaseModel], dict[str, Any]]] = [(model, {})]
    answers: list[list[Any]] = []  # [data, field name, annotation, text so far]
    for segment in text.split("; "):
        match = re.match(r"([^:;]+): (.*)", segment, re.DOTALL)
        depth = next(
            (level for level in range(len(stack) - 1, -1, -1) if match and match.group(1) in _labels(stack[level][0])),
            None,
        )
        if match is None or depth is None:
            if not answers:
                raise ValueError(f"not a labelled answer: {segment[:40]!r}")
            answers[-1][3] += "; " + segment
            continue
        del stack[depth + 1 :]
        current, data = stack[-1]
        name = _labels(current)[match.group(1)]
        annotation = current.model_fields[name].annotation
        answer = match.group(2)
        block = models_in(annotation)
        inner = re.match(r"([^:;]+): (.*)", answer, re.DOTALL)
        if block and not is_list(annotation) and inner and inner.group(1) in _labels(block[0]):
            data[name] = {}
            stack.append((block[0], data[name]))
            nested = _labels(block[0])[inner.group(1)]
            answers.append([data[name], nested, block[0].model_fields[nested].annotation, inner.group(2)])
            continue
        answers.append([data, name, annotation, answer])
    for data, name, annotation, answer in answers:
        data[name] = _value(answer, annotation)
    return stack[0][1]


PART_MARKER = re.compile(
    r"\[More Information Needed\] The authors state that this (is unknown|does not apply)\.(?: (.*))?", re.DOTALL
)
"""How the template shows a part the author answered ``unknown`` or ``none``, with the explanation after it."""


def read_block(text: str, path: str, without: tuple[str, ...] = ()) -> Any | None:
    """A section showing a block of fields (``path``) read back, or None when rendering what was read does not
    give the same text (then the section is not what cardgen wrote, or holds what cannot be read back)."""
    from cardgen.renderer.text import to_markdown_line

    annotation, model = field_model(path)
    if model is None or is_list(annotation):
        return None
    marker = re.fullmatch(r"(Unknown|None|Not applicable)(?: \((.*)\))?", text, re.DOTALL)
    if marker and "." in path:  # a block field the author answered unknown or none
        return label_value(text, path, block=True)
    stated = PART_MARKER.fullmatch(text)
    if stated:
        value = "unknown" if stated.group(1) == "is unknown" else "none"
        reason = unescape(stated.group(2) or "")
        shown = f"{stated.group(1)}." + (f" {to_markdown_line(reason)}" if reason else "")
        if text != f"[More Information Needed] The authors state that this {shown}":
            return None
        return {"value": value, "explanation": reason} if reason else value
    return _read_entries(text, model, without)


def read_block_fields(text: str, path: str, without: tuple[str, ...] = ()) -> tuple[dict[str, Any], str] | None:
    """A section showing a block of fields, read field by field: the fields that render back to the same
    lines, and the lines of those that do not (kept as text); None when the section is not such a block."""
    annotation, model = field_model(path)
    entries = _items(text)
    if model is None or is_list(annotation) or entries is None:
        return None
    data: dict[str, Any] = {}
    rest: list[str] = []
    for entry in entries:
        lines = "- " + entry.rstrip("\n").replace("\n", "\n  ")
        lines = re.sub(r"\n  (?=\n|$)", "\n", lines)
        read = _read_entries(lines, model, without)
        if read is None:
            rest.append(lines)
        else:
            data.update(read)
    return (data, "\n".join(rest)) if data else None


def _read_entries(text: str, model: type[BaseModel], without: tuple[str, ...]) -> dict[str, Any] | None:
    from cardgen.renderer.hub import node_markdown
    from cardgen.renderer.view import group

    try:
        data = parse_block(text, model)
        if any(name in data for name in without):
            return None
        shown = node_markdown(group(model.model_validate(data)).without(*without))
    except (ValueError, ValidationError, TypeError):
        return None
    return data if shown == text else None


def list_field(path: str) -> bool:
    annotation, _ = field_model(path)
    return annotation is not None and is_list(annotation)


def unescape(text: str) -> str:
    """Markdown text as plain text: backslash escapes removed (CommonMark escapes any ASCII punctuation)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def label_value(raw: str, path: str, block: bool = False) -> Any | None:
    """The answer of a template ``- **Label:** answer`` line as the field's data: a marker, a value, or a value
    with its explanation in parentheses after it. Of the readings that fit the field, the one cardgen would
    write as ``raw`` wins (so "12 kWh (source: x)" is a figure with a source, not a figure with a reason);
    None when no reading fits. ``block``: the answer is a whole section's text, not a label's line."""
    from cardgen.renderer.hub import entry_markdown, item_markdown
    from cardgen.renderer.view import entry

    annotation, _ = field_model(path)
    if annotation is None:
        return None
    text = unescape(raw.strip())
    adapter = _adapter(annotation)
    readings: list[Any] = []
    with contextlib.suppress(ValueError):
        readings.append(_value(text, annotation))
    for split in re.finditer(r" \(", text):
        if text.endswith(")") and text[: split.start()] not in MARKERS:
            reason = text[split.end() : -1]
            readings.append({"value": _scalar(text[: split.start()]), "explanation": reason})
    fitting, same = [], []
    for reading in readings:
        try:
            value = adapter.validate_python(reading)
        except (ValidationError, TypeError):
            continue
        shown = entry(path.rsplit(".", 1)[-1], value)
        if str(entry_markdown(shown) if block else item_markdown(shown)).strip() == raw.strip():
            same.append(reading)
        fitting.append(reading)
    if same:  # of readings written alike, the one whose texts close every parenthesis they open
        return next((reading for reading in same if _balanced(reading)), same[0])
    if block:
        return None  # a section is read back only as cardgen wrote it
    typed = [reading for reading in fitting if not isinstance(reading, str) or not _typed(annotation)]
    return typed[0] if typed else None


def written_as(value: Any, raw: str, path: str) -> bool:
    """Whether a template label line's answer ``raw`` is how cardgen writes ``value`` (so the value read before,
    from the front matter, is kept with its full precision)."""
    from cardgen.renderer.hub import item_markdown
    from cardgen.renderer.view import entry

    annotation, _ = field_model(path)
    try:
        answer = _adapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return False
    return str(item_markdown(entry(path.rsplit(".", 1)[-1], answer))).strip() == raw.strip()


def shown_alike(given: Any, read: Any, path: str) -> bool:
    """Whether two answers for a field are written alike (a figure from the front matter and its rounded
    reading from the body): then the one read first, more precise, is kept."""
    from cardgen.renderer.hub import entry_markdown
    from cardgen.renderer.view import entry

    annotation, _ = field_model(path)
    name = path.rsplit(".", 1)[-1]
    try:
        shown = [
            str(entry_markdown(entry(name, _adapter(annotation).validate_python(value)))) for value in (given, read)
        ]
    except (ValidationError, TypeError, ValueError):
        return False
    return shown[0] == shown[1]


def _balanced(value: Any) -> bool:
    """Whether every text in a value closes the parentheses it opens, in order."""
    if isinstance(value, dict):
        return all(_balanced(item) for item in value.values())
    if not isinstance(value, str):
        return True
    depth = 0
    for character in value:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _typed(annotation: Any) -> bool:
    """Whether a field holds something other than free text (a date, a number, a figure)."""
    return str not in _leaf_types(annotation)


def _leaf_types(annotation: Any) -> set[Any]:
    arguments = typing.get_args(annotation)
    if not arguments:
        return {annotation}
    found: set[Any] = set()
    for argument in arguments:
        found |= _leaf_types(argument)
    return found


def _cells(line: str) -> list[str]:
    """A table row's cells, ``\\|`` kept inside its cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def read_table(text: str, model: type[BaseModel], numbered: bool = False) -> list[dict[str, Any]] | None:
    """A table cardgen wrote from a list of entries (one row each, ``not stated`` where an entry is silent),
    read back; None unless rendering the entries read gives the same table."""
    from cardgen.renderer.hub import entry_markdown
    from cardgen.renderer.view import group, risk_label

    lines = text.split("\n")
    if len(lines) < 2:
        return None
    header = _cells(lines[0])[1 if numbered else 0 :]
    labels = _labels(model)
    if not header or any(name not in labels for name in header):
        return None
    names = [labels[name] for name in header]
    rows: list[dict[str, Any]] = []
    try:
        for line in lines[2:]:
            cells = _cells(line)[1 if numbered else 0 :]
            if len(cells) != len(names):
                return None
            row: dict[str, Any] = {}
            for name, cell in zip(names, cells, strict=True):
                if cell != "not stated":
                    row[name] = _cell(cell.replace("\\|", "|"), model.model_fields[name].annotation)
            rows.append(row)
        entries = [group(model.model_validate(row)) for row in rows]
    except (ValueError, ValidationError, TypeError):
        return None
    shown = [table_header(model, numbered, names)]
    for index, entry in enumerate(entries, start=1):
        row_text = "".join(f" {entry_markdown(entry.get(name), inline=True)} |" for name in names)
        shown.append("|" + (f" {risk_label(index)} |" if numbered else "") + row_text)
    return rows if "\n".join(shown) == text else None


def table_header(model: type[BaseModel], numbered: bool, names: list[str] | None = None) -> str:
    """The first two lines of the table cardgen writes for entries of ``model`` (by default, the template's
    risks columns when numbered, else every field)."""
    if names is None:
        names = list(template_map().risk_columns) if numbered else list(model.model_fields)
    return "\n".join(
        [
            "|" + (" # |" if numbered else "") + "".join(f" {title_of(name)} |" for name in names),
            "|" + (" --- |" if numbered else "") + " --- |" * len(names),
        ]
    )


def _cell(text: str, annotation: Any) -> Any:
    """One table cell: a list is written joined with ", "."""
    if is_list(annotation) and not re.fullmatch(r"(Unknown|None|Not applicable)( \(.*\))?", text):
        return [_scalar(item) for item in text.split(", ")]
    return _value(text, annotation)


def read_recommendations(text: str, risks: list[dict[str, Any]]) -> list[list[str] | None] | None:
    """The template's ``- **R1:** mitigation, mitigation`` lines, one per risk of the table read before; None
    unless rendering them gives the same lines."""
    from cardgen.renderer.hub import entry_markdown
    from cardgen.renderer.view import entry, risk_label

    lines = text.split("\n")
    if len(lines) != len(risks):
        return None
    found: list[list[str] | None] = []
    for index, line in enumerate(lines, start=1):
        match = re.fullmatch(rf"- \*\*{re.escape(risk_label(index))}:\*\* (.*)", line)
        if match is None:
            return None
        mitigations = None if match.group(1) == "not stated" else [_scalar(item) for item in match.group(1).split(", ")]
        shown = entry_markdown(entry("mitigations", mitigations) if mitigations else None, inline=True)
        if str(shown) != match.group(1):
            return None
        found.append(mitigations)
    return found


_UNCERTAINTY = re.compile(
    r"(?:(?P<level>[\d.]+)% )?CI (?P<lower>-?[\d.,e+-]+) to (?P<upper>-?[\d.,e+-]+)(?:, (?P<runs>\d+) runs)?"
    r"|± (?P<std>[\d.,e+-]+) \(std\)(?:, (?P<std_runs>\d+) runs)?"
)


def uncertainty(text: str) -> dict[str, Any] | None:
    """The results table's words for an uncertainty (``95% CI 0.91 to 0.95``, ``± 0.1 (std)``) as data."""
    match = _UNCERTAINTY.fullmatch(text)
    if match is None:
        return None
    found: dict[str, Any] = {}
    if match.group("std") is not None:
        found["std"] = float(match.group("std").replace(",", ""))
    else:
        found["lower"] = float(match.group("lower").replace(",", ""))
        found["upper"] = float(match.group("upper").replace(",", ""))
        if match.group("level"):
            found["level"] = round(float(match.group("level")) / 100, 6)
    runs = match.group("runs") or match.group("std_runs")
    if runs:
        found["runs"] = int(runs)
    return found


RESULT_COLUMNS = ("uncertainty", "slice", "category")

"""The results table's columns the Hub's model-index has no place for."""


def read_results_table(text: str, results: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """cardgen's results table: each row of a model-index result read before completed with the uncertainty,
    slice and category the table adds, and each row of a result the model-index could not hold (no dataset
    id) read whole; None unless rendering the results gives the same table."""
    from cardgen.renderer.hub import entry_markdown
    from cardgen.renderer.view import group
    from cardgen.schema.evaluation import Result

    lines = text.split("\n")
    header = _cells(lines[0]) if lines else []
    labels = _labels(Result)
    if len(lines) - 2 < len(results) or any(name not in labels for name in header):
        return None
    names = [labels[name] for name in header]
    pending = list(results)
    completed = []
    try:
        for line in lines[2:]:
            cells = {name: unescape_cell(cell) for name, cell in zip(names, _cells(line), strict=True)}
            row = _result_row(cells, pending)
            shown = group(Result.model_validate(row))
            if "| " + " | ".join(str(entry_markdown(shown.get(name), inline=True)) for name in names) + " |" != line:
                return None
            completed.append(row)
    except (ValueError, ValidationError, TypeError):
        return None
    return completed if not pending else None


def unescape_cell(cell: str) -> str:
    return cell.replace("\\|", "|")


def _result_row(cells: dict[str, str], pending: list[dict[str, Any]]) -> dict[str, Any]:
    """One row as a result: the next model-index result when the row is its, completed; else the row alone."""
    from cardgen.renderer.view import dataset_text
    from cardgen.schema.evaluation import DatasetRef

    following = pending[0] if pending else None
    if following is not None and cells.get("metric") == _markdown_line(following["metric"]):
        shown = dataset_text(DatasetRef.model_validate(following["dataset"])) if following.get("dataset") else None
        if shown is not None and cells.get("dataset") == _markdown_line(shown):
            row = dict(pending.pop(0))
            for name in RESULT_COLUMNS:
                _table_value(row, name, cells.get(name, "not stated"))
            if row.get("slice") and row.get("metric_name") == f"{row['metric']} ({row['slice']})":
                del row["metric_name"]  # the exporter writes the slice into the metric's name
            return row
    row = {}
    for name, cell in cells.items():
        _table_value(row, name, cell)
    return row


def _markdown_line(text: str) -> str:
    from cardgen.renderer.text import to_markdown_line

    return to_markdown_line(text)


def _table_value(row: dict[str, Any], name: str, cell: str) -> None:
    """A results table cell into the result's field, in the words the table uses for it."""
    if cell == "not stated":
        return
    if name == "uncertainty":
        found = uncertainty(cell)
        if found is None:
            raise ValueError(f"not an uncertainty: {cell!r}")
        row[name] = {**row.get(name, {}), **found}
    elif name == "dataset":
        match = re.fullmatch(r"(.*?)(?: \(([^()]*)\))?", cell, re.DOTALL)
        details = match.group(2).split(", ") if match and match.group(2) else []
        keys = {1: ("split",), 2: ("config", "split"), 3: ("config", "split", "revision")}.get(len(details), ())
        row[name] = {"name": unescape(match.group(1) if match and keys else cell)}
        row[name].update({key: unescape(detail) for key, detail in zip(keys, details, strict=True)})
    elif name == "source":
        parts = cell.split("; ")
        source: dict[str, Any] = {}
        if parts and (parts[-1].startswith("[") or parts[-1].startswith("<")):
            link = _scalar(parts.pop())
            source["url"] = link if isinstance(link, str) else str(link)
        if parts and parts[-1] in ("verified", "not verified"):
            source["verified"] = parts.pop() == "verified"
        if parts and "; ".join(parts) != "source":
            source["name"] = unescape("; ".join(parts))
        row[name] = source
    elif name == "value":
        row[name] = _scalar(cell)
    else:
        row[name] = unescape(cell)


__all__ = [
    "Target",
    "TemplateMap",
    "field_model",
    "label_value",
    "list_field",
    "normalised",
    "read_block",
    "read_block_fields",
    "read_recommendations",
    "read_results_table",
    "read_table",
    "shown_alike",
    "table_header",
    "template_map",
    "uncertainty",
    "unescape",
    "written_as",
]
