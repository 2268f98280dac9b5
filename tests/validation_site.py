"""A small fixture site for the validation tests: real settings and hooks, a few pages of its own.

make_site(root, pages=..., bib=...) writes root/mkdocs.yml, which INHERITs the real mkdocs.yml
(so the site has every hook, extension and validation setting of the guide) and sets its own
nav; hooks/, overrides/ and the shared stylesheets are linked from the project."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A fixed bibliography (the guide's first six entries), so editing the guide's references changes no test
GOOD_BIB = (ROOT / "tests" / "citations_fixture.bib").read_text(encoding="utf-8")
ALL_KEYS = ["shealy1975", "engel2016", "ninds-lbp", "cleveland-rfn", "bogduk1979", "roberts2014"]


def front(description: str = "A short test page.", last: str = "2026-01-10", nxt: str = "2027-01-10") -> str:
    return f"---\ndescription: {description}\nlast_reviewed: {last}\nnext_review: {nxt}\n---\n\n"


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
