"""The PDF: its text, its pages, reproducibility, and a URL fetcher that reaches nothing outside."""

from __future__ import annotations

import io
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from cardgen.renderer import render_to_bytes
from cardgen.renderer.html import render_html
from cardgen.renderer.pdf import LayoutError, LockedFetcher, render_pdf
from cardgen.schema.card import Card
from cardgen.schema.parts import PARTS
from tests.unit.test_render_support import RICH_CARD, load_text, record_opened_urls, text_starts_beyond_the_right_margin

TITLES = {part.name: part.title for part in PARTS}

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def rich_card(tmp_path_factory: pytest.TempPathFactory) -> Card:
    return load_text(tmp_path_factory.mktemp("card"), RICH_CARD)


@pytest.fixture(scope="module")
def rich_pdf(rich_card: Card) -> bytes:
    return render_to_bytes(rich_card, "pdf", [])


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_text_has_titles_name_and_metric_values(rich_pdf: bytes) -> None:
    text = " ".join(pages_text(rich_pdf))
    for title in [*TITLES.values(), "Contents", "Documentation gaps"]:
        assert title in text
    assert "sentiment-bert" in text
    for value in ("0.921", "0.87", "0.918", "0.94", "95% CI 0.905 to 0.934"):
        assert value in text


def test_a4_pages_with_numbers_and_running_header(rich_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(rich_pdf))
    pages = pages_text(rich_pdf)
    assert len(pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
        assert f"Page {number} of {len(pages)}" in pages[number - 1]
        assert "sentiment-bert 2.1" in pages[number - 1], "running header with name and version"
        assert not page.images, "charts are vector graphics, not pictures"
    assert text_starts_beyond_the_right_margin(rich_pdf) == []


def test_table_rows_are_never_split(tmp_path: Path) -> None:
    risks = "".join(
        f"  - category: misuse\n    description: Risk {index} begins. {'Long words here. ' * 12}Risk {index} ends.\n"
        for index in range(1, 25)
    )
    card = load_text(tmp_path, f"model:\n  name: many-risks\nrisks:\n{risks}")
    pages = pages_text(render_to_bytes(card, "pdf", []))
    assert len(pages) > 4, "the risks table spans several pages"
    for index in range(1, 25):
        starts = [number for number, page in enumerate(pages) if f"Risk {index} begins." in page]
        ends = [number for number, page in enumerate(pages) if f"Risk {index} ends." in page]
        assert starts == ends, index
        assert len(starts) == 1, index


def test_same_card_same_bytes(rich_card: Card, rich_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert render_to_bytes(rich_card, "pdf", []) == rich_pdf
    assert b"/CreationDate" not in rich_pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = render_to_bytes(rich_card, "pdf", [])
    assert dated == render_to_bytes(rich_card, "pdf", [])
    metadata = PdfReader(io.BytesIO(dated)).metadata
    assert metadata is not None
    assert metadata["/CreationDate"].startswith("D:20231114221320")


def test_same_bytes_across_processes(tmp_path: Path) -> None:
    """No hash seed, clock or process state leaks into the file."""
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    script = "import sys; from cardgen.renderer import render; render(sys.argv[1], sys.argv[2], findings=[])"
    outputs = []
    for run in range(2):
        target = tmp_path / f"out{run}.pdf"
        subprocess.run(
            [sys.executable, "-c", script, str(card), str(target)],
            check=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": str(run)},
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


HOSTILE_TEMPLATE = """{% extends "default/card.html.j2" %}
{% block meta %}<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">
<link rel="stylesheet" href="cardgen:card.css">{% endblock %}
{% block footer %}<footer><img src="file:///etc/passwd" alt="p"><img src="http://127.0.0.1:9/x.png" alt="x">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="dot">
<object data="file:///etc/hostname"></object></footer>
<style>@import url("file:///etc/passwd"); body { background: url("http://169.254.169.254/"); }</style>{% endblock %}
"""


def test_fetcher_serves_only_data_urls_and_packaged_assets(
    rich_card: Card, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.html.j2").write_text(HOSTILE_TEMPLATE)
    opened = record_opened_urls(monkeypatch)
    fetcher = LockedFetcher()
    pdf = render_pdf(render_html(rich_card, [], templates), fetcher)
    assert pdf.startswith(b"%PDF")
    assert opened, "the data: image was fetched"
    assert all(url.startswith("data:") for url in opened), opened
    assert {url.split("/")[0] for url in fetcher.refused} == {"file:", "http:"}
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://169.254.169.254/latest/meta-data/" in fetcher.refused
    assert b"root:x:0:0" not in pdf


def test_packaged_assets_cannot_escape_the_template_folder() -> None:
    fetcher = LockedFetcher()
    assert fetcher.fetch("cardgen:card.css").read().startswith(b"/*")
    for url in ("cardgen:../__init__.py", "cardgen:/etc/passwd", "cardgen:missing.css"):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)


def test_weasyprint_is_imported_only_for_pdf(tmp_path: Path) -> None:
    card = tmp_path / "rich.card.yaml"
    card.write_text(RICH_CARD)
    script = (
        "import sys; from cardgen.renderer import render\n"
        "render(sys.argv[1], sys.argv[2] + '.html', findings=[]); render(sys.argv[1], sys.argv[2] + '.md', findings=[])\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "render(sys.argv[1], sys.argv[2] + '.pdf', findings=[])\n"
        "assert 'weasyprint' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script, str(card), str(tmp_path / "out")], check=True, timeout=120)


def test_layout_failure_is_a_card_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise AssertionError("layout engine gave up")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    with pytest.raises(LayoutError) as caught:
        render_pdf("<p>x</p>", source="cards/x.card.yaml")
    assert str(caught.value).startswith("cards/x.card.yaml:1:1: the PDF could not be laid out (AssertionError")


class _Headings(HTMLParser):
    """The texts of the page's h2 and h3 headings."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self.inside = False
            self.found[-1] = " ".join(self.found[-1].split())

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data


def stranded_headings(pdf: bytes, headings: set[str]) -> list[tuple[int, str]]:
    """Pages whose lowest heading has nothing below it but its "Fields: ..." line: the content went overleaf."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        rows: list[tuple[float, str]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: object,
            rows: list[tuple[float, str]] = rows,
        ) -> None:
            if text.strip():
                rows.append((tm[5] * cm[3] + cm[5], " ".join(text.split())))

        page.extract_text(visitor_text=visit)
        margin = 60, A4[1] - 60  # the running header and page number live outside the body
        body = sorted(((y, text) for y, text in rows if margin[0] < y < margin[1]), key=lambda row: -row[0])
        marks = [index for index, (_, text) in enumerate(body) if text in headings]
        if marks and all(text.startswith("Fields:") for _, text in body[marks[-1] + 1 :]):
            found.append((number, body[marks[-1]][1]))
    return found


@pytest.mark.parametrize("padding", [3, 9, 15, 30])
def test_a_heading_is_never_left_at_the_foot_of_a_page(tmp_path: Path, padding: int) -> None:
    """Padding moves every heading down the page, so some land near its foot (3, 9 and 30 did before the fix)."""
    lines = "".join(f"    Line {index} of padding text.\n\n" for index in range(padding + 1))
    text = RICH_CARD.replace("  description: Reviews crawled from a public site.\n", f"  description: |\n{lines}")
    card = load_text(tmp_path, text)
    parser = _Headings()
    parser.feed(render_html(card, []))
    pdf = render_to_bytes(card, "pdf", [])
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert stranded_headings(pdf, set(parser.found)) == []


def test_the_stranded_heading_check_sees_a_stranded_heading(tmp_path: Path) -> None:
    """The same card under a stylesheet that lets headings break from their content: the check must notice."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "print.css").write_text("@page { size: A4; margin: 20mm 15mm 18mm; } body { font-size: 10pt; }")
    found = []
    for padding in (3, 9, 30):
        lines = "".join(f"    Line {index} of padding text.\n\n" for index in range(padding + 1))
        text = RICH_CARD.replace("  description: Reviews crawled from a public site.\n", f"  description: |\n{lines}")
        folder = tmp_path / str(padding)
        folder.mkdir()
        card = load_text(folder, text)
        parser = _Headings()
        parser.feed(render_html(card, []))
        found += stranded_headings(render_to_bytes(card, "pdf", [], templates), set(parser.found))
    assert found, "with no break rules some heading ends a page"


def test_tables_and_code_in_card_text_render_as_such(tmp_path: Path) -> None:
    text = "| Model | Score |\\n| --- | ---: |\\n| ours | 0.91 |\\n\\n```python\\nimport cardgen\\n```"
    card = load_text(tmp_path, f'model:\n  name: tabled\n  usage: "{text}"\n  description: "{text}"\n')
    html = render_html(card, [])
    assert html.count("<th>Model</th>") >= 2, "description and usage"
    assert html.count('<td class="align-right">0.91</td>') >= 2
    assert html.count('<code class="language-python">import cardgen') >= 2
    pdf = " ".join(pages_text(render_to_bytes(card, "pdf", [])))
    assert "Model Score ours 0.91" in pdf
    assert "import cardgen" in pdf
    hub = render_to_bytes(card, "md", []).decode()
    assert "| Model | Score |\n| --- | ---: |\n| ours | 0.91 |" in hub
    assert "```python\nimport cardgen\n```" in hub
