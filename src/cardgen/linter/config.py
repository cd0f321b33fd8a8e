"""Lint configuration: found next to the cards it governs, like ruff's or mypy's.

Each card gets the configuration of the nearest directory above it that has a
``.cardgen.yaml`` or a ``pyproject.toml`` with a ``[tool.cardgen]`` table; the
search stops at a repository root (a directory holding ``.git``) or the
filesystem root. Results are cached per directory, so linting a thousand cards
in one folder reads the configuration once.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cardgen.errors import CardError, DataPath, LoadError, Position, Problem
from cardgen.io.loader import read_document
from cardgen.linter.findings import Severity, parse_severity
from cardgen.linter.profiles import DEFAULT_PROFILE, PROFILE_NAMES, load_profile

if TYPE_CHECKING:
    from cardgen.linter.rules.base import Rule

CONFIG_FILES: tuple[str, ...] = (".cardgen.yaml", ".cardgen.yml", "pyproject.toml")
"""Looked for in this order in each directory; the first one that configures cardgen wins."""

OFF_WORDS: frozenset[str] = frozenset({"off", "disable", "disabled"})
KEYS: tuple[str, ...] = ("extends", "rules", "ignore")


class ConfigError(CardError):
    """A configuration file that cannot be used; linting stops with exit code 2."""


@dataclass(frozen=True)
class LintConfig:
    """What to check and how loudly: a profile, per-rule overrides and files to skip."""

    profile: str = DEFAULT_PROFILE
    rules: Mapping[str, Severity | None] = field(default_factory=lambda: MappingProxyType({}))
    """Per-rule severity overrides; None turns the rule off."""
    ignore: tuple[str, ...] = ()
    """Glob patterns, relative to the configuration file's directory, of cards not to lint."""
    source: str | None = None
    """The file this configuration came from; None for the built-in default."""

    def severity_for(self, rule: Rule) -> Severity | None:
        """The severity the rule reports at under this configuration, or None when it is off."""
        if rule.id in self.rules:
            return self.rules[rule.id]
        return load_profile(self.profile).severity_for(rule)

    def with_profile(self, name: str) -> LintConfig:
        """The same configuration under another profile (``--profile`` beats ``extends``)."""
        return dataclasses.replace(self, profile=name)

    def ignores(self, card_path: str | os.PathLike[str]) -> bool:
        """Whether an ``ignore`` glob matches the card, relative to the configuration's directory.

        A pattern without a slash also matches the bare file name, so ``drafts*`` works anywhere.
        """
        if not self.ignore:
            return False
        root = os.path.dirname(os.path.abspath(self.source)) if self.source else os.getcwd()
        absolute = os.path.abspath(card_path)
        relative = os.path.relpath(absolute, root).replace(os.sep, "/")
        name = os.path.basename(absolute)
        return any(
            fnmatch.fnmatchcase(relative, pattern) or ("/" not in pattern and fnmatch.fnmatchcase(name, pattern))
            for pattern in self.ignore
        )


DEFAULT_CONFIG = LintConfig()


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by id (imported late: reading a configuration should not load the rules)."""
    from cardgen.linter.rules import ALL_RULES

    return ALL_RULES


@functools.cache
def known_rule_ids() -> frozenset[str]:
    """The ids of every rule, for checking configuration and suppression comments."""
    return frozenset(rule.id for rule in all_rules())


Locator = Callable[[DataPath], Position]


@dataclass(frozen=True)
class _Source:
    """Where each key of a configuration sits, so errors can point at it."""

    path: str
    locate: Locator

    def error(self, data_path: DataPath, message: str) -> ConfigError:
        return ConfigError([Problem(self.path, self.locate(data_path), message)])


def _toml_locator(text: str) -> Locator:
    """Positions of keys under ``[tool.cardgen]``; TOML parsers keep no source map, so search the text."""
    header = re.search(r"^[ \t]*\[\s*tool\s*\.\s*cardgen\b", text, re.MULTILINE)
    start = header.start() if header else 0

    def locate(data_path: DataPath) -> Position:
        offset = start
        for key in data_path:
            if isinstance(key, int):
                continue
            found = re.compile(rf"(?<![\w-])[\"']?{re.escape(key)}[\"']?\s*[=.\]]").search(text, offset)
            if found is None:
                break
            offset = found.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Position(line, column)

    return locate


def severity_or_off(value: Any) -> Severity | None:
    """A severity, or None for off; ValueError for anything else."""
    if value is False or (isinstance(value, str) and value.lower() in OFF_WORDS):
        return None
    return parse_severity(value)


def parse_config(data: Mapping[str, Any], source: _Source, known_ids: Collection[str]) -> LintConfig:
    """Check a configuration's contents and build a :class:`LintConfig`; raises :class:`ConfigError`."""
    for key in data:
        if key not in KEYS:
            raise source.error((key,), f"unknown setting '{key}'; the settings are {', '.join(KEYS)}")
    profile = data.get("extends", DEFAULT_PROFILE)
    if profile not in PROFILE_NAMES:
        raise source.error(
            ("extends",), f"unknown profile {profile!r} in 'extends'; choose one of {', '.join(PROFILE_NAMES)}"
        )
    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, Mapping):
        raise source.error(("rules",), "'rules' must map rule ids to a severity or off, e.g. CG301: warning")
    rules: dict[str, Severity | None] = {}
    for rule_id, value in raw_rules.items():
        if rule_id not in known_ids:
            raise source.error(
                ("rules", rule_id), f"unknown rule id '{rule_id}' in 'rules'; `cardgen rules` lists the rule ids"
            )
        try:
            rules[rule_id] = severity_or_off(value)
        except ValueError:
            raise source.error(
                ("rules", rule_id), f"{value!r} is not a severity for {rule_id}; use error, warning, info or off"
            ) from None
    ignore = data.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(pattern, str) for pattern in ignore):
        raise source.error(("ignore",), "'ignore' must be a list of glob patterns, e.g. ['drafts/*']")
    return LintConfig(profile, MappingProxyType(rules), tuple(ignore), source.path)


def _is_blank_yaml(path: str) -> bool:
    """Whether a YAML file holds only comments: an empty configuration, not an error."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") or line.strip() == "---" for line in lines)


def load_config(path: str, known_ids: Collection[str] | None = None) -> LintConfig | None:
    """Read one configuration file; None for a ``pyproject.toml`` without ``[tool.cardgen]``."""
    known = known_rule_ids() if known_ids is None else known_ids
    if os.path.basename(path) == "pyproject.toml":
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError([Problem(path, Position(1, 1), f"cannot read the configuration: {error}")]) from None
        if "cardgen" not in text:
            return None
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on Python 3.10 only
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        try:
            parsed = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"line (\d+), column (\d+)", str(error))
            position = Position(int(found[1]), int(found[2])) if found else Position(1, 1)
            message = re.sub(r"\s*\(at .*\)$", "", str(error))
            raise ConfigError([Problem(path, position, f"TOML syntax error: {message}; fix the syntax")]) from None
        tool = parsed.get("tool")
        section = tool.get("cardgen") if isinstance(tool, dict) else None
        if section is None:
            return None
        source = _Source(path, _toml_locator(text))
        if not isinstance(section, dict):
            raise source.error((), "[tool.cardgen] must be a table")
        return parse_config(section, source, known)
    try:
        document = read_document(path)
    except LoadError as error:
        if _is_blank_yaml(path):
            return LintConfig(source=path)
        raise ConfigError(error.problems) from None
    return parse_config(document.data, _Source(path, document.position), known)


_CACHE: dict[str, LintConfig | ConfigError] = {}


def config_for(card_path: str | os.PathLike[str]) -> LintConfig:
    """The configuration that governs a card; raises :class:`ConfigError` for a broken file."""
    directory = os.path.dirname(os.path.abspath(card_path))
    visited: list[str] = []
    result: LintConfig | ConfigError = DEFAULT_CONFIG
    while True:
        if directory in _CACHE:
            result = _CACHE[directory]
            break
        visited.append(directory)
        found = _config_in(directory)
        if found is not None:
            result = found
            break
        parent = os.path.dirname(directory)
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            break
        directory = parent
    for seen in visited:
        _CACHE[seen] = result
    if isinstance(result, ConfigError):
        raise result
    return result


def _config_in(directory: str) -> LintConfig | ConfigError | None:
    for name in CONFIG_FILES:
        candidate = os.path.join(directory, name)
        if not os.path.isfile(candidate):
            continue
        try:
            config = load_config(candidate)
        except ConfigError as error:
            return error
        if config is not None:
            return config
    return None


def clear_cache() -> None:
    """Forget discovered configurations (for long-lived processes whose files change)."""
    _CACHE.clear()
