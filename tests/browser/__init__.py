"""Shared pieces of the real-browser tests: Chromium, the offline launch, a local server.

The tests drive Debian's Chromium (``apt-get install chromium``) through the Playwright
Python package; they never download a browser (no ``playwright install``). Every address
but 127.0.0.1 is unresolvable inside the browser, so a page that reaches for the web fails
its request and the test says which one.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

INSTALL_HINT = (
    "Chromium is not installed, so the real-browser tests cannot run. Install it with "
    "`sudo apt-get install chromium` (Debian/Ubuntu; the tests use /usr/bin/chromium or "
    "`chromium` on PATH, never a Playwright-downloaded browser)."
)

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def chromium_path() -> str | None:
    """Debian's Chromium: ``/usr/bin/chromium``, else ``chromium`` on PATH, else None."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def require_chromium() -> str:
    """The Chromium executable, or skip the calling test saying how to install it.

    With ``CI=true`` a missing Chromium fails the test instead (CI installs it).
    """
    from conftest import missing_tool

    path = chromium_path()
    if path is None:
        missing_tool(INSTALL_HINT)
    return path


@contextlib.contextmanager
def launch_chromium() -> Iterator:
    """A headless Chromium (Playwright ``Browser``) that can reach only 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def chapters() -> list[str]:
    """Documents of the book in ``_toc.yml`` order (``book/intro``, ``book/<chapter>``...)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    docs = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        docs += [c["file"] for c in part.get("chapters", [])]
    return [d.removesuffix(".ipynb").removesuffix(".md") for d in docs]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
