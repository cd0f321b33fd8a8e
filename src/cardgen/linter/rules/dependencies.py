"""CG7xx: dependencies, the links that make cards an ecosystem graph."""

from __future__ import annotations

import os
from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, rule


@rule("CG701", "dependency-card-not-found", "error", "dependencies")
def dependency_card_not_found(ctx: Context) -> Iterator[Hit]:
    """A dependency points to a card file that does not exist.

    `card` is a path relative to the card that names it; a broken link breaks the
    ecosystem graph. Fix the path, or use `url` for cards that live elsewhere.
    """
    folder = os.path.dirname(os.path.abspath(ctx.path))
    for dependency in ctx.root["dependencies"].entries():
        card = dependency["card"]
        target = card.value
        if isinstance(target, str) and "://" not in target and not os.path.isfile(os.path.join(folder, target)):
            yield card.path, f"no card at '{card.value}' (relative to this card); fix the path"


@rule("CG702", "dependencies-missing", "warning", "dependencies")
def dependencies_missing(ctx: Context) -> Iterator[Hit]:
    """The card lists no dependencies: no datasets, base models or applications upstream.

    Every model depends on data at least. Listing dependencies links this card into
    the ecosystem graph, so that flaws upstream can be traced downstream.
    """
    dependencies = ctx.root["dependencies"]
    if dependencies.missing:
        yield dependencies.path, "no 'dependencies'; list the datasets and models this model was built from"


@rule("CG703", "dependency-unlinked", "info", "dependencies")
def dependency_unlinked(ctx: Context) -> Iterator[Hit]:
    """A dependency has neither a card nor a URL, so readers cannot follow it."""
    for dependency in ctx.root["dependencies"].entries():
        if dependency["card"].missing and dependency["url"].missing:
            yield dependency.path, f"'{dependency['name'].value}' has no 'card' or 'url'; link it"


@rule("CG704", "duplicate-dependency", "warning", "dependencies")
def duplicate_dependency(ctx: Context) -> Iterator[Hit]:
    """The same dependency (name and kind) is listed twice."""
    seen: dict[tuple[str, str], str] = {}
    for dependency in ctx.root["dependencies"].entries():
        key = (str(dependency["name"].value).casefold(), str(dependency["kind"].value))
        if key in seen:
            yield dependency.path, f"'{dependency['name'].value}' is already listed {seen[key]}; keep one"
        else:
            seen[key] = ctx.where(dependency.path)
