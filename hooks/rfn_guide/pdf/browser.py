"""Debian's Chromium, started through Playwright (never a downloaded browser), on a closed
network: no host name resolves except the export's own server on 127.0.0.1, and anything
else goes to a proxy on a closed port. Tabs are opened here; what they print is elsewhere."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .settings import ENV_SWITCH, HOW_TO_FIX, PdfExportError

# Flags a closed network needs: without them Chromium keeps trying to reach Google's services.
# The browser tests start Chromium with these too.
CLOSED_NETWORK_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_ARGS = (
    *CLOSED_NETWORK_ARGS,
    "--disable-extensions",
    "--disable-dev-shm-usage",
    # Closed network: no host name resolves except the export's own server on 127.0.0.1 ...
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
# ... and anything else (an IP address) goes to a proxy on a closed port, so it fails too.
CLOSED_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
JS_DIR = Path(__file__).resolve().parent / "js"


def script(name: str) -> str:
    """One of the in-browser steps in js/ (kept as JavaScript files, not Python strings)."""
    return (JS_DIR / name).read_text(encoding="utf-8")


def chromium_identity(path: str) -> str:
    """What changes when Chromium is upgraded, read without starting it: its real path, size and
    time (the cache keys on it; `chromium --version` would cost a process start)."""
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except OSError:
        return real
    # Debian's /usr/bin/chromium is a shell script: the program is /usr/lib/chromium/chromium.
    program = Path("/usr/lib/chromium/chromium")
    extra = ""
    if real == "/usr/bin/chromium" and program.is_file():
        p = program.stat()
        extra = f" {program}:{p.st_size}:{p.st_mtime_ns}"
    return f"{real}:{info.st_size}:{info.st_mtime_ns}{extra}"


class Browser:
    """`async with Browser(chromium, language) as browser:` one Chromium for the whole export.
    `await browser.new_tab(origin)` gives a print-ready tab in a context of its own (so two tabs
    can lay out pages in two renderer processes, on two cores)."""

    def __init__(self, chromium: str, language: str):
        self.chromium = chromium
        self.language = language
        self.blocked: list[str] = []

    async def __aenter__(self) -> Browser:
        try:
            from playwright.async_api import async_playwright
        except ImportError as error:
            raise PdfExportError(
                f"The Python package `playwright` is missing ({error}): run "
                f"`.venv/bin/pip install -r requirements.txt`, or build with {ENV_SWITCH}=0."
            ) from None
        self._manager = async_playwright()
        playwright = await self._manager.__aenter__()
        try:
            self._browser = await playwright.chromium.launch(
                executable_path=self.chromium, args=list(CHROMIUM_ARGS), proxy=CLOSED_PROXY, timeout=60_000)  # type: ignore[arg-type]
        except Exception as error:  # Playwright raises its own Error with a long log
            await self._manager.__aexit__(None, None, None)
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise PdfExportError(f"Chromium at {self.chromium} would not start ({first_line}). {HOW_TO_FIX}") from None
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self._browser.close()
        finally:
            await self._manager.__aexit__(None, None, None)

    async def new_tab(self, origin: str) -> Any:
        context = await self._browser.new_context(
            locale=self.language, service_workers="block", java_script_enabled=True,
            viewport={"width": 1000, "height": 1400})

        def watch(request: Any) -> None:
            """Notes every request for another origin (the browser's settings make it fail)."""
            if not request.url.startswith(origin) and not request.url.startswith(("data:", "blob:", "about:")):
                self.blocked.append(request.url)

        context.on("request", watch)
        tab = await context.new_page()
        await tab.emulate_media(media="print")
        return tab
