"""CG0xx: rules that apply to every field of the card, whatever stage it belongs to."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from cardgen.io.loader import DataPath
from cardgen.lint.rules.base import Context, Hit, Rule, is_explained, lookup, rule, walk

SCHEMA = Rule(
    "CG000",
    "schema",
    "error",
    "card",
    "The card does not fit the card schema.\n\n"
    "A misspelt key, a value of the wrong type or a missing required key makes the card\n"
    "unusable by every other tool, so no other rule runs until the schema problems are fixed.\n"
    "Run `cardgen validate` for the same messages, or `cardgen schema` for the schema itself.",
    None,
)

_PLACEHOLDER_WORDS = re.compile(r"\b(TODO|TBD|TBA|FIXME)\b|\[more information needed\]|lorem ipsum", re.IGNORECASE)
_PLACEHOLDER_VALUES = frozenset({"n/a", "n.a.", "-", "--", "?", "??", "...", "…", "tbd", "todo", "placeholder"})


def _placeholder(text: str) -> str | None:
    stripped = text.strip()
    if stripped.lower() in _PLACEHOLDER_VALUES:
        return stripped
    found = _PLACEHOLDER_WORDS.search(text)
    if found is None or (found.group(1) and not found.group(1).isupper()):
        return None
    return found.group(0)


def _strings(ctx: Context) -> Iterator[tuple[DataPath, str]]:
    for path, value in walk(ctx.document.data):
        if isinstance(value, str):
            yield path, value


@rule("CG001", "placeholder-text", "error", "card")
def placeholder_text(ctx: Context) -> Iterator[Hit]:
    """Placeholder text was left in the card.

    TODO, TBD, TBA, FIXME, the Hugging Face template's "[More Information Needed]",
    lorem ipsum, or a value that is only "N/A", "-", "?" or "...": a reader cannot tell
    whether the information is unknown, does not apply or was never looked up.
    Write the information, or answer `unknown` or `none` with an explanation:

        energy: {value: unknown, explanation: "the cluster has no power metering"}
    """
    for path, text in _strings(ctx):
        found = _placeholder(text)
        if found is not None:
            yield path, f"placeholder text '{found}' left in; write the information, or `unknown` with an explanation"


@rule("CG002", "unknown-without-explanation", "warning", "card")
def unknown_without_explanation(ctx: Context) -> Iterator[Hit]:
    """A field is answered `unknown` without saying why.

    `unknown` is an honest answer, but on its own it reads like a shrug. Say why the
    information is unknown and whether it could be found out, so readers can judge
    the gap:

        emissions: {value: unknown, explanation: "trained on a shared cluster without metering"}
    """
    for path, text in _strings(ctx):
        if text != "unknown":
            continue
        if path and path[-1] == "value" and is_explained(lookup(ctx.document.data, path[:-1])):
            continue
        yield path, "`unknown` without an explanation; write {value: unknown, explanation: why it is unknown}"


@rule("CG003", "blank-explanation", "warning", "card")
def blank_explanation(ctx: Context) -> Iterator[Hit]:
    """A `{value, explanation}` answer has an empty explanation.

    The explanation is the reason a reader should trust the value; an empty one says
    nothing. Write the reason, or use the bare value if none is needed.
    """
    for path, value in walk(ctx.document.data):
        if is_explained(value) and not str(value.get("explanation") or "").strip():
            yield (*path, "explanation"), "the explanation is empty; say why, or write the bare value"


@rule("CG004", "future-date", "error", "card")
def future_date(ctx: Context) -> Iterator[Hit]:
    """A date lies in the future.

    Release dates, training dates and data collection periods document what has
    happened; a date after today is a typo (often the year) or a plan written as a
    fact. Dates up to one day ahead of UTC are accepted, since it is already
    tomorrow somewhere on Earth.
    """
    for path, value in walk(ctx.card):
        if isinstance(value, datetime.date):
            day = value.date() if isinstance(value, datetime.datetime) else value
            if day > ctx.today:
                yield (
                    path,
                    f"the date {day.isoformat()} is in the future; correct it, or remove it until it has happened",
                )
