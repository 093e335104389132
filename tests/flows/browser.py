"""A small headless-Chromium driver for the report tests, over the DevTools protocol.

`open_page` starts Chromium with a throwaway profile, loads a file, waits until the page's
plotly charts have drawn, and returns what the page did: the marks drawn in each chart, the
console errors and uncaught exceptions, and every URL it requested. It speaks the protocol
through websockets' synchronous client; no browser download, no other driver.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Per chart div: the SVG root plotly draws, and the marks in it (bars, markers, lines, text).
CHARTS_DRAWN = """JSON.stringify(Object.fromEntries(
  Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => [d.id, {
    svg: d.querySelectorAll('svg.main-svg').length,
    bars: d.querySelectorAll('.barlayer .point path').length,
    markers: d.querySelectorAll('.scatterlayer .points path.point').length,
    lines: d.querySelectorAll('.scatterlayer .lines path.js-line').length,
    fills: d.querySelectorAll('.scatterlayer .fills path.js-fill').length,
    texts: d.querySelectorAll('.scatterlayer .textpoint').length,
  }])))"""


def find_browser() -> str | None:
    """The path of an installed Chromium or Chrome, None when there is none."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@dataclass
class PageRun:
    """What one page load did."""

    charts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    text: str = ""
    screenshot: bytes = b""


class _Session:
    """One DevTools session on a page target, with the events it has received."""

    def __init__(self, socket: Any, session_id: str) -> None:
        self.socket = socket
        self.session_id = session_id
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1000)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return _call(self.socket, method, params, self._ids, self.session_id, self.events)

    def wait_for(self, method: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            try:
                message = json.loads(self.socket.recv(timeout=remaining))
            except TimeoutError:
                continue
            if "method" in message:
                self.events.append(message)


def _call(
    socket: Any,
    method: str,
    params: dict[str, Any] | None,
    ids: Any,
    session_id: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Send one command and return its result, keeping the events that arrive meanwhile."""
    number = next(ids)
    message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
    if session_id:
        message["sessionId"] = session_id
    socket.send(json.dumps(message))
    while True:
        answer = json.loads(socket.recv(timeout=60))
        if answer.get("id") == number:
            if "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            return answer.get("result", {})
        if "method" in answer and events is not None:
            events.append(answer)


def _start(browser: str, profile: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start headless Chromium; return the process and its browser websocket URL."""
    process = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--window-size=1280,2000",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = port_file.read_text().splitlines() if port_file.exists() else []
        if len(lines) >= 2:
            return process, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{browser} did not open its DevTools port")


def open_page(path: Path, *, settle: float = 30.0) -> PageRun:
    """Load `path` in headless Chromium and report what it drew, logged and requested.

    The charts count as drawn when the count of marks stops changing (or after `settle` s).
    """
    from websockets.sync.client import connect

    browser = find_browser()
    if browser is None:
        raise RuntimeError("no Chromium installed")
    with tempfile.TemporaryDirectory(prefix="dipevents-chromium-") as profile:
        process, url = _start(browser, Path(profile))
        try:
            with connect(url, max_size=None, open_timeout=30) as socket:
                ids = itertools.count(1)
                target = _call(socket, "Target.createTarget", {"url": "about:blank"}, ids)
                attached = _call(socket, "Target.attachToTarget",
                                 {"targetId": target["targetId"], "flatten": True}, ids)
                return _load(_Session(socket, attached["sessionId"]), path, settle)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _load(session: _Session, path: Path, settle: float) -> PageRun:
    for domain in ("Runtime", "Log", "Network", "Page"):
        session.call(f"{domain}.enable")
    session.call("Page.navigate", {"url": path.resolve().as_uri()})
    session.wait_for("Page.loadEventFired", timeout=60)
    run = PageRun(charts=_stable_charts(session, settle))
    run.text = _evaluate(session, "document.body.innerText")
    run.screenshot = base64.b64decode(
        session.call("Page.captureScreenshot", {"captureBeyondViewport": True})["data"]
    )
    for event in session.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            run.errors.append(" ".join(str(a.get("value", a.get("description")))
                                       for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            run.errors.append(json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            run.errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            run.requests.append(params["request"]["url"])
    return run


def _stable_charts(session: _Session, settle: float) -> dict[str, dict[str, int]]:
    """The marks per chart once two readings half a second apart agree (the inline scripts
    have run by the load event, so every chart div exists by then)."""
    deadline = time.monotonic() + settle
    last: dict[str, dict[str, int]] | None = None
    while time.monotonic() < deadline:
        current = json.loads(_evaluate(session, CHARTS_DRAWN))
        if current == last:
            return current
        last = current
        time.sleep(0.5)
    return last or {}


def _evaluate(session: _Session, expression: str) -> str:
    result = session.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
    return result["result"].get("value", "")
