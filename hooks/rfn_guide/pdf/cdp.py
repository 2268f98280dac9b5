"""Chromium driven through its own DevTools protocol, over the pipe Chromium opens with
`--remote-debugging-pipe` (file descriptors 3 and 4; JSON messages ending in a NUL byte).

Why not Playwright here (issue 21): Playwright's Python package talks to a Node.js driver, which
talks to Chromium. For one page's edit that driver spent 0.6-0.7 s of CPU (measured from /proc)
on a machine with two cores, while the HTML was built and the PDFs printed beside it. The export
needs a handful of the protocol's commands (open a tab, load a page, run a script, print), so it
sends them itself. The browser tests still use Playwright, for what it is good at.

The tab keeps what Playwright's `page.pdf()` and `browser.new_context()` sent, so the PDFs are laid
out as before: the same switches (browser.py), paper sizes and margin units, default fonts, media
emulation, viewport and locale."""
from __future__ import annotations

import asyncio
import base64
import contextlib
import fcntl
import itertools
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Playwright's paper sizes in inches and its units in CSS pixels (crPdf.ts), so a page breaks
# where it did when Playwright printed it.
PAPER_INCHES = {"letter": (8.5, 11.0), "a4": (8.27, 11.7)}
_PIXELS = {"px": 1.0, "in": 96.0, "cm": 37.8, "mm": 3.78}
# Chromium's generic font families as Playwright sets them on Linux (Page.setFontFamilies): a
# style that names only "sans-serif" gets Arial (Liberation Sans), as before.
FONT_FAMILIES = {"standard": "Times New Roman", "fixed": "Monospace", "serif": "Times New Roman",
                 "sansSerif": "Arial", "cursive": "Comic Sans MS", "fantasy": "Impact"}
_LIGHT = [{"name": "prefers-color-scheme", "value": "light"}, {"name": "prefers-reduced-motion", "value": "no-preference"},
          {"name": "forced-colors", "value": "none"}, {"name": "prefers-contrast", "value": "no-preference"}]
TIMEOUT = 60.0  # s: a page that has not loaded (or printed) by then will not


class BrowserError(Exception):
    """Chromium stopped, did not answer in time, or refused a command."""


def inches(value: str) -> float:
    """A CSS length ("18mm", "1in", "96px", or a bare number of pixels) in inches."""
    unit = value[-2:].lower()
    number = value[:-2] if unit in _PIXELS else value
    return float(number) * _PIXELS.get(unit, 1.0) / 96


class _Pipe(asyncio.Protocol):
    """Splits what Chromium writes into messages and hands each to `deliver`; `lost` is
    called once the pipe closes (Chromium exited or crashed)."""

    def __init__(self, deliver: Callable[[dict[str, Any]], None], lost: Callable[[], None]) -> None:
        self._buffer = bytearray()
        self._deliver = deliver
        self._lost = lost

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\0")) >= 0:
            message = bytes(self._buffer[:end])
            del self._buffer[:end + 1]
            self._deliver(json.loads(message))

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost()


def _above_nine(fd: int) -> int:
    """`fd` moved to the lowest free descriptor above 9 (still closed on exec, unless passed on).
    If it cannot be moved, `fd` stays open (the caller closes it)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Connection:
    """One Chromium process and its pipe: commands answered by id, events handed to the
    listeners of their session ("" for the browser's own)."""

    def __init__(self, process: asyncio.subprocess.Process, profile: Path) -> None:
        self.process = process
        self.profile = profile  # the user data folder, removed on close
        self.closed = False
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: dict[str, list[Callable[[str, dict[str, Any]], None]]] = {}
        self._writer: asyncio.WriteTransport | None = None

    @classmethod
    async def launch(cls, chromium: str, args: list[str]) -> Connection:
        """Starts Chromium with its end of two pipes as descriptors 3 and 4 (where it looks for
        them). Bash puts them there (dash takes only one-digit numbers): Python's subprocess
        keeps a descriptor's number, and moving it in a preexec function is unsafe in a process
        with threads. Chromium's ends are first moved above 9: a pipe that got descriptor 3 or
        4 (free in a process that closed them, or while another thread forks) would be closed
        again by the redirections that put the other end there, and Chromium would find no pipe
        ("Remote debugging pipe file descriptors are not open": half the early starts failed so)."""
        profile = Path(tempfile.mkdtemp(prefix="rfn-chromium-"))
        opened: list[int] = []  # every descriptor made here and not yet handed on or closed
        try:
            to_chromium = os.pipe()
            opened += to_chromium
            from_chromium = os.pipe()
            opened += from_chromium
            theirs: list[int] = []
            for fd in (to_chromium[0], from_chromium[1]):
                theirs.append(_above_nine(fd))
                opened[opened.index(fd)] = theirs[-1]  # the original is closed now
            with open(profile / "stderr.log", "wb") as stderr:  # the child keeps its own copy; read on failure
                process = await asyncio.create_subprocess_exec(
                    "/bin/bash", "-c", f'exec "$@" 3<&{theirs[0]} 4>&{theirs[1]} {theirs[0]}<&- {theirs[1]}>&-', "bash",
                    chromium, *args, f"--user-data-dir={profile}", "--remote-debugging-pipe", "--no-startup-window",
                    pass_fds=theirs, start_new_session=True, stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL, stderr=stderr)
        except BaseException:  # also a cancellation while it starts: nothing is left open
            for fd in opened:
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(profile, ignore_errors=True)
            raise
        for fd in theirs:
            os.close(fd)
        connection = cls(process, profile)
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: _Pipe(connection._deliver, connection._lost),
                                     os.fdopen(from_chromium[0], "rb", buffering=0))
        connection._writer, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(to_chromium[1], "wb", buffering=0))
        return connection

    def stderr_tail(self) -> str:
        """Chromium's last words on its error output (why it would not start)."""
        try:
            lines = (self.profile / "stderr.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""

    async def send(self, method: str, params: dict[str, Any] | None = None, session: str = "",
                   timeout: float = TIMEOUT) -> dict[str, Any]:
        if self.closed or self._writer is None:
            raise BrowserError(f"Chromium is no longer running (asked for {method})")
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        answer = self._waiting[number] = asyncio.get_running_loop().create_future()
        self._writer.write(json.dumps(message).encode("utf-8") + b"\0")
        try:  # asyncio.timeout, not wait_for: in Python 3.11 wait_for can swallow a cancellation
            async with asyncio.timeout(timeout):
                reply = await answer
        except TimeoutError:
            raise BrowserError(f"Chromium did not answer {method} within {timeout:.0f} s") from None
        finally:
            self._waiting.pop(number, None)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
        result: dict[str, Any] = reply.get("result") or {}
        return result

    def listen(self, session: str, listener: Callable[[str, dict[str, Any]], None]) -> None:
        self._listeners.setdefault(session, []).append(listener)

    def forget(self, session: str) -> None:
        self._listeners.pop(session, None)

    def _deliver(self, message: dict[str, Any]) -> None:
        if "id" in message:
            waiting = self._waiting.get(message["id"])
            if waiting is not None and not waiting.done():
                waiting.set_result(message)
            return
        for listener in self._listeners.get(message.get("sessionId", ""), []):
            listener(message.get("method", ""), message.get("params") or {})

    def _lost(self) -> None:
        self.closed = True
        for waiting in self._waiting.values():
            if not waiting.done():
                waiting.set_exception(BrowserError("Chromium closed the connection (it exited or crashed)"))

    def kill(self) -> None:
        """Ends Chromium at once, with every process it started. Debian's /usr/bin/chromium is a
        shell script that runs the program as its child, so the whole process group goes (it
        was started as a group of its own for this)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    async def close(self) -> None:
        """Asks Chromium to quit, and ends it if it will not; removes its user data folder. Asked
        first, not killed: Chromium then ends its own helper processes and collects them (killed,
        they would linger as zombies where the system's first process does not collect them)."""
        try:
            if not self.closed:
                with contextlib.suppress(BrowserError):
                    await self.send("Browser.close", timeout=5)
            try:
                async with asyncio.timeout(5):
                    await self.process.wait()
            except TimeoutError:
                self.kill()
                await self.process.wait()
        finally:
            if self._writer is not None:
                self._writer.close()
            # On a thread (5 ms): the event loop hands over the export's last work meanwhile
            await asyncio.to_thread(shutil.rmtree, self.profile, ignore_errors=True)


@dataclass(frozen=True)
class Response:
    """The answer to a tab's navigation: its HTTP status (0: none, the load failed)."""
    status: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Tab:
    """One page in a browser context of its own (its own cache and storage), with the few
    things the export asks of it, named as Playwright's Page names them."""

    def __init__(self, connection: Connection, context: str, target: str, session: str) -> None:
        self.connection = connection
        self.context = context
        self.target = target  # also the id of its main frame
        self.session = session
        self._loaded: set[str] = set()  # loader ids whose "load" came
        self._documents: dict[str, int] = {}  # loader id -> HTTP status of its document
        self._changed = asyncio.Event()
        self._request_watchers: list[Callable[[str], None]] = []
        connection.listen(session, self._event)

    @classmethod
    async def open(cls, connection: Connection, language: str, width: int, height: int, before_scripts: str,
                   media: str = "") -> Tab:
        """A new tab in a context of its own, showing pages as `media` ("print"; "": the screen);
        `before_scripts` (a JavaScript function's source) runs in every page it loads before the
        page's own scripts. Its settings are sent at once, not one after another: the new page's
        renderer process answers them together once it has started."""
        context = (await connection.send("Target.createBrowserContext", {"disposeOnDetach": True}))["browserContextId"]
        target = (await connection.send("Target.createTarget", {"url": "about:blank", "browserContextId": context}))["targetId"]
        session = (await connection.send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        tab = cls(connection, context, target, session)
        await asyncio.gather(*(tab._send(method, params) for method, params in (
            ("Page.enable", {}),
            ("Page.setLifecycleEventsEnabled", {"enabled": True}),
            ("Network.enable", {}),
            ("Emulation.setFocusEmulationEnabled", {"enabled": True}),
            ("Emulation.setDeviceMetricsOverride", {
                "mobile": False, "width": width, "height": height, "screenWidth": width, "screenHeight": height,
                "deviceScaleFactor": 1, "screenOrientation": {"angle": 0, "type": "landscapePrimary"}}),
            ("Emulation.setLocaleOverride", {"locale": language}),
            ("Page.setFontFamilies", {"fontFamilies": FONT_FAMILIES}),
            ("Emulation.setEmulatedMedia", {"media": media, "features": _LIGHT}),
            ("Page.addScriptToEvaluateOnNewDocument", {"source": f"({before_scripts}\n)()", "runImmediately": True}),
        )))
        return tab

    async def _send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.connection.send(method, params, self.session)

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Page.lifecycleEvent" and params.get("name") == "load":
            self._loaded.add(params.get("loaderId", ""))
        elif method == "Network.responseReceived" and params.get("type") == "Document":
            self._documents[params.get("loaderId", "")] = int(params.get("response", {}).get("status", 0))
        elif method == "Network.requestWillBeSent":
            for watcher in self._request_watchers:
                watcher(params.get("request", {}).get("url", ""))
        else:
            return
        self._changed.set()

    async def _until(self, done: Callable[[], bool], what: str) -> None:
        async def wait() -> None:
            while not done():
                if self.connection.closed:
                    raise BrowserError(f"Chromium stopped while {what}")
                self._changed.clear()
                await self._changed.wait()
        try:
            async with asyncio.timeout(TIMEOUT):
                await wait()
        except TimeoutError:
            raise BrowserError(f"Chromium did not finish {what} within {TIMEOUT:.0f} s") from None

    def on_request(self, watcher: Callable[[str], None]) -> None:
        """`watcher(url)` for every request the tab makes."""
        self._request_watchers.append(watcher)

    async def goto(self, url: str, wait_until: str = "load") -> Response:
        """Loads `url` and waits for its load event; the document's HTTP status is returned."""
        navigation = await self._send("Page.navigate", {"url": url, "referrerPolicy": "unsafeUrl"})
        if navigation.get("errorText"):
            return Response(0)
        loader = navigation.get("loaderId", "")
        await self._until(lambda: loader in self._loaded and loader in self._documents, f"loading {url}")
        return Response(self._documents[loader])

    async def evaluate(self, function: str, arg: Any = None) -> Any:
        """Calls the JavaScript function `function` (source text) with `arg` in the page, and
        returns what it returns (a promise is waited for), as JSON values."""
        result = await self._send("Runtime.evaluate", {
            "expression": f"({function}\n)({json.dumps(arg)})", "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"A script failed in the page: {details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    async def set_content(self, markup: str) -> None:
        await self._send("Page.setDocumentContent", {"frameId": self.target, "html": markup})

    async def pdf(self, format: str, margin: dict[str, str], print_background: bool, tagged: bool, outline: bool,
                  display_header_footer: bool, header_template: str, footer_template: str,
                  prefer_css_page_size: bool) -> bytes:
        """The page printed, with Page.printToPDF's parameters as Playwright's page.pdf() sets them."""
        width, height = PAPER_INCHES[format.lower()]
        result = await self._send("Page.printToPDF", {
            "landscape": False, "displayHeaderFooter": display_header_footer, "headerTemplate": header_template,
            "footerTemplate": footer_template, "printBackground": print_background, "scale": 1,
            "paperWidth": width, "paperHeight": height,
            "marginTop": inches(margin.get("top", "0")), "marginBottom": inches(margin.get("bottom", "0")),
            "marginLeft": inches(margin.get("left", "0")), "marginRight": inches(margin.get("right", "0")),
            "pageRanges": "", "preferCSSPageSize": prefer_css_page_size,
            "generateTaggedPDF": tagged, "generateDocumentOutline": outline})
        return base64.b64decode(result["data"])

    async def close(self) -> None:
        """Closes the tab with its context (its cache and storage go with it)."""
        self.connection.forget(self.session)
        if not self.connection.closed:
            await self.connection.send("Target.disposeBrowserContext", {"browserContextId": self.context})
