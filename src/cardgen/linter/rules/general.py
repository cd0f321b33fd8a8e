"""CG0xx: rules that apply to every field of the card, whatever stage it belongs to."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from cardgen.errors import DataPath
from cardgen.linter.rules.base import WHOLE_CARD, Context, Hit, Node, Rule, lookup, rule
from cardgen.linter.rules.hub_licenses import HUB_LICENSES
from cardgen.schema.answers import MARKER_SPELLINGS, PLACEHOLDER_VALUES, placeholder_within

SCHEMA = Rule(
    "CG000",
    "schema",
    "error",
    WHOLE_CARD,
    "The card does not fit the card schema.\n\n"
    "A misspelt key, a value of the wrong type or a missing required key makes the card\n"
    "unusable by every other tool, so no other rule runs until the schema problems are fixed.\n"
    "Run `cardgen validate` for the same messages, or `cardgen schema` for the schema itself.",
    None,
)

BAD_SUPPRESSION = Rule(
    "CG090",
    "bad-suppression",
    "warning",
    WHOLE_CARD,
    "A `# cardgen:` comment names a rule that does not exist, or is in the wrong place.\n\n"
    "`# cardgen: disable=CG301` at the end of a line silences CG301 on that line (alone on a line it\n"
    "silences nothing); `# cardgen: disable-file=CG301` silences it in the whole file, but only in the\n"
    "comments before the first key. An id that is no rule silences nothing either: check it with\n"
    "`cardgen rules`.",
    None,
)
"""Reported for suppression comments that cannot work; configurable like any rule."""


@rule("CG001", "placeholder-text", "error", "card")
def placeholder_text(ctx: Context) -> Iterator[Hit]:
    """Placeholder text was left in the card.

    TODO, TBD, TBA, FIXME, the Hugging Face template's "[More Information Needed]",
    lorem ipsum, or a value that is only "N/A", "-", "?" or "...": a reader cannot tell
    whether the information is unknown, does not apply or was never looked up.
    Write the information, or answer `unknown` or `none` with an explanation:

        energy: {value: unknown, explanation: "the cluster has no power metering"}
    """
    # One scan of every text value at once spares the search in most values (the values, not the
    # file's text: a card changed in code is linted as it is now, with its file's text as it was).
    # Without a placeholder anywhere, only a whole value can be one, and only a short text can be such a value.
    found: Iterator[tuple[DataPath, str | None]]
    if placeholder_within("\n".join(ctx.scanned.texts)) is None:
        found = ((path, text.strip()) for path, text, key in ctx.scanned.notable if key in PLACEHOLDER_VALUES)
    else:
        found = ((path, _placeholder(text)) for path, text in ctx.strings)
    for path, placeholder in found:
        if placeholder is not None:
            yield (
                path,
                f"placeholder text '{placeholder}' left in; write the information, or `unknown` with an explanation",
            )


def _placeholder(text: str) -> str | None:
    """The placeholder a text is or holds, as written."""
    stripped = text.strip()
    return stripped if stripped.lower() in PLACEHOLDER_VALUES else placeholder_within(text)


@rule("CG002", "unknown-without-explanation", "warning", "card")
def unknown_without_explanation(ctx: Context) -> Iterator[Hit]:
    """A field is answered `unknown` without saying why.

    `unknown` is an honest answer, but on its own it reads like a shrug. Say why the
    information is unknown and whether it could be found out, so readers can judge
    the gap:

        emissions: {value: unknown, explanation: "trained on a shared cluster without metering"}
    """
    explained = {path for path, answer in ctx.scanned.explained if answer.get("value") == "unknown"}
    for path, text, _ in ctx.scanned.notable:
        if text != "unknown":
            continue
        if path and path[-1] == "value" and path[:-1] in explained:
            continue
        yield path, "`unknown` without an explanation; write {value: unknown, explanation: why it is unknown}"


@rule("CG007", "marker-spelling", "warning", "card")
def marker_spelling(ctx: Context) -> Iterator[Hit]:
    """`Unknown`, `NONE` or another spelling of a marker stands where `unknown` or `none` is meant.

    cardgen reads any case of `unknown` and `none` as the marker it spells (so a capital
    `Unknown` never counts as an answer in coverage or completeness), but the schema and
    other tools know only the lower-case markers. Write `unknown` or `none`, with an
    explanation. (`N/A` is reported as placeholder text, CG001.)
    """
    for path, text, key in ctx.scanned.notable:
        marker = MARKER_SPELLINGS.get(key)
        if marker is not None and text != marker and key not in PLACEHOLDER_VALUES:
            yield (
                path,
                f"'{text}' is read as the marker `{marker}`; write `{marker}` in lower case, with an explanation",
            )


@rule("CG003", "blank-explanation", "warning", "card")
def blank_explanation(ctx: Context) -> Iterator[Hit]:
    """A `{value, explanation}` answer has an empty explanation.

    The explanation is the reason a reader should trust the value; an empty one says
    nothing. Write the reason, or use the bare value if none is needed.
    """
    for path, value in ctx.scanned.explained:
        if not str(value.get("explanation") or "").strip():
            yield (*path, "explanation"), "the explanation is empty; say why, or write the bare value"


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


_DATE_START = re.compile(r"\d{4}-\d\d-\d\d")


@rule("CG004", "future-date", "error", "card")
def future_date(ctx: Context) -> Iterator[Hit]:
    """A date lies in the future.

    Release dates, training dates and data collection periods document what has
    happened; a date after today is a typo (often the year) or a plan written as a
    fact. Dates up to one day ahead of UTC are accepted, since it is already
    tomorrow somewhere on Earth.
    """
    for path, text in ctx.scanned.dated:
        if _DATE_START.match(text):  # only the validated card knows whether this text is a date field
            value = lookup(ctx.card, path)
            if isinstance(value, datetime.date) and _day(value) > ctx.today:
                yield path, f"the date {_day(value)} is in the future; correct it, or remove it until it has happened"


def _spdx(expression: str) -> bool:
    """Whether the text is an SPDX license expression made of listed licenses only."""
    try:
        canonical = canonicalize_license_expression(expression)
    except InvalidLicenseExpression:
        return False
    return "LicenseRef-" not in canonical


def _licenses(ctx: Context) -> Iterator[Node]:
    yield ctx.identity["license"]
    for source in ctx.root.get("data_creation", "sources").entries():
        yield source["license"]


def _identified(license_id: str) -> bool:
    """An SPDX expression, or a license id the Hugging Face Hub lists (openrail, llama2, ...)."""
    return _spdx(license_id) or license_id.casefold() in HUB_LICENSES


@rule("CG005", "license-unidentified", "warning", "card")
def license_unidentified(ctx: Context) -> Iterator[Hit]:
    """A license is neither an SPDX id nor a Hub license id, and has no link to its text.

    Tools and lawyers can only act on a license they can identify: write an SPDX
    expression (Apache-2.0, MIT, CC-BY-4.0, "MIT OR Apache-2.0") or a license id the
    Hugging Face Hub lists (openrail, llama2, bigscience-bloom-rail-1.0, ...), or for
    other terms give the name and a link:

        license: {name: "Llama 3 Community License", url: "https://llama.meta.com/llama3/license/"}

    Checked for the card's own license (of the model, dataset or application) and each data source's license.
    """
    for node in _licenses(ctx):
        value = node.value
        if isinstance(value, str) and not _identified(value):
            yield (
                node.path,
                f"'{value}' is neither an SPDX nor a Hugging Face Hub license id; use one, or write {{name, url}}",
            )
        elif value is not None and not isinstance(value, str) and not node["url"].given:
            spdx_id = node["id"].value
            if not (isinstance(spdx_id, str) and _identified(spdx_id)):
                yield node.path, "the license has no SPDX id and no url; add the url of its text"


def _ranges(ctx: Context) -> Iterator[tuple[Node, Node]]:
    training = ctx.root["training"]
    yield training["start_date"], training["end_date"]
    yield training.get("run", "started"), training.get("run", "ended")
    for source in ctx.root.get("data_creation", "sources").entries():
        yield source.get("time_range", "start"), source.get("time_range", "end")


@rule("CG006", "date-range-reversed", "error", "card")
def date_range_reversed(ctx: Context) -> Iterator[Hit]:
    """A period ends before it starts.

    Checked for training start and end dates, the recorded run's start and end, and
    each data source's time range. One of the two dates is wrong, usually the year.
    """
    for start, end in _ranges(ctx):
        first, last = start.value, end.value
        if isinstance(first, datetime.date) and isinstance(last, datetime.date) and _day(last) < _day(first):
            yield end.path, f"ends on {_day(last)}, before it starts on {_day(first)}; correct one of the dates"
