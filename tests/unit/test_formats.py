"""Output formats come from registries: CLI choices, suffixes, help and errors all follow them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cardgen.cards import load
from cardgen.cli.lint import command as lint_command
from cardgen.cli.render import command as render_command
from cardgen.formats import FormatSpec, Registry
from cardgen.linter.reporters import REPORTERS
from cardgen.renderer import RENDER_FORMATS, format_for, render, render_to_bytes, render_to_string
from tests.conftest import EXAMPLES

GPT2 = EXAMPLES / "gpt2.card.yaml"


def test_a_registry_refuses_two_formats_with_one_name_or_suffix() -> None:
    with pytest.raises(ValueError, match="share a name"):
        Registry("thing", FormatSpec("a", "m", "x"), FormatSpec("a", "n", "y"))
    with pytest.raises(ValueError, match="share a suffix"):
        Registry("thing", FormatSpec("a", "m", "x", (".a",)), FormatSpec("b", "n", "y", (".a",)))


def test_a_registry_names_its_choices_in_errors_and_finds_formats_by_suffix() -> None:
    registry = Registry("thing", FormatSpec("a", "m", "first", (".a", ".aa")), FormatSpec("b", "n", "second"))
    with pytest.raises(ValueError, match="unknown thing 'c': choose a or b"):
        registry.get("c")
    assert registry.for_path("x/y.AA") is registry.get("a")
    assert registry.for_path("y.b") is None
    assert registry.get("b").suffix == ".b"
    assert registry.help() == "a (.a, .aa): first; b: second"


def test_every_render_format_module_renders_a_card() -> None:
    card = load(GPT2)
    for spec in RENDER_FORMATS:
        output = render_to_bytes(card, spec.name, findings=[])
        assert output
        assert spec.binary == output.startswith(b"%PDF")


@pytest.mark.parametrize("spec", list(RENDER_FORMATS), ids=lambda spec: spec.name)
def test_render_picks_the_format_by_every_suffix_the_registry_names(spec: FormatSpec, tmp_path: Path) -> None:
    for suffix in spec.suffixes:
        assert format_for(f"card{suffix.upper()}") == spec.name
        if not spec.binary:
            written = render(GPT2, tmp_path / f"card{suffix}", findings=[])
            assert written.read_text(encoding="utf-8") == render_to_string(GPT2, spec.name, findings=[])


def test_unknown_formats_and_suffixes_are_refused_with_the_registrys_choices(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown render format 'docx': choose html, pdf or md"):
        render_to_bytes(GPT2, "docx")
    with pytest.raises(ValueError, match=r"use a \.html, \.pdf or \.md name"):
        render(GPT2, tmp_path / "card.docx")
    result = CliRunner().invoke(render_command, [str(GPT2), "-o", str(tmp_path / "card.docx")])
    assert result.exit_code == 2
    assert "name it .html, .pdf or .md, or give --format" in result.output


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    render_options = {param.name: param for param in render_command.params}
    assert tuple(render_options["format_"].type.choices) == RENDER_FORMATS.names()  # type: ignore[attr-defined]
    lint_options = {param.name: param for param in lint_command.params}
    assert tuple(lint_options["output_format"].type.choices) == (*REPORTERS.names(), "auto")  # type: ignore[attr-defined]
    help_text = " ".join(CliRunner().invoke(render_command, ["--help"]).output.split())
    for spec in RENDER_FORMATS:
        assert spec.summary in help_text
