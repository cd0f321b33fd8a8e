"""Every page cardgen renders for the example cards and a sample of imported real-world cards, written to a folder.

    PYTHONPATH=src python benchmarks/render_outputs.py OUT

Run it before and after a change to the renderer and ``diff -r`` the two folders: a speed-up must
leave every page byte for byte as it was. The pages cover every example (alone, among the other
examples so that inherited risks show, and without checked gaps), the Hub cards, Model Card
Toolkit and CycloneDX files and a sample of Ecosystem Graphs assets in ``../shared/data``, each in
every text format that applies to it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
IMPORTS = [
    ("hf", "hf-model-cards/*.md"),
    ("mct", "mct/testdata/*.json"),
    ("cyclonedx", "cyclonedx/examples/*.json"),
    ("ecosystem-graphs", "ecosystem-graphs/assets/[a-c]*.yaml"),
]
"""Real-world inputs, by import format: a glob under ``../shared/data``."""


def imported_cards(folder: Path) -> Iterator[Path]:
    """The shared real-world inputs written as card files in ``folder`` (inputs a format refuses are left out)."""
    from cardgen.errors import CardError
    from cardgen.importers import import_cards, output_paths, write_card

    for format, pattern in IMPORTS:
        for source in sorted(SHARED.glob(pattern)):
            try:
                imported = import_cards(source, format)
            except (CardError, ValueError):
                continue
            target = folder / format / source.stem
            target.mkdir(parents=True, exist_ok=True)
            for card, path in zip(imported, output_paths(imported, target), strict=True):
                try:
                    write_card(card, path)
                except CardError:
                    continue
                yield path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="an empty or new folder for the pages")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)

    import cardgen
    from cardgen.errors import CardError
    from cardgen.renderer import ecosystem_of

    examples = sorted((REPO / "examples").glob("*.card.yaml"))
    among = ecosystem_of(examples)
    with tempfile.TemporaryDirectory() as scratch:
        cards = [*examples, *imported_cards(Path(scratch))]
        for path in cards:
            card = cardgen.read(path)
            name = str(path.relative_to(scratch if str(path).startswith(scratch) else REPO)).replace("/", "__")
            variants = {"": {}, "no-gaps.": {"findings": []}}
            if path in examples:
                variants["ecosystem."] = {"ecosystem": among}
            for format in ("html", "md"):
                for variant, options in variants.items():
                    try:
                        page = cardgen.render_to_bytes(card, format, **options)  # type: ignore[arg-type]
                    except CardError as error:
                        page = f"refused: {error}".replace(scratch, "SCRATCH").encode()
                    (out / f"{name}.{variant}{format}").write_bytes(page)
    print(f"{len(list(out.iterdir()))} pages in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
