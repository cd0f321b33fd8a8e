"""The HTML card, checked by its structure: outline, tables, pictures, self-containment, templates."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import cardgen
from cardgen.cards import load
from cardgen.errors import Position
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateProblem
from cardgen.renderer.html import render_html
from cardgen.schema.parts import PARTS
from tests.conftest import example_cards
from tests.unit.test_render_support import EMPTY_CARD, RICH_CARD, load_text, outline

TITLES = {part.name: part.title for part in PARTS}

FINDINGS = [
    Finding("model.card.yaml", Position(3, 3), "CG101", "warning", "No license <b>given</b>", "model.license", "model"),
    Finding(
        "model.card.yaml",
        Position(1, 1),
        "CG200",
        "error",
        "Training data is not described",
        "data_creation",
        "data_creation",
    ),
]


@pytest.fixture
def rich_html(tmp_path: Path) -> str:
    return render_html(load_text(tmp_path, RICH_CARD), FINDINGS)


def assert_accessible(html: str) -> None:
    """One h1, no skipped heading level, header cells in every table, text alternatives on every picture."""
    page = outline(html)
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), page.headings
    assert page.tables, "expected at least one table"
    for table in page.tables:
        assert table["thead"] == 1, table
        assert table["th"] >= 1, table
        assert table["caption"] == 1, table
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert svgs
    for attrs in svgs:
        ident = str(attrs["id"])
        assert attrs.get("role") == "img"
        assert page.svg_titles[ident][:2] == ["title", "desc"]
        assert set(str(attrs["aria-labelledby"]).split()) == {f"{ident}-title", f"{ident}-desc"} <= page.ids
    figures = [tag for tag, _ in page.tags if tag == "figure"]
    assert len(figures) == len(svgs), "every chart sits in a figure with a caption"
    assert [tag for tag, _ in page.tags].count("figcaption") == len(figures)


def assert_self_contained(html: str) -> None:
    """Nothing is loaded from anywhere: no scripts, external styles, images, frames or fonts."""
    page = outline(html)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"}
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "@import" not in html
    assert "url(http" not in html
    assert "@font-face" not in html
    csp = [attrs for tag, attrs in page.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp
    assert "default-src 'none'" in str(csp[0]["content"])


def test_rich_card_is_accessible_and_self_contained(rich_html: str) -> None:
    assert_accessible(rich_html)
    assert_self_contained(rich_html)


@pytest.mark.parametrize("card", example_cards(), ids=lambda path: path.name)
def test_examples_are_accessible_and_self_contained(card: Path) -> None:
    html = render_html(load(card), [])
    assert_accessible(html)
    assert_self_contained(html)


def test_sections_follow_the_chain_with_a_table_of_contents(rich_html: str) -> None:
    page = outline(rich_html)
    h2 = [text for level, text in page.headings if level == 2]
    assert h2 == ["Contents", *TITLES.values(), "Documentation gaps"]
    section_ids = [attrs["id"] for tag, attrs in page.tags if tag == "section"]
    assert section_ids == [*TITLES, "gaps"]
    toc = [attrs["href"] for tag, attrs in page.tags if tag == "a" and str(attrs.get("href", "")).startswith("#")]
    assert toc == [f"#{ident}" for ident in section_ids]


def test_charts_show_chain_results_and_risks(rich_html: str) -> None:
    page = outline(rich_html)
    charts = [str(attrs["id"]) for tag, attrs in page.tags if tag == "svg"]
    assert charts == ["chart-chain", "chart-eval-1", "chart-risks"], "one results chart per task"
    assert "Data creation: 2 of 3 documented, 1 missing" in rich_html
    assert (
        "accuracy (scale 0 to 1; higher is better): GLUE SST-2 0.921 (from 0.905 to 0.934), GLUE SST-2: length&lt;20 tokens 0.87"
        in rich_html
    ), "the slice sits next to the whole test set, and other datasets are named on their bars"
    assert "f1 on GLUE SST-2" not in rich_html, "a lone f1 value is left to the table: a bar adds nothing"
    assert "<td><p>0.918</p></td>" in rich_html or ">0.918<" in rich_html


def test_empty_sections_say_the_information_is_missing(tmp_path: Path) -> None:
    html = render_html(load_text(tmp_path, EMPTY_CARD), None)
    page = outline(html)
    text = " ".join(page.text)
    for title in list(TITLES.values())[1:]:
        assert f"Missing: this card says nothing about {title.lower()}." in text
    assert "Missing: the gaps in this card were not checked." in text
    assert [text for level, text in page.headings if level == 2][1:] == [*TITLES.values(), "Documentation gaps"]


def test_unknown_and_none_sections_say_so(rich_html: str) -> None:
    assert "The authors state that this information is unknown." in rich_html  # curation: unknown
    assert "The authors state that this does not apply to this model." in rich_html  # deployment: none


def test_gaps_list_rule_field_and_message_escaped(rich_html: str) -> None:
    start = rich_html.index('id="gaps"')
    gaps = rich_html[start:]
    assert gaps.index("CG200") < gaps.index("CG101"), "ordered by position in the card"
    assert "<code>model.license</code>" in gaps
    assert "No license &lt;b&gt;given&lt;/b&gt;" in gaps


def test_user_template_extends_the_default(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.html.j2").write_text(
        '{% extends "default/card.html.j2" %}{% block footer %}<footer>Reviewed by {{ card.name }}</footer>{% endblock %}'
    )
    html = render_html(load_text(tmp_path, RICH_CARD), [], templates)
    assert "<footer>Reviewed by sentiment-bert</footer>" in html
    assert "Generated by cardgen" not in html
    assert_accessible(html)


def test_user_template_overrides_a_partial(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.css").write_text("body { color: #000000; } /* house style */")
    html = render_html(load_text(tmp_path, RICH_CARD), [], templates)
    assert "/* house style */" in html


def test_user_macros_still_change_how_values_look_everywhere(tmp_path: Path) -> None:
    """The default macros call Python for speed; a user's macros.html.j2 replaces them all the same."""
    templates = tmp_path / "templates"
    templates.mkdir()
    default = (Path(cardgen.__file__).parent / "templates" / "macros.html.j2").read_text(encoding="utf-8")
    mine = default.replace("{{ html_value(value) }}", '<span class="mine">{{ value.kind }}</span>')
    mine = mine.replace("{{ html_table(entries) }}", "<p>{{ entries.rows|length }} rows</p>")
    assert mine.count("mine") == 1
    assert "rows</p>" in mine
    (templates / "macros.html.j2").write_text(mine, encoding="utf-8")
    html = render_html(load_text(tmp_path, RICH_CARD), [], templates)
    assert '<span class="mine">group</span>' in html
    assert re.search(r"<p>\d+ rows</p>", html)
    assert "<dl>" not in html.split("<main>", 1)[1].split('id="gaps"')[0]  # no value drawn by the defaults


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ card.__class__.__mro__ }}", "unsafe"),
        ("{{ card.sections[0].__class__ }}", "unsafe"),  # the view's own classes: read without the checks
        ("{{ card.sections[0].body._by_name }}", "unsafe"),  # but never a name that starts with _
        ("{{ card.section.__globals__ }}", "unsafe"),
        ('{{ (card.sections|selectattr("table")|first).table.model.mro() }}', "unsafe"),
        ("{{ ''.__class__.__subclasses__() }}", "unsafe"),
        ("{% for x in %}", "template error"),
        ("{{ no_such_name }}", "undefined"),
        ("{{ 1 / 0 }}", "zerodivisionerror"),
        ("{{ range(10**9) | list }}", "range too big"),
        ("{{ 'a' * 10**10 }}", "too large"),
        ("{{ [0] * 10**9 }}", "too large"),
        ("{{ 2 ** 1000000 }}", "too large"),
        ("{{ '%d' % 'x' }}", "typeerror"),
    ],
)
def test_user_templates_run_sandboxed_and_fail_clearly(tmp_path: Path, template: str, message: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "card.html.j2").write_text("{# a comment line #}\n" + template)
    with pytest.raises(TemplateProblem) as caught:
        render_html(load_text(tmp_path, RICH_CARD), [], templates)
    problem = caught.value.problems[0]
    assert message in problem.message.lower()
    assert problem.path == str(templates / "card.html.j2")
    assert problem.position.line == 2


WHOLE_ANSWERS = """\
model:
  name: probe
  license: {value: unknown, explanation: "not *stated* by the authors"}
  citation: none
  contact: {value: none, explanation: "nobody maintains it"}
training:
  objective: {value: unknown, explanation: not published}
  energy: {value: unknown, explanation: not metered}
  hardware: none
adaptation: {value: none, explanation: a base model}
evaluation:
  summary: Not evaluated.
  results: {value: none, explanation: "not evaluated yet; planned for v2"}
deployment: unknown
risks: {value: none, explanation: none found in review}
"""


def test_explained_answers_for_whole_parts_are_shown_with_their_reason(tmp_path: Path) -> None:
    html = render_html(load_text(tmp_path, WHOLE_ANSWERS), None)
    text = " ".join(" ".join(outline(html).text).split())
    assert "The authors state that there are no results (not evaluated yet; planned for v2)" in text
    assert "this card gives no evaluation results" not in text
    assert "does not apply to this model (a base model)" in text
    assert "The authors state that there are none (none found in review)" in text
    assert "The authors state that this information is unknown." in text


def test_explanations_sit_tight_in_their_brackets(tmp_path: Path) -> None:
    html = render_html(load_text(tmp_path, WHOLE_ANSWERS), None)
    explanations = re.findall(r'<span class="explanation">\((.*?)\)</span>', html, re.S)
    assert explanations
    assert [text for text in explanations if text != text.strip() or "<p>" in text] == []
    assert '<span class="explanation">(not <em>stated</em> by the authors)</span>' in html


def test_none_reads_as_none_or_not_applicable_by_field(tmp_path: Path) -> None:
    html = render_html(load_text(tmp_path, WHOLE_ANSWERS), None)
    assert '<dt>Citation</dt><dd><span class="marker">None</span></dd>' in html, "there is no citation"
    assert '<dt>Hardware</dt><dd><span class="marker">Not applicable</span></dd>' in html, "a block of fields"


def test_completeness_lines_separate_the_states(tmp_path: Path) -> None:
    html = render_html(load_text(tmp_path, WHOLE_ANSWERS), None)
    assert "Fields: 0 of 14 documented; 2 unknown, explained; 1 not applicable; 11 missing" in html  # training
    assert "Fields: 0 of 27 documented; 27 unknown, no reason given" in html
