"""Every performance target of cardgen, each measured against its peer in the same run.

    python benchmarks/run.py            # the full run; exit 1 when a figure misses its target or is not measured
    python benchmarks/run.py --smoke    # small sizes, one repeat: checks that every benchmark runs

A benchmark is a function registered with ``@benchmark``; it returns table rows. Runs
against a peer are interleaved (cardgen first in even rounds, the peer first in odd
ones, after an untimed warm-up of each) and the medians compared, so a burst of load
from other work on the machine hits both alike. In-process throughput is counted in
CPU time of the measuring process (wall time is shown next to it): on a shared machine
that is what the code costs, whatever else runs. Nothing is installed: the peers
(check-jsonschema, yamllint, WeasyPrint) are cardgen's dependencies or test extras.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TYPICAL_CARD = REPO / "examples" / "gpt2.card.yaml"
"""The card of the single-card benchmarks: every part filled in, results, risks and dependencies."""
SMOKE_CARD = REPO / "examples" / "incomplete.card.yaml"
"""A small card, so that the smoke run of the test suite stays quick."""
ECOSYSTEM_ASSETS = REPO.parent / "shared" / "data" / "ecosystem-graphs" / "assets"
"""The Ecosystem Graphs assets (one YAML file per organisation) the site benchmark imports; read-only."""


@dataclass(frozen=True)
class Target:
    """A bound on a figure: at most ``limit`` (ratios, memory) or at least (throughput)."""

    limit: float
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def __str__(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.limit:g}"


@dataclass(frozen=True)
class Row:
    """One line of the table: the figure judged against the target, and the absolute numbers behind it."""

    name: str
    figure: float | None
    """None: not measured (what it needs is missing; ``ours`` says what), which is not a pass."""
    unit: str
    target: Target | None
    ours: str
    peer: str = ""

    @property
    def verdict(self) -> str:
        if self.figure is None:
            return "NOT MEASURED"
        if self.target is None:
            return "(information)"
        return "meets" if self.target.met(self.figure) else "MISSES"


class Bench:
    """What every benchmark shares: sizes, a scratch folder, the commands and the timing helpers."""

    def __init__(self, work: Path, smoke: bool, repeat: int | None) -> None:
        self.work = work
        self.smoke = smoke
        self.repeat = repeat or (1 if smoke else 15)
        # As on a user's machine: bytecode is cached (a session may set PYTHONDONTWRITEBYTECODE, which
        # would recompile cardgen on every start) and the validator cache lives in its usual place.
        self.env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        self.env["CARDGEN_CACHE_DIR"] = str(work / "cache")
        self.env["NO_COLOR"] = "1"
        self._copies: dict[int, list[str]] = {}

    @property
    def card(self) -> str:
        """The card of the in-process benchmarks."""
        return str(SMOKE_CARD if self.smoke else TYPICAL_CARD)

    def size(self, full: int, smoke: int) -> int:
        return smoke if self.smoke else full

    def rounds(self, full: int) -> int:
        return 1 if self.smoke else max(1, min(full, self.repeat))

    @staticmethod
    def command(name: str, module: str) -> list[str]:
        """The console script next to this interpreter, as users run it (never a pyenv or asdf shim,
        whose own start-up would be counted); ``python -m`` when there is none."""
        script = Path(sys.executable).parent / name
        return [str(script)] if script.is_file() else [sys.executable, "-m", module]

    def cardgen(self, *args: str) -> list[str]:
        return [*self.command("cardgen", "cardgen"), *args]

    def schema(self) -> Path:
        """cardgen's own JSON Schema, the one check-jsonschema is given."""
        checked_in = REPO / "schemas" / "card.schema.json"
        if checked_in.is_file():
            return checked_in
        generated = self.work / "card.schema.json"
        if not generated.is_file():
            generated.write_bytes(self.run(self.cardgen("schema"), capture=True))
        return generated

    def cards(self, count: int) -> list[str]:
        """``count`` realistic cards: copies of the examples in turn, as paths relative to :attr:`work`."""
        if count not in self._copies:
            examples = sorted((REPO / "examples").glob("*.card.yaml"))
            folder = self.work / f"cards-{count}"
            folder.mkdir()
            names = []
            for index in range(count):
                name = f"card_{index:05d}.card.yaml"
                shutil.copyfile(examples[index % len(examples)], folder / name)
                names.append(f"{folder.name}/{name}")
            self._copies[count] = names
        return self._copies[count]

    def run(self, command: Sequence[str], capture: bool = False) -> bytes:
        """Run a command in :attr:`work`; exit 0 or 1 (findings) is a run, anything else ends the benchmark."""
        result = subprocess.run(
            command, cwd=self.work, env=self.env, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
        if result.returncode not in (0, 1):
            raise SystemExit(
                f"{' '.join(command[:4])} ... failed ({result.returncode}): {result.stderr.decode()[-2000:]}"
            )
        return result.stdout or b""

    def seconds(self, command: Sequence[str]) -> float:
        start = time.perf_counter()
        self.run(command)
        return time.perf_counter() - start

    def medians(self, commands: Sequence[Sequence[str]], rounds: int) -> list[float]:
        """Median wall time of each command over :meth:`interleaved` runs."""
        return [statistics.median(values) for values in self.interleaved(commands, rounds)]

    def interleaved(self, commands: Sequence[Sequence[str]], rounds: int) -> list[list[float]]:
        """Wall times of each command over interleaved runs (the order turns every round), after one
        untimed warm-up of each: it writes bytecode and cardgen's validator cache, as a first run does
        (a smoke run skips it)."""
        if not self.smoke:
            for command in commands:
                self.seconds(command)
        times: list[list[float]] = [[] for _ in commands]
        for round_number in range(rounds):
            order = list(range(len(commands)))
            turn = round_number % len(order)
            for slot in order[turn:] + order[:turn]:
                times[slot].append(self.seconds(commands[slot]))
        return times

    def compare(self, ours: Sequence[str], peer: Sequence[str], rounds: int) -> tuple[float, float]:
        """Median wall times of two commands, interleaved as in :meth:`medians`."""
        mine, theirs = self.medians([ours, peer], rounds)
        return mine, theirs

    def child(self, *args: str) -> dict[str, Any]:
        """Run one of this file's in-process measurements in a fresh interpreter; it prints JSON."""
        output = self.run([sys.executable, str(Path(__file__).resolve()), "--child", *args], capture=True)
        result: dict[str, Any] = json.loads(output)
        return result


Benchmark = Callable[[Bench], list[Row]]
BENCHMARKS: list[tuple[str, Benchmark]] = []


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark; rows print in registration order. Later commands (``cardgen graph``,
    ``cardgen site``) add theirs the same way, next to the code they measure."""

    def register(function: Benchmark) -> Benchmark:
        BENCHMARKS.append((name, function))
        return function

    return register


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


@benchmark("lint-cold")
def lint_cold_start(bench: Bench) -> list[Row]:
    """One card, a fresh process each time, as pre-commit runs a hook on a commit that touches one card.

    Two floors run in the same rotation: an empty Python, and Python importing the modules ``cardgen lint``
    loads (the linter, pydantic-core and the YAML parser; with a warm cache not pydantic), without which no
    lint can run.
    """
    card = bench.cards(1)[0]
    schema = str(bench.schema())
    commands = {
        "cardgen": bench.cardgen("lint", card),
        "check-jsonschema": [*bench.command("check-jsonschema", "check_jsonschema"), "--schemafile", schema, card],
        "yamllint": [*bench.command("yamllint", "yamllint"), card],
        "empty Python": [sys.executable, "-c", "pass"],
        "import cardgen lint": [sys.executable, "-c", "import cardgen.cli.lint"],
    }
    times = dict(zip(commands, bench.medians(list(commands.values()), bench.rounds(15)), strict=True))
    ours = times["cardgen"]
    rows = [
        Row(f"lint 1 card, cold start / {peer}", ours / times[peer], "x", Target(limit), ms(ours), ms(times[peer]))
        for peer, limit in (("check-jsonschema", 0.3), ("yamllint", 1.2))
    ]
    rows += [
        Row(f"floor: {name} / yamllint", times[name] / times["yamllint"], "x", None, ms(times[name]), ms(times["yamllint"]))
        for name in ("empty Python", "import cardgen lint")
    ]  # fmt: skip
    return rows


@benchmark("lint-batch")
def lint_batch(bench: Bench) -> list[Row]:
    """Many cards in one invocation, every rule on (the strict preset), findings with line and column."""
    count = bench.size(1000, 20)
    cards = bench.cards(count)
    one_process = bench.cardgen("lint", "--profile", "strict", "--jobs", "1", *cards)
    peer = [*bench.command("check-jsonschema", "check_jsonschema"), "--schemafile", str(bench.schema()), *cards]
    mine, theirs = bench.compare(one_process, peer, bench.rounds(5))
    parallel, single = bench.compare(bench.cardgen("lint", "--profile", "strict", *cards), one_process, bench.rounds(3))
    return [
        Row(f"lint {count:,} cards, 1 process / check-jsonschema", mine / theirs, "x", Target(0.3), ms(mine), ms(theirs)),
        Row(f"lint {count:,} cards, --jobs default / --jobs 1", parallel / single, "x", None, ms(parallel), ms(single)),
    ]  # fmt: skip


@benchmark("lint-memory")
def lint_memory(bench: Bench) -> list[Row]:
    """Peak resident memory of one process linting many cards (--jobs 1: one process holds everything)."""
    count = bench.size(10_000, 50)
    command = bench.cardgen("lint", "--profile", "strict", "--jobs", "1", "--format", "json", *bench.cards(count))
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=bench.work, env=bench.env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"cardgen lint on {count} cards failed ({process.returncode})")
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    return [Row(f"lint {count:,} cards, peak memory", peak, "MB", Target(150), f"{peak:.0f} MB in {ms(elapsed)}")]


@benchmark("render")
def render_throughput(bench: Bench) -> list[Row]:
    """Pages per second from a loaded card, the documentation-gaps section (a lint run) included, for every
    text format in the render registry (PDF, the binary one, is timed against WeasyPrint below)."""
    from cardgen.renderer import RENDER_FORMATS

    count = str(bench.size(300, 5))
    rows = []
    for spec in RENDER_FORMATS:
        if spec.binary:
            continue
        runs = [bench.child("render", spec.name, bench.card, count) for _ in range(bench.rounds(3))]
        rate = statistics.median(run["cpu_rate"] for run in runs)
        wall = statistics.median(run["wall_rate"] for run in runs)
        rows.append(
            Row(f"render {spec.name}, cards/s (CPU)", rate, "/s", Target(300, at_least=True), f"{wall:.0f}/s wall")
        )
    distinct = bench.child("render-distinct", bench.card, str(bench.size(200, 5)))
    rows.append(
        Row(
            "render html, every card's text different, cards/s",
            distinct["cpu_rate"],
            "/s",
            None,
            f"{distinct['wall_rate']:.0f}/s wall",
        )
    )
    return rows


@benchmark("pdf")
def pdf_time(bench: Bench) -> list[Row]:
    """A card to PDF against WeasyPrint alone turning the same HTML into a PDF, interleaved in one process."""
    result = bench.child("pdf", bench.card, str(bench.rounds(7)))
    ours, peer = result["cardgen"], result["weasyprint"]
    return [Row("PDF / WeasyPrint alone on the same HTML", ours / peer, "x", Target(1.2), ms(ours), ms(peer))]


@benchmark("site")
def site_build(bench: Bench) -> list[Row]:
    """``cardgen site`` over the Ecosystem Graphs assets, imported first (untimed) with ``cardgen import --from
    ecosystem-graphs``, with the default ``--jobs`` and, in the same rotation, ``--jobs 1``. A smoke run
    imports three organisations' files. Without the assets (../shared/data) the row says it was not measured."""
    name, target = "site of the Ecosystem Graphs assets, seconds", Target(15)
    if not ECOSYSTEM_ASSETS.is_dir():
        return [Row(name, None, "s", target, f"no {os.path.relpath(ECOSYSTEM_ASSETS, REPO)}")]
    assets = ECOSYSTEM_ASSETS
    if bench.smoke:
        assets = bench.work / "assets-smoke"
        assets.mkdir()
        for path in sorted(ECOSYSTEM_ASSETS.glob("*.yaml"))[:3]:
            shutil.copyfile(path, assets / path.name)
    cards = bench.work / "ecosystem-graphs-cards"
    bench.run(bench.cardgen("import", "--from", "ecosystem-graphs", str(assets), "-o", str(cards), "--force"))
    count = len(list(cards.glob("*.card.yaml")))
    site = bench.cardgen("site", str(cards), "-o", str(bench.work / "site"))
    parallel, single = bench.interleaved([site, [*site, "--jobs", "1"]], bench.rounds(3))
    runs = ", ".join(f"{each:.1f}" for each in parallel)
    median, one = statistics.median(parallel), statistics.median(single)
    return [
        Row(name, median, "s", target, f"{count} cards; runs {runs} s"),
        Row("site, --jobs default / --jobs 1", median / one, "x", None, ms(median), ms(one)),
    ]


@benchmark("graph")
def graph_growth(bench: Bench) -> list[Row]:
    """``cardgen graph --format json`` over synthetic ecosystems of 1,000 and 10,000 cards (see :func:`synthetic`),
    interleaved: the time per card at 10,000 over the time per card at 1,000, i.e. growth no worse than linear."""
    small, large = bench.size(1_000, 50), bench.size(10_000, 500)
    commands = []
    for count in (small, large):
        folder = bench.work / f"synthetic-{count}"
        synthetic(folder, count)
        commands.append(bench.cardgen("graph", str(folder), "--format", "json", "-o", f"{folder}.json"))
    at_small, at_large = bench.medians(commands, bench.rounds(3))
    per_card = {count: elapsed / count * 1000 for count, elapsed in ((small, at_small), (large, at_large))}
    return [
        Row(
            f"graph per card, {large:,} / {small:,} cards",
            per_card[large] / per_card[small],
            "x",
            Target(1.3),
            f"{ms(at_large)}, {per_card[large]:.2f} ms/card",
            f"{ms(at_small)}, {per_card[small]:.2f} ms/card",
        )
    ]


def synthetic(folder: Path, count: int) -> None:
    """``count`` linked cards in ``folder``: a tenth datasets; half models, a quarter of them base models
    trained on two datasets and the rest fine-tunes of a base model; the rest applications using two
    models; every dependency a ``card:`` path, one in seven datasets holding personal information."""
    folder.mkdir(parents=True)
    datasets = max(1, count // 10)
    models = count // 2
    bases = max(1, models // 4)
    for index in range(datasets):
        (folder / f"data-{index}.card.yaml").write_text(
            f"kind: dataset\ndataset:\n  name: data-{index}\n  organization: org-{index % 50}\n"
            f"composition:\n  personal_information: {'true' if index % 7 == 0 else 'false'}\n"
        )
    for index in range(models):
        if index < bases:
            upstream = [("dataset", f"data-{index % datasets}"), ("dataset", f"data-{(index * 3 + 1) % datasets}")]
        else:
            upstream = [("model", f"model-{index % bases}"), ("dataset", f"data-{index % datasets}")]
        (folder / f"model-{index}.card.yaml").write_text(
            f"model:\n  name: model-{index}\n  organization: org-{index % 50}\n  license: Apache-2.0\n"
            + _dependencies(upstream)
        )
    for index in range(count - datasets - models):
        upstream = [("model", f"model-{(index * 7) % models}"), ("model", f"model-{(index * 11 + 3) % models}")]
        (folder / f"app-{index}.card.yaml").write_text(
            f"kind: application\napplication:\n  name: app-{index}\n  organization: org-{index % 50}\n"
            + _dependencies(upstream)
        )


def _dependencies(upstream: list[tuple[str, str]]) -> str:
    lines = ["dependencies:"]
    for kind, name in dict.fromkeys(upstream):
        lines += [f"  - name: {name}", f"    kind: {kind}", f"    card: {name}.card.yaml"]
    return "\n".join(lines) + "\n"


# --- measurements that run inside a fresh interpreter (``--child``) -----------------------------------


def _rates(count: int, render: Callable[[int], object]) -> dict[str, float]:
    render(0)  # templates compiled, imports done: measure the steady state
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(count):
        render(index)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"cpu_rate": count / cpu, "wall_rate": count / wall}


def child_render(format: str, card_path: str, count: str) -> dict[str, float]:
    import cardgen

    card = cardgen.read(card_path)
    return _rates(int(count), lambda _: cardgen.render_to_bytes(card, format))


def _vary(data: Any, tag: str) -> Any:
    """The card's free text with a tag in every sentence, so no string repeats between copies."""
    if isinstance(data, dict):
        return {key: _vary(value, tag) for key, value in data.items()}
    if isinstance(data, list):
        return [_vary(value, tag) for value in data]
    if isinstance(data, str) and data.count(" ") >= 3:
        return f"{data} ({tag})"
    return data


def child_render_distinct(card_path: str, count: str) -> dict[str, float]:
    """Different cards each time, parsed from text, so nothing a page caches carries over to the next."""
    import cardgen
    from cardgen.io.loader import parse_text

    data = parse_text(Path(card_path).read_text(encoding="utf-8"), card_path).data
    folder = Path(tempfile.mkdtemp())
    paths = []
    for index in range(int(count) + 1):
        path = folder / f"copy-{index}.card.json"
        path.write_text(json.dumps(_vary(data, f"copy {index}"), default=str), encoding="utf-8")
        paths.append(path)
    cards = [cardgen.read(path) for path in paths]
    try:
        return _rates(int(count), lambda index: cardgen.render_to_bytes(cards[index + 1], "html"))
    finally:
        shutil.rmtree(folder)


def child_pdf(card_path: str, rounds: str) -> dict[str, float]:
    from weasyprint import HTML

    import cardgen

    card = cardgen.read(card_path)
    html = cardgen.render_to_string(card, "html")
    steps: dict[str, Callable[[], object]] = {
        "cardgen": lambda: cardgen.render_to_bytes(card, "pdf"),
        "weasyprint": lambda: HTML(string=html).write_pdf(),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for step in steps.values():
        step()
    for round_number in range(int(rounds)):
        for name in sorted(steps, reverse=round_number % 2 == 1):
            start = time.perf_counter()
            steps[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


CHILDREN: dict[str, Callable[..., dict[str, float]]] = {
    "render": child_render,
    "render-distinct": child_render_distinct,
    "pdf": child_pdf,
}


def print_row(row: Row) -> None:
    if row.figure is None:
        figure = "-"
    elif row.unit in ("x", "s"):
        figure = f"{row.figure:.2f}{'' if row.unit == 'x' else ' '}{row.unit}"
    else:
        figure = f"{row.figure:,.0f} {row.unit}"
    target = f"{row.target}{row.unit if row.unit == 'x' else ' ' + row.unit}" if row.target else "-"
    print(f"{row.name:<52} {figure:>10}  {target:>12}  {row.verdict:<13}  {row.ours:>18}  {row.peer:>18}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes and one repeat: does every benchmark run?")
    parser.add_argument("--repeat", type=int, help="interleaved runs per comparison (default 15, fewer for big ones)")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", choices=[name for name, _ in BENCHMARKS], help="run only these benchmarks"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        name, *rest = arguments.child
        print(json.dumps(CHILDREN[name](*rest)))
        return 0
    chosen = [(name, function) for name, function in BENCHMARKS if not arguments.only or name in arguments.only]
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {'smoke run' if arguments.smoke else 'full run'}"
    )
    print(f"{'benchmark':<52} {'figure':>10}  {'target':>12}  {'verdict':<13}  {'cardgen':>18}  {'peer':>18}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cardgen-bench-") as folder:
        bench = Bench(Path(folder), arguments.smoke, arguments.repeat)
        for _, function in chosen:
            for row in function(bench):
                print_row(row)
                rows.append(row)
    missed = [row.name for row in rows if row.verdict == "MISSES"]
    unmeasured = [row.name for row in rows if row.verdict == "NOT MEASURED"]
    judged = sum(row.target is not None for row in rows)
    met = judged - len(missed) - len(unmeasured)
    print(
        f"{met} of {judged} targets met{f', {len(unmeasured)} not measured' if unmeasured else ''};"
        f" load at the end {os.getloadavg()[0]:.1f}"
    )
    return 1 if missed or unmeasured else 0


if __name__ == "__main__":
    raise SystemExit(main())
