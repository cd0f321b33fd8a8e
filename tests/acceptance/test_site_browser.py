"""A real browser walks the site built from the 639 Ecosystem Graphs assets, as a reader would.

It opens the index from ``file://``, follows a link to a card and the card's link
back, types in the filter and sees rows hidden, sorts a column, opens the graph
and follows a node to its card; all along, no console error and no request but
the site's own pages. Chromium is driven by the DevTools client of the render
browser test.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.test_render_browser import DevTools, chromium, seen_in
from tests.conftest import run_cardgen


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SHARED_DATA

    assets = SHARED_DATA / "ecosystem-graphs" / "assets"
    if not assets.is_dir():
        pytest.skip("../shared/data is not present in this checkout")
    work = tmp_path_factory.mktemp("site")
    imported = run_cardgen("import", "--from", "ecosystem-graphs", str(assets), "-o", str(work / "cards"))
    assert imported.returncode == 0, imported.stderr[-3000:]
    built = run_cardgen("site", str(work / "cards"), "-o", str(work / "site"))
    assert built.returncode in (0, 1), built.stderr[-3000:]
    return work / "site"


class Browser:
    """One tab: navigate, evaluate script, type; every event kept for the checks at the end."""

    def __init__(self, tools: DevTools) -> None:
        self.tools = tools
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            tools.send(f"{domain}.enable", session=self.session)
        self.events: list[dict[str, Any]] = []

    def _settle(self) -> None:
        self.events.extend(self.tools.events)
        self.tools.events.clear()

    def load(self, action: str) -> None:
        """Run ``action`` (a navigation or a click) and wait until the next page has loaded."""
        self._settle()
        self.evaluate(action)
        self.tools.wait_for("Page.loadEventFired")
        self._settle()

    def navigate(self, url: str) -> None:
        self._settle()
        self.tools.send("Page.navigate", {"url": url}, session=self.session)
        self.tools.wait_for("Page.loadEventFired")
        self._settle()

    def evaluate(self, expression: str) -> Any:
        reply = self.tools.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session
        )
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def type(self, text: str) -> None:
        self.tools.send("Input.insertText", {"text": text}, session=self.session)

    def seen(self) -> dict[str, list[str]]:
        """Everything the render test checks for, over every page this tab has loaded."""
        self._settle()
        return seen_in(self.events)


@pytest.fixture
def browser() -> Iterator[Browser]:
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(chromium(), profile)
        try:
            yield Browser(tools)
        finally:
            tools.close()


VISIBLE_ROWS = "Array.from(document.querySelectorAll('#assets tbody tr')).filter(r => !r.hidden).length"


def test_reader_walks_index_cards_filter_sort_and_graph(site: Path, browser: Browser) -> None:
    index = (site / "index.html").resolve().as_uri()
    browser.navigate(index)
    assert browser.evaluate("document.querySelectorAll('#assets tbody tr').length") == 639
    assert browser.evaluate(VISIBLE_ROWS) == 639
    assert browser.evaluate("document.getElementById('filter').disabled") is False, "the script ran under the CSP"

    card = browser.evaluate("document.querySelector('#assets tbody a').getAttribute('href')")
    browser.load("document.querySelector('#assets tbody a').click()")
    assert browser.evaluate("location.href") == (site / card).resolve().as_uri()
    assert browser.evaluate("document.querySelector('h1').textContent")
    browser.load("document.querySelector('.site-nav a[href=\"../index.html\"]').click()")
    assert browser.evaluate("location.href") == index

    browser.evaluate("document.getElementById('filter').focus()")
    browser.type("anthropic")
    shown = browser.evaluate(VISIBLE_ROWS)
    assert 0 < shown < 639, "typing hides the rows that do not match"
    rows = browser.evaluate(
        "Array.from(document.querySelectorAll('#assets tbody tr')).filter(r => !r.hidden).map(r => r.textContent)"
    )
    assert all("anthropic" in row.lower() for row in rows)
    assert browser.evaluate("document.getElementById('shown').textContent") == f"{shown} of 639 assets shown"
    browser.evaluate("document.getElementById('filter').value = ''; document.getElementById('filter').focus()")
    browser.type("zzzz-no-such-asset")
    assert browser.evaluate(VISIBLE_ROWS) == 0

    browser.evaluate("document.querySelectorAll('#assets thead button')[5].click()")
    values = browser.evaluate(
        "Array.from(document.querySelectorAll('#assets tbody tr')).map(r => Number(r.cells[5].dataset.value))"
    )
    assert values == sorted(values), "completeness sorts ascending on the first click"

    browser.load("document.querySelector('.site-nav a[href=\"graph.html\"]').click()")
    assert browser.evaluate("document.querySelectorAll('svg a').length") == 639
    target = browser.evaluate("document.querySelector('svg a').getAttribute('href')")
    browser.load("document.querySelector('svg a rect').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert browser.evaluate("location.href") == (site / target).resolve().as_uri()

    browser.navigate((site / "overview.html").resolve().as_uri())
    assert browser.evaluate("document.querySelectorAll('svg').length") >= 1

    seen = browser.seen()
    assert (seen["console"], seen["log"], seen["exceptions"]) == ([], [], [])
    outside = [url for url in seen["requests"] if not url.startswith(site.resolve().as_uri())]
    assert outside == [], "the site loads nothing but its own pages"
