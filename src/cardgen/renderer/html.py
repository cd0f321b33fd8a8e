"""The HTML card: one self-contained, accessible file that works offline."""

from __future__ import annotations

from collections.abc import Sequence

from cardgen.ecosystem.risks import InheritedRisk
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir, render_template
from cardgen.renderer.view import build, label, risk_label
from cardgen.schema.card import CardBase

TEMPLATE = "card.html.j2"


def render_html(
    card: CardBase,
    findings: Sequence[Finding] | None = None,
    template_dir: TemplateDir = None,
    inherited: Sequence[InheritedRisk] | None = None,
) -> str:
    """The page for ``card``; ``findings`` fill the documentation-gaps section, ``inherited`` its inherited risks."""
    view = build(card, findings, inherited)
    return render_template(template_dir, TEMPLATE, card=view, label=label, risk_label=risk_label, extras=card.extras)


def render_card(
    card: CardBase,
    findings: Sequence[Finding] | None,
    template_dir: TemplateDir,
    source: str,
    inherited: Sequence[InheritedRisk] | None = None,
) -> bytes:
    """The ``html`` render format."""
    return render_html(card, findings, template_dir, inherited).encode("utf-8")
