"""Where a page of the guide is built, and the guide's address: shared by the tests."""
from __future__ import annotations

from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from support.project import ROOT

# The address in mkdocs.yml (a placeholder until the publishing workflow sets the real one)
# (read by MkDocs' own YAML loader, which knows its !ENV and INHERIT)
with open(ROOT / "mkdocs.yml", encoding="utf-8") as _config:
    SITE_URL: str = yaml_load(_config)["site_url"]
SPANISH_PAGES = sorted(p.relative_to(ROOT / "docs-es").as_posix() for p in (ROOT / "docs-es").glob("*.md"))


def built_page(site: Path, source: str) -> Path:
    """The HTML file a page's Markdown (`source`, relative to docs/: "after.md") is built into."""
    stem = source.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def built_path(src: str) -> str:
    """index.md -> '' ; after.md -> 'after/' (directory URLs)."""
    return "" if src == "index.md" else src[:-3] + "/"
