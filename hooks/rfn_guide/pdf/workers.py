"""The pikepdf work of an export (finishing a handout, making a booklet part accessible, merging a
booklet) run in processes of their own, one a core.

Why (issue 21): once Chromium prints in processes of its own, what is left on the export's
critical path is this work, and in threads it runs one piece at a time (pikepdf holds Python's
lock while it copies objects): after one page's edit, about 0.9 s of it on one core while the
other waited. In processes the two booklets merge at once, beside the handouts being finished.

The processes come from a fork server (multiprocessing's "forkserver": a fresh interpreter, so
forking never copies this process's threads or its locks) that has pikepdf (and the command
line that started the build) imported already,
so a worker starts in milliseconds (and imports the finishing code as it starts: _ready). As
with any use of multiprocessing, a script that exports PDFs keeps its own work under
`if __name__ == "__main__":` (each worker runs the script that started the export again, as
__mp_main__; mkdocs, pytest and scripts/ do so). `mkdocs build` starts them while it builds the HTML, once
Chromium's first tab is ready (step.py); `mkdocs serve` keeps them between rebuilds."""
from __future__ import annotations

import multiprocessing
import os
import site
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
# Imported by the fork server once, so every worker forked from it has it: pikepdf (0.06 s).
_PRELOAD = ["pikepdf"]
# Multiprocessing runs the script that started the export again in every worker (as
# __mp_main__), and Python 3.11's fork server does not do it once for them: its "__main__"
# preload is never handed the script's path. `.venv/bin/mkdocs`, the script of `mkdocs build`,
# only imports MkDocs' command line, so that module is preloaded instead (when it is what
# started this process): each worker's run of the script then finds it loaded. It took 0.1 s of
# CPU a worker, while the HTML was being built. (`python -m mkdocs` is not run again at all.)
_COMMAND_LINES = ["mkdocs.__main__", "properdocs.__main__"]
# Where the rfn_guide package is. MkDocs puts a hook's folder on sys.path only while it loads the
# hook, so the workers are told (the fork server of Python 3.11 ignores this process's sys.path).
_HOOKS_DIR = str(Path(__file__).resolve().parents[2])


def _ready() -> int:
    """A job submitted to start a worker before it has work: it imports the finishing code
    (0.03 s, spent in the background rather than in the worker's first job)."""
    import rfn_guide.pdf.finish  # noqa: F401  # the package is found: the worker's initializer

    return os.getpid()


class Workers:
    """`workers.submit(function, *args)`: `function` (a module-level function, with arguments
    that pickle) run in a worker process; its result, or its exception, in the Future."""

    def __init__(self, count: int | None = None) -> None:
        self.count = max(1, count or os.cpu_count() or 2)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # one pool, when start_soon's thread and the export both ask

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(_PRELOAD + [name for name in _COMMAND_LINES if name in sys.modules])
                self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context,
                                                 initializer=site.addsitedir, initargs=(_HOOKS_DIR,))
            return self._pool

    def start_soon(self) -> None:
        """Starts the fork server and every worker on a thread of its own, and returns at once
        (starting the fork server waits until it has imported pikepdf)."""
        def start() -> None:
            pool = self._executor()
            try:
                for _ in range(self.count):
                    pool.submit(_ready)
            except RuntimeError:  # closed meanwhile (the build stopped early): nothing to start
                pass
        threading.Thread(target=start, name="pdf-workers-start", daemon=True).start()

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        return self._executor().submit(function, *args)

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """Runs `function(*args)` in a worker and waits for it (from a thread: the export's
        finishing threads each wait here while a worker does the work)."""
        return self.submit(function, *args).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


_shared: Workers | None = None


def shared() -> Workers:
    """The workers of this process (made on first use; kept until close_shared())."""
    global _shared
    if _shared is None:
        _shared = Workers()
    return _shared


def close_shared() -> None:
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None
