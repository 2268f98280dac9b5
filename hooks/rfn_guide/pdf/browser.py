"""Debian's Chromium (never a downloaded browser), driven through its DevTools protocol (cdp.py),
on a closed network: no host name resolves except the export's own server on 127.0.0.1, and
anything else goes to a proxy on a closed port. Tabs are opened here; what they print is
elsewhere."""
from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from .cdp import BrowserError, Connection, Tab
from .settings import HOW_TO_FIX, PdfExportError

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
# What Playwright 1.65 started Chromium with when it printed these PDFs (its chromiumSwitches,
# read from the command line it ran), so the pages are laid out and coloured as they were; the
# colour profile and the scroll bars change a print, the rest keeps Chromium quiet and quick.
_AS_PLAYWRIGHT_DID = (
    "--disable-field-trial-config",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-back-forward-cache",
    "--disable-breakpad",
    "--disable-component-extensions-with-background-pages",
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,"
    "HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,"
    "AvoidCorsURLLoaderRestartOnRedirect,TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,"
    "AimEnabled,PreconnectToSearch",
    "--enable-features=CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies",
    "--allow-pre-commit-input",
    "--disable-hang-monitor",
    "--disable-ipc-flooding-protection",
    "--disable-popup-blocking",
    "--disable-prompt-on-repost",
    "--disable-renderer-backgrounding",
    "--force-color-profile=srgb",
    "--metrics-recording-only",
    "--password-store=basic",
    "--use-mock-keychain",
    "--no-service-autorun",
    "--disable-search-engine-choice-screen",
    "--enable-unsafe-swiftshader",
    "--disable-stack-profiler",
    "--disable-infobars",
    "--headless",
    "--hide-scrollbars",
    "--mute-audio",
    "--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4",
)
CHROMIUM_ARGS = (
    *_AS_PLAYWRIGHT_DID,
    *CLOSED_NETWORK_ARGS,
    "--disable-extensions",
    "--disable-dev-shm-usage",
    # Closed network: no host name resolves except the export's own server on 127.0.0.1 ...
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # ... and anything else (an IP address) goes to a proxy on a closed port, so it fails too.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
)
VIEWPORT = (1000, 1400)  # CSS pixels: wide enough for the desktop layout the print styles start from
JS_DIR = Path(__file__).resolve().parent / "js"
T = TypeVar("T")


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
    # Debian's /usr/bin/chromium and /usr/bin/chromium-headless-shell are shell scripts: the
    # programs are in /usr/lib/chromium/.
    program = Path("/usr/lib/chromium") / Path(real).name
    extra = ""
    if real in ("/usr/bin/chromium", "/usr/bin/chromium-headless-shell") and program.is_file():
        p = program.stat()
        extra = f" {program}:{p.st_size}:{p.st_mtime_ns}"
    return f"{real}:{info.st_size}:{info.st_mtime_ns}{extra}"


class Browser:
    """`async with Browser(chromium, language) as browser:` one Chromium for the whole export.
    `await browser.tabs(count, origin)` gives print-ready tabs, each in a context of its own (so
    two tabs can lay out pages in two renderer processes, on two cores); tabs made ahead with
    `spare_tabs` (while the build writes the HTML) are handed out first."""

    def __init__(self, chromium: str, language: str):
        self.chromium = chromium
        self.language = language
        self.blocked: list[str] = []
        self.origin = ""  # the export's server: requests anywhere else are noted in `blocked`
        self._connection: Connection | None = None
        self._contexts: list[Tab] = []  # every tab opened (each is a context of its own)
        self._spare: list[Tab] = []
        self._making: asyncio.Future[list[Tab]] | None = None  # spare tabs on their way

    async def __aenter__(self) -> Browser:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        return self._connection is not None and not self._connection.closed

    async def close_tabs(self) -> None:
        """Closes every tab this export opened, and forgets what they asked for: a browser kept
        for the next export starts it clean."""
        for tab in self._contexts:
            await tab.close()
        self._contexts.clear()
        self._spare.clear()
        self.blocked = []

    async def start(self) -> Browser:
        connection = None
        try:
            connection = await Connection.launch(self.chromium, list(CHROMIUM_ARGS))
            await connection.send("Browser.getVersion")  # answered once Chromium is up
        except (OSError, BrowserError) as error:
            why = (connection.stderr_tail() if connection else "") or str(error)
            if connection is not None:
                await connection.close()
            raise PdfExportError(f"Chromium at {self.chromium} would not start ({why}). {HOW_TO_FIX}") from None
        self._connection = connection
        return self

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()

    async def tabs(self, count: int, origin: str) -> list[Tab]:
        """`count` tabs for an export from `origin`: the spare ones first (waited for if they
        are still being made), then new ones."""
        self.origin = origin
        if self._making is not None:
            await self._making
        ready, self._spare = self._spare[:count], self._spare[count:]
        return ready + list(await asyncio.gather(*(self._new_tab() for _ in range(count - len(ready)))))

    async def spare_tabs(self, count: int) -> None:
        """Makes tabs ahead of the export that will ask for them."""
        self._making = asyncio.ensure_future(asyncio.gather(*(self._new_tab() for _ in range(count - len(self._spare)))))
        try:
            self._spare += await self._making
        finally:
            self._making = None

    async def _new_tab(self) -> Tab:
        if self._connection is None:
            raise BrowserError("Chromium was not started")
        tab = await Tab.open(self._connection, self.language, *VIEWPORT, script("no-service-workers.js"), media="print")

        def watch(url: str) -> None:
            """Notes every request for another origin (the browser's settings make it fail)."""
            if not url.startswith(self.origin) and not url.startswith(("data:", "blob:", "about:")):
                self.blocked.append(url)

        tab.on_request(watch)
        self._contexts.append(tab)
        return tab


class WarmBrowser:
    """One Chromium started before the export needs it, on a thread of its own: its pipe belongs
    to the event loop that opened it, so the thread runs one loop, and the export runs on it
    (`run`).

    - `mkdocs build` (keep=False): started as the build begins (`start_soon`), so Chromium and
      its tabs get ready while the HTML is built, and closed by the export when it is done.
    - `mkdocs serve` with PDFs on (keep=True, issue 21): kept from one rebuild to the next, so
      only the first rebuild pays for its start (0.6 s here), with a tab made ready for the
      next rebuild after each one.
    `starts` counts the Chromiums it started."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="pdf-browser", daemon=True)
        self._thread.start()
        self._browser: Browser | None = None
        self._starting = asyncio.Lock()  # one start at a time: an early start and the export's ask
        self._spare_for_next: asyncio.Future[None] | None = None  # (kept) the next rebuild's tab
        self.starts = 0
        self.closed = False  # close() was called: nothing more is started

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def start_soon(self, chromium: str, language: str, tabs: int, then: Callable[[], None] | None = None) -> None:
        """Starts Chromium and `tabs` tabs in the background and returns at once; `then` is
        called (on the browser's thread) once they are ready, or the start failed. A start that
        fails is tried again (and its error shown) when the export asks for the browser."""
        async def start() -> None:
            try:
                browser = await self.browser(chromium, language)
                await browser.spare_tabs(tabs)
            finally:
                if then is not None and not self.closed:
                    then()
        asyncio.run_coroutine_threadsafe(start(), self.loop)

    async def browser(self, chromium: str, language: str) -> Browser:
        """The running Chromium; started on first use, and again after it closed or crashed, or
        when the build asks for another Chromium or language."""
        async with self._starting:
            current = self._browser
            if current is not None and current.connected and (current.chromium, current.language) == (chromium, language):
                return current
            if current is not None:
                await self._close_quietly(current)
            self._browser = await Browser(chromium, language).start()
            self.starts += 1
            return self._browser

    def run_export(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Runs an export on this browser's loop; a kept browser then makes a fresh tab for the
        next rebuild while the editor types (not during the export, whose merging it would slow)."""
        try:
            return self.run(coroutine)
        finally:
            if self.keep and self._browser is not None:
                browser = self._browser
                self.loop.call_soon_threadsafe(self._ready_next, browser)

    def _ready_next(self, browser: Browser) -> None:
        self._spare_for_next = asyncio.ensure_future(self._spare_quietly(browser))

    async def done(self, browser: Browser) -> None:
        """The export is done with the browser: its tabs close, and Chromium too unless kept."""
        if not self.keep:
            self._browser = None
            await self._close_quietly(browser)
            return
        await browser.close_tabs()

    async def settled(self) -> None:
        """Waits until the tab made for the next rebuild is ready (a benchmark's idle editor)."""
        if self._spare_for_next is not None:
            await self._spare_for_next

    @staticmethod
    async def _spare_quietly(browser: Browser) -> None:
        try:
            await browser.spare_tabs(1)
        except Exception:  # Chromium closed or crashed meanwhile: the next export starts another
            pass

    @staticmethod
    async def _close_quietly(browser: Browser) -> None:
        try:  # bounded: a Chromium that Ctrl+C has already stopped never answers
            async with asyncio.timeout(10):
                await browser.close()
        except Exception:  # already gone (it crashed, or Ctrl+C stopped it): nothing left to close
            pass

    def close(self) -> None:
        """Closes Chromium and ends the thread (the server stops)."""
        self.closed = True
        # Ctrl+C reaches Chromium too, which may be gone already: what the pending commands
        # then raise is of no interest while shutting down
        self.loop.set_exception_handler(lambda loop, context: None)
        if self._browser is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._close_quietly(self._browser), self.loop).result(timeout=12)
            except Exception:  # a Chromium that will not close does not hold the server up
                pass
            self._browser = None
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
