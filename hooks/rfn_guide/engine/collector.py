"""Python's garbage collector kept off the build's critical path, where its passes over every
object the HTML build made (its pages, their HTML, the templates: hundreds of thousands of
objects, 12-15 ms a pass on this machine) find nothing to free.

- While the PDFs are made (pdf/step.py): the objects the HTML build made are frozen (gc.freeze:
  moved out of the collector's reach) before the export starts, so a collection that its own
  allocations trigger looks only at the export's objects. Issue 21: after a one-page edit, one
  full pass ran on the build's thread as the edited page opened, and another as the export ended.
  They are thawed (gc.unfreeze) when the next build starts (`mkdocs serve`, a test run) and when
  the build shuts down, so nothing stays out of reach for longer than one export.
- At the process's exit: gc.freeze() again, so Python's last collection before the operating
  system frees the whole process skips them (30-50 ms of every `mkdocs build`, with or without
  PDFs). Registered with atexit, so it runs only when the process really ends, and registered
  early, so it runs after the handlers registered later (multiprocessing's, weakref's
  finalizers), which still run. Objects are still freed by their reference counts as modules are
  torn down; only the search for cycles is skipped (no cycle of ours needs a finalizer at exit:
  files are closed, and Chromium and the worker processes are stopped in on_shutdown)."""
from __future__ import annotations

import atexit
import gc


class _Collector:
    """Whether this process froze the build's objects (so only its own freeze is undone)."""
    frozen = False
    exit_registered = False


def freeze_at_exit() -> None:
    """Registers gc.freeze() to run at the process's exit (once a process)."""
    if not _Collector.exit_registered:
        atexit.register(gc.freeze)
        _Collector.exit_registered = True


def freeze_built() -> None:
    """Every object made so far out of the collector's reach, until thaw()."""
    gc.freeze()
    _Collector.frozen = True


def thaw() -> None:
    """Undoes freeze_built(): the objects it froze can be collected again."""
    if _Collector.frozen:
        gc.unfreeze()
        _Collector.frozen = False
