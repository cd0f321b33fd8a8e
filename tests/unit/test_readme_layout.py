"""README's layout list names every package and top-level module of src/cardgen, and nothing else."""

from __future__ import annotations

import re

from tests.conftest import REPO

SOURCE = REPO / "src" / "cardgen"


def _development_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- section:development -->(.*?)<!-- /section:development -->", readme, re.DOTALL)
    assert found is not None, "README.md needs its development section"
    return found.group(1)


def listed() -> list[str]:
    """The names the layout list gives, one per line: ``- `name`: what it is``."""
    return re.findall(r"^- `([^`]+)`: \S", _development_section(), re.MULTILINE)


def present() -> set[str]:
    """Every package below src/cardgen (as ``name/``) and every module directly in it."""
    packages = {f"{init.parent.relative_to(SOURCE).as_posix()}/" for init in SOURCE.rglob("__init__.py")}
    return (packages - {"./"}) | {module.name for module in SOURCE.glob("*.py")}


def test_layout_lists_every_package_and_top_level_module_once() -> None:
    names = listed()
    assert len(names) == len(set(names)), "a name is listed twice"
    assert set(names) == present()


def test_the_list_is_read_from_the_readme() -> None:
    assert "cards.py" in listed()
    assert "linter/rules/" in listed()
