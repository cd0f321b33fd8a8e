"""Ecosystem scale: the site for the 639 Ecosystem Graphs assets, and ``cardgen graph`` from 1,000 to 10,000 cards.

Two targets from issue 9, measured as users run the commands (fresh processes):

- **site**: ``cardgen import --from ecosystem-graphs`` of ../shared/data/ecosystem-graphs/assets
  (untimed), then ``cardgen site`` over the 639 cards; the build must take at most 15 s.
- **graph growth**: ``cardgen graph DIR --format json`` over synthetic ecosystems of 1,000 and
  10,000 cards (a tenth datasets, half models of which a quarter are base models trained on two
  datasets and the rest fine-tunes of a base model, the rest applications using two models; all
  linked by ``card:`` paths); the time per card at 10,000 must stay within 1.3x of the time per
  card at 1,000, i.e. growth no worse than linear.

    python benchmarks/bench_ecosystem.py [--repeat 3] [--small 1000] [--large 10000]

The two measuring functions take the scratch folder, the command that starts cardgen and the
number of rounds, so ``benchmarks/run.py`` can register them (``@benchmark``) with its own
``Bench`` (``bench.work``, ``bench.cardgen()``, ``bench.rounds()``) and turn the figures into rows.
Run alone, the script prints each figure with its target and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO.parent / "shared" / "data" / "ecosystem-graphs" / "assets"
SITE_SECONDS = 15.0
"""Most seconds the site of the 639 assets may take to build."""
GROWTH = 1.3
"""Most the time per card at the large size may exceed the time per card at the small one."""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    limit: float
    unit: str
    detail: str

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def __str__(self) -> str:
        verdict = "meets" if self.met else "MISSES"
        return f"{self.name}: {self.value:.2f} {self.unit} (target <= {self.limit:g}) {verdict}; {self.detail}"


def seconds(command: Sequence[str]) -> float:
    """Wall time of one run; exit 0 or 1 (findings) is a run, anything else ends the benchmark."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:5])} ... failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    return elapsed


def site_build(work: Path, cardgen: Sequence[str], rounds: int) -> Figure:
    """Median wall time of ``cardgen site`` over the imported Ecosystem Graphs assets (after one warm-up)."""
    if not ASSETS.is_dir():
        raise SystemExit(f"{ASSETS} is missing: the site benchmark needs the Ecosystem Graphs assets")
    cards = work / "ecosystem-graphs-cards"
    seconds([*cardgen, "import", "--from", "ecosystem-graphs", str(ASSETS), "-o", str(cards), "--force"])
    count = len(list(cards.glob("*.card.yaml")))
    seconds([*cardgen, "site", str(cards), "-o", str(work / "site-warm-up")])
    times = [seconds([*cardgen, "site", str(cards), "-o", str(work / f"site-{run}")]) for run in range(rounds)]
    runs = ", ".join(f"{each:.1f}" for each in times)
    return Figure(f"site of {count} assets", statistics.median(times), SITE_SECONDS, "s", f"runs {runs} s")


def synthetic(folder: Path, count: int) -> None:
    """``count`` linked cards in ``folder`` (see the module's description of the mix)."""
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


def graph_growth(work: Path, cardgen: Sequence[str], rounds: int, small: int = 1_000, large: int = 10_000) -> Figure:
    """Time per card of ``cardgen graph --format json`` at ``large`` cards over the time per card at ``small``
    (median of ``rounds`` runs each, after one warm-up run that also fills the validator cache)."""
    medians: dict[int, float] = {}
    for count in (small, large):
        folder = work / f"synthetic-{count}"
        if not folder.is_dir():
            synthetic(folder, count)
        command = [*cardgen, "graph", str(folder), "--format", "json", "-o", str(work / f"graph-{count}.json")]
        seconds(command)
        medians[count] = statistics.median(seconds(command) for _ in range(rounds))
    ratio = (medians[large] / large) / (medians[small] / small)
    detail = "; ".join(
        f"{count:,} cards {time:.2f} s ({time / count * 1000:.2f} ms/card)" for count, time in medians.items()
    )
    return Figure(f"graph per card, {large:,} / {small:,} cards", ratio, GROWTH, "x", detail)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each command (median)")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    options = parser.parse_args()
    script = Path(sys.executable).parent / "cardgen"
    cardgen = [str(script)] if script.is_file() else [sys.executable, "-m", "cardgen"]
    with tempfile.TemporaryDirectory(prefix="cardgen-bench-") as scratch:
        work = Path(scratch)
        figures = [
            site_build(work, cardgen, options.repeat),
            graph_growth(work, cardgen, options.repeat, options.small, options.large),
        ]
    for figure in figures:
        print(figure)
    raise SystemExit(0 if all(figure.met for figure in figures) else 1)


if __name__ == "__main__":
    main()
