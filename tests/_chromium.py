"""Drive Debian's /usr/bin/chromium over the DevTools protocol: open a page, collect what it did.

Used by the browser tests (and scripts/docs.sh for the screenshot). No browser is downloaded: tests skip with
a clear reason when Debian's ``chromium`` package is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does)"

# Flags that keep the browser from talking to anything on its own, so any request seen came from the page.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--disable-features=Translate,MediaRouter,OptimizationHints", "--metrics-recording-only",
    "--password-store=basic", "--use-mock-keychain",
)


def available() -> bool:
    return CHROMIUM.exists()


@dataclass
class PageRun:
    """What one page did while it loaded: console output, errors, and every request it made."""

    url: str
    console: list[dict] = field(default_factory=list)  # Runtime.consoleAPICalled: {"type", "text"}
    exceptions: list[str] = field(default_factory=list)  # Runtime.exceptionThrown
    log: list[dict] = field(default_factory=list)  # Log.entryAdded: {"level", "source", "text", "url"}
    requests: list[str] = field(default_factory=list)  # Network.requestWillBeSent URLs
    values: dict[str, object] = field(default_factory=dict)  # results of the expressions asked for

    @property
    def errors(self) -> list[str]:
        out = [f"console.{c['type']}: {c['text']}" for c in self.console if c["type"] in ("error", "assert")]
        out += [f"exception: {e}" for e in self.exceptions]
        out += [f"log {x['level']} ({x['source']}): {x['text']}" for x in self.log if x["level"] == "error"]
        return out

    @property
    def other_requests(self) -> list[str]:
        """Requests other than the page itself (a self-contained page makes none)."""
        return [u for u in self.requests if u != self.url]


class Chromium:
    """One headless Chromium for a test module; :meth:`open` loads a page in a fresh tab."""

    def __init__(self) -> None:
        import websocket  # websocket-client, from the dev extra

        self._profile = tempfile.mkdtemp(prefix="factcheck-chromium-")
        self._proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-port=0",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        # suppress_origin: Chromium refuses DevTools websockets that send an Origin it was not told to allow
        self._ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=30, suppress_origin=True,
                                               http_proxy_host=None)
        self._next = 0
        self._events: list[dict] = []

    # ---------------------------------------------------------------------------------------- protocol

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        msg: dict = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self._ws.recv())
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def _wait_event(self, method: str, session: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for ev in self._events:
                if ev.get("method") == method and ev.get("sessionId") == session:
                    return
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            self._ws.settimeout(left)
            try:
                msg = json.loads(self._ws.recv())
            finally:
                self._ws.settimeout(30)
            if "method" in msg:
                self._events.append(msg)

    def _drain(self, seconds: float) -> None:
        """Collect events that arrive shortly after load (late errors, deferred requests)."""
        deadline = time.monotonic() + seconds
        import websocket

        while (left := deadline - time.monotonic()) > 0:
            self._ws.settimeout(left)
            try:
                msg = json.loads(self._ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            if "method" in msg:
                self._events.append(msg)
        self._ws.settimeout(30)

    # ---------------------------------------------------------------------------------------- pages

    def open(self, url: str, *, evaluate: dict[str, str] | None = None, settle: float = 0.5,
             screenshot: Path | None = None, width: int = 1200) -> PageRun:
        """Load ``url`` in a new tab, wait for its load event, evaluate expressions, collect everything."""
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._events.clear()
        for domain in ("Runtime", "Log", "Network", "Page"):
            self._send(f"{domain}.enable", session=session)
        self._send("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        self._events.clear()  # what about:blank did is not the page's doing
        self._send("Page.navigate", {"url": url}, session=session)
        self._wait_event("Page.loadEventFired", session, timeout=30)
        self._drain(settle)
        run = PageRun(url=url)
        for ev in self._events:
            if ev.get("sessionId") != session:
                continue
            p = ev.get("params", {})
            m = ev["method"]
            if m == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                run.console.append({"type": p.get("type"), "text": text})
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                run.exceptions.append(d.get("exception", {}).get("description") or d.get("text", ""))
            elif m == "Log.entryAdded":
                e = p.get("entry", {})
                run.log.append({k: e.get(k) for k in ("level", "source", "text", "url")})
            elif m == "Network.requestWillBeSent":
                run.requests.append(p.get("request", {}).get("url", ""))
        for name, expr in (evaluate or {}).items():
            res = self._send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
            run.values[name] = res.get("result", {}).get("value")
        if screenshot is not None:
            h = self._send("Runtime.evaluate", {"expression": "document.documentElement.scrollHeight",
                                                "returnByValue": True}, session=session)
            height = int(h.get("result", {}).get("value") or 900)
            shot = self._send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 16000), "scale": 1},
            }, session=session)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        self._send("Target.closeTarget", {"targetId": target})
        return run

    def close(self) -> None:
        ws = getattr(self, "_ws", None)
        if ws is not None:
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - closing a dead socket is fine
                pass
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_url(path: Path) -> str:
    return Path(os.path.abspath(path)).as_uri()
