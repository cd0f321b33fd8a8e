"""Cards from CRFM Ecosystem Graphs asset files: every asset becomes a card of its kind.

An Ecosystem Graphs file is a YAML list of assets (``type: model | dataset |
application``). Its answers come in the shapes cardgen uses too, plus variants
found in the data: ``{value, explanation}``, ``unknown``/``Unknown``,
``none``/``None``, an explanation without a value (the value is unknown, and the
explanation says why), empty strings (nothing said) and a bare year for a date.

What has structure is parsed (dates, licenses, access, parameter counts, dataset
sizes, training time and emissions with their units, modalities, user counts);
where parsing fails the original text is kept under ``extras.metadata`` and the
note says so, and so is every field that has no card field of its own. Names in
``dependencies`` become ``card:`` links between the generated cards.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from cardgen.errors import DataPath, LoadError, Position
from cardgen.importers import file_stem
from cardgen.importers.report import Action, Imported
from cardgen.io.loader import Location, parse_value, read_text

FORMAT = "ecosystem-graphs"
KINDS: tuple[str, ...] = ("model", "dataset", "application")
SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
EXTRAS = f"extras.metadata.{FORMAT}"


@dataclass(frozen=True)
class Answer:
    """One source field read for its meaning: a plain value or ``unknown``/``none``, and any explanation."""

    value: Any
    explanation: str | None


@dataclass(frozen=True)
class Parsed:
    """A value parsed for a card field; ``exact`` when it says all the source text said."""

    value: Any
    exact: bool = True
    detail: str = ""


Parser = Callable[[Any], Parsed | None]
"""Turns a plain source value into a card value, or None when the text does not have the expected form."""


def read_answer(raw: Any) -> Answer | None:
    """The meaning of a source value; None when the source says nothing (missing, empty, ``{}``)."""
    explanation: str | None = None
    if isinstance(raw, dict) and set(raw) <= {"value", "explanation"}:
        given = raw.get("explanation")
        explanation = given.strip() or None if isinstance(given, str) else None
        raw = raw.get("value")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.lower() in ("unknown", "none"):
            raw = raw.lower()
    if raw in ("", None, [], {}):
        return Answer("unknown", explanation) if explanation else None
    return Answer(raw, explanation)


# Parsers -------------------------------------------------------------------------------------------------

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12}
_SCALED = _NUMBER + r"\s*(?P<scale>[kKmMbBtT](?![a-zA-Z])|thousand|million|billion|trillion)?"


def _amount(match: re.Match[str]) -> float:
    value = float(match["number"].replace(",", ""))
    scale = match.groupdict().get("scale")
    return value * _SCALE[scale.lower()] if scale else value


def _whole(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def text(value: Any) -> Parsed | None:
    """Any scalar as text; lists and mappings are not text."""
    if isinstance(value, (dict, list)):
        return None
    return Parsed(str(value))


def texts(value: Any) -> Parsed | None:
    """A list-of-text field: a list of strings, or one text as a list of one."""
    if isinstance(value, list):
        return Parsed([str(each) for each in value]) if all(isinstance(each, str) for each in value) else None
    single = text(value)
    return Parsed([single.value]) if single else None


def date(value: Any) -> Parsed | None:
    """An ISO date; a bare year is not a date (it is kept with its meaning by :func:`convert_date`)."""
    if isinstance(value, str):
        try:
            return Parsed(datetime.date.fromisoformat(value.strip()).isoformat())
        except ValueError:
            return None
    return None


_SPDX_SPELLINGS = {"odc-by": "ODC-By-1.0", "odc-by 1.0": "ODC-By-1.0", "cc-by-nc": None}


def license(value: Any) -> Parsed | None:
    """An SPDX id where the text is one (``Apache 2.0`` -> ``Apache-2.0``), else the license by its name."""
    if not isinstance(value, str):
        return None
    candidate = re.sub(r"\s+", "-", value.strip())
    spelled = _SPDX_SPELLINGS.get(value.strip().lower(), candidate)
    if spelled is not None:
        try:
            canonical = str(canonicalize_license_expression(spelled))
        except InvalidLicenseExpression:
            canonical = None
        if canonical and " " not in canonical and "LicenseRef" not in canonical:
            return Parsed(canonical, exact=canonical == value.strip(), detail=f"SPDX id {canonical}")
    return Parsed({"name": value.strip()}, detail="not an SPDX id: kept as the license's name")


def access(value: Any) -> Parsed | None:
    word = str(value).strip().lower()
    return Parsed(word) if word in ("open", "limited", "closed") else None


def parameters(value: Any) -> Parsed | None:
    """``7B parameters (dense)`` -> 7000000000; the qualifier stays in the explanation."""
    shape = _SCALED + r"\s*(?:parameters?|params)(?:\s*\((?:dense|sparse)(?: model)?\))?"
    match = re.fullmatch(shape, str(value).strip(), re.IGNORECASE)
    if match is None:
        return None
    return Parsed(int(_amount(match)), exact=False, detail=f"{int(_amount(match)):,} parameters")


_SIZE_PIECE = re.compile(_SCALED + r"\s*(?P<unit>[^\d,;].{0,60})")
_SIZE_SPLIT = re.compile(r",\s*(?=\d)|\s+and\s+(?=\d)|\s+with\s+(?=\d)|;\s*(?=\d)")


def sizes(value: Any) -> Parsed | None:
    """``3T tokens``, ``825 GB``, ``182GB Text, 185M Images`` -> one figure per amount, each with its unit."""
    figures = []
    for piece in _SIZE_SPLIT.split(str(value).strip()):
        match = _SIZE_PIECE.fullmatch(piece.strip().rstrip("."))
        if match is None:
            return None
        figures.append({"value": _whole(_amount(match)), "unit": match["unit"].strip()})
    detail = "; ".join(f"{figure['value']:,} {figure['unit']}" for figure in figures)
    return Parsed(figures, exact=False, detail=detail)


_DURATION = {"second": ("seconds", 1), "minute": ("minutes", 1), "hour": ("hours", 1), "day": ("days", 1)}
_DURATION |= {"week": ("days", 7)}
_COMPUTE = {
    "petaflop/s-day": "petaFLOP/s-days",
    "petaflops/s-day": "petaFLOP/s-days",
    "gpu hour": "GPU-hours",
    "gpu-hour": "GPU-hours",
    "tpu hour": "TPU-hours",
    "tpu-hour": "TPU-hours",
}


def duration(value: Any) -> Parsed | None:
    """``53 days``, ``6 weeks`` (as 42 days), ``30 minutes``: a wall-clock time with a unit."""
    match = re.fullmatch(_NUMBER + r"\s*(?P<unit>second|minute|hour|day|week)s?", str(value).strip(), re.IGNORECASE)
    if match is None:
        return None
    unit, factor = _DURATION[match["unit"].lower()]
    amount = _whole(float(match["number"].replace(",", "")) * factor)
    return Parsed({"value": amount, "unit": unit}, exact=False, detail=f"{amount:,} {unit}")


def compute(value: Any) -> Parsed | None:
    """``7039 petaflop/s-days``, ``320,256 GPU hours``, ``47k GPU hours``: an amount of compute."""
    match = re.fullmatch(_SCALED + r"\s*(?P<unit>[a-z/ -]+?)s?", str(value).strip(), re.IGNORECASE)
    if match is None or match["unit"].lower() not in _COMPUTE:
        return None
    unit, amount = _COMPUTE[match["unit"].lower()], _whole(_amount(match))
    return Parsed({"value": amount, "unit": unit}, exact=False, detail=f"{amount:,} {unit}")


_EMISSIONS = re.compile(
    _NUMBER + r"\s*(?P<mass>t|tons?|tonnes?|metric tons?|kg|g)\s*(?:of\s+)?(?:CO2(?:-?eq?)|CO2e)\.?", re.IGNORECASE
)
_MASS = {"t": "tCO2eq", "ton": "tCO2eq", "tons": "tCO2eq", "tonne": "tCO2eq", "tonnes": "tCO2eq", "kg": "kgCO2eq"}
_MASS |= {"metric ton": "tCO2eq", "metric tons": "tCO2eq", "g": "gCO2eq"}


def emissions(value: Any) -> Parsed | None:
    """``75.05 tCo2eq``, ``124 kg of CO2eq``, ``0.9 tCO2e``; plain CO2 (not equivalent) stays text."""
    match = _EMISSIONS.fullmatch(str(value).strip())
    if match is None:
        return None
    unit, amount = _MASS[match["mass"].lower()], _whole(float(match["number"].replace(",", "")))
    return Parsed({"value": amount, "unit": unit}, exact=False, detail=f"{amount:,} {unit}")


def io_modalities(value: Any) -> Parsed | None:
    """``image, text; text``: inputs before the semicolon, outputs after it."""
    if not isinstance(value, str) or value.count(";") != 1:
        return None
    inputs, outputs = (_words(side) for side in value.split(";"))
    return Parsed({"input": inputs, "output": outputs}) if inputs and outputs else None


def modalities(value: Any) -> Parsed | None:
    """``image, text`` -> [image, text]; a dataset has no inputs and outputs, so both sides of ``;`` join."""
    words = _words(str(value).replace(";", ","))
    return Parsed(words) if words else None


def _words(side: str) -> list[str]:
    return list(dict.fromkeys(word.strip() for word in side.split(",") if word.strip()))


def count(value: Any) -> Parsed | None:
    """``100M`` -> 100000000; ``over 1 million sign-ups`` is not a count of users and stays text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Parsed(value)
    match = re.fullmatch(_SCALED, str(value).strip())
    return Parsed(int(_amount(match)), exact=False, detail=f"{int(_amount(match)):,}") if match else None


# Where each field goes ---------------------------------------------------------------------------------

Target = tuple[str, Parser]

COMMON: dict[str, Target] = {
    "organization": ("{identity}.organization", text),
    "description": ("{identity}.description", text),
    "url": ("{identity}.links.homepage", text),
    "license": ("{identity}.license", license),
    "access": ("deployment.access", access),
    "terms_of_service": ("deployment.terms_of_use", text),
    "monitoring": ("deployment.monitoring", text),
    "feedback": ("deployment.feedback", text),
    "intended_uses": ("intended_use.primary_uses", texts),
    "prohibited_uses": ("intended_use.out_of_scope_uses", texts),
    "analysis": ("evaluation.summary", text),
}
FIELDS: dict[str, dict[str, Target]] = {
    "model": {
        **COMMON,
        "modality": ("model.modalities", io_modalities),
        "size": ("model.parameters", parameters),
        "training_emissions": ("training.emissions", emissions),
        "training_hardware": ("training.hardware.accelerator", text),
    },
    "dataset": {
        **COMMON,
        "modality": ("dataset.modality", modalities),
        "size": ("dataset.size", sizes),
        "datasheet": ("dataset.datasheet", text),
        "sample": ("composition.sample", texts),
        "included": ("composition.included", text),
        "excluded": ("composition.excluded", text),
        "quality_control": ("curation.quality_control", text),
    },
    "application": {
        **COMMON,
        "adaptation": ("adaptation.description", text),
        "output_space": ("application.output_space", text),
        "quality_control": ("quality.quality_control", text),
        "failures": ("quality.known_failures", texts),
        "monthly_active_users": ("users.monthly_active_users", count),
        "user_distribution": ("users.user_distribution", text),
    },
}
"""Source field -> card field and parser, per kind; fields not listed are kept verbatim under extras."""

# Reading files -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asset:
    """One entry of a source file, where it is, and the file stem its card will get."""

    file: str
    position: Position
    data: dict[str, Any]
    stem: str

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def kind(self) -> str:
        return str(self.data["type"])


def source_files(path: Path) -> list[Path]:
    """The file itself, or every YAML file directly in the directory, by name."""
    if path.is_dir():
        return sorted(each for each in path.iterdir() if each.suffix in SUFFIXES and each.is_file())
    return [path]


def _assets_of(file: Path) -> Iterator[tuple[Position, dict[str, Any]]]:
    name = str(file)
    value, locations = parse_value(read_text(file), name)
    if value is None:
        return
    if not isinstance(value, list):
        raise LoadError(name, Position(1, 1), "an Ecosystem Graphs file is a list of assets (- type: model ...)")
    for index, entry in enumerate(value):
        where = _where(locations, (index,))
        if not isinstance(entry, dict):
            raise LoadError(name, where, "each asset is a mapping with type:, name: and its fields")
        if entry.get("type") not in KINDS:
            raise LoadError(
                name,
                _where(locations, (index, "type")),
                f"the asset's type is {entry.get('type')!r}; it must be model, dataset or application",
            )
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise LoadError(name, where, "the asset has no name: give it `name:`")
        yield where, entry


def _where(locations: Mapping[DataPath, Location], path: DataPath) -> Position:
    location = locations.get(path)
    return (location.key or location.value) if location is not None else Position(1, 1)


def read(path: Path) -> list[Imported]:
    """Every asset of an Ecosystem Graphs file, or of every file in a directory, as card data with notes."""
    found: list[tuple[str, Position, dict[str, Any]]] = [
        (str(file), position, data) for file in source_files(path) for position, data in _assets_of(file)
    ]
    taken: set[str] = set()
    assets: list[Asset] = []
    for file, position, data in found:
        stem, number = file_stem(data["name"]), 1
        unique = stem
        while unique.casefold() in taken:
            number += 1
            unique = f"{stem}-{number}"
        taken.add(unique.casefold())
        assets.append(Asset(file, position, data, unique))
    index = Index(assets)
    return [convert(asset, index) for asset in assets]


class Index:
    """Assets by name, to turn the names in ``dependencies`` into links between the cards."""

    def __init__(self, assets: list[Asset]) -> None:
        self.by_name: dict[str, list[Asset]] = {}
        for asset in assets:
            self.by_name.setdefault(_key(asset.name), []).append(asset)

    def find(self, name: str, near: Asset) -> tuple[Asset | None, str]:
        """The asset a dependency names (one in the same file first when names repeat), and what to note."""
        candidates = self.by_name.get(_key(name), [])
        if not candidates:
            return None, f"no asset named {name!r} among the imported files, so its kind is unknown"
        chosen = next((each for each in candidates if each.file == near.file), candidates[0])
        detail = f"linked to {chosen.stem}.card.yaml"
        if chosen.name != name:
            detail += f" (named {chosen.name!r} there)"
        if len(candidates) > 1:
            detail += f"; {len(candidates)} assets have this name, the one in {chosen.file} was chosen"
        return chosen, detail


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


# Converting one asset ----------------------------------------------------------------------------------


class Builder:
    """The card data being built, with a note for every source field."""

    def __init__(self, asset: Asset) -> None:
        self.asset = asset
        self.imported = Imported(asset.stem, {"kind": asset.kind, asset.kind: {"name": asset.name}}, [], _origin(asset))
        self.imported.note("type", "kind", "mapped")
        self.imported.note("name", f"{asset.kind}.name", "mapped")

    def put(self, target: str, value: Any) -> None:
        """Set a dotted card path, creating the mappings on the way."""
        *parents, last = target.split(".")
        node = self.imported.data
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value

    def keep(self, field: str, raw: Any, why: str, action: Action = "kept") -> None:
        """The source value verbatim under extras, so nothing is lost."""
        extras = self.imported.data.setdefault("extras", {}).setdefault("metadata", {}).setdefault(FORMAT, {})
        extras[field] = raw
        self.imported.note(field, f"{EXTRAS}.{field}", action, why)

    def answer(self, field: str, target: str, answer: Answer, parsed: Parsed | None, raw: Any) -> None:
        """Write a field as the card answer that keeps its meaning, or keep the text when it did not parse."""
        if answer.value in ("unknown", "none"):
            self.put(target, _explained(answer.value, answer.explanation))
            self.imported.note(field, target, "mapped", answer.value)
            return
        if parsed is None:
            self.keep(field, raw, f"could not read {_short(answer.value)} as {target.rsplit('.', 1)[-1]}", "text")
            return
        note = parsed.detail
        explanation = answer.explanation
        if not parsed.exact:
            given = f"Ecosystem Graphs: {answer.value}"
            explanation = f"{explanation}\n\n{given}" if explanation else given
            note = f"{note}; the source text is kept in the explanation" if note else note
        self.put(target, _explained(parsed.value, explanation))
        self.imported.note(field, target, "mapped", note)


def _explained(value: Any, explanation: str | None) -> Any:
    return {"value": value, "explanation": explanation} if explanation else value


def _short(value: Any) -> str:
    shown = str(value)
    return repr(shown if len(shown) <= 60 else shown[:59] + "…")


def _origin(asset: Asset) -> str:
    return f"{asset.file}:{asset.position.line}"


def convert(asset: Asset, index: Index) -> Imported:
    """One asset as card data of its kind, every field noted."""
    card = Builder(asset)
    fields = FIELDS[asset.kind]
    for field, raw in asset.data.items():
        if field in ("name", "type"):
            continue
        answer = read_answer(raw)
        if answer is None:
            card.imported.note(field, None, "dropped", "empty in the source: it says nothing")
        elif field == "dependencies":
            convert_dependencies(card, answer, index, raw)
        elif field == "created_date":
            convert_date(card, answer, raw)
        elif field == "training_time" and asset.kind == "model":
            convert_training_time(card, answer, raw)
        elif field in fields:
            target, parser = fields[field]
            card.answer(field, target.format(identity=asset.kind), answer, parser(answer.value), raw)
        else:
            card.keep(field, raw, "no card field for it")
    return card.imported


def convert_date(card: Builder, answer: Answer, raw: Any) -> None:
    """``created_date`` -> the release date; a bare year stays a year (as an explained unknown day)."""
    target = f"{card.asset.kind}.release_date"
    value = answer.value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        reason = f"Ecosystem Graphs gives only the year {value}."
        card.put(
            target,
            {"value": "unknown", "explanation": f"{answer.explanation}\n\n{reason}" if answer.explanation else reason},
        )
        card.keep("created_date", raw, f"only a year ({value}): the day is unknown", "text")
        return
    card.answer("created_date", target, answer, date(value), raw)


def convert_training_time(card: Builder, answer: Answer, raw: Any) -> None:
    """Wall-clock time goes to training.duration; compute written as time (GPU hours, petaflop/s-days) to
    training.compute."""
    figure = compute(answer.value)
    if figure is not None:
        card.answer("training_time", "training.compute", answer, figure, raw)
    else:
        card.answer("training_time", "training.duration", answer, duration(answer.value), raw)


def convert_dependencies(card: Builder, answer: Answer, index: Index, raw: Any) -> None:
    """Names -> ``{name, kind, card}`` links to the generated cards; a name no asset has is kept as text."""
    names = answer.value if isinstance(answer.value, list) else None
    if names is None:
        card.answer("dependencies", "dependencies", answer, None, raw)
        return
    links: list[dict[str, Any]] = []
    unresolved: list[Any] = []
    for number, name in enumerate(names):
        found, detail = index.find(name, card.asset) if isinstance(name, str) else (None, "not a name")
        if found is None:
            unresolved.append(name)
            card.imported.note(f"dependencies[{number}]", f"{EXTRAS}.dependencies", "text", detail)
            continue
        card.imported.note(f"dependencies[{number}]", f"dependencies[{len(links)}]", "mapped", detail)
        links.append({"name": found.name, "kind": found.kind, "card": f"{found.stem}.card.yaml"})
    if links:
        card.put("dependencies", _explained(links, answer.explanation))
    if unresolved:
        extras = card.imported.data.setdefault("extras", {}).setdefault("metadata", {}).setdefault(FORMAT, {})
        kept = _explained(unresolved, answer.explanation) if not links else unresolved
        extras["dependencies"] = kept
