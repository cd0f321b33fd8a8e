"""Wall time of ``cardgen lint`` against ``check-jsonschema`` with cardgen's schema, side by side.

Two workloads: one card from a cold start (a fresh process, as pre-commit runs
it), and 1,000 cards in one invocation (copies of the example cards). Runs are
interleaved (cardgen, peer, peer, cardgen, ...) so that drift in machine load
hits both tools alike, and the median of the repetitions is reported.

    python benchmarks/bench_lint.py [--repeat 7] [--cards 1000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"one card, cold start": 0.6, "1,000 cards": 0.5}


def _command(name: str, module: str) -> list[str]:
    """The console script installed next to this interpreter, as users run it (never a pyenv or asdf shim,
    whose start-up would be counted against both tools); ``python -m`` when there is none."""
    script = Path(sys.executable).parent / name
    return [str(script)] if script.is_file() else [sys.executable, "-m", module]


def _seconds(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} ... failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    return elapsed


def _schema(work: Path) -> Path:
    checked_in = REPO / "schemas" / "card.schema.json"
    if checked_in.is_file():
        return checked_in
    generated = work / "card.schema.json"
    generated.write_bytes(
        subprocess.run([sys.executable, "-m", "cardgen", "schema"], capture_output=True, check=True).stdout
    )
    return generated


def _cards(work: Path, count: int) -> list[str]:
    examples = sorted((REPO / "examples").glob("*.card.yaml"))
    if not examples:
        raise SystemExit("no examples/*.card.yaml to copy")
    folder = work / "cards"
    folder.mkdir()
    names = []
    for index in range(count):
        name = f"card_{index:04d}.card.yaml"
        shutil.copyfile(examples[index % len(examples)], folder / name)
        names.append(f"cards/{name}")
    return names


def compare(label: str, ours: list[str], peer: list[str], cwd: Path, repeat: int) -> float:
    """Median wall times of both commands over interleaved runs; returns ours / peer."""
    _seconds(ours, cwd), _seconds(peer, cwd)  # warm the disk cache and .pyc files for both
    times: dict[str, list[float]] = {"cardgen": [], "peer": []}
    for round_number in range(repeat):
        order = [("cardgen", ours), ("peer", peer)]
        for name, command in order if round_number % 2 == 0 else reversed(order):
            times[name].append(_seconds(command, cwd))
    cardgen, other = statistics.median(times["cardgen"]), statistics.median(times["peer"])
    ratio = cardgen / other
    target = TARGETS[label]
    verdict = "meets" if ratio <= target else "MISSES"
    print(
        f"{label:<22} cardgen {cardgen * 1000:8.1f} ms   check-jsonschema {other * 1000:8.1f} ms   "
        f"ratio {ratio:.2f}  (target <= {target}: {verdict})"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each tool per workload (median is reported)")
    parser.add_argument("--cards", type=int, default=1000, help="cards in the batch workload")
    arguments = parser.parse_args()
    cardgen = [*_command("cardgen", "cardgen"), "lint"]
    peer = _command("check-jsonschema", "check_jsonschema")
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        schema = str(_schema(work))
        cards = _cards(work, arguments.cards)
        TARGETS[f"{arguments.cards:,} cards"] = TARGETS.pop("1,000 cards")
        print(f"python {sys.version.split()[0]}, {arguments.repeat} interleaved runs each, median wall time")
        ratios = [
            compare(
                "one card, cold start",
                [*cardgen, cards[0]],
                [*peer, "--schemafile", schema, cards[0]],
                work,
                arguments.repeat,
            ),
            compare(
                f"{arguments.cards:,} cards",
                [*cardgen, *cards],
                [*peer, "--schemafile", schema, *cards],
                work,
                max(3, arguments.repeat // 2),
            ),
        ]
    return 0 if all(ratio <= target for ratio, target in zip(ratios, TARGETS.values(), strict=False)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
