"""The worker processes that do the export's pikepdf work (rfn_guide/pdf/workers.py, issue 21):
they are other processes, they find the guide's own code (MkDocs puts the hooks' folder on the
path only while it loads them), an error raised in one reaches the export with its words, and
closing them leaves nothing running."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from rfn_guide.pdf import PdfExportError
from rfn_guide.pdf.finish import _problems, pdf_date
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


def test_an_error_in_a_worker_reaches_the_export_with_its_words():
    workers = Workers(1)
    try:
        with pytest.raises(PdfExportError, match="The handout of x.md cannot be made accessible.*No title"):
            workers.run(_problems, "The handout of x.md", ["No title."])
    finally:
        workers.close()
