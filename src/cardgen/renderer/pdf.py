"""PDF through WeasyPrint, from the same HTML as the page, with a fetcher that reaches nothing outside.

WeasyPrint is imported here only, and this module only when a PDF is asked
for. Its URL fetcher is replaced: card text and user templates are untrusted,
so a ``file:///etc/passwd`` or ``http://169.254.169.254/`` in either must not be
read or requested. Only ``data:`` URLs and cardgen's own packaged assets
(``cardgen:`` URLs, e.g. ``cardgen:card.css``) are served.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
from collections.abc import Sequence
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cardgen.collector import paused
from cardgen.ecosystem.risks import InheritedRisk
from cardgen.errors import CardError, Position, Problem
from cardgen.linter.findings import Finding
from cardgen.renderer.environment import TemplateDir, packaged_templates
from cardgen.renderer.html import render_html
from cardgen.schema.card import CardBase

ASSET_SCHEME = "cardgen:"


class BlockedURLError(ValueError):
    """A resource outside data: and cardgen's assets; WeasyPrint skips it with a warning."""


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves data: URLs and packaged assets; refuses files, the network and everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(ASSET_SCHEME):
            parts = url[len(ASSET_SCHEME) :].split("/")
            resource = packaged_templates().joinpath(*parts)
            if not any(part in ("", ".", "..") for part in parts) and resource.is_file():
                return URLFetcherResponse(url, resource.read_bytes())
        self.refused.append(url)
        raise BlockedURLError(f"cardgen does not fetch {url!r}: only data: URLs and cardgen assets are allowed")


def pdf_date() -> str | None:
    """The build date from SOURCE_DATE_EPOCH (reproducible builds), or no date at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class LayoutError(CardError):
    """WeasyPrint could not lay the page out; reported like any other card problem, never as a traceback."""


def render_pdf(html: str, fetcher: LockedFetcher | None = None, source: str = "card") -> bytes:
    """The PDF of ``html``: byte-identical for the same input and SOURCE_DATE_EPOCH.

    ``source`` names the card in the message if WeasyPrint's layout engine fails on it.
    """
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Layout keeps hundreds of objects per table row until the PDF is written: collections meanwhile
    # only re-scanned them, a third of the time of a PDF of 2,000 results.
    with paused():
        try:
            document = HTML(string=html, url_fetcher=fetcher or LockedFetcher()).render()
        except Exception as error:  # WeasyPrint's layout has internal assertions; a card must not end in a traceback.
            message = f"the PDF could not be laid out ({type(error).__name__}: {error}); render HTML instead"
            raise LayoutError([Problem(source, Position(1, 1), message)]) from error
        date = pdf_date()
        document.metadata.created = date
        document.metadata.modified = date
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        pdf: bytes = document.write_pdf(pdf_identifier=identifier)
    return pdf


def render_card(
    card: CardBase,
    findings: Sequence[Finding] | None,
    template_dir: TemplateDir,
    source: str,
    inherited: Sequence[InheritedRisk] | None = None,
) -> bytes:
    """The ``pdf`` render format: the HTML page laid out for print."""
    return render_pdf(render_html(card, findings, template_dir, inherited), source=source)
