"""``cardgen render`` as a user runs it: formats, batches, progress, bad input and interrupted runs."""

from __future__ import annotations

import io
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huggingface_hub import ModelCard
from pypdf import PdfReader

from cardgen.cards import load
from cardgen.renderer.hub import in_model_index
from cardgen.schema import Result, identity_of, plain
from tests.conftest import REPO, example_cards, example_model_cards, run_cardgen
from tests.unit.test_render_support import RICH_CARD, outline, text_starts_beyond_the_right_margin


@pytest.fixture(scope="module")
def examples_rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example card in every format it has (Hub Markdown is for model cards), one batch call per format."""
    folder = tmp_path_factory.mktemp("out")
    every = [str(card) for card in example_cards()]
    models = [str(card) for card in example_model_cards()]
    assert every != models, "the examples hold dataset and application cards too"
    for format, cards in (("html", every), ("pdf", every), ("md", models)):
        result = run_cardgen("render", *cards, "-o", str(folder), "--format", format)
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip() == f"{len(cards)} rendered, 0 invalid, 0 unreadable"
        assert "\r" not in result.stderr, "no progress bar when piped"
        assert "Rendering" not in result.stderr, "no progress bar when piped"
    return folder


@pytest.mark.parametrize("card", example_cards(), ids=lambda path: path.name)
def test_every_example_renders_to_all_three_formats(examples_rendered: Path, card: Path) -> None:
    model = load(card)
    stem = card.name.removesuffix(".card.yaml")
    results = [
        result for result in getattr(plain(model.evaluation), "results", None) or [] if isinstance(result, Result)
    ]
    page = outline((examples_rendered / f"{stem}.html").read_text())
    assert [level for level, _ in page.headings].count(1) == 1
    if card in example_model_cards():
        hub = ModelCard.load(examples_rendered / f"{stem}.md")
        assert len(hub.data.eval_results or []) == len([result for result in results if in_model_index(result)])
    else:
        assert not (examples_rendered / f"{stem}.md").exists()
    pdf = (examples_rendered / f"{stem}.pdf").read_bytes()
    assert text_starts_beyond_the_right_margin(pdf) == [], "every table fits the page"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert identity_of(model).name in text
    assert "Documentation gaps" in text
    for result in results:
        assert f"{result.value:.4g}".removesuffix(".0") in text.replace(",", "")


def test_format_follows_the_output_suffix(tmp_path: Path) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    for name, magic in (("card.md", b"---\n"), ("card.html", b"<!DOCTYPE html>"), ("card.pdf", b"%PDF")):
        result = run_cardgen("render", str(card), "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == str(tmp_path / name)
        assert (tmp_path / name).read_bytes().startswith(magic)


def test_default_output_sits_next_to_the_card(tmp_path: Path) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    result = run_cardgen("render", str(card))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rich.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "card.txt"], "cannot tell the format"),
        (["-o", "card.html", "--format", "pdf"], "does not match"),
        (["CARD2", "-o", "many.md"], "must be a directory"),
        (["CARD2", "-o", "existing-file"], "must be a directory"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    (tmp_path / "existing-file").write_text("keep me")
    argv = [str(card) if arg == "CARD2" else str(tmp_path / arg) if arg.startswith(("card.", "many", "existing")) else arg
            for arg in args]  # fmt: skip
    before = sorted(path.name for path in tmp_path.iterdir())
    result = run_cardgen("render", str(card), *argv)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert (tmp_path / "existing-file").read_text() == "keep me"


def test_bad_cards_are_reported_and_the_rest_rendered(tmp_path: Path) -> None:
    good = tmp_path / "good.card.yaml"
    good.write_text(RICH_CARD)
    invalid = tmp_path / "invalid.card.yaml"
    invalid.write_text("model:\n  name: x\n  parameters: many\n")
    broken = tmp_path / "broken.card.yaml"
    broken.write_text("model: [unclosed\n")
    out = tmp_path / "out"
    result = run_cardgen("render", str(invalid), str(good), str(broken), "-o", str(out))
    assert result.returncode == 2
    assert f"{invalid}:3:" in result.stderr
    assert f"{broken}:" in result.stderr
    assert "1 rendered, 1 invalid, 1 unreadable" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["good.html"]
    only_invalid = run_cardgen("render", str(invalid), "-o", str(tmp_path / "x.html"))
    assert only_invalid.returncode == 1
    assert not (tmp_path / "x.html").exists()


def test_template_option_extends_the_default(tmp_path: Path) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.html.j2").write_text(
        '{% extends "default/card.html.j2" %}{% block footer %}<footer>Audited</footer>{% endblock %}'
    )
    result = run_cardgen("render", str(card), "-o", str(tmp_path / "c.html"), "--template", str(templates))
    assert result.returncode == 0, result.stderr
    assert "<footer>Audited</footer>" in (tmp_path / "c.html").read_text()


def test_broken_template_names_file_and_line_and_keeps_the_old_output(tmp_path: Path) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.html.j2").write_text("<p>\n{% if %}\n")
    target = tmp_path / "c.html"
    target.write_text("previous complete page")
    result = run_cardgen("render", str(card), "-o", str(target), "--template", str(templates))
    assert result.returncode == 2
    assert "card.html.j2:2:1: template error" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text() == "previous complete page"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["c.html", "rich.card.yaml", "templates"]


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    cards = []
    for index in range(3):
        cards.append(tmp_path / f"card{index}.card.yaml")
        cards[-1].write_text(RICH_CARD.replace("sentiment-bert", f"model-{index}"))
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cardgen", "render", *map(str, cards), "-o", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=secondary, cwd=REPO,
    )  # fmt: skip
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    os.close(primary)
    text = output.decode(errors="replace")
    assert "Rendering" in text
    assert "100%" in text


def test_interrupted_batch_leaves_only_whole_files(tmp_path: Path) -> None:
    cards = []
    for index in range(40):
        cards.append(tmp_path / f"card{index:02}.card.yaml")
        cards[-1].write_text(RICH_CARD.replace("sentiment-bert", f"model-{index}"))
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "cardgen", "render", *map(str, cards), "-o", str(out), "--format", "pdf"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0, "the run was interrupted before the end"
    written = sorted(out.iterdir())
    assert 2 <= len(written) < 40
    for path in written:
        assert path.suffix == ".pdf", f"left behind: {path.name}"
        data = path.read_bytes()
        assert data.startswith(b"%PDF"), path.name
        assert data.rstrip().endswith(b"%%EOF"), path.name
        assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    assert b"Traceback" not in stderr
