"""A real browser opens the rendered HTML: no console errors, no network request, and a screenshot.

Headless Chromium is driven over its DevTools pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4), with only
the standard library. The network check is proved live by a control page that
does make a request.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import example_cards, run_cardgen

TIMEOUT = 60.0


def chromium() -> str:
    """The chromium binary; in CI (CI=true) a missing browser is a failure, elsewhere a skip."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed, and CI=true requires the browser tests to run")
    pytest.skip("chromium is not installed (apt-get install chromium)")


class DevTools:
    """A minimal DevTools-protocol client over chromium's pipe, with a deadline on every wait."""

    def __init__(self, binary: str, profile: str) -> None:
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        wire = f'exec "$0" "$@" 3<&{to_browser_read} 4>&{from_browser_write}'
        self.process = subprocess.Popen(
            ["bash", "-c", wire, binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_read, from_browser_write),
            start_new_session=True,
        )  # fmt: skip
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.deadline = time.monotonic() + TIMEOUT

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply
                result: dict[str, Any] = reply.get("result", {})
                return result

    def receive(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise ConnectionError("chromium closed the DevTools pipe")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    def wait_for(self, method: str) -> None:
        while not any(event["method"] == method for event in self.events):
            self.receive()

    def close(self) -> None:
        """Stop the browser and every helper process it started, so its profile can be removed."""
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        os.close(self.to_browser)
        os.close(self.from_browser)


def open_page(url: str, screenshot: Path) -> dict[str, list[str]]:
    """Load ``url`` in a fresh headless browser; return its requests, console errors and exceptions."""
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(chromium(), profile)
        try:
            target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Network", "Runtime", "Log", "Page"):
                tools.send(f"{domain}.enable", session=session)
            tools.events.clear()
            tools.send("Page.navigate", {"url": url}, session=session)
            tools.wait_for("Page.loadEventFired")
            tools.send("Runtime.evaluate", {"expression": "1"}, session=session)
            shot = tools.send(
                "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session
            )
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        finally:
            tools.close()
    return seen_in(tools.events)


def seen_in(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The requests, console errors and warnings, log errors and exceptions among DevTools events."""
    return {
        "requests": [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"],
        "console": [
            " ".join(str(arg.get("value", arg.get("description", ""))) for arg in e["params"]["args"])
            for e in events
            if e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert")
        ],
        "log": [
            e["params"]["entry"]["text"]
            for e in events
            if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning")
        ],
        "exceptions": [json.dumps(e["params"]) for e in events if e["method"] == "Runtime.exceptionThrown"],
    }


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    folder = tmp_path_factory.mktemp("html")
    cards = [str(card) for card in example_cards()]
    assert cards, "the browser test needs the example cards"
    result = run_cardgen("render", *cards, "-o", str(folder), "--format", "html")
    assert result.returncode == 0, result.stderr
    return sorted(folder.glob("*.html"))


def test_browser_sees_no_errors_and_no_requests(rendered: list[Path], tmp_path: Path) -> None:
    for page in rendered:
        url = page.resolve().as_uri()
        shot = tmp_path / f"{page.stem}.png"
        seen = open_page(url, shot)
        assert seen["requests"] in ([], [url]), seen["requests"]
        assert seen["console"] == [], seen
        assert seen["log"] == [], seen
        assert seen["exceptions"] == [], seen
        width, height = png_size(shot)
        assert width >= 600, "a desktop-wide page"
        assert height > 1500, "the whole page was captured"
        assert shot.stat().st_size > 50_000, "the screenshot shows a drawn page, not a blank one"


def test_control_page_shows_the_checks_are_live(tmp_path: Path) -> None:
    """A page that does load something and logs an error is caught, so a clean result above means something."""
    page = tmp_path / "control.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>control</title></head><body>'
        '<img src="http://127.0.0.1:9/missing.png" alt="x"><script>console.error("boom")</script></body></html>'
    )
    seen = open_page(page.resolve().as_uri(), tmp_path / "control.png")
    assert "http://127.0.0.1:9/missing.png" in seen["requests"]
    assert any("boom" in message for message in seen["console"])
