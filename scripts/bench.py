#!/usr/bin/env python3
"""Benchmark of the build and of the built site. Prints figures; passes or fails nothing.

Prints: build time HTML only; build time with PDF handouts; the hooks' share of the build
(the build again with no hooks, and with each hook left out in turn); what a first visit to
each page downloads (gzip-compressed, as counted by tests/test_budget.py); the handout sizes;
and Lighthouse scores (mobile) when the npm package `lighthouse` and Chromium are installed.

Usage: .venv/bin/python scripts/bench.py [--runs 3] [--no-pdf] [--no-lighthouse] [--pages N]
Lighthouse: `npm install -g lighthouse`, or set LIGHTHOUSE=/path/to/bin/lighthouse."""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from rfn_guide.transfer import (  # noqa: E402
    BUDGET_BYTES,
    COMPRESSIBLE,
    kib,
    local_page_urls,
    record_first_visit,
    size_visit,
)

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


# --- Builds ----------------------------------------------------------------------------------

def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", strict: bool = True, **env: str) -> tuple[float, float]:
    """Builds once; returns (wall seconds, MkDocs' own 'built in' seconds)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"Build failed ({config.name}, {env}):\n{result.stderr[-3000:]}")
    match = re.search(r"Documentation built in ([\d.]+) seconds", result.stderr)
    return wall, float(match.group(1)) if match else wall


def timed(runs: int, *args, **kwargs) -> tuple[float, float]:
    results = [build(*args, **kwargs) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def hook_files() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^hooks:\s*\n((?:\s+-.*\n|\s*#.*\n)*)", text, re.M)
    return re.findall(r"^\s+-\s+(\S+)", block.group(1), re.M) if block else []


def config_with_hooks(hooks: list[str], folder: Path) -> Path:
    """A temporary config beside mkdocs.yml that inherits it and replaces its hooks list."""
    path = ROOT / f".bench-{os.getpid()}-{len(hooks)}.yml"
    path.write_text("INHERIT: mkdocs.yml\nhooks:\n" + "".join(f"  - {hook}\n" for hook in hooks)
                    if hooks else "INHERIT: mkdocs.yml\nhooks: []\n", encoding="utf-8")
    return path


def bench_builds(work: Path, runs: int, with_pdf: bool, per_hook: bool) -> Path:
    html_site = work / "html"
    wall, own = timed(runs, html_site, PDF_EXPORT="0")
    print(f"Build, HTML only (PDF_EXPORT=0):  {own:6.2f} s  ({wall:.2f} s with Python start-up; median of {runs})")
    if with_pdf:
        wall, own = timed(1, work / "pdf", PDF_EXPORT="1")
        print(f"Build with PDF handouts:          {own:6.2f} s  ({wall:.2f} s with Python start-up; 1 run)")

    hooks = hook_files()
    configs: list[Path] = []
    try:
        bare = config_with_hooks([], work)
        configs.append(bare)
        # Not --strict: with no hooks the pages are not what editors see, so warnings may differ
        _, own_bare = timed(runs, work / "bare", config=bare, strict=False, PDF_EXPORT="0")
        _, own_all = timed(runs, work / "all", strict=False, PDF_EXPORT="0")
        share = own_all - own_bare
        print(f"Hooks' share of the HTML build:   {share:6.2f} s of {own_all:.2f} s "
              f"({100 * share / own_all if own_all else 0:.0f}%; {own_bare:.2f} s with no hooks)")
        if per_hook:
            for hook in hooks:
                config = config_with_hooks([h for h in hooks if h != hook], work)
                configs.append(config)
                _, own_without = timed(runs, work / "drop", config=config, strict=False, PDF_EXPORT="0")
                print(f"  {hook:32} {own_all - own_without:6.2f} s")
                config.unlink()
                configs.remove(config)
    finally:
        for config in configs:
            config.unlink(missing_ok=True)
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- The built site ---------------------------------------------------------------------------

def bench_transfer(site_dir: Path, base_url: str, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS

    print(f"\nFirst visit per page (gzip; budget {kib(BUDGET_BYTES)}):")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
        note = f"  (below 90: {', '.join(below)})" if below else ""
        print(f"  {url[len(base_url):] or '/':28} {shown}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build and page-weight benchmark (prints figures).")
    parser.add_argument("--runs", type=int, default=3, help="builds per timing (median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the build with PDF handouts")
    parser.add_argument("--per-hook", action="store_true", help="time each hook by leaving it out")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--pages", type=int, default=0, help="Lighthouse on the first N pages only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rfn-bench-") as temporary:
        work = Path(temporary)
        html_site = bench_builds(work, args.runs, not args.no_pdf, args.per_hook)
        server, base_url = serve(html_site)
        try:
            pages = local_page_urls(html_site, SITE_URL, base_url)
            bench_transfer(html_site, base_url, pages)
            bench_handouts(work / "pdf" if not args.no_pdf else html_site)
            lighthouse = find_lighthouse()
            if args.no_lighthouse:
                pass
            elif lighthouse and Path(CHROMIUM).exists():
                bench_lighthouse(lighthouse, pages[: args.pages] if args.pages else pages, work, base_url)
            else:
                print("\nLighthouse: not installed (npm install -g lighthouse; Chromium at CHROME_PATH)")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
