#!/usr/bin/env python3
"""Times the PDF export: cold, after one page's text changes, and with no change.

Builds the site's HTML once (PDF_EXPORT=0) into a temporary folder, then runs the export the
build hook runs, with a cache of its own (empty at first):

  1. cold: every standard and large-print handout and both booklets, Chromium's start included
     (target: at most 0.04 s a PDF page)
  2. one page's text changed: that page in both editions and, of each booklet, that page's
     section (target: at most 1.0 s, and at most 0.15 of the cold export's PDF work)
  3. no change: everything from the cache, Chromium not started (target: at most 0.1 s)
  4. the one-page change again with a Chromium kept from the export before, as `mkdocs serve`
     with PDFs on keeps it between rebuilds

and prints each PDF's seconds, whether it came from the cache and which booklet parts were
printed. Figures are whole export runs in this process (the HTML build is not timed).

Then, as an editor meets it, whole `mkdocs build` processes on a copy of the project (--builds
N times each, the median): after one page's Markdown changed, with PDFs and without
(PDF_EXPORT=0); the difference is the PDF work that edit costs. Each build is timed until the
`mkdocs build` process exits, as an editor's shell waits for it (multiprocessing's fork server and
resource tracker end 0.02-0.05 s later; the next build waits for them). Here Chromium starts while the
HTML is built (pdf/step.py), which the export-only figures above do not show. That edit's share
is printed three times: of the export-only cold export above; of a cold export measured as whole
processes too (cold whole builds, up to 3, less the builds without PDFs), like with like; and the
same, with every build timed until its output closed.

Usage: .venv/bin/python scripts/bench_pdf.py [--tabs N] [--pages N] [--paper A4|Letter] [--builds N] [--repeats N]
  --pages N   only the first N pages of the navigation (a quick check; 0 = all)
  --tabs N    pages printed at the same time (each in its own browser context)
  --compare-tabs   run the cold export with 1 tab and with --tabs tabs, and print both
  --builds N  whole builds after a one-page edit, N with PDFs and N without (0: none)
  --repeats N the cold export and the one-page change (on that export's cache) run as N pairs (3, at least 1):
              their medians, and the median of the pairs' shares
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
TARGETS = {"cold": None, "one page changed": 1.0, "no change": 0.1}
COLD_PER_PAGE = 0.04  # s a PDF page, Chromium's start included
CHANGE_SHARE = 0.15  # one page changed: at most this share of the cold export's PDF work


def build_html(site_dir: Path):
    """Builds the HTML with MkDocs' own API; returns (config, pages in nav order)."""
    os.environ["PDF_EXPORT"] = "0"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.strict = False  # timing only: `mkdocs build --strict` is where warnings stop an editor
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    from rfn_guide.pdf.step import State  # the module the hook loaded: hooks/ is on sys.path

    site = config.plugins["hooks/guide.py"].PIPELINE.site  # type: ignore[attr-defined]  # a hook module
    printed = site.state(State).pages
    pages = [printed[src] for src in site.nav_order if src in printed]
    if not pages:
        raise SystemExit("The build handed the PDF step no pages: nothing to time.")
    return config, pages


def change_text(site_dir: Path, page) -> None:
    """Changes one word of a page's first paragraph in the built HTML, as an edit would."""
    html_file = site_dir / (page.url or "") / "index.html" if page.url.endswith("/") or not page.url else site_dir / page.url
    text = html_file.read_text(encoding="utf-8")
    at = text.index("<p>", text.index("<article")) + 3
    html_file.write_text(text[:at] + "Edited. " + text[at:], encoding="utf-8")


def cpu_seconds() -> float:
    """CPU time of this process, of its finished children (Chromium, once closed) and of its
    running descendants (the worker processes that finish the PDFs, kept between exports): on a
    busy machine, a figure the other jobs do not inflate."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _running_descendants_cpu()


def _running_descendants_cpu() -> float:
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    mine, found = {os.getpid()}, True
    while found:
        found = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                found = True
    return sum(cpu[pid] for pid in mine if pid != os.getpid())


def report(name: str, result, wall: float) -> float:
    work = result.seconds["total"]
    target = TARGETS[name]
    verdict = "" if target is None else f", target <= {target} s: {'met' if work <= target else 'NOT met'}"
    print(f"\n== {name}: {work:.3f} s of PDF work (wall {wall:.2f} s){verdict}; CPU {result.seconds['cpu']:.2f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for edition, parts in sorted(result.booklet_parts.items()):
        print(f"   booklet ({edition}): printed parts {', '.join(part or '(cover and contents)' for part in parts) or 'none'}")
    print(f"   printed {len(result.printed)}, from the cache {len(result.cached)}, "
          f"re-stamped from the cache {len(result.refinished)}; Chromium started: {result.browser_started}")
    if "browser" in result.seconds:
        print(f"   {'start server, Chromium and tabs':<44}{result.seconds['browser']:>8.3f}")
    for path in sorted(result.printed):
        print(f"   printed  {path:<35}{result.seconds.get(path, 0):>8.3f}")
    hits = sorted(result.cached + result.refinished)
    if hits:
        print(f"   cached   {len(hits)} PDFs, {sum(result.seconds.get(p, 0) for p in hits):.3f} s to copy in all")
    return work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=2)
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--paper", default="A4")
    parser.add_argument("--compare-tabs", action="store_true")
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    import logging

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    from rfn_guide.dates import source_date
    from rfn_guide.engine.gc_freeze import freeze_built, thaw
    from rfn_guide.pdf.export import export_pdfs
    from rfn_guide.pdf.settings import Settings, find_chromium

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        site_dir = Path(folder) / "site"
        began = time.perf_counter()
        config, pages = build_html(site_dir)
        if args.pages:
            pages = pages[:args.pages]
        print(f"HTML build (not timed below): {time.perf_counter() - began:.2f} s, {len(pages)} pages; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

        def settings(cache: Path, tabs: int) -> Settings:
            return Settings(
                site_dir=site_dir, site_url=config.site_url, site_name=config.site_name,
                site_description=config.site_description or "", language=config.theme.get("language") or "en",
                paper=args.paper, chromium=find_chromium(), cache_dir=cache, date=source_date(ROOT), tabs=tabs,
                back_matter=tuple((config.extra.get("pdf") or {}).get("back_matter") or ("references.md", "glossary.md")),
            )

        def run(name: str, cache: Path, tabs: int, warm=None):
            cpu_before = cpu_seconds()
            started = time.perf_counter()
            # As the build's PDF step calls it: this process's objects (the HTML build's among
            # them) frozen while the export runs, so its collections skip them (engine/gc_freeze.py)
            freeze_built()
            try:
                result = export_pdfs(settings(cache, tabs), pages, warm=warm)
            finally:
                thaw()
            result.seconds["cpu"] = cpu_seconds() - cpu_before
            return result, time.perf_counter() - started

        if args.compare_tabs:
            for tabs in sorted({1, args.tabs}):
                result, wall = run("cold", Path(folder) / f"cache-compare-{tabs}", tabs)
                print(f"cold export with {tabs} tab(s): {result.seconds['total']:.3f} s, CPU {result.seconds['cpu']:.2f} s "
                      f"({len(result.printed)} PDFs, load average {os.getloadavg()[0]:.1f})")
        figures: dict[str, float] = {}
        cpu: dict[str, float] = {}
        # A cold export, then the one-page change on its cache, --repeats times; the shares are
        # taken pair by pair, so both figures of a share meet the same load (one run's share has
        # swung from 0.14 to 0.21 on this machine as other work came and went), and their
        # median is reported.
        colds: list[float] = []
        edits: list[float] = []
        for repeat in range(args.repeats):
            cache = Path(folder) / f"cache-{repeat}"  # empty: a cold export each time
            result, wall = run("cold", cache, args.tabs)
            colds.append(result.seconds["total"])
            if repeat == 0:
                cpu["cold"] = result.seconds["cpu"]
                report("cold", result, wall)
                pdf_pages = count_pages(site_dir)
                sizes = ", ".join(f"{path.relative_to(site_dir)} {path.stat().st_size / 1024:.0f} KiB"
                                  for path in sorted((site_dir / "handouts").rglob("rfn-guide.pdf")))
                total_size = sum(path.stat().st_size for path in (site_dir / "handouts").rglob("*.pdf"))
            change_text(site_dir, pages[min(3, len(pages) - 1)])  # a new word each time
            result, wall = run("one page changed", cache, args.tabs)
            edits.append(result.seconds["total"])
            if repeat == 0:
                cpu["one page changed"] = result.seconds["cpu"]
                report("one page changed", result, wall)
        figures["cold"] = statistics.median(colds)
        figures["one page changed"] = statistics.median(edits)
        shares = [edit / cold for edit, cold in zip(edits, colds, strict=True)]
        result, wall = run("no change", cache, args.tabs)
        figures["no change"] = report("no change", result, wall)
        # As under `mkdocs serve` with PDFs on: Chromium kept from the rebuild before (its start
        # paid there), the same one-page change again.
        from rfn_guide.pdf.browser import WarmBrowser

        warm = WarmBrowser()
        try:
            change_text(site_dir, pages[min(3, len(pages) - 1)])
            run("one page changed", cache, args.tabs, warm)
            warm.run(warm.settled())  # the editor types: the next rebuild's tab gets ready meanwhile
            change_text(site_dir, pages[min(3, len(pages) - 1)])
            result, wall = run("one page changed", cache, args.tabs, warm)
        finally:
            warm.close()
        figures["warm"] = result.seconds["total"]
        cpu["warm"] = result.seconds["cpu"]
        print(f"\n== one page changed, Chromium kept from the rebuild before (mkdocs serve): {figures['warm']:.3f} s "
              f"of PDF work (tabs ready after {result.seconds.get('browser', 0):.3f} s); Chromium started: {result.browser_started}")
    per_page = figures["cold"] / pdf_pages
    share = statistics.median(shares)
    print(f"\nSummary ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; cold and one page changed: "
          f"medians of {args.repeats} pairs, each run's figure in brackets; the rest: one run each):")
    print(f"  cold: {figures['cold']:.2f} s for {pdf_pages} PDF pages = {per_page:.3f} s a page, Chromium's start "
          f"included (target {COLD_PER_PAGE}: {'met' if per_page <= COLD_PER_PAGE else 'NOT met'}) "
          f"[{', '.join(f'{cold:.2f}' for cold in colds)}]; CPU {cpu['cold']:.2f} s (the first run)")
    print(f"  one page changed: {figures['one page changed']:.2f} s of PDF work (target 1.0: "
          f"{'met' if figures['one page changed'] <= 1.0 else 'NOT met'}), {share:.2f} of cold (target {CHANGE_SHARE}: "
          f"{'met' if share <= CHANGE_SHARE else 'NOT met'}; the median of the runs' shares "
          f"[{', '.join(f'{one:.3f}' for one in shares)}]) [{', '.join(f'{edit:.2f}' for edit in edits)}]; "
          f"CPU {cpu['one page changed']:.2f} s = {cpu['one page changed'] / cpu['cold']:.2f} of cold's CPU (the first runs)")
    print(f"  no change: {figures['no change']:.3f} s (target 0.1: {'met' if figures['no change'] <= 0.1 else 'NOT met'})")
    print(f"  one page changed under mkdocs serve (Chromium kept): {figures['warm']:.2f} s, "
          f"{figures['warm'] / figures['cold']:.2f} of cold; CPU {cpu['warm']:.2f} s")
    print(f"  booklets (cold): {sizes}; every PDF of the export: {total_size / 1024 / 1024:.1f} MiB")
    if args.builds:
        whole_builds(args.builds, args.paper, figures["cold"])
    return 0


EDITED_PAGE = "risks-and-benefits.md"  # the page the export figures above change too (the 4th)


class BuildSeconds(NamedTuple):
    """A whole build's seconds: until `mkdocs build` exited, and until its output closed."""

    exited: float
    closed: float


def whole_builds(count: int, paper: str, cold_export: float) -> None:
    """`mkdocs build` processes on a copy of the project: cold ones (an empty PDF cache each), then
    after an edit of one page's Markdown with PDFs (the cache warm) and without; prints the
    medians and their differences, each build timed until it exited and until its output closed."""
    with tempfile.TemporaryDirectory(prefix="bench-builds-") as folder:
        project = Path(folder) / "project"
        for name in ("docs", "docs-es", "includes", "overrides", "hooks"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        # The hooks' bytecode, as scripts/setup.sh compiles it for an editor's copy: where
        # PYTHONDONTWRITEBYTECODE is set, every build (and every worker process) would otherwise
        # compile the hooks' modules from source, which an editor's builds do not.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "hooks")], check=True,
                       stdout=subprocess.DEVNULL)
        commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_PAPER": paper, "SOURCE_DATE_EPOCH": commit,
               "PDF_CACHE": str(Path(folder) / "cache")}
        page = project / "docs" / EDITED_PAGE
        text = page.read_text(encoding="utf-8")
        heading = next(line for line in text.splitlines() if line.startswith("## "))

        # The command editors run (scripts/build.sh): its worker processes run this script
        # again, as multiprocessing does, which `python -m mkdocs` would spare them.
        command = [str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-d", str(Path(folder) / "site")]
        cpu: dict[bool, list[float]] = {True: [], False: []}

        def build(pdf: bool, edit: int | None, cache: str | None = None) -> BuildSeconds:
            if edit is not None:  # one word of a heading, as an editor's change to one page
                page.write_text(text.replace(heading, f"{heading} {edit}", 1), encoding="utf-8")
            # BuildSeconds until `mkdocs build` exits, which is what an editor's shell waits for. Its
            # output is still read to the end before the next build starts: multiprocessing's fork
            # server and resource tracker hold the build's stderr while they end, 0.02-0.05 s
            # after the build itself, so the next build does not start beside them.
            began, cpu_before = time.perf_counter(), machine_cpu()
            process = subprocess.Popen(command, cwd=project, env={**env, "PDF_EXPORT": "1" if pdf else "0",
                                                                 **({"PDF_CACHE": cache} if cache else {})},
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            exited: list[float] = []

            def wait() -> None:
                process.wait()
                exited.append(time.perf_counter())

            waiter = threading.Thread(target=wait, daemon=True)
            waiter.start()
            try:
                output = process.stdout.read() if process.stdout else b""
            finally:
                if process.poll() is None:  # stopped while reading (Ctrl+C): the build goes too
                    process.kill()
                waiter.join()
            if process.returncode or not exited:
                raise SystemExit(f"mkdocs build failed:\n{output.decode(errors='replace')[-2000:]}")
            closed = time.perf_counter()
            if edit is not None:  # the CPU until the output closed: the fork server's end included
                cpu[pdf].append(machine_cpu() - cpu_before)
            return BuildSeconds(exited[0] - began, closed - began)

        # Cold whole builds (each with an empty cache of its own), so the edit's share below can
        # also be taken of a cold export measured the same way: as whole processes, worker
        # processes' start and the HTML build's share of the machine included
        build(False, None)  # the HTML's own caches (QR codes, templates) filled, as an editor's are
        colds = [build(True, None, str(Path(folder) / f"cache-cold-{number}")) for number in range(min(count, 3))]
        build(True, None)  # cold: fills the cache the edits use
        build(True, None)  # notes the sources, as the editor's last build would have
        # Alternated, so a change in the machine's load meets both kinds alike
        pairs = [(build(True, 2 * edit), build(False, 2 * edit + 1)) for edit in range(count)]
        with_pdf = statistics.median(pdf.exited for pdf, _ in pairs)
        html_only = statistics.median(html.exited for _, html in pairs)
        build(True, None)  # prints what the last HTML-only build changed: the next ones change nothing
        unchanged = statistics.median(build(True, None).exited for _ in range(count))
    work = with_pdf - html_only
    print(f"\nWhole `mkdocs build` processes after one page's Markdown changed (median of {count}, load average "
          f"{os.getloadavg()[0]:.1f}), each until it exited:")
    print(f"  with PDFs {with_pdf:.2f} s, without {html_only:.2f} s: the edit's PDF work {work:.2f} s (target 1.0: "
          f"{'met' if work <= 1.0 else 'NOT met'}), {work / cold_export:.2f} of the cold export above (target "
          f"{CHANGE_SHARE}: {'met' if work / cold_export <= CHANGE_SHARE else 'NOT met'})")
    cold_whole = statistics.median(cold.exited for cold in colds) - html_only
    print(f"  cold, with PDFs {statistics.median(cold.exited for cold in colds):.2f} s (median of {len(colds)}), so a cold export's PDF work "
          f"as whole processes {cold_whole:.2f} s: the edit's PDF work is {work / cold_whole:.2f} of it (target "
          f"{CHANGE_SHARE}: {'met' if work / cold_whole <= CHANGE_SHARE else 'NOT met'})")
    # The same builds timed until their output closed, as this script timed them until the
    # sixteenth session: the ends of the fork server and the resource tracker included
    late_html = statistics.median(html.closed for _, html in pairs)
    late_work = statistics.median(pdf.closed for pdf, _ in pairs) - late_html
    late_cold = statistics.median(cold.closed for cold in colds) - late_html
    print(f"  the same builds timed until their output closed: the edit's PDF work {late_work:.2f} s, a cold "
          f"export's {late_cold:.2f} s: {late_work / late_cold:.2f} (target {CHANGE_SHARE}: "
          f"{'met' if late_work / late_cold <= CHANGE_SHARE else 'NOT met'})")
    print(f"  no change, with PDFs: {unchanged:.2f} s")
    with_cpu, html_cpu = statistics.median(cpu[True]), statistics.median(cpu[False])
    print(f"  CPU, the whole machine's (Chromium and the worker processes included): with PDFs {with_cpu:.2f} s, "
          f"without {html_cpu:.2f} s: the edit's PDFs {with_cpu - html_cpu:.2f} s of CPU")


def machine_cpu() -> float:
    """Seconds of CPU the whole machine has used (user, nice and system, every core), from
    /proc/stat: a whole build's processes include some that outlive it or are not its children
    (the fork server of the worker processes), so they are counted here; keep the machine
    otherwise quiet."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:4]
    return sum(int(value) for value in fields) / os.sysconf("SC_CLK_TCK")


def count_pages(site_dir: Path) -> int:
    """Pages in every PDF the export wrote (handouts in both editions and both booklets)."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in (site_dir / "handouts").rglob("*.pdf"))


if __name__ == "__main__":
    sys.exit(main())
