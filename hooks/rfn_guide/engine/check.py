"""Checks the guide's Markdown from the command line with the build's own steps, in-process:
it runs the same MkDocs build (HTML only, into a temporary folder) and prints exactly the
problems that build reports, its own and MkDocs'.

Usage, from the project root:
    .venv/bin/python scripts/check_docs.py [docs] [--bib includes/references.bib] [--today YYYY-MM-DD]

Prints one line per finding (file:line: what is wrong and how to fix it); exit status 1 when
there is a warning (what `mkdocs build --strict` would stop on), 0 otherwise. A docs folder
with no mkdocs.yml beside it is checked with the guide's mkdocs.yml, every page in the nav."""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from .findings import INFO, Finding

PROJECT = Path(__file__).resolve().parents[3]


def _pipeline(config: Any) -> Any:
    for plugin in config.plugins.values():
        pipeline = getattr(plugin, "PIPELINE", None)
        if pipeline is not None:
            return pipeline
    raise RuntimeError("mkdocs.yml does not list hooks/guide.py under hooks:")


def check_docs(docs_dir: Path | str, bib_path: Path | str | None = None, today: date | None = None,
               only: str | None = None) -> list[Finding]:
    """Every finding the build reports for docs_dir (only those of one rule, e.g. "figures")."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = Path(docs_dir).resolve()
    own_config = docs.parent / "mkdocs.yml"
    config_file = own_config if own_config.is_file() else PROJECT / "mkdocs.yml"
    overrides: dict[str, Any] = {"docs_dir": str(docs), "strict": False}
    if config_file != own_config:
        overrides["nav"] = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    mkdocs_log = logging.getLogger("mkdocs")
    quiet = logging.NullHandler()
    mkdocs_log.addHandler(quiet)  # findings are returned, not printed twice
    propagate, mkdocs_log.propagate = mkdocs_log.propagate, False
    try:
        with tempfile.TemporaryDirectory() as site_dir:
            config = load_config(config_file=str(config_file), site_dir=site_dir, **overrides)
            bib = Path(bib_path).resolve() if bib_path else docs.parent / "includes" / "references.bib"
            config.extra["citations"] = {**(config.extra.get("citations") or {}), "bibliography": str(bib)}
            pipeline = _pipeline(config)
            pipeline.today, pipeline.print_pdfs = today, False  # a check prints no PDFs
            try:
                build(config)
            finally:
                pipeline.today, pipeline.print_pdfs = None, None
            site = pipeline.site
            findings = list(site.findings) + list(site.other_warnings)
    finally:
        mkdocs_log.removeHandler(quiet)
        mkdocs_log.propagate = propagate
    return [f for f in findings if only is None or f.rule == only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_docs", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("docs", nargs="?", default="docs", help="the docs folder (default: docs)")
    parser.add_argument("--bib", help="the BibTeX file (default: includes/references.bib beside docs)")
    parser.add_argument("--today", help="check review dates as on this day (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"{docs}: no such folder; give the docs folder, e.g. docs", file=sys.stderr)
        return 2
    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError:
        print(f"--today {args.today}: write the date as YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        findings = check_docs(docs, Path(args.bib) if args.bib else None, today)
    except Exception as error:  # a setting MkDocs refuses (e.g. mkdocs.yml): one line, as the build says it
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    warnings = [f for f in findings if f.level != INFO]
    for finding in findings:
        print(("INFO: " if finding.level == INFO else "") + str(finding))
    print(f"{len(warnings)} problem(s) found" if warnings else "No problems found", file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
