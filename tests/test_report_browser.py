"""Open the rendered report in real headless Chromium and check what a reader would get.

Chromium is driven over the DevTools protocol on `--remote-debugging-pipe` (fd 3 in, fd 4 out,
NUL-separated JSON), so no websocket library and no port are needed. The test asserts: no console
errors or exceptions, no network request but the file itself, no <script> element in the DOM,
the malicious abstract sentence visible as text, no sideways scrolling at phone width, printing
works, and a screenshot that is not blank (PNG decoded with zlib, colours counted).

Skipped when chromium is missing, except in CI (`CI` set), where a missing browser is a failure.
Run by hand to get screenshots: `python tests/test_report_browser.py report.html shot.png`.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from report_sample import XSS_SENTENCE, build_sample_report  # noqa: E402

from litwatch.report.render import write_report  # noqa: E402

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT = 30.0
TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


def find_chromium() -> str | None:
    return os.environ.get("LITWATCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def lift_fd(fd: int) -> int:
    """A copy of `fd` numbered 10 or more (the original is closed)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """A minimal DevTools-protocol client over the pipe; events are kept for the test to inspect."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # A tiny Python trampoline moves the child's pipe ends to fd 3 and 4, where
        # --remote-debugging-pipe expects them, then execs chromium. The ends are first lifted above
        # 9 so the dup2 calls cannot clobber each other.
        to_chrome_r, from_chrome_w = (lift_fd(fd) for fd in (to_chrome_r, from_chrome_w))
        self.log = open(profile / "chromium.log", "wb")  # noqa: SIM115 - closed in close()
        argv = [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", TRAMPOLINE, str(to_chrome_r), str(from_chrome_w), *argv],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        reply = self._read_until(lambda m: m.get("id") == self._next_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        seen = next((e for e in self.events if e.get("method") == method), None)
        return seen or self._read_until(lambda m: m.get("method") == method, timeout)

    def drain(self, seconds: float) -> None:
        """Collect late events (console messages, requests) for a little while."""
        with contextlib.suppress(TimeoutError):
            self._read_until(lambda m: False, seconds)

    def _read_until(self, done: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "method" in msg:
                    self.events.append(msg)
                if done(msg):
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"chromium exited (code {self.proc.poll()}); see {self.log.name}")
                self._buf += chunk

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            os.close(fd)
        self.log.close()


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 900) -> str:
    """A fresh tab with logging and network events on before navigating, so nothing is missed."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    browser.events.clear()
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired")
    browser.drain(0.5)
    return session


def evaluate(browser: Browser, session: str, expression: str) -> Any:
    result = browser.send(
        "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
    )
    return result["result"].get("value")


def screenshot(browser: Browser, session: str, full_page: bool = False, scale: float = 1.0) -> bytes:
    params: dict[str, Any] = {"format": "png"}
    if full_page:
        size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        params |= {"captureBeyondViewport": True}
        params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": scale}
    elif scale != 1.0:
        metrics = browser.send("Page.getLayoutMetrics", session=session)["cssLayoutViewport"]
        params["clip"] = {"x": 0, "y": 0, "width": metrics["clientWidth"], "height": metrics["clientHeight"]}
        params["clip"]["scale"] = scale
    return base64.b64decode(browser.send("Page.captureScreenshot", params, session=session)["data"])


def console_errors(events: list[dict[str, Any]]) -> list[str]:
    out = []
    for e in events:
        p = e.get("params", {})
        if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
        elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
            out.append(f"log: {p['entry']['text']} ({p['entry'].get('url', '')})")
        elif e["method"] == "Runtime.exceptionThrown":
            details = p["exceptionDetails"]
            out.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
    return out


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % bpp < 3) for r in rows]


def colour_census(png: bytes) -> Counter[bytes]:
    width, _, rows = decode_png(png)
    return Counter(r[i : i + 3] for r in rows for i in range(0, width * 3, 3))


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: apt-get install -y chromium")
        pytest.skip("chromium not installed (apt-get install -y chromium); in CI this test fails instead")
    return binary


@pytest.fixture(scope="module")
def page(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, str, str]]:
    folder = tmp_path_factory.mktemp("browser")
    report = write_report(build_sample_report(), folder / "report.html")
    browser = Browser(chromium, folder)
    try:
        url = report.resolve().as_uri()
        session = open_page(browser, url)
        yield browser, session, url
    finally:
        browser.close()


def test_page_loads_without_console_errors(page: tuple[Browser, str, str]) -> None:
    browser, session, _ = page
    assert console_errors(browser.events) == []
    assert evaluate(browser, session, "document.readyState") == "complete"
    assert evaluate(browser, session, "document.title").startswith("Claim check:")


def test_no_network_request_but_the_file(page: tuple[Browser, str, str]) -> None:
    browser, _, url = page
    requested = [
        e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"
    ]
    assert requested == [url]


def test_abstract_markup_stays_text(page: tuple[Browser, str, str]) -> None:
    browser, session, _ = page
    assert evaluate(browser, session, "document.scripts.length") == 0
    assert (
        evaluate(browser, session, "document.querySelectorAll('[onerror],[onload],iframe,img').length") == 0
    )
    text = evaluate(browser, session, "document.body.textContent")  # folded tables included
    assert "<script>alert(1)</script>" in text
    assert XSS_SENTENCE.split(" <script>")[0][-30:] in text


def test_every_claim_and_verdict_is_rendered(page: tuple[Browser, str, str]) -> None:
    browser, session, _ = page
    report = build_sample_report()
    sections = evaluate(browser, session, "[...document.querySelectorAll('section.claim')].map(s => s.id)")
    assert len(sections) == len(report.claims)
    links = evaluate(
        browser, session, "[...document.querySelectorAll('#summary a')].map(a => a.hash.slice(1))"
    )
    assert links == sections
    charts = evaluate(browser, session, "document.querySelectorAll('svg.chart').length")
    assert charts >= len(report.claims)


def test_readable_on_a_phone_and_printable(chromium: str, tmp_path: Path) -> None:
    report = write_report(build_sample_report(), tmp_path / "phone.html")
    browser = Browser(chromium, tmp_path)
    try:
        session = open_page(browser, report.resolve().as_uri(), width=390, height=844)
        overflow = evaluate(browser, session, "document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
        assert console_errors(browser.events) == []
        pdf = base64.b64decode(
            browser.send("Page.printToPDF", {"printBackground": True}, session=session)["data"]
        )
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    finally:
        browser.close()


def test_screenshot_is_not_blank(page: tuple[Browser, str, str], tmp_path: Path) -> None:
    browser, session, _ = page
    png = screenshot(browser, session, scale=0.5)
    out = Path(os.environ.get("LITWATCH_SCREENSHOT_DIR") or tmp_path) / "report-top.png"
    out.write_bytes(png)
    census = colour_census(png)
    total = sum(census.values())
    assert len(census) > 50, f"only {len(census)} colours in {out}"
    assert census.most_common(1)[0][1] / total < 0.9, f"one colour covers most of {out}"
    header_blue = sum(n for c, n in census.items() if c[2] > c[0] + 60 and c[2] > 80)
    assert header_blue / total > 0.03, "the header band is missing"


def main(argv: list[str]) -> None:
    """Write a full-page screenshot (and a phone one) of a report: for eyeballing the design."""
    html, png = Path(argv[0]), Path(argv[1])
    binary = find_chromium()
    assert binary, "chromium not found"
    with tempfile.TemporaryDirectory() as tmp:
        for width, suffix in ((1280, ""), (390, "-phone")):
            browser = Browser(binary, Path(tmp))
            try:
                session = open_page(browser, html.resolve().as_uri(), width=width)
                target = png.with_name(png.stem + suffix + png.suffix)
                target.write_bytes(screenshot(browser, session, full_page=True))
                print(target, console_errors(browser.events))
                size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
                step = 1000 if width > 600 else 1400
                for i, top in enumerate(range(0, int(size["height"]), step)):
                    clip = {
                        "x": 0,
                        "y": top,
                        "width": width,
                        "height": min(step, size["height"] - top),
                        "scale": 1,
                    }
                    params = {"format": "png", "captureBeyondViewport": True, "clip": clip}
                    data = browser.send("Page.captureScreenshot", params, session=session)["data"]
                    target.with_name(f"{target.stem}-{i:02d}.png").write_bytes(base64.b64decode(data))
            finally:
                browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])


A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches
MAX_DEMO_PAGES = 15


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a Chromium PDF: one `/Type /Page` object each (`/Pages` is the tree node)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def print_to_pdf(browser: Browser, session: str) -> bytes:
    reply = browser.send("Page.printToPDF", {"printBackground": True, **A4}, session=session)
    return base64.b64decode(reply["data"])


# SQLite only: the printed page is under test; both backends give the same report (test_backends).
def test_demo_report_prints_to_at_most_15_a4_pages(chromium: str, tmp_path: Path) -> None:
    """The default report is for reading and printing: the full evidence tables stay folded."""
    from litwatch.services.demo import run_demo

    result = run_demo(db_path=tmp_path / "demo.db", report_path=tmp_path / "demo.html")
    browser = Browser(chromium, tmp_path)
    try:
        session = open_page(browser, result.report_path.resolve().as_uri())
        pages = pdf_page_count(print_to_pdf(browser, session))
        print(f"demo report: {pages} A4 pages")  # the figure quoted in the README
        assert 5 <= pages <= MAX_DEMO_PAGES
        opened = evaluate(browser, session, "document.querySelectorAll('details.more[open]').length")
        assert opened == 0
        # asked for, every table opens and prints: many more pages
        evaluate(browser, session, "document.querySelectorAll('details.more').forEach(d => d.open = true)")
        assert pdf_page_count(print_to_pdf(browser, session)) > 5 * MAX_DEMO_PAGES
    finally:
        browser.close()
