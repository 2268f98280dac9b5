"""The garbage collector kept off the build's critical path (engine/collector.py, issue 21): the
HTML build's objects frozen while the PDFs are made and thawed when the next build starts or the
build shuts down; the process's exit skips the last collection but still runs every handler."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from rfn_guide.engine import collector
from rfn_guide.engine.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def nothing_frozen():
    gc.unfreeze()
    yield
    collector.thaw()
    gc.unfreeze()


def test_the_builds_objects_stay_frozen_only_until_the_next_build_or_the_shutdown():
    pipeline = Pipeline([])
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), extra={})
    collector.freeze_built()
    assert gc.get_freeze_count() > 0
    pipeline.on_config(config)  # the next build (`mkdocs serve`, a test run): collectable again
    assert gc.get_freeze_count() == 0
    collector.freeze_built()
    pipeline.on_shutdown()
    assert gc.get_freeze_count() == 0
    pipeline.on_build_error(error=RuntimeError("done"))  # takes the warning collector off MkDocs' log


def test_thaw_leaves_a_freeze_that_is_not_its_own():
    gc.freeze()  # someone else's, for example before forking
    frozen = gc.get_freeze_count()
    collector.thaw()
    # Still frozen (a few frozen objects may be freed meanwhile by their reference counts)
    assert frozen > 1000 and gc.get_freeze_count() > frozen - 100


def test_the_exit_skips_the_last_collection_and_still_runs_every_handler():
    program = (
        f"import atexit, os, sys\nsys.path.insert(0, {str(ROOT / 'hooks')!r})\n"
        "from rfn_guide.engine.collector import freeze_at_exit\n"
        "freeze_at_exit(); freeze_at_exit()  # once a process\n"
        "atexit.register(os.write, 1, b'a handler registered later ran\\n')\n"
        "class Cycle:\n    def __del__(self): os.write(1, b'cycle collected\\n')\n"
        "cycle = Cycle(); cycle.me = cycle; del cycle\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == "a handler registered later ran\n"  # the cycle was left to the OS, once
    plain = subprocess.run([sys.executable, "-c", program.replace("freeze_at_exit(); freeze_at_exit()", "pass")],
                           capture_output=True, text=True, timeout=60)
    assert "cycle collected" in plain.stdout  # without it, the exit collects: what the test would miss
