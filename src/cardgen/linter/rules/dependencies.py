"""CG7xx: dependencies, the links that make cards an ecosystem graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cardgen.errors import DataPath
from cardgen.io.discover import path_key
from cardgen.linter.rules.base import Context, Hit, graph_rule, rule
from cardgen.schema.answers import plain

if TYPE_CHECKING:
    from cardgen.ecosystem.graph import Graph


@rule("CG701", "dependency-card-not-found", "error", "dependencies")
def dependency_card_not_found(ctx: Context) -> Iterator[Hit]:
    """A dependency points to a card file that does not exist.

    `card` is a path relative to the card that names it; a broken link breaks the
    ecosystem graph. Fix the path, or use `url` for cards that live elsewhere.
    """
    folder = os.path.dirname(os.path.abspath(ctx.path))
    for dependency in ctx.root["dependencies"].entries():
        target = plain(dependency.look("card"))
        if isinstance(target, str) and "://" not in target and not os.path.isfile(os.path.join(folder, target)):
            yield dependency["card"].path, f"no card at '{target}' (relative to this card); fix the path"


@rule("CG702", "dependencies-missing", "warning", "dependencies", kinds=("model", "application"))
def dependencies_missing(ctx: Context) -> Iterator[Hit]:
    """A model or application card lists no dependencies: no datasets or models upstream.

    Every model depends on data at least, and every application on models. Listing
    dependencies links this card into the ecosystem graph, so that flaws upstream
    can be traced downstream. (A dataset may have none: its sources are data_creation.)
    """
    dependencies = ctx.root["dependencies"]
    if dependencies.missing:
        yield dependencies.path, f"no 'dependencies'; list the datasets and models this {ctx.kind} was built from"


@graph_rule("CG703", "dependency-unlinked", "info", "dependencies")
def dependency_unlinked(graph: Graph, path: str) -> Iterator[Hit]:
    """A dependency has neither a card nor a URL, so readers cannot follow it.

    Linted together with other cards, a dependency that names one of them is linked
    by that name; one that names none of them is CG706.
    """
    for edge in graph.edges_of(path):
        if not edge.linked and edge.via != "name" and not graph.dangles(edge):
            yield edge.data_path, f"'{edge.name}' has no 'card' or 'url'; link it"


@rule("CG704", "duplicate-dependency", "warning", "dependencies")
def duplicate_dependency(ctx: Context) -> Iterator[Hit]:
    """The same dependency (name and kind) is listed twice."""
    seen: dict[tuple[str, str], DataPath] = {}
    for dependency in ctx.root["dependencies"].entries():
        name = plain(dependency.look("name"))
        key = (str(name).casefold(), str(plain(dependency.look("kind"))))
        if key in seen:
            yield dependency.path, f"'{name}' is already listed {ctx.where(seen[key])}; keep one"
        else:
            seen[key] = dependency.path


@graph_rule("CG705", "dependency-cycle", "error", "dependencies")
def dependency_cycle(graph: Graph, path: str) -> Iterator[Hit]:
    """A dependency closes a cycle: the card is, through its upstream, built from itself.

    Dependencies point upstream, from what is built to what it is built from, so
    they cannot go round in a circle; one link in the cycle points the wrong way
    (an evaluation or a successor listed as a dependency, say). Checked when
    cards are linted together.
    """
    for edge in graph.edges_of(path):
        cycle = graph.cycle_through(edge)
        if cycle is not None:
            yield edge.data_path, f"dependency cycle: {' -> '.join(cycle)}; one of these links points the wrong way"


@graph_rule("CG706", "dependency-dangling", "warning", "dependencies")
def dependency_dangling(graph: Graph, path: str) -> Iterator[Hit]:
    """A dependency names a card that cannot be used, or no card at all among those linted.

    Its `card:` file is not a valid card, or, with neither `card:` nor `url:`, no card
    linted with it has its name: the link leads nowhere, so nothing upstream of it
    (its risks, its data) reaches this card. A missing file is CG701.
    """
    for edge in graph.edges_of(path):
        if edge.via == "unreadable":
            yield (*edge.data_path, "card"), f"the card for '{edge.name}' cannot be read or is invalid; fix that card"
        elif graph.dangles(edge):
            yield (
                edge.data_path,
                f"no card named '{edge.name}' among the cards linted; add its card, or a `card:` or `url:`",
            )


@graph_rule("CG707", "duplicate-card-name", "error", "dependencies")
def duplicate_card_name(graph: Graph, path: str) -> Iterator[Hit]:
    """Two cards linted together have the same name, so a dependency on that name is ambiguous.

    Names identify assets in the ecosystem graph, as in Ecosystem Graphs. Reported at
    each dependency that names them (give it a `card:` path) and at the card's name.
    """
    others = graph.namesakes(path)
    if others:
        where = ", ".join(graph.nodes[other].path for other in others[:3])
        where += f" and {len(others) - 3} more" if len(others) > 3 else ""
        yield (
            (graph.nodes[path_key(path)].kind, "name"),
            f"another card has the same name ({where}); names must be unique",
        )
    for edge in graph.edges_of(path):
        if edge.via == "ambiguous":
            yield edge.data_path, f"several cards are named '{edge.name}'; say which with `card:`"
