#!/usr/bin/env python3
"""Benchmark of the guide's build steps (hooks/guide.py: validation and the rest). Not a test.

Builds, in this process and with HTML only (PDF_EXPORT=0):
  1. the real site, with and without the validation hooks;
  2. generated sites of 100, 300 and 1,000 pages (cross links to other pages' headings,
     citations of every bibliography entry, front matter), with and without the hooks.
For each it prints the build's CPU time (median of --runs; CPU time, not wall time, so other
work on a shared machine does not distort it), the CPU time spent inside the hooks' own
event functions, the hooks' share of the build, and the hooks' cost per page, so you can see
whether that cost grows linearly with the number of pages. Target: share <= 10 %.

Usage: .venv/bin/python scripts/bench_validation.py [--runs 3] [--sizes 100,300,1000]"""
from __future__ import annotations

import argparse
import functools
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINE_MODULE = "rfn_guide.engine.pipeline"   # hooks/guide.py hands MkDocs the pipeline's events
# The generated pages cite the guide's own bibliography, every entry (an uncited one is a warning)
KEYS = re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "includes" / "references.bib").read_text(encoding="utf-8"), re.M)

os.environ.setdefault("PDF_EXPORT", "0")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record) -> None:
        self.count += 1
        if len(self.first) < 3:
            self.first.append(record.getMessage())


def build_once(config_file: Path, with_hooks: bool) -> tuple[float, float, int, list[str]]:
    """(build seconds, seconds inside the validation hooks, warnings, first warnings)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    logger = logging.getLogger("mkdocs")
    counter = _Count()
    logger.addHandler(counter)
    logger.setLevel(logging.WARNING)
    spent = [0.0]
    with tempfile.TemporaryDirectory(prefix="rfn-bench-") as site_dir:
        config = load_config(str(config_file), site_dir=site_dir, strict=False)
        for name, handlers in config.plugins.events.items():
            kept = []
            for handler in handlers:
                if getattr(handler, "__module__", "") == PIPELINE_MODULE:
                    if not with_hooks:
                        continue
                    handler = _timed(handler, spent)
                kept.append(handler)
            handlers[:] = kept
        if not with_hooks:  # the overrides only show what the steps work out: they need them to render
            config.theme.dirs = [folder for folder in config.theme.dirs if Path(folder).name != "overrides"]
        start = time.process_time()
        try:
            build(config)
        except Abort:
            pass
        total = time.process_time() - start
    logger.removeHandler(counter)
    return total, spent[0], counter.count, counter.first


def _timed(handler, spent):
    @functools.wraps(handler)
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
    return run


def generate_site(root: Path, pages: int) -> Path:
    """A site of `pages` pages in the guide's style, inheriting the real mkdocs.yml."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for shared in ("stylesheets", "javascripts"):
        source = ROOT / "docs" / shared
        if source.is_dir():
            (docs / shared).symlink_to(source)
    for linked in ("hooks", "overrides"):
        (root / linked).symlink_to(ROOT / linked)
    (root / "includes").symlink_to(ROOT / "includes")
    names = [f"page-{i:04d}.md" for i in range(pages)]
    for i, name in enumerate(names):
        other = names[(i * 7 + 3) % pages]
        key_a, key_b = KEYS[i % len(KEYS)], KEYS[(i + 2) % len(KEYS)]
        text = [
            "---", f"description: Test page {i}.", "last_reviewed: 2026-01-10", "next_review: 2027-01-10", "---", "",
            f"# Page {i}", "",
        ]
        for section in range(4):
            text += [f"## Part {section}", "",
                     f"The nerve sends pain to the brain. Heat can stop it [@{key_a}]. "
                     f"Most people go home the same day [@{key_a}; @{key_b}].", "",
                     f"Read [part {section}]({other}#part-{section}) or [the list](references.md#ref-{key_b}). "
                     f"See [the top](#page-{i}).", ""]
        (docs / name).write_text("\n".join(text), encoding="utf-8")
    (docs / "references.md").write_text(
        "---\ndescription: The list.\nlast_reviewed: 2026-01-10\nnext_review: 2027-01-10\n---\n\n"
        "# References\n\n<!-- bibliography -->\n", encoding="utf-8")
    nav = "\n".join(f"  - {name}" for name in names + ["references.md"])
    config = root / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: Bench\nnav:\n{nav}\n"
                      "extra:\n  readability:\n    max_grade: 30\n    max_smog: 30\n", encoding="utf-8")
    return config


def measure(label: str, config: Path, runs: int, pages: int) -> None:
    with_times, hook_times, without_times, warnings = [], [], [], None
    for _ in range(runs):  # interleaved, so a busy moment on the machine hits both
        total, spent, count, first = build_once(config, with_hooks=True)
        with_times.append(total)
        hook_times.append(spent)
        warnings = (count, first)
        without_times.append(build_once(config, with_hooks=False)[0])
    with_t, without_t, hook_t = (statistics.median(v) for v in (with_times, without_times, hook_times))
    print(f"{label:<22} {pages:>6} {without_t:>9.2f}s {with_t:>9.2f}s {hook_t:>8.3f}s "
          f"{100 * hook_t / with_t:>6.1f}% {100 * (with_t - without_t) / without_t:>+8.1f}% "
          f"{1000 * hook_t / pages:>8.2f}ms")
    if warnings and warnings[0]:
        print(f"    ({warnings[0]} warnings with the hooks, e.g. {warnings[1][:2]})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    os.chdir(ROOT)
    print(f"{'site':<22} {'pages':>6} {'no hooks':>10} {'hooks':>10} {'in hooks':>9} {'share':>7} "
          f"{'slowdown':>9} {'per page':>10}")
    real_pages = len(list((ROOT / "docs").rglob("*.md")))
    measure("real site", ROOT / "mkdocs.yml", args.runs, real_pages)
    with tempfile.TemporaryDirectory(prefix="rfn-bench-sites-") as tmp:
        for size in sizes:
            config = generate_site(Path(tmp) / f"site-{size}", size)
            measure("generated", config, args.runs, size + 1)
    print("Times are CPU seconds of this process. share = time inside the validation hooks / build time "
          "with them;\nslowdown = build time with the hooks vs without (noisier); per page = hook time / pages: "
          "roughly constant\nacross sizes means the cost grows linearly.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
