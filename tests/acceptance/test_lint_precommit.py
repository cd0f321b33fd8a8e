"""The pre-commit hook for real: pre-commit builds its own environment from this repository and runs it.

``pre-commit try-repo`` only sees committed files plus changes to tracked ones, so
the test commits a snapshot of the current working tree (tracked and new files,
minus what .gitignore excludes) into a scratch repository and points pre-commit
at that: what is tested is exactly what is on disk.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.test_lint_cli import BAD, GOOD
from tests.conftest import REPO

GIT_ENV = {
    "GIT_AUTHOR_NAME": "cardgen tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "cardgen tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return result.stdout


SKIPPED_DIRECTORIES = {".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".venv", "build", "dist"}


def _working_tree() -> list[str]:
    """The project's files: what git tracks or would track, or (in a copy without .git) every file but caches."""
    if (REPO / ".git").exists():
        return _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).split("\0")
    return [
        str(path.relative_to(REPO))
        for path in REPO.rglob("*")
        if (path.is_symlink() or not path.is_dir())
        and not SKIPPED_DIRECTORIES.intersection(path.relative_to(REPO).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    ]


def _snapshot(destination: Path) -> Path:
    """Commit the working tree as it is into a fresh repository."""
    for name in filter(None, _working_tree()):
        source = REPO / name
        target = destination / name
        if not source.exists() and not source.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    _git("init", "-q", cwd=destination)
    _git("add", "-A", cwd=destination)
    _git("commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


def _pre_commit(
    *args: str, work: Path, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``pre-commit ARGS`` in ``work`` with its own cache in ``home``, without colour."""
    full_env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home),
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=work,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _try_repo(hook_repo: Path, work: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return _pre_commit("try-repo", str(hook_repo), "cardgen-lint", "--verbose", "--files", *files, work=work, home=home)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_pre_commit_hook_passes_a_good_card_and_fails_a_bad_one(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="the test extra installs pre-commit")
    hook_repo = _snapshot(tmp_path / "hook-repo")
    work = tmp_path / "work"
    (work / "cards").mkdir(parents=True)
    (work / "cards" / "good.card.yaml").write_text(GOOD)
    (work / "cards" / "bad.card.yaml").write_text(BAD)
    (work / "notes.yaml").write_text(BAD)
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    home = tmp_path / "pre-commit-home"

    good = _try_repo(hook_repo, work, home, "cards/good.card.yaml", "notes.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "cardgen lint" in good.stdout
    assert "Passed" in good.stdout
    assert "notes.yaml" not in good.stdout.split("cardgen lint", 1)[1], "files outside the hook's pattern are skipped"

    bad = _try_repo(hook_repo, work, home, "cards/good.card.yaml", "cards/bad.card.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "cards/bad.card.yaml:6:17: error CG001 placeholder text 'TODO' left in" in bad.stdout


@pytest.mark.parametrize(
    ("name", "linted"),
    [
        ("a.card.yaml", True),
        ("models/a.card.yml", True),
        ("model_card.yaml", True),
        ("models/bert/model_card.yaml", True),
        ("notes.yaml", False),
        ("acard.yaml", False),
        ("a.card.yaml.orig", False),
    ],
)
def test_hook_files_pattern(name: str, linted: bool) -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "cardgen-lint")
    assert (hook["entry"], hook["language"]) == ("cardgen lint", "python")
    assert bool(re.search(hook["files"], name)) is linted


def readme_pre_commit_snippet() -> str:
    """The ``.pre-commit-config.yaml`` block of the README, byte for byte."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"### pre-commit\n\n```yaml\n(# \.pre-commit-config\.yaml\n.*?)```\n", readme, re.DOTALL)
    assert match, "the README lost its pre-commit snippet"
    return match.group(1)


def test_readme_rev_is_the_release_tag_of_this_version() -> None:
    """The README's rev is the tag this version is released under, so the snippet works once it is tagged."""
    from ruamel.yaml import YAML

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = YAML(typ="safe").load(readme_pre_commit_snippet())
    assert config["repos"][0]["rev"] == f"v{version}"
    assert config["repos"][0]["hooks"][0]["id"] == "cardgen-lint"


def _pre_commit_run(work: Path, home: Path, redirect: tuple[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` in ``work``; git resolves the README's repository URL to ``redirect``'s local clone
    (git's url.<base>.insteadOf: pre-commit passes GIT_CONFIG_* through to its git calls), as there is no network."""
    base, url = redirect
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{base}.insteadOf", "GIT_CONFIG_VALUE_0": url}
    return _pre_commit("run", "--color", "never", "--files", *files, work=work, home=home, env=env)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_readme_pre_commit_snippet_works_as_printed(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="the test extra installs pre-commit")
    from ruamel.yaml import YAML

    snippet = readme_pre_commit_snippet()
    repository = YAML(typ="safe").load(snippet)["repos"][0]
    hook_repo = _snapshot(tmp_path / "hook-repo")
    _git("tag", repository["rev"], cwd=hook_repo)  # what releasing does (README, "Releasing")
    work = tmp_path / "work"
    (work / "cards").mkdir(parents=True)
    (work / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    (work / "cards" / "good.card.yaml").write_text(GOOD)
    (work / "cards" / "bad.card.yaml").write_text(BAD)
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    home = tmp_path / "pre-commit-home"
    redirect = (hook_repo.as_uri(), repository["repo"])

    bad = _pre_commit_run(work, home, redirect, "cards/good.card.yaml", "cards/bad.card.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cardgen lint" in bad.stdout
    assert "Failed" in bad.stdout
    assert "cards/bad.card.yaml:6:17: error CG001 placeholder text 'TODO' left in" in bad.stdout

    good = _pre_commit_run(work, home, redirect, "cards/good.card.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
