"""What a card's own facts imply, for rules that expect a matching risk or result."""

from __future__ import annotations

from cardgen.ecosystem.facts import personal_data, says_personal
from cardgen.linter.rules.base import Context, Node
from cardgen.schema.answers import plain, status


def personal_data_sources(ctx: Context) -> list[Node]:
    """Data sources that say they hold personal or special-category information."""
    return [source for source in ctx.root.get("data_creation", "sources").entries() if says_personal(source.value)]


def holds_personal_data(ctx: Context) -> bool:
    """Whether the card's data holds personal information: a data source, or a dataset's composition, says so."""
    return bool(personal_data(ctx.card))


def risk_categories(ctx: Context) -> set[str]:
    """The categories of the risks the card lists."""
    categories = (risk.look("category") for risk in ctx.root["risks"].entries())
    return {str(plain(category)) for category in categories if status(category) == "given"}


def open_weights(ctx: Context) -> bool:
    """Whether anyone can download the weights, so that no one can take them back."""
    return bool(ctx.root.get("deployment", "access").value == "open")


def about_people(ctx: Context) -> bool:
    """Whether the model is built from or judges people: personal data in, or fairness and privacy risks named."""
    return holds_personal_data(ctx) or bool(risk_categories(ctx) & {"bias/fairness", "privacy"})
