#!/usr/bin/env python3
"""A fingerprint of the source article, so any clone can check that no sentence is copied from it.

The guide says the facts of `../shared/source/radiofrequency-neurotomy-source.txt` in its own
words; `../shared/tools/source_overlap.py docs` must find no run of 8 words shared with it. A
public clone has no `../shared`, and the article's text must never enter this repository. So
`tests/source_fingerprint.txt` keeps one truncated SHA-256 per normalized run of 8 words of the
article (never the words), and `check` finds in `docs/` exactly what source_overlap.py finds:
the same word rule, the same 8-word runs, the same reference list left out.

Usage, from the project root:
    python3 scripts/source_fingerprint.py            # regenerate tests/source_fingerprint.txt
    python3 scripts/source_fingerprint.py check docs # list copied runs; exit 1 when any
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "source" / "radiofrequency-neurotomy-source.txt"
FINGERPRINT = ROOT / "tests" / "source_fingerprint.txt"

# The same normalization as ../shared/tools/source_overlap.py, rule for rule: a run is 8 words;
# words are [a-z0-9']+ after lower-casing and straightening curly apostrophes; the article's
# reference list (from "Last reviewed by" on) is left out.
RUN_LENGTH = 8
WORD = re.compile(r"[a-z0-9']+")
REFERENCE_LIST_START = "Last reviewed by"
# 16 hex digits (64 bits): with about a thousand runs a false match is about 1 in 10^16.
HASH_DIGITS = 16


def words_with_offsets(text: str) -> list[tuple[str, int]]:
    """(word, character offset) pairs, lower-cased, curly apostrophes made straight."""
    text = text.lower().replace("\u2019", "'")
    return [(match.group(), match.start()) for match in WORD.finditer(text)]


def run_hash(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def word_runs(words: list[str]) -> Iterator[str]:
    for start in range(len(words) - RUN_LENGTH + 1):
        yield " ".join(words[start:start + RUN_LENGTH])


def fingerprint_of(source_text: str) -> set[str]:
    """The hashes of every run of 8 words in the article's body."""
    body = source_text.split(REFERENCE_LIST_START)[0]
    return {run_hash(run) for run in word_runs([word for word, _ in words_with_offsets(body)])}


def write_fingerprint(hashes: Iterable[str], path: Path = FINGERPRINT) -> None:
    header = (
        f"# Truncated SHA-256 of each normalized run of {RUN_LENGTH} words of the source article\n"
        "# (never its text). Regenerate with: python3 scripts/source_fingerprint.py\n"
    )
    path.write_text(header + "".join(f"{digest}\n" for digest in sorted(hashes)), encoding="utf-8")


def read_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@dataclass(frozen=True)
class CopiedRun:
    file: Path
    line: int
    run: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: copied from the source: '{self.run} ...'"


def copied_runs(docs: Path, fingerprint: set[str]) -> list[CopiedRun]:
    """Places in docs/**/*.md where a run of 8 words is in the article; one per line, like source_overlap.py."""
    found: list[CopiedRun] = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        words = words_with_offsets(text)
        last_line = 0
        for start, run in enumerate(word_runs([word for word, _ in words])):
            if run_hash(run) in fingerprint:
                line = text.count("\n", 0, words[start][1]) + 1
                if line != last_line:
                    found.append(CopiedRun(page, line, run))
                    last_line = line
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser("check", help="list runs of 8 words in the pages that are in the article")
    check.add_argument("docs", type=Path, nargs="?", default=ROOT / "docs")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        found = copied_runs(arguments.docs, read_fingerprint())
        for place in found:
            print(place)
        print(f"{len(found)} place(s) with a run of {RUN_LENGTH} words copied from the source")
        return 1 if found else 0
    if not SOURCE.exists():
        print(f"The source article is not at {SOURCE}; the fingerprint can only be made beside it.", file=sys.stderr)
        return 2
    hashes = fingerprint_of(SOURCE.read_text(encoding="utf-8"))
    write_fingerprint(hashes)
    print(f"Wrote {len(hashes)} hashes to {FINGERPRINT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
