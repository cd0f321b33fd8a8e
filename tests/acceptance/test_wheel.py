"""A wheel built from the tree carries everything it needs: install it into a fresh venv and use it."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, example_cards


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_validates_the_examples(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("cardgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cardgen/py.typed" in names
    assert any(name.startswith("cardgen/templates/") for name in names), "templates must ship in the wheel"

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True, timeout=600
    )
    assert install.returncode == 0, install.stderr
    cardgen = env_dir / "bin" / "cardgen"
    located = subprocess.run(
        [str(python), "-c", "import cardgen; print(cardgen.__file__)"], capture_output=True, text=True, cwd=tmp_path
    )
    assert located.stdout.startswith(str(env_dir)), located.stdout + located.stderr
    result = subprocess.run(
        [str(cardgen), "validate", *map(str, example_cards())],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "0 invalid, 0 unreadable" in result.stderr
