"""Every benchmark script runs and prints its figures (on a small setting; the figures are not judged).

Speed is measured by scripts, not by timed tests; this only keeps those scripts working.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from support.project import ROOT

SECONDS = r"\d+\.\d+ ?s"


def run_script(*arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"{arguments[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    return result.stdout


def test_bench_prints_build_times_hook_overhead_and_page_weights():
    output = run_script("scripts/bench.py", "--runs", "1", "--pairs", "1", "--no-pdf", "--no-lighthouse", "--pages", "2")
    assert re.search(rf"Build, HTML only \(PDF_EXPORT=0\): +{SECONDS}", output), output
    assert re.search(rf"Hook overhead, whole build process: {SECONDS} with every hook, {SECONDS} with none = \d+\.\d\dx",
                     output), output
    assert len(re.findall(r"^  \S+/? +\d+\.\d KiB +\d+ requests", output, re.M)) == 2, output
    assert not list(ROOT.glob(".bench-*.yml")), "bench.py left its temporary config beside mkdocs.yml"


def test_bench_validation_prints_the_hooks_share():
    output = run_script("scripts/bench_validation.py", "--runs", "1", "--sizes", "20")
    assert re.search(r"^real site +\d+ +\d+\.\d\ds +\d+\.\d\ds .*%", output, re.M), output
    assert re.search(r"^generated +21 ", output, re.M), output


def test_bench_pdf_prints_the_export_times():
    output = run_script("scripts/bench_pdf.py", "--pages", "2")
    assert "== cold" in output and "== one page changed" in output and "== no change" in output, output
    no_change = output.split("== no change", 1)[1]
    assert "printed 0" in no_change and "Chromium started: False" in no_change, output
    assert "Whole `mkdocs build` processes" in output and "CPU, the whole machine's" in output, output
