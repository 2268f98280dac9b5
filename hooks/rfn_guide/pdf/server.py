"""The local web server the browser prints from: the built site on 127.0.0.1, a free port."""
from __future__ import annotations

import asyncio
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Files a printed page never needs: the search worker and its index, and the theme's own script
# (instant navigation, search, the header's behaviour: all for the screen). Not running it saves
# 0.07 s each time a page is opened to print; the one thing it does that a print shows, wrapping
# each table in two <div>s, js/prepare.js does (the PDFs came out byte-identical).
SKIPPED_FILES = re.compile(r"^(search/search_index\.json|assets/javascripts/workers/.*|assets/javascripts/bundle\..*\.js)$")


class _SiteHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # quiet: the build log is for editors
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        if SKIPPED_FILES.match(self.path.lstrip("/").split("?")[0]):
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path: Any) -> None:
        """A folder without its index.html is a page the build did not write: 404, not a listing
        of the folder, which the export would take for the page and fail on obscurely."""
        self.send_error(404)
        return None

    def end_headers(self) -> None:
        # Styles, scripts and pictures are the same for every page: let the browser keep them
        # (and its compiled scripts) instead of asking again on each of the pages.
        if not self.path.endswith("/") and not self.path.endswith(".html"):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


class LocalServer(ThreadingHTTPServer):
    """A server on 127.0.0.1 for a browser that opens many files at once: the export's, the
    tests' and the benchmarks'."""
    daemon_threads = True
    # Room for every connection two tabs open at once (each asks for a page's styles, pictures
    # and fonts on up to six). socketserver's default queue of 5 overflowed: the system dropped
    # the connections beyond it, Chromium tried again a second later, and a page took 1.1 s to
    # open instead of 0.1 s (seen in one build of three after a one-page edit).
    request_queue_size = 128


class _QuietServer(LocalServer):

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A tab that moves on (or a browser that closes) drops its connections mid-answer; that
        is normal here, not a traceback on the build's output. Anything else is still shown."""
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(site_dir) as origin:` serves the folder until the block ends; `async
    with` stops it on a thread, so the event loop goes on meanwhile (the export hands the
    booklets over to be merged while the server waits for its next poll)."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir).resolve()
        self.origin = ""

    @staticmethod
    def make_server(site_dir: Path) -> ThreadingHTTPServer:
        """The server for `site_dir` on a free port of 127.0.0.1, listening, not yet serving."""
        return _QuietServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(Path(site_dir).resolve())))

    def __enter__(self) -> str:
        self._server = self.make_server(self.site_dir)
        # A short poll interval: shutdown() waits for the next poll (0.5 s by default).
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         name="pdf-export-server", daemon=True).start()
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}/"
        return self.origin

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    async def __aenter__(self) -> str:
        return self.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.__exit__)
