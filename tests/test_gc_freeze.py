"""The garbage collector kept off the build's critical path (engine/gc_freeze.py, issue 21): the
HTML build's objects frozen while the PDFs are made and thawed when the next build starts or the
build shuts down; the process's exit skips the last collection but still runs every handler."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from rfn_guide.engine import gc_freeze
from rfn_guide.engine.config import GuideSettings
from rfn_guide.engine.pipeline import Pipeline
from rfn_guide.engine.site import Site
from rfn_guide.pdf import export, step
from rfn_guide.pdf.settings import ExportResult, Page, PdfSwitches

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def nothing_frozen():
    gc_freeze.thaw()
    gc.unfreeze()
    yield
    gc_freeze.thaw()
    gc.unfreeze()


def test_the_pdf_step_freezes_the_builds_objects_while_the_export_runs(monkeypatch, tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    site = Site(config=config, settings=GuideSettings(dict(config.extra or {})), command="build", print_pdfs=True)
    site.nav_order = ["index.md", *site.settings.pdf.back_matter]
    site.state(step.State).switches = PdfSwitches(export=True, chromium="/usr/bin/true")
    for src in site.nav_order:
        site.state(step.State).pages[src] = Page(src_uri=src, url=src.removesuffix(".md") + "/", title=src)
    seen: list[int] = []

    def export_pdfs(settings, pages, warm=None):  # what the export would find: the heap frozen
        seen.append(gc.get_freeze_count())
        result = ExportResult()
        result.seconds["total"] = 0.0
        return result

    monkeypatch.setattr(export, "export_pdfs", export_pdfs)
    step.on_post_build(site)
    assert len(seen) == 1 and seen[0] > 1000  # the build's objects, out of the collector's reach
    pipeline = Pipeline([])
    pipeline.on_shutdown()  # the build ends: collectable again
    assert gc.get_freeze_count() == 0


def test_the_builds_objects_stay_frozen_only_until_the_next_build_or_the_shutdown():
    pipeline = Pipeline([])
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), extra={})
    gc_freeze.freeze_built()
    assert gc.get_freeze_count() > 0
    pipeline.on_config(config)  # the next build (`mkdocs serve`, a test run): collectable again
    assert gc.get_freeze_count() == 0
    gc_freeze.freeze_built()
    pipeline.on_shutdown()
    assert gc.get_freeze_count() == 0
    pipeline.on_build_error(error=RuntimeError("done"))  # takes the warning collector off MkDocs' log


def test_thaw_leaves_a_freeze_that_is_not_its_own():
    gc.freeze()  # someone else's, for example before forking
    frozen = gc.get_freeze_count()
    gc_freeze.thaw()
    # Still frozen (a few frozen objects may be freed meanwhile by their reference counts)
    assert frozen > 1000 and gc.get_freeze_count() > frozen - 100


def test_the_exit_skips_the_last_collection_and_still_runs_every_handler():
    # Automatic collections off: only the exit's own collection could find the cycle
    program = (
        f"import atexit, gc, os, sys\ngc.disable()\nsys.path.insert(0, {str(ROOT / 'hooks')!r})\n"
        "from rfn_guide.engine.gc_freeze import freeze_at_exit\n"
        "before = atexit._ncallbacks()\n"
        "freeze_at_exit(); freeze_at_exit()\n"
        "os.write(1, b'registered %d\\n' % (atexit._ncallbacks() - before))\n"
        "atexit.register(os.write, 1, b'a handler registered later ran\\n')\n"
        "class Cycle:\n    def __del__(self): os.write(1, b'cycle collected\\n')\n"
        "cycle = Cycle(); cycle.me = cycle; del cycle\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    # Registered once a process; the cycle left to the operating system; the later handler run
    assert done.stdout == "registered 1\na handler registered later ran\n"
    plain = subprocess.run([sys.executable, "-c", program.replace("freeze_at_exit(); freeze_at_exit()", "pass")],
                           capture_output=True, text=True, timeout=60)
    assert "cycle collected" in plain.stdout  # without it, the exit collects: what the test would miss
