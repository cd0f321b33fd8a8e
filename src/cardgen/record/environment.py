"""What the training ran on and with, read cheaply and without ever failing the run.

Every probe is bounded (subprocesses have a timeout) and returns None when it
cannot tell, because a missing figure is better than a crashed training job.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import stat
import subprocess
import sys
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

PROBE_TIMEOUT_SECONDS = 10.0

KEY_PACKAGES: tuple[str, ...] = (
    "cardgen",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "torch",
    "transformers",
    "datasets",
    "accelerate",
    "peft",
    "tensorflow",
    "keras",
    "jax",
    "xgboost",
    "lightgbm",
)
"""Libraries whose versions decide what a training run does; recorded when installed."""


def python_version() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}"


def platform_name() -> str:
    return platform.platform()


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> dict[str, str]:
    """Versions of the installed libraries among ``names``; absent ones are left out."""
    versions: dict[str, str] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _run(command: list[str], cwd: str | None = None) -> str | None:
    """A probe's standard output, or None when the tool is absent, fails or hangs."""
    if shutil.which(command[0]) is None:
        return None
    try:
        completed = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=PROBE_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout if completed.returncode == 0 else None


def cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Processor", "cpu model") and value.strip():
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or None


def memory_gb() -> float | None:
    """Total main memory in GB (10^9 bytes), from /proc/meminfo or sysconf."""
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) * 1024 / 1e9, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1)
    except (AttributeError, ValueError, OSError):
        return None


def gpu_names() -> list[str] | None:
    """The GPUs torch (if the program already imported it) or nvidia-smi sees; None when neither can tell.

    torch is never imported here: that would cost seconds and memory in a program
    that does not use it.
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            cuda = torch.cuda
            if cuda.is_available():
                return [str(cuda.get_device_name(index)) for index in range(cuda.device_count())]
        except Exception:  # a broken CUDA setup must not fail the training run
            pass
    output = _run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"])
    if output is not None:
        return [line.strip() for line in output.splitlines() if line.strip()]
    return [] if torch is not None else None


def hardware() -> dict[str, Any]:
    """The card's ``training.hardware`` figures that can be measured; accelerators only when known."""
    found: dict[str, Any] = {"cpu": cpu_model(), "cores": os.cpu_count(), "memory_gb": memory_gb()}
    gpus = gpu_names()
    if gpus:
        names = sorted(set(gpus))
        found["accelerator"] = ", ".join(names)
        found["count"] = len(gpus)
    elif gpus == []:
        found["accelerator"] = "none"
        found["count"] = 0
    return {key: value for key, value in found.items() if value is not None}


def git_state(directory: str | os.PathLike[str]) -> dict[str, Any] | None:
    """Commit and dirty state (tracked files only) of the repository holding ``directory``."""
    where = os.fspath(directory)
    commit = _run(["git", "rev-parse", "HEAD"], cwd=where)
    if commit is None:
        return None
    changes = _run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where)
    state: dict[str, Any] = {"commit": commit.strip()}
    if changes is not None:
        state["dirty"] = bool(changes.strip())
    return state


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entries(root: Path) -> Iterator[tuple[str, Path | None, str]]:
    """Every file under ``root`` in sorted order, following symlinked directories once each.

    Yields (relative path, path to hash or None, why it was skipped). Only regular
    files are read: a FIFO would block the run forever, a device would never end.
    A symlinked directory is followed (its data is part of the dataset) unless it
    leads back into a directory already being walked, which would never end either.
    """
    walking: set[tuple[int, int]] = set()

    def walk(directory: Path, relative: str) -> Iterator[tuple[str, Path | None, str]]:
        info = directory.stat()
        identity = (info.st_dev, info.st_ino)
        if identity in walking:
            yield relative, None, "a symlink loop back into a directory being hashed"
            return
        walking.add(identity)
        try:
            names = sorted(os.listdir(directory))
        except OSError as error:
            yield relative, None, f"cannot list it ({error.strerror})"
            names = []
        subdirectories: list[tuple[Path, str]] = []
        for name in names:  # files first, then sub-directories, as os.walk lists them
            entry = directory / name
            inside = f"{relative}/{name}" if relative else name
            try:
                mode = entry.stat().st_mode
            except OSError as error:
                yield inside, None, f"cannot read it ({error.strerror or 'broken symlink'})"
                continue
            if stat.S_ISDIR(mode):
                subdirectories.append((entry, inside))
            elif stat.S_ISREG(mode):
                yield inside, entry, ""
            else:
                yield inside, None, "not a regular file (a FIFO, socket or device)"
        for entry, inside in subdirectories:
            yield from walk(entry, inside)
        walking.discard(identity)

    yield from walk(root, "")


def fingerprint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """SHA-256 of a file, or of a directory tree (relative paths and file contents, in sorted order).

    The directory digest changes when a file is added, removed, renamed or edited,
    and does not depend on the order the file system lists entries in. Entries that
    are not regular files are not read; they are listed under ``skipped`` with the
    reason and a warning is issued, so the fingerprint never claims data it did not hash.
    """
    root = Path(path)
    try:
        mode = root.stat().st_mode
    except OSError:
        raise FileNotFoundError(f"cannot fingerprint {os.fspath(path)}: no such file or directory") from None
    if stat.S_ISREG(mode):
        return {"path": os.fspath(path), "sha256": _file_digest(root), "files": 1}
    if not stat.S_ISDIR(mode):
        raise ValueError(f"cannot fingerprint {os.fspath(path)}: not a regular file or directory")
    digest = hashlib.sha256()
    count = 0
    skipped: list[str] = []
    for relative, file, reason in _entries(root):
        if file is None:
            skipped.append(f"{relative or '.'}: {reason}")
            continue
        digest.update(f"{relative}\0{_file_digest(file)}\n".encode())
        count += 1
    found: dict[str, Any] = {"path": os.fspath(path), "sha256": digest.hexdigest(), "files": count}
    if skipped:
        found["skipped"] = skipped
        warnings.warn(f"fingerprint of {os.fspath(path)} skipped: {'; '.join(skipped)}", stacklevel=2)
    return found
