"""Cards and the dependencies between them, as a graph.

Every card under the paths given is loaded (the linter's discovery of card files);
a dependency resolves to a card by its ``card:`` path (relative to the card that
names it) or, without one, by name among the loaded cards. Cards reached only
through a ``card:`` path are loaded too, so one card linted alone still sees what
it was built from. Cycles, dangling references and names shared by two cards are
facts of the graph; the linter's CG7xx rules report them at the dependency's line.

The graph keeps what it needs of each card (:class:`CardFacts`: a few kilobytes),
and the whole cards only when asked to: linting ten thousand cards together then
holds the facts of all of them, not the cards.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cardgen.ecosystem.facts import RiskFacts, personal_data, risk_facts
from cardgen.errors import DataPath, LoadError, Position, Problem
from cardgen.io.discover import card_files, path_key
from cardgen.io.loader import Document, read_document
from cardgen.schema.answers import is_card_object, items, plain, status
from cardgen.schema.kinds import identity_of
from cardgen.schema.parts import card_part_names
from cardgen.validation import check

if TYPE_CHECKING:
    from cardgen.schema.card import AnyCard


def name_key(name: str) -> str:
    """Names match regardless of case and surrounding spaces, as people write them."""
    return name.strip().casefold()


@dataclass(frozen=True)
class Loaded:
    """One card file as read: its document and card, or the problems that kept it from loading."""

    path: str
    document: Document | None
    card: AnyCard | None
    problems: tuple[Problem, ...] = ()
    listed: bool = True
    """Whether the file was among the paths given, rather than reached through a ``card:`` link."""


def load_card(path: str, *, listed: bool = True, records: bool = False) -> Loaded:
    """Read and validate one card file; raises :class:`~cardgen.errors.LoadError` when it cannot be parsed.

    ``records``: the card may be a plain record rather than a model (see :func:`cardgen.validation.check`).
    """
    document = read_document(path)
    card, problems = check(document, records=records)
    return Loaded(path, document, card, tuple(problems), listed)


def read_card(path: str, *, listed: bool = True, records: bool = False) -> Loaded:
    """Read and validate one card file; never raises for a bad file (its problems are kept)."""
    try:
        return load_card(path, listed=listed, records=records)
    except LoadError as error:
        return Loaded(path, None, None, tuple(error.problems), listed)


def _text(value: Any) -> str | None:
    bare = plain(value)
    if is_card_object(bare):  # a LicenseRef
        return _text(bare.id) or _text(bare.name)
    return str(bare) if bare is not None else None


@dataclass(frozen=True)
class Node:
    """An asset: what the graph formats show for each card."""

    name: str
    kind: str
    path: str
    organization: str | None
    access: str | None
    license: str | None

    @classmethod
    def of(cls, path: str, card: AnyCard) -> Node:
        identity = identity_of(card)
        deployment = plain(card.deployment)
        access = _text(deployment.access) if deployment is not None else None
        return cls(identity.name, card.kind, path, _text(identity.organization), access, _text(identity.license))


@dataclass(frozen=True, slots=True)
class DependencyFacts:
    """One entry of a card's ``dependencies``, as the graph links it."""

    name: str
    kind: str
    relation: str | None
    version: str | None
    link: str | None
    """The ``card:`` value when it is text: a path relative to the card, or a URL."""
    has_url: bool
    linked: bool
    """Whether it gives a ``card:`` or a ``url:`` at all (answered, even if ``unknown``)."""

    @classmethod
    def of(cls, dependency: Any) -> DependencyFacts:
        link = plain(dependency.card)
        return cls(
            dependency.name,
            dependency.kind,
            _text(dependency.relation),
            _text(dependency.version),
            link if isinstance(link, str) else None,
            bool(plain(dependency.url)),
            status(dependency.card) != "missing" or status(dependency.url) != "missing",
        )


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the graph keeps of a valid card: enough to link it, pass its risks downstream and point into it."""

    node: Node
    listed: bool
    """Whether the file was among the paths given, rather than reached through a ``card:`` link."""
    schema_version: str
    parts: tuple[str, ...]
    dependencies: tuple[DependencyFacts, ...]
    risks: tuple[RiskFacts, ...]
    personal: tuple[str, ...]
    """Where the card says it holds personal data (see :func:`~cardgen.ecosystem.facts.personal_data`)."""
    risks_path: DataPath
    """Where a risk reaching the card is reported: its ``risks`` key, or its identity block when it has none."""
    anchors: Mapping[DataPath, Position]
    """The positions the graph's lint rules point at: each dependency, its ``card:``, the name, ``risks_path``."""

    @classmethod
    def of(cls, loaded: Loaded, *, kept: bool = False) -> CardFacts:
        """The facts of a valid card; ``kept``: its document stays in memory as long as the facts (the graph
        keeps the file), so that the anchors' positions are worked out only for the findings that need them."""
        card, document = loaded.card, loaded.document
        assert card is not None, "facts are taken of valid cards only"
        document = document or Document(loaded.path, {})  # a card made in code points nowhere
        dependencies = tuple(DependencyFacts.of(dependency) for dependency in items(card.dependencies))
        has_risks = ("risks",) in document.locations if document.locations else card.risks is not None
        anchored = _anchored(card.kind, has_risks, len(dependencies))
        return cls(
            Node.of(loaded.path, card),
            loaded.listed,
            card.schema_version,
            card_part_names(card),
            dependencies,
            risk_facts(card),
            tuple(personal_data(card)),
            anchored[1],
            _Anchors(document, anchored) if kept else {path: document.point(path) for path in anchored},
        )


class _Anchors(Mapping[DataPath, Position]):
    """:attr:`CardFacts.anchors` pointing into a document that is kept anyway, each worked out when asked for."""

    __slots__ = ("_document", "_paths")

    def __init__(self, document: Document, paths: tuple[DataPath, ...]) -> None:
        self._document = document
        self._paths = paths

    def __getitem__(self, path: DataPath) -> Position:
        if path not in self._paths:
            raise KeyError(path)
        return self._document.point(path)

    def __iter__(self) -> Iterator[DataPath]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@functools.lru_cache(maxsize=1024)
def _anchored(kind: str, has_risks: bool, dependencies: int) -> tuple[DataPath, ...]:
    """The paths of :attr:`CardFacts.anchors` (name, then where risks are reported, then each dependency and its
    ``card:``), made once per shape so that ten thousand cards share their keys."""
    found: list[DataPath] = [(kind, "name"), ("risks",) if has_risks else (kind,)]
    for index in range(dependencies):
        found += [("dependencies", index), ("dependencies", index, "card")]
    return tuple(found)


@dataclass(frozen=True)
class Edge:
    """A dependency: ``source`` (downstream) is built from ``target`` (upstream)."""

    source: str
    """Path of the card that lists the dependency."""
    index: int
    """Its position in the card's ``dependencies`` list; the data path is ``("dependencies", index)``."""
    name: str
    kind: str
    relation: str | None
    version: str | None
    target: str | None
    """Path of the upstream card, or None when the dependency resolves to no loaded card."""
    via: str
    """How it resolved or why not: card, name, url, ambiguous, unreadable, missing, unlinked."""
    linked: bool
    """Whether the dependency gives a ``card:`` or ``url:`` (see :attr:`DependencyFacts.linked`)."""

    @property
    def data_path(self) -> tuple[str | int, ...]:
        return ("dependencies", self.index)


@dataclass
class Graph:
    """The cards (nodes, by path) and their dependencies (edges, downstream to upstream)."""

    facts: dict[str, CardFacts] = field(default_factory=dict)
    """Valid cards, by :func:`path_key`."""
    nodes: dict[str, Node] = field(default_factory=dict)
    """Valid cards, by :func:`path_key`."""
    edges: list[Edge] = field(default_factory=list)
    loaded: dict[str, Loaded] = field(default_factory=dict)
    """Every file read, valid or not, by :func:`path_key`, when the graph was built to keep them."""
    paths_read: set[str] = field(default_factory=set)
    """The :func:`path_key` of every file read, valid or not."""

    @classmethod
    def build(
        cls,
        files: Iterable[Loaded | CardFacts],
        *,
        follow: bool = True,
        read: Callable[[str], Loaded | CardFacts] | None = None,
        records: bool = False,
        keep: bool = True,
    ) -> Graph:
        """The graph of ``files``; with ``follow``, cards named by a ``card:`` path are read as needed,
        by ``read`` (default :func:`read_card`, as not listed, and as records with ``records``: see
        :func:`cardgen.validation.check`) when given, which may give a valid card's facts alone. With ``keep``, the files read stay in
        :attr:`loaded`; without, only their facts do (a file given as facts is not kept either way)."""
        read = read or functools.partial(read_card, listed=False, records=records)
        graph = cls()
        for each in files:
            graph._add(each, keep)
        pending = list(graph.nodes)
        while follow and pending:
            key = pending.pop()
            for target in graph._card_links(key):
                if target not in graph.paths_read and os.path.isfile(target):
                    graph._add(read(os.path.relpath(target)), keep)
                    if target in graph.nodes:
                        pending.append(target)
        graph._link()
        return graph

    def _add(self, file: Loaded | CardFacts, keep: bool) -> None:
        path = file.node.path if isinstance(file, CardFacts) else file.path
        key = path_key(path)
        if key in self.paths_read:
            return
        self.paths_read.add(key)
        if isinstance(file, Loaded):
            if keep:
                self.loaded[key] = file
            if file.card is None:
                return
            file = CardFacts.of(file, kept=keep)
        self.facts[key] = file
        self.nodes[key] = file.node

    def card(self, key: str) -> AnyCard:
        """The validated card of a node (the graph must have been built to keep its files)."""
        card = self.loaded[key].card
        assert card is not None  # nodes are made only from valid cards
        return card

    def position(self, path: str, data_path: DataPath) -> Position:
        """Where in the card at ``path`` a lint rule of the graph points (one of :attr:`CardFacts.anchors`)."""
        return self.facts[path_key(path)].anchors[data_path]

    def _card_links(self, key: str) -> Iterator[str]:
        folder = os.path.dirname(self.nodes[key].path)
        for dependency in self.facts[key].dependencies:
            link = dependency.link
            if link is not None and "://" not in link:
                yield path_key(os.path.join(folder, link))

    @cached_property
    def by_name(self) -> dict[str, list[str]]:
        """Node keys by :func:`name_key` of the card's name; more than one means the name is ambiguous."""
        named: dict[str, list[str]] = {}
        for key, node in self.nodes.items():
            named.setdefault(name_key(node.name), []).append(key)
        return named

    def _resolve(self, source: str, dependency: DependencyFacts) -> tuple[str | None, str]:
        link = dependency.link
        if link is not None and "://" not in link:
            target = path_key(os.path.join(os.path.dirname(self.nodes[source].path), link))
            if target in self.nodes:
                return target, "card"
            return None, "unreadable" if target in self.paths_read else "missing"
        found = self.by_name.get(name_key(dependency.name), [])
        if len(found) == 1:
            return found[0], "name"
        if found:
            return None, "ambiguous"
        return None, "url" if dependency.has_url or link is not None else "unlinked"

    def _link(self) -> None:
        for source, facts in self.facts.items():
            for index, dependency in enumerate(facts.dependencies):
                target, via = self._resolve(source, dependency)
                self.edges.append(
                    Edge(
                        source,
                        index,
                        dependency.name,
                        dependency.kind,
                        dependency.relation,
                        dependency.version,
                        target,
                        via,
                        dependency.linked,
                    )
                )

    def _resolved_by(self, end: str) -> dict[str, list[Edge]]:
        found: dict[str, list[Edge]] = {key: [] for key in self.nodes}
        for edge in self.edges:
            if edge.target is not None:
                found[edge.source if end == "source" else edge.target].append(edge)
        return found

    @cached_property
    def recent(self) -> dict[str, tuple[str, Any]]:
        """What was last worked out of the graph for one card, by what it is, with the card's :func:`path_key`:
        asked for again right after (the risks a card inherits: by two lint rules, and by its page), and kept
        for the last card only, so that linting ten thousand cards does not keep it for each."""
        return {}

    @cached_property
    def upstream(self) -> dict[str, list[Edge]]:
        """Resolved edges by the downstream card's key: what each card is built from."""
        return self._resolved_by("source")

    @cached_property
    def downstream(self) -> dict[str, list[Edge]]:
        """Resolved edges by the upstream card's key: what is built on each card."""
        return self._resolved_by("target")

    def dangles(self, edge: Edge) -> bool:
        """Whether a dependency without ``card:`` or ``url:`` names none of several cards given together.

        A card given alone has no ecosystem to find the name in, so nothing dangles.
        """
        return edge.via == "unlinked" and self.listed > 1

    @cached_property
    def listed(self) -> int:
        """How many valid cards were given, rather than reached through ``card:`` links."""
        return sum(facts.listed for facts in self.facts.values())

    def edges_of(self, path: str) -> list[Edge]:
        """Every dependency edge of the card at ``path``, resolved or not, in the card's order."""
        return self._by_source.get(path_key(path), [])

    @cached_property
    def _by_source(self) -> dict[str, list[Edge]]:
        found: dict[str, list[Edge]] = {}
        for edge in self.edges:
            found.setdefault(edge.source, []).append(edge)
        return found

    @cached_property
    def components(self) -> dict[str, int]:
        """Strongly connected component of each node (Tarjan's algorithm, iterative for deep graphs)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        component: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        counter = 0
        for root in self.nodes:
            if root in index:
                continue
            work: list[tuple[str, Iterator[Edge]]] = [(root, iter(self.upstream[root]))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, edges = work[-1]
                advanced = False
                for edge in edges:
                    target = edge.target
                    assert target is not None
                    if target not in index:
                        index[target] = low[target] = counter
                        counter += 1
                        stack.append(target)
                        on_stack.add(target)
                        work.append((target, iter(self.upstream[target])))
                        advanced = True
                        break
                    if target in on_stack:
                        low[node] = min(low[node], index[target])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = index[node]
                        if member == node:
                            break
        return component

    def cycle_through(self, edge: Edge) -> list[str] | None:
        """The names along a cycle that ``edge`` closes (source, target, ..., source), or None."""
        if edge.target is None or self.components[edge.source] != self.components[edge.target]:
            return None
        previous: dict[str, str | None] = {edge.target: None}
        queue = deque([edge.target])
        while queue and edge.source not in previous:
            node = queue.popleft()
            for step in self.upstream[node]:
                if step.target is not None and step.target not in previous:
                    previous[step.target] = node
                    queue.append(step.target)
        walk: list[str] = []
        node_key: str | None = edge.source
        while node_key is not None:
            walk.append(node_key)
            node_key = previous.get(node_key)
        return [self.nodes[key].name for key in [edge.source, *reversed(walk)]]

    def namesakes(self, path: str) -> list[str]:
        """Other cards with the same name as the card at ``path``."""
        key = path_key(path)
        node = self.nodes.get(key)
        if node is None:
            return []
        return [other for other in self.by_name[name_key(node.name)] if other != key]


def load_graph(paths: Iterable[str | os.PathLike[str]], *, follow: bool = True) -> Graph:
    """The graph of every card under ``paths`` (files, or directories searched for card files)."""
    return Graph.build((read_card(path) for path in card_files(paths)), follow=follow)
