"""Where a page of the guide is built, and the guide's address: shared by the tests."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

# The address in mkdocs.yml (a placeholder until the publishing workflow sets the real one)
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
SPANISH_PAGES = sorted(p.relative_to(ROOT / "docs-es").as_posix() for p in (ROOT / "docs-es").glob("*.md"))


def built_page(site: Path, source: str) -> Path:
    """The HTML file a page's Markdown (`source`, relative to docs/: "after.md") is built into."""
    stem = source.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def built_path(src: str) -> str:
    """index.md -> '' ; after.md -> 'after/' (directory URLs)."""
    return "" if src == "index.md" else src[:-3] + "/"
