"""Configuration discovery and parsing: where the linter looks, what it accepts, where errors point."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cardgen.errors import Position
from cardgen.linter import config as config_module
from cardgen.linter.config import DEFAULT_CONFIG, ConfigError, LintConfig, clear_cache, config_for, load_config
from cardgen.linter.rules import rule_by_id


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root: the search must stop here and never read the machine's directories above."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def _card(directory: Path, name: str = "a.card.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("model: {name: x}\n")
    return path


def _rule(rule_id: str):  # type: ignore[no-untyped-def]
    found = rule_by_id(rule_id)
    assert found is not None
    return found


def test_yaml_config_in_a_parent_directory_governs_cards_below(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("extends: strict\nrules:\n  CG301: off\n  CG104: error\nignore: ['drafts/*']\n")
    config = config_for(_card(repo / "models" / "bert"))
    assert config.profile == "strict"
    assert config.severity_for(_rule("CG301")) is None
    assert config.severity_for(_rule("CG104")) == "error"
    assert config.source == str(repo / ".cardgen.yaml")
    assert config.ignores(repo / "drafts" / "x.card.yaml")
    assert not config.ignores(repo / "models" / "bert" / "a.card.yaml")


def test_strict_profile_raises_warnings_and_overrides_win(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("extends: strict\nrules: {CG302: info}\n")
    config = config_for(_card(repo))
    assert _rule("CG301").severity == "warning"
    assert config.severity_for(_rule("CG301")) == "error"
    assert config.severity_for(_rule("CG302")) == "info"
    assert DEFAULT_CONFIG.severity_for(_rule("CG301")) == "warning"


def test_pyproject_tool_cardgen_is_read(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cardgen]\nextends = "minimal"\nignore = ["old*"]\n\n'
        '[tool.cardgen.rules]\nCG101 = "off"\nCG001 = "warning"\n'
    )
    config = config_for(_card(repo / "cards"))
    assert config.profile == "minimal"
    assert config.severity_for(_rule("CG101")) is None
    assert config.severity_for(_rule("CG001")) == "warning"
    assert config.severity_for(_rule("CG301")) is None, "minimal leaves CG301 out"
    assert config.ignores(repo / "cards" / "old_model.card.yaml"), "a pattern without / matches the file name"


def test_pyproject_without_the_table_is_skipped_and_the_search_goes_on(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("extends: minimal\n")
    (repo / "pkg").mkdir()
    (repo / "pkg" / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    assert config_for(_card(repo / "pkg" / "cards")).profile == "minimal"


def test_the_nearest_configuration_wins_and_yaml_beats_pyproject(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("extends: minimal\n")
    inner = repo / "team"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.cardgen]\nextends = "standard"\n')
    (inner / ".cardgen.yaml").write_text("extends: strict\n")
    assert config_for(_card(inner / "cards")).profile == "strict"
    assert config_for(_card(repo / "other")).profile == "minimal"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".cardgen.yaml").write_text("extends: strict\n")
    inner_repo = tmp_path / "checkout"
    (inner_repo / ".git").mkdir(parents=True)
    assert config_for(_card(inner_repo / "cards")) == DEFAULT_CONFIG


def test_configuration_is_read_once_per_directory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ".cardgen.yaml").write_text("extends: minimal\n")
    reads: list[str] = []
    original = config_module.load_config

    def counting(path: str, known_ids: object = None) -> LintConfig | None:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(config_module, "load_config", counting)
    cards = [_card(repo / "a" / "b", f"{index}.card.yaml") for index in range(50)]
    cards += [_card(repo / "a", f"{index}.card.yaml") for index in range(50)]
    assert {config_for(card).profile for card in cards} == {"minimal"}
    assert reads == [str(repo / ".cardgen.yaml")]


def _error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    return caught.value


def test_yaml_errors_point_at_the_offending_key_or_value(repo: Path) -> None:
    path = repo / ".cardgen.yaml"
    path.write_text("extends: standard\nrules:\n  CG301: loud\n")
    problem = _error(path).problems[0]
    assert (problem.path, problem.position) == (str(path), Position(3, 3))
    assert "'loud' is not a severity for CG301" in problem.message

    path.write_text("rules:\n  CG999: off\n")
    problem = _error(path).problems[0]
    assert problem.position == Position(2, 3)
    assert "unknown rule id 'CG999'" in problem.message

    path.write_text("# settings\nextend: strict\n")
    problem = _error(path).problems[0]
    assert problem.position == Position(2, 1)
    assert "unknown setting 'extend'" in problem.message

    path.write_text("extends: pedantic\n")
    assert "unknown profile 'pedantic'" in _error(path).problems[0].message

    path.write_text("rules: [CG301]\n")
    assert "'rules' must map rule ids" in _error(path).problems[0].message


def test_yaml_syntax_errors_keep_their_position(repo: Path) -> None:
    path = repo / ".cardgen.yaml"
    path.write_text("rules:\n  CG301: [off\n")
    problem = _error(path).problems[0]
    assert problem.path == str(path)
    assert problem.position.line >= 2
    assert "YAML syntax error" in problem.message


def test_toml_errors_carry_line_and_column(repo: Path) -> None:
    path = repo / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.cardgen]\nextends = strict\n')
    problem = _error(path).problems[0]
    assert problem.position == Position(5, 11)
    assert problem.message.startswith("TOML syntax error")

    path.write_text('[project]\nname = "x"\n\n[tool.cardgen.rules]\nCG101 = "off"\nCG301 = "shout"\n')
    problem = _error(path).problems[0]
    assert problem.position == Position(6, 1)
    assert "'shout' is not a severity for CG301" in problem.message


def test_a_broken_configuration_fails_every_card_it_governs(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("rules: {CG301: sometimes}\n")
    for card in (_card(repo / "a"), _card(repo / "b")):
        with pytest.raises(ConfigError):
            config_for(card)


def test_an_empty_or_comment_only_file_is_the_default(repo: Path) -> None:
    path = repo / ".cardgen.yaml"
    path.write_text("# nothing configured yet\n")
    config = load_config(str(path))
    assert config is not None
    assert (config.profile, dict(config.rules), config.ignore) == ("standard", {}, ())


def test_with_profile_keeps_overrides(repo: Path) -> None:
    (repo / ".cardgen.yaml").write_text("rules: {CG301: off}\n")
    config = config_for(_card(repo)).with_profile("strict")
    assert config.profile == "strict"
    assert config.severity_for(_rule("CG301")) is None
    assert config.severity_for(_rule("CG302")) == "error"


def test_odd_files_are_errors_or_ignored_never_crashes(repo: Path) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text('tool = "cardgen"\n')
    assert load_config(str(pyproject)) is None
    pyproject.write_text("[tool]\ncardgen = 3\n")
    assert "[tool.cardgen] must be a table" in _error(pyproject).problems[0].message

    path = repo / ".cardgen.yaml"
    path.write_bytes(b"rules: {CG301: \xff}\n")
    assert "not UTF-8" in _error(path).problems[0].message
    path.write_text("- just\n- a list\n")
    assert "top level must be a mapping" in _error(path).problems[0].message
    path.write_text("ignore: [3]\n")
    assert "'ignore' must be a list of glob patterns" in _error(path).problems[0].message
