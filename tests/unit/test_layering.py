"""The layers import downwards only: ``io/`` and ``schema/`` know nothing of the code built on them.

``io/`` reads and writes files (parsing, atomic writes, the round-trip text merge);
``schema/`` is the card's models. Neither may import the other, nor validation,
the library API, the linter, the renderer or the CLI; both may use ``cardgen.errors``.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cardgen"
ALLOWED: dict[str, tuple[str, ...]] = {
    "io": ("cardgen.errors", "cardgen.io"),
    "schema": ("cardgen.errors", "cardgen.schema"),
}


def cardgen_imports(text: str, package: str) -> list[tuple[int, str]]:
    """Every cardgen module a module of ``package`` imports, with its line; relative imports are resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            if module == "cardgen" or node.module is None:
                found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, module))
    return [(line, name) for line, name in found if name.split(".")[0] == "cardgen"]


def _package(path: Path) -> str:
    return ".".join(("cardgen", *path.relative_to(SOURCE).parent.parts))


def _allowed(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


@pytest.mark.parametrize(
    "module",
    sorted(path for layer in ALLOWED for path in (SOURCE / layer).rglob("*.py")),
    ids=lambda path: str(path.relative_to(SOURCE)),
)
def test_io_and_schema_import_nothing_above_them(module: Path) -> None:
    layer = module.relative_to(SOURCE).parts[0]
    imports = cardgen_imports(module.read_text(encoding="utf-8"), _package(module))
    upward = [f"{module.name}:{line}: {name}" for line, name in imports if not _allowed(name, ALLOWED[layer])]
    assert upward == []


def test_the_check_sees_every_form_of_import() -> None:
    """The parser must not miss what it is meant to catch: absolute, relative, package and lazy imports."""
    text = (
        "import os\n"
        "import cardgen.validation\n"
        "from cardgen.schema.card import Card\n"
        "from ..cards import load\n"
        "from . import atomic\n"
        "from cardgen import cards\n"
        "def later():\n"
        "    from cardgen.linter import run\n"
    )
    assert cardgen_imports(text, "cardgen.io") == [
        (2, "cardgen.validation"),
        (3, "cardgen.schema.card"),
        (4, "cardgen.cards"),
        (5, "cardgen.io.atomic"),
        (6, "cardgen.cards"),
        (8, "cardgen.linter"),
    ]
    allowed = [name for _, name in cardgen_imports(text, "cardgen.io") if _allowed(name, ALLOWED["io"])]
    assert allowed == ["cardgen.io.atomic"]
