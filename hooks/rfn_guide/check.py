"""Checks the guide's Markdown without building the site: the same rules the build hooks run.

Usage, from the project root:
    .venv/bin/python scripts/check_docs.py [docs] [--bib includes/references.bib] [--today YYYY-MM-DD]
or  cd hooks && ../.venv/bin/python -m rfn_guide.check ../docs

Prints one line per finding (file:line: what is wrong and how to fix it); exit status 1 when
there is a warning (what `mkdocs build --strict` would stop on), 0 otherwise. Anchors are
worked out from the Markdown (headings, ids, figure markers, the ids the hooks add), so a
full build remains the final word."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import citations as cite_rules
from . import figures as figure_rules
from . import links as link_rules
from .bibliography import parse_bibliography
from .findings import INFO, Finding
from .frontmatter import check_front_matter


def check_docs(docs_dir: Path, bib_path: Path | None = None, today: date | None = None) -> list[Finding]:
    docs_dir = Path(docs_dir)
    bib_path = Path(bib_path) if bib_path else docs_dir.parent / "includes" / "references.bib"
    bib_name = _display(bib_path, docs_dir.parent)
    findings: list[Finding] = []
    try:
        references, bib_findings = parse_bibliography(bib_path.read_text(encoding="utf-8"), bib_name)
    except OSError as exc:
        references, bib_findings = {}, [Finding(bib_name, None, f"bibliography cannot be read ({exc.strerror})")]
    findings += bib_findings
    bib_ok = not any(f.message.startswith(("BibTeX", "bibliography")) for f in bib_findings)

    all_files = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    texts: dict[str, str] = {}
    for src in sorted(f for f in all_files if f.endswith(".md")):
        try:
            texts[src] = (docs_dir / src).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(f"{docs_dir.name}/{src}", None, f"cannot be read as UTF-8 text ({exc})"))

    cited: dict[str, list[str]] = {}
    bibliography_pages = []
    anchors: dict[str, set[str] | None] = {}
    for src, text in texts.items():
        name = f"{docs_dir.name}/{src}"
        page_findings, _review = check_front_matter(text, name, today)
        findings += page_findings
        found, citation_findings = cite_rules.find_citations(text, name)
        findings += citation_findings
        if bib_ok:
            findings += cite_rules.unknown_key_findings(found, references, name, bib_name)
        cited[src] = cite_rules.cited_keys(found)
        anchors[src] = link_rules.anchors_in_markdown(text)
        if cited[src]:
            anchors[src].add(cite_rules.SOURCES_ID)
        if cite_rules.has_bibliography_marker(text):
            bibliography_pages.append(src)
            anchors[src].update(cite_rules.REF_ID_PREFIX + key for key in references)

    for src, text in texts.items():
        name = f"{docs_dir.name}/{src}"
        links = link_rules.find_links(text)
        findings += link_rules.check_links(src, links, anchors, name, check_targets=True)
        findings += link_rules.check_images(src, links, lambda path: path in all_files, name)

    if bib_ok:
        numbers = cite_rules.number_citations(cited.values(), references)
        findings += cite_rules.uncited_findings(references, numbers, bib_name)
    if not bibliography_pages and references:
        findings.append(Finding(f"{docs_dir.name}/references.md", None,
                                f"no page has the line {cite_rules.BIBLIOGRAPHY_MARKER}: add it where the "
                                "reference list belongs"))
    findings += figure_rules.check_docs(docs_dir)
    return findings


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_docs", description=__doc__.splitlines()[0])
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
    findings = check_docs(docs, Path(args.bib) if args.bib else None, today)
    warnings = [f for f in findings if f.level != INFO]
    for finding in findings:
        print(("INFO: " if finding.level == INFO else "") + str(finding))
    print(f"{len(warnings)} problem(s) found" if warnings else "No problems found", file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
