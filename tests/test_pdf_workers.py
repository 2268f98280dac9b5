"""The worker processes that do the export's pikepdf work (rfn_guide/pdf/workers.py, issue 21):
they are other processes, they find the guide's own code (MkDocs puts the hooks' folder on the
path only while it loads them), an error raised in one reaches the export with its words, and
closing them leaves nothing running."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from rfn_guide.dates import pdf_date
from rfn_guide.pdf.finish import _problems
from rfn_guide.pdf.settings import PdfExportError
from rfn_guide.pdf.workers import Workers


def test_workers_run_the_guides_code_in_other_processes_and_close():
    workers = Workers(2)
    try:
        workers.start_soon()
        pids = {workers.submit(os.getpid).result() for _ in range(8)}
        moment = dt.datetime(2026, 12, 2, 3, 4, 5, tzinfo=dt.UTC)
        assert workers.run(pdf_date, moment) == "D:20261202030405Z"
    finally:
        workers.close()
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_starting_workers_that_were_closed_meanwhile_raises_nothing_in_its_thread():
    """A build that stops early closes the workers while start_soon's thread may still be
    handing them their first job: that thread ends quietly (it raised "cannot schedule new
    futures after shutdown", shown by pytest as an unhandled thread exception)."""
    import threading

    seen: list[BaseException | None] = []
    before, threading.excepthook = threading.excepthook, lambda args: seen.append(args.exc_value)
    workers = Workers(1)
    try:
        workers._executor().shutdown(wait=True)  # as close() does, before the thread submits
        workers.start_soon()
        for thread in threading.enumerate():
            if thread.name == "pdf-workers-start":
                thread.join(timeout=30)
    finally:
        threading.excepthook = before
        workers.close()
    assert seen == []


def test_an_error_in_a_worker_reaches_the_export_with_its_words():
    workers = Workers(1)
    try:
        with pytest.raises(PdfExportError, match="The handout of x.md cannot be made accessible.*No title"):
            workers.run(_problems, "The handout of x.md", ["No title."])
    finally:
        workers.close()


def test_a_worker_that_dies_stops_the_export_with_a_clear_error_and_is_replaced(tmp_path):
    """Killed mid-build (out of memory): the build says so in one line, and the next export
    gets new workers instead of the broken ones."""
    import signal

    from rfn_guide.pdf.export import export_pdfs
    from rfn_guide.pdf.settings import Page, Settings
    from support.browser import find_chromium

    (tmp_path / "index.html").write_text('<html lang="en"><body><article class="md-content__inner"><h1>Hi</h1>'
                                         "<p>Text.</p></article></body></html>")
    settings = Settings(site_dir=tmp_path, site_url="https://example.org/", site_name="Guide", chromium=find_chromium())
    workers = Workers(1)
    try:
        os.kill(workers.submit(os.getpid).result(), signal.SIGKILL)
        with pytest.raises(PdfExportError, match="worker process finishing the PDFs stopped.*PDF_EXPORT=0"):
            export_pdfs(settings, [Page("index.md", "", "Hi")], booklet=False, workers=workers)
        result = export_pdfs(settings, [Page("index.md", "", "Hi")], booklet=False, workers=workers)
        assert result.handouts["index.md"].is_file()
    finally:
        workers.close()
