"""No sentence is copied from the source article, checked anywhere with its fingerprint.

The article itself lives outside the repository (../shared on the team's machines); the
repository keeps only tests/source_fingerprint.txt, hashes of its runs of 8 words, made by
scripts/source_fingerprint.py with the same normalization as ../shared/tools/source_overlap.py.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from support.project import DOCS, ROOT

SHARED_SOURCE = ROOT.parent / "shared" / "source" / "radiofrequency-neurotomy-source.txt"
SHARED_CHECKER = ROOT.parent / "shared" / "tools" / "source_overlap.py"


def load_fingerprint_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("source_fingerprint", ROOT / "scripts" / "source_fingerprint.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


fingerprint = load_fingerprint_script()


def plant(docs: Path, page: str, paragraph: str) -> int:
    """Appends a paragraph to a page and returns the line it starts on."""
    path = docs / page
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + paragraph + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_no_sentence_is_copied_from_the_source_article():
    found = fingerprint.copied_runs(DOCS, fingerprint.read_fingerprint())
    assert [str(place) for place in found] == []


def test_the_check_command_reports_as_the_shared_checker_does():
    result = subprocess.run(
        [sys.executable, "scripts/source_fingerprint.py", "check", "docs"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "0 place(s) with a run of 8 words copied from the source"


def test_a_run_planted_in_a_page_is_found_whatever_its_case_apostrophes_and_line_breaks(tmp_path):
    # A made-up article stands in for the real one, so this runs in any clone.
    article = (
        "The nurse will check that you don't have a fever before the numbing shot.\n"
        "Last reviewed by a made-up reviewer. Reference list that is never compared at all here.\n"
    )
    hashes = fingerprint.fingerprint_of(article)
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    line = plant(docs, "after.md", "Your Nurse Will Check That You Don\u2019t\nHave A Fever today.")
    plant(docs, "before.md", "This reference list that is never compared at all here is fine.")

    found = fingerprint.copied_runs(docs, hashes)

    assert [(place.file.name, place.line, place.run) for place in found] == [
        ("after.md", line, "nurse will check that you don't have a"),
    ]


def test_the_fingerprint_is_the_current_source_and_finds_what_the_shared_checker_finds(tmp_path):
    stored = fingerprint.read_fingerprint()
    assert len(stored) > 1000 and all(re.fullmatch(r"[0-9a-f]{16}", digest) for digest in stored)
    if not SHARED_SOURCE.exists():
        return  # a clone without ../shared: the stored fingerprint is all there is to check against
    source = SHARED_SOURCE.read_text(encoding="utf-8")
    assert stored == fingerprint.fingerprint_of(source), "run: python3 scripts/source_fingerprint.py"

    # Plant one real run of the article's body and compare both checkers' reports line by line.
    body_words = [word for word, _ in fingerprint.words_with_offsets(source.split("Last reviewed by")[0])]
    copied = " ".join(body_words[100:112])
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    line = plant(docs, "outlook.md", copied.capitalize() + ".")
    ours = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "source_fingerprint.py"), "check", "docs"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    theirs = subprocess.run([sys.executable, str(SHARED_CHECKER), "docs"], cwd=tmp_path, capture_output=True, text=True)
    assert (ours.returncode, ours.stdout) == (theirs.returncode, theirs.stdout)
    assert f"docs/outlook.md:{line}: copied from the source" in ours.stdout
