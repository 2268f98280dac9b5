#!/usr/bin/env python3
"""Times the PDF export: every handout plus the booklet, and each page on its own.

Builds the site's HTML once (PDF_EXPORT=0) into a temporary folder, then runs the export
the build hook runs, N times (default 3), and prints seconds. Target: the whole export
(browser start, every handout, the booklet's two passes) under 3 s on a 2-core machine.

Usage: .venv/bin/python scripts/bench_pdf.py [--runs N] [--paper A4|Letter]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))


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
    hook = config.plugins.get("hooks/pdf_export.py")
    state = hook._state  # the pages the hook collected while building
    pages = [state["pages"][src] for src in state["nav_order"] if src in state["pages"]]
    return config, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paper", default="A4")
    args = parser.parse_args()

    import logging

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    from rfn_guide.pdf_export import Settings, export_pdfs, find_chromium

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        site_dir = Path(folder) / "site"
        began = time.perf_counter()
        config, pages = build_html(site_dir)
        print(f"HTML build (not timed below): {time.perf_counter() - began:.2f} s, {len(pages)} pages")
        settings = Settings(
            site_dir=site_dir, site_url=config.site_url, site_name=config.site_name,
            site_description=config.site_description or "", language=config.theme.get("language") or "en",
            paper=args.paper, chromium=find_chromium(),
            back_matter=tuple((config.extra.get("pdf") or {}).get("back_matter") or ("references.md", "glossary.md")),
        )
        runs = [export_pdfs(settings, pages).seconds for _ in range(args.runs)]

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(f"\nMedian of {args.runs} runs, {settings.paper}, Chromium at {settings.chromium}")
    print(f"{'step':<28}{'seconds':>9}")
    print(f"{'start the browser':<28}{median('browser'):>9.3f}")
    for page in pages:
        print(f"{'  handout ' + page.slug:<28}{median(page.src_uri):>9.3f}")
    handouts = statistics.median(sum(run[p.src_uri] for p in pages) for run in runs)
    print(f"{'all handouts':<28}{handouts:>9.3f}   ({handouts / len(pages):.3f} s a page)")
    print(f"{'booklet (two passes)':<28}{median('booklet'):>9.3f}")
    total = median("total")
    print(f"{'TOTAL export':<28}{total:>9.3f}   target < 3 s: {'met' if total < 3 else 'NOT met'}")
    totals = ", ".join(f"{run['total']:.2f}" for run in runs)
    print(f"(all runs: {totals} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
