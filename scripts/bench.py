#!/usr/bin/env python3
"""Benchmark of the build and of the built site. Prints figures; passes or fails nothing.

Prints: build time HTML only; build time with PDF handouts; the hooks' overhead (the whole
`mkdocs build` process with every hook against the same process with `hooks:` removed from a
copy of mkdocs.yml, run alternately, median of --pairs pairs; target <= 1.15x; each build
step's own share is printed by scripts/bench_validation.py); what a first visit to each page downloads
(gzip-compressed, as counted by tests/test_budget.py); the handout sizes; and Lighthouse scores
(mobile) when the npm package `lighthouse` and Chromium are installed.

Usage: .venv/bin/python scripts/bench.py [--runs 3] [--pairs 5] [--no-pdf] [--no-lighthouse] [--pages N]
Lighthouse: `npm install -g lighthouse@13.5.0`, or set LIGHTHOUSE=/path/to/bin/lighthouse;
Chromium is CHROME_PATH, else /usr/bin/chromium."""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
# First-visit transfer sizes are measured by the same code as the performance-budget test
# (tests/test_budget.py), which keeps it with the other test helpers in tests/support/.
sys.path.insert(0, str(ROOT / "tests"))

# The browser starts with the PDF export's closed-network flags, as the tests' browser does.
from rfn_guide.pdf.browser import CLOSED_NETWORK_ARGS  # noqa: E402
from support.transfer import (  # noqa: E402
    BUDGET_BYTES,
    COMPRESSIBLE,
    kib,
    local_page_urls,
    record_first_visit,
    size_visit,
)

HOOK_OVERHEAD_TARGET = 1.15  # issue 13: hooks may make the whole build at most 15 % slower

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
with open(ROOT / "mkdocs.yml", encoding="utf-8") as _config:  # MkDocs' own loader knows !ENV and INHERIT
    SITE_URL: str = yaml_load(_config)["site_url"]


# --- Builds ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BuildTime:
    wall: float  # seconds of the whole `mkdocs build` process, Python start-up included
    cpu: float   # its user + system CPU seconds: less disturbed by other work on a shared machine
    own: float   # MkDocs' own "Documentation built in" seconds


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", strict: bool = True, **env: str) -> BuildTime:
    """Runs `mkdocs build` once in a child process and times it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir),
               "--strict" if strict else "--no-strict"]  # mkdocs.yml itself says strict: true
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"Build failed ({config.name}, {env}):\n{result.stderr[-3000:]}")
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    match = re.search(r"Documentation built in ([\d.]+) seconds", result.stderr)
    return BuildTime(wall, cpu, float(match.group(1)) if match else wall)


def median_time(times: list[BuildTime]) -> BuildTime:
    return BuildTime(*(statistics.median(getattr(t, name) for t in times) for name in ("wall", "cpu", "own")))


def timed(runs: int, *args, **kwargs) -> BuildTime:
    return median_time([build(*args, **kwargs) for _ in range(runs)])


# The `hooks:` key and its indented lines (blank lines inside the list too, not the one after it)
HOOKS_BLOCK = re.compile(r"^hooks:[^\n]*\n(?:[ \t]+\S[^\n]*\n|[ \t]*\n(?=[ \t]+\S))*", re.M)


def config_copy(hooks: list[str] | None) -> Path:
    """A copy of mkdocs.yml beside it (so relative paths still hold), identical but for `hooks:`:
    removed when hooks is None, else that list. The caller deletes it. Without hooks the theme's
    overrides go too: they only show what the hooks work out (review status, PDF links, the
    language switch, the words of the build's language), and cannot render without them."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    replacement = "" if hooks is None else "hooks:\n" + "".join(f"  - {hook}\n" for hook in hooks)
    if hooks is None:
        text = re.sub(r"^[ \t]+custom_dir:[^\n]*\n", "", text, count=1, flags=re.M)
    path = ROOT / f".bench-{os.getpid()}-{'none' if hooks is None else len(hooks)}.yml"
    path.write_text(HOOKS_BLOCK.sub(lambda _: replacement, text, count=1), encoding="utf-8")
    return path


def bench_hook_overhead(work: Path, pairs: int) -> None:
    """Every hook against none, alternately (a busy moment on the machine hits both sides)."""
    hookless = config_copy(None)
    try:
        # --no-strict on both sides (strictness costs no time): without the hooks the pages keep
        # what the hooks would replace (the bibliography placeholder, citation keys), and MkDocs
        # may warn about what only the hooks make valid.
        with_hooks, without_hooks = [], []
        for _ in range(pairs):
            with_hooks.append(build(work / "hooks", strict=False, PDF_EXPORT="0"))
            without_hooks.append(build(work / "bare", config=hookless, strict=False, PDF_EXPORT="0"))
        hooked, bare = median_time(with_hooks), median_time(without_hooks)
        ratio = hooked.wall / bare.wall
        print(f"Hook overhead, whole build process: {hooked.wall:.2f} s with every hook, {bare.wall:.2f} s with none "
              f"= {ratio:.2f}x (target <= {HOOK_OVERHEAD_TARGET:.2f}x: {'met' if ratio <= HOOK_OVERHEAD_TARGET else 'NOT met'}; "
              f"median of {pairs} alternate pairs, PDF_EXPORT=0)")
        print(f"  CPU time of the same processes:   {hooked.cpu:.2f} s against {bare.cpu:.2f} s = {hooked.cpu / bare.cpu:.2f}x")
    finally:
        hookless.unlink(missing_ok=True)


def bench_builds(work: Path, runs: int, pairs: int, with_pdf: bool) -> Path:
    html_site = work / "html"
    html = timed(runs, html_site, PDF_EXPORT="0")
    print(f"Build, HTML only (PDF_EXPORT=0):  {html.own:6.2f} s  ({html.wall:.2f} s with Python start-up; median of {runs})")
    if with_pdf:
        pdf = timed(1, work / "pdf", PDF_EXPORT="1", PDF_CACHE="0")  # every PDF printed: no cache
        print(f"Build with PDF handouts:          {pdf.own:6.2f} s  ({pdf.wall:.2f} s with Python start-up; 1 run, "
              "no PDF cache)")
    bench_hook_overhead(work, pairs)
    return html_site


# --- Serving with gzip, as a production web server does --------------------------------------

class GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site, gzipping text when the browser accepts it, and 404.html when missing."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash URL
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        data = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Cache-Control", "max-age=3600")
        if path.suffix.lower() in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        from io import BytesIO
        return BytesIO(data)


def serve(directory: Path):
    from rfn_guide.pdf.server import LocalServer

    server = LocalServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- The built site ---------------------------------------------------------------------------

def bench_transfer(site_dir: Path, base_url: str, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright


    print(f"\nFirst visit per page (gzip; budget {kib(BUDGET_BYTES)}):")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CLOSED_NETWORK_ARGS))
        try:
            for url in pages:
                visit = size_visit(url, record_first_visit(browser, url), base_url, site_dir)
                flag = "" if visit.total <= BUDGET_BYTES and not visit.foreign else "  OVER BUDGET" if visit.total > BUDGET_BYTES else "  OTHER ORIGIN"
                print(f"  {url[len(base_url):] or '/':28} {kib(visit.total):>10}  {len(visit.resources):2} requests{flag}")
        finally:
            browser.close()


def bench_handouts(site_dir: Path) -> None:
    pdfs = sorted(site_dir.rglob("*.pdf"))
    print("\nHandouts:" if pdfs else "\nHandouts: none built")
    for pdf in pdfs:
        print(f"  {pdf.relative_to(site_dir).as_posix():40} {kib(pdf.stat().st_size):>10}")


def find_lighthouse() -> str | None:
    return os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")


def bench_lighthouse(lighthouse: str, pages: list[str], work: Path, base_url: str) -> None:
    print("\nLighthouse, mobile (performance / accessibility / best practices / SEO):")
    categories = ["performance", "accessibility", "best-practices", "seo"]
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking " \
            "--disable-component-update --disable-sync"
    for url in pages:
        report = work / "lighthouse.json"
        result = subprocess.run(
            [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(categories)}", f"--chrome-flags={flags}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not report.is_file():
            print(f"  {url}: Lighthouse failed: {result.stderr.strip()[-300:]}")
            continue
        data = json.loads(report.read_text(encoding="utf-8"))
        scores = [data["categories"][name]["score"] for name in categories]
        shown = " / ".join("n/a" if score is None else f"{round(score * 100):3d}" for score in scores)
        below = [audit["id"] for name in categories for ref in data["categories"][name]["auditRefs"]
                 if ref["weight"] and (audit := data["audits"][ref["id"]])["score"] is not None and audit["score"] < 0.9]
        # Accessibility findings Lighthouse lists without scoring them (weight 0, e.g.
        # aria-allowed-role): a page can score 100 and still have one, so they are shown too.
        unscored = [ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]
                    if not ref["weight"] and data["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "informative")
                    and ((data["audits"][ref["id"]].get("details") or {}).get("items"))]
        note = f"  (below 90: {', '.join(below)})" if below else ""
        note += f"  (unscored findings: {', '.join(unscored)})" if unscored else ""
        print(f"  {url[len(base_url):] or '/':28} {shown}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build and page-weight benchmark (prints figures).")
    parser.add_argument("--runs", type=int, default=3, help="builds per timing (median)")
    parser.add_argument("--pairs", type=int, default=5, help="alternate builds with and without hooks (median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the build with PDF handouts")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--pages", type=int, default=0, help="first-visit sizes and Lighthouse on the first N pages only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rfn-bench-") as temporary:
        work = Path(temporary)
        html_site = bench_builds(work, args.runs, args.pairs, not args.no_pdf)
        server, base_url = serve(html_site)
        try:
            pages = local_page_urls(html_site, SITE_URL, base_url)
            pages = pages[: args.pages] if args.pages else pages
            bench_transfer(html_site, base_url, pages)
            bench_handouts(work / "pdf" if not args.no_pdf else html_site)
            lighthouse = find_lighthouse()
            if args.no_lighthouse:
                pass
            elif lighthouse and Path(CHROMIUM).exists():
                bench_lighthouse(lighthouse, pages, work, base_url)
            else:
                print("\nLighthouse: not installed (npm install -g lighthouse@13.5.0; Chromium at CHROME_PATH)")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
