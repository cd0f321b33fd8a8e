"""An interrupted run exits 130 (as shells report SIGINT), distinct from 1 (an invalid card), with no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from cardgen.cli import SUBCOMMANDS
from tests.conftest import REPO

ARGUMENTS = {
    "impact": ["WebText", "examples"],
    "init": ["new.card.yaml"],
    "lint": ["examples"],
    "render": ["examples/gpt2.card.yaml", "-o", "out.html"],
    "rules": [],
    "schema": [],
    "validate": ["examples/gpt2.card.yaml"],
}


def _python(script: str, cwd: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_every_command_has_interrupt_arguments() -> None:
    assert set(ARGUMENTS) == set(SUBCOMMANDS)


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_command_exits_130_when_interrupted(name: str, tmp_path: os.PathLike[str]) -> None:
    """The interrupt arrives inside the subcommand's own code, wherever that is."""
    arguments = [str(REPO / argument) if argument.startswith("examples") else argument for argument in ARGUMENTS[name]]
    script = f"""
        import click
        from cardgen.cli import main

        original = click.Command.invoke

        def interrupted(self, ctx):
            if self.name == {name!r}:
                raise KeyboardInterrupt
            return original(self, ctx)

        click.Command.invoke = interrupted
        main({[name, *arguments]!r})
    """
    process = _python(script, os.fspath(tmp_path))
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "cardgen: interrupted" in stderr
    assert "Traceback" not in stdout + stderr


def test_a_real_sigint_exits_130(tmp_path: os.PathLike[str]) -> None:
    script = """
        import time
        import cardgen.cli.validate as validate_command
        from cardgen.cli import main

        def slow(path):
            print("ready", flush=True)
            time.sleep(120)

        validate_command.validate = slow
        main(["validate", "any.card.yaml"])
    """
    process = _python(script, os.fspath(tmp_path))
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr
