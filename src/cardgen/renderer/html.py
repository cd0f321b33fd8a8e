"""The HTML card: one self-contained, accessible file that works offline.

How a value looks (text, a list, a group of fields, a table of entries) is written here in
Python rather than in Jinja macros: a page shows several hundred values, and a macro call in
the sandbox costs as much as the whole value's HTML. The default ``macros.html.j2`` calls these
functions, so a user's ``macros.html.j2`` still changes how values look everywhere. Every piece
of card text goes through :func:`markupsafe.escape` or the Markdown renderer (which escapes), as
it would through the template's autoescaping; what they return is counted against the render's
output budget where the template writes it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from markupsafe import Markup, escape

from cardgen.ecosystem.risks import InheritedRisk
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir, render_template
from cardgen.renderer.text import to_html, to_inline_html
from cardgen.renderer.view import Code, Entry, Items, Shown, Table, Text, build, label, risk_label
from cardgen.schema.card import CardBase

TEMPLATE = "card.html.j2"


@functools.lru_cache(maxsize=1024)
def _label_html(text: str) -> str:
    """A field's label, escaped; remembered like :func:`~cardgen.renderer.view.label` (a page writes
    several hundred labels, nearly all the schema's own field names)."""
    return str(escape(text))


def _value(value: Shown, out: list[str]) -> None:
    if isinstance(value, Text):
        out.append(to_html(value.text))
    elif isinstance(value, Code):
        out += ("<pre><code>", escape(value.text), "</code></pre>")
    elif isinstance(value, Items):
        out.append("<ul>")
        for item in value.items:
            out.append("<li>")
            _value(item, out)
            out.append("</li>")
        out.append("</ul>")
    else:
        out.append("<dl>")
        for entry in value.entries:
            out += ("<dt>", _label_html(entry.label), "</dt><dd>")
            _answer(entry, out)
            out.append("</dd>")
        out.append("</dl>")


def _answer(entry: Entry | None, out: list[str]) -> None:
    if entry is None:
        out.append('<span class="absent">not stated</span>')
        return
    if entry.state == "given" and entry.value is not None:
        _value(entry.value, out)
    else:
        out += ('<span class="marker">', escape(entry.marker), "</span>")
    if entry.explanation:
        out += (' <span class="explanation">(', to_inline_html(entry.explanation), ")</span>")


def html_value(value: Shown) -> Markup:
    """A value: text as Markdown, code verbatim, a list, or a group of labelled answers."""
    out: list[str] = []
    _value(value, out)
    return Markup("".join(out))


def html_answer(entry: Entry | None) -> Markup:
    """One field's answer: its value or the author's marker, and any explanation; None is "not stated"."""
    out: list[str] = []
    _answer(entry, out)
    return Markup("".join(out))


def html_table(table: Table) -> Markup:
    """A list of entries as a table, one column per field some row answers; risks numbered R1, R2, ..."""
    head = ['<th scope="col">#</th>'] if table.numbered else []
    head += [f'<th scope="col" class="col-{escape(name)}">{_label_html(label(name))}</th>' for name in table.columns]
    out = [
        f'<div class="table-wrap">\n<table>\n<caption>{escape(table.caption)}</caption>\n',
        f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n",
    ]
    for index, row in enumerate(table.rows, start=1):
        out.append("<tr>")
        if table.numbered:
            out += ('<th scope="row">', escape(risk_label(index)), "</th>")
        for name in table.columns:
            out.append("<td>")
            _answer(row.get(name), out)
            out.append("</td>")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>")
    return Markup("".join(out))


def render_html(
    card: CardBase,
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
    inherited: Sequence[InheritedRisk] | None = None,
) -> str:
    """The page for ``card``; ``findings`` fill the documentation-gaps section, ``inherited`` its inherited risks."""
    view = build(card, findings, inherited)
    return render_template(
        template_dir,
        TEMPLATE,
        card=view,
        label=label,
        risk_label=risk_label,
        extras=card.extras,
        html_value=html_value,
        html_answer=html_answer,
        html_table=html_table,
    )


def render_card(
    card: CardBase,
    findings: Sequence[Finding] | None,
    template_dir: TemplateDir,
    source: str,
    inherited: Sequence[InheritedRisk] | None = None,
) -> bytes:
    """The ``html`` render format."""
    return render_html(card, findings, template_dir, inherited).encode("utf-8")
