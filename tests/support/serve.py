"""Serving for the tests: `mkdocs serve` as an editor runs it (a free port, its log read line by
line as it comes), and a plain folder on 127.0.0.1 (serve_directory)."""
from __future__ import annotations

import queue
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServeLog:
    """The log of a running `mkdocs serve` (stdout and stderr together). A thread reads it to its
    end, so the server never blocks on a full pipe; `wait_for` takes each line as it comes (no
    polling, no fixed sleep)."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.seen: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            for line in server.stdout or ():
                self._lines.put(line)
            self._lines.put(None)  # the server has stopped

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, words: str, within: float = 240) -> str:
        """The next line with `words`; fails, showing the log so far, if the server stops, aborts,
        shows a traceback, or `within` seconds pass first."""
        deadline = time.monotonic() + within
        while True:
            try:
                line = self._lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                pytest.fail(f"no log line with {words!r} from mkdocs serve within {within:.0f} s:\n{self.tail()}")
            if line is None:
                pytest.fail(f"mkdocs serve stopped:\n{self.tail()}")
            self.seen.append(line)
            if "Traceback" in line or "Aborted" in line:
                pytest.fail(f"mkdocs serve failed:\n{self.tail()}")
            if words in line:
                return line

    def tail(self, count: int = 30) -> str:
        while True:  # what the thread has read but no one has asked for yet
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.seen.append(line)
        return "".join(self.seen[-count:])


class QuietHandler:
    """Builds a handler class serving one folder without logging every request to stderr."""

    @staticmethod
    def for_directory(directory: Path):
        from functools import partial
        from http.server import SimpleHTTPRequestHandler

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        return partial(Handler, directory=str(directory))


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """`with serve_directory(folder) as base_url:` a server for `folder` on 127.0.0.1 in a
    thread, stopped when the block ends (whether or not the test passed)."""
    from rfn_guide.pdf.server import LocalServer

    server = LocalServer(("127.0.0.1", 0), QuietHandler.for_directory(directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
