"""Python's garbage collector kept off the build's critical path, where its passes over every
object the HTML build made (its pages, their HTML, the templates: hundreds of thousands of
objects, 12-15 ms a pass on this machine) find nothing to free.

- While the PDFs are made (pdf/step.py): the objects made so far are frozen (gc.freeze: moved
  out of the collector's reach) just before the export starts, so a collection that the
  export's own allocations trigger looks only at the export's objects. Issue 21: after a
  one-page edit, one full pass ran on the build's thread as the edited page opened, and another
  as the export ended. They are thawed (gc.unfreeze) when the build shuts down or the next build
  starts. Under `mkdocs serve` that is the next rebuild, so one build's objects, and the cycles it
  drops after the export (pages and nav link to each other), wait out the time between rebuilds
  uncollected: one build's worth, never more.
- At the process's exit: gc.freeze() again (atexit), so Python's last collection before the
  operating system frees the whole process skips them (30-50 ms of every `mkdocs build`, with or
  without PDFs). atexit runs it only when the process really ends, never between the builds of
  `mkdocs serve` or of a test run, whose garbage must still be collected. Every atexit handler
  still runs, before or after it; objects are still freed by their reference counts as modules
  are torn down. Only the search for cycles is skipped, and no cycle of ours needs a finalizer at
  exit: files are closed, and Chromium and the worker processes are stopped in on_shutdown."""
from __future__ import annotations

import atexit
import gc


class _State:
    """Whether freeze_built() froze the objects (thaw() then unfreezes them; without it, thaw()
    leaves the collector as it is) and whether the exit's freeze is registered."""
    frozen = False
    exit_registered = False


def freeze_at_exit() -> None:
    """Registers gc.freeze() to run at the process's exit (once a process)."""
    if not _State.exit_registered:
        atexit.register(gc.freeze)
        _State.exit_registered = True


def freeze_built() -> None:
    """Every object made so far out of the collector's reach, until thaw()."""
    gc.freeze()
    _State.frozen = True


def thaw() -> None:
    """Undoes freeze_built() (gc.unfreeze() undoes every freeze, so it is called only after one of
    ours)."""
    if _State.frozen:
        gc.unfreeze()
        _State.frozen = False
