"""A small fixture site for the validation tests: real settings and hooks, a few pages of its own.

make_site(root, pages=..., bib=...) writes root/mkdocs.yml, which INHERITs the real mkdocs.yml
(so the site has every hook, extension and validation setting of the guide) and sets its own
nav; hooks/, overrides/ and the shared stylesheets are linked from the project.

A planted fault is a Case: the site's pages with the fault added (with_fault), and the words one
warning line must hold; assert_stopped_by checks a build's log for them, whichever builder ran it
(MkDocs in tests/test_validation_sites.py, ProperDocs in tests/test_properdocs.py)."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A fixed bibliography (the guide's first six entries), so editing the guide's references changes no test
GOOD_BIB = (ROOT / "tests" / "citations_fixture.bib").read_text(encoding="utf-8")
ALL_KEYS = ["shealy1975", "engel2016", "ninds-lbp", "cleveland-rfn", "bogduk1979", "roberts2014"]


def front(description: str = "A short test page.", last: str = "2026-01-10", nxt: str = "2027-01-10") -> str:
    return f"---\ndescription: {description}\nlast_reviewed: {last}\nnext_review: {nxt}\n---\n\n"


@dataclass
class Case:
    pages: dict
    bib: str | None
    expected: list[str]          # substrings that must all be in one log line ("{line}" = fault line)
    page: str = "index.md"       # where the fault was planted
    fault: str = ""              # text of the fault, to compute its line


def default_pages() -> dict[str, str]:
    return {
        "index.md": front() + "# Home\n\nThe nerve can be treated [@shealy1975]. "
                              "Back pain is common [@ninds-lbp; @engel2016].\n\n"
                              "Read [more](second.md#second-part) and see the [list](references.md#ref-shealy1975).\n",
        "second.md": front() + "# Second\n\n## Second part\n\nJoints have nerves [@bogduk1979; @roberts2014]. "
                               "This guide is based on one article [@cleveland-rfn]. "
                               "Heat helps [@shealy1975].\n\nSee the [sources](#sources).\n",
        "references.md": front() + "# References\n\nThe list.\n\n<!-- bibliography -->\n",
    }


def make_site(root: Path, pages: dict[str, str] | None = None, bib: str | None = None,
              extra_files: dict[str, bytes] | None = None, settings: str = "") -> Path:
    """Writes the fixture site under root and returns its mkdocs.yml (`settings`: more YAML for it)."""
    pages = default_pages() if pages is None else pages
    docs = root / "docs"
    docs.mkdir(parents=True)
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    for name, data in (extra_files or {}).items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    for shared in ("stylesheets", "javascripts"):
        if (ROOT / "docs" / shared).is_dir():
            shutil.copytree(ROOT / "docs" / shared, docs / shared)
    for linked in ("hooks", "overrides"):
        (root / linked).symlink_to(ROOT / linked)
    includes = root / "includes"
    includes.mkdir()
    shutil.copy(ROOT / "includes" / "glossary.md", includes / "glossary.md")
    (includes / "references.bib").write_text(GOOD_BIB if bib is None else bib, encoding="utf-8")
    nav = "\n".join(f"  - {name}" for name in pages if name.endswith(".md"))
    config = root / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: Fixture\nnav:\n{nav}\n{settings}", encoding="utf-8")
    return config


def with_fault(fault: str, page: str = "index.md") -> dict:
    pages = default_pages()
    pages[page] += "\n" + fault + "\n"
    return pages


def line_of(text: str, fault: str) -> int:
    """The line (from 1) of `text` where `fault` starts: the line the warning must name."""
    return text.count("\n", 0, text.index(fault)) + 1


def assert_stopped_by(result: subprocess.CompletedProcess, expected: list[str], line: int, name: str = "") -> None:
    """The strict build failed, without a traceback, and one warning line holds every part of
    `expected` ("{line}" in a part stands for `line`)."""
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: the build passed but should have failed:\n{log}"
    assert "Aborted with" in log and "in strict mode" in log
    assert "Traceback" not in log
    parts = [part.replace("{line}", str(line)) for part in expected]
    warnings = [text for text in log.splitlines() if text.startswith("WARNING")]
    assert any(all(part in text for part in parts) for text in warnings), \
        f"{name}: no warning line has all of {parts}:\n" + "\n".join(warnings)
