"""MkDocs glue: checks the glossary file and fills the Glossary page from it.

The glossary file is the one pymdownx.snippets auto-appends (see mkdocs.yml), so every
tooltip on the site and every entry on the Glossary page come from the same lines."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from rfn_guide.glossary import PAGE_MARKER, parse_glossary, render_glossary, terms_split_across_lines

log = get_plugin_logger(__name__)
# Terms parsed once per build (reset in on_pre_build so `mkdocs serve` picks up edits).
_terms = None


def _glossary_file(config) -> Path | None:
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    for name in snippets.get("auto_append", []):
        if "glossary" in Path(name).name:
            return Path(config.config_file_path).parent / name
    return None


def on_pre_build(config):
    global _terms
    _terms = None
    path = _glossary_file(config)
    if path is None or not path.is_file():
        log.warning("No glossary file is auto-appended, so no term gets a tooltip. Add "
                    "includes/glossary.md to pymdownx.snippets auto_append in mkdocs.yml.")
        return
    terms, problems = parse_glossary(path.read_text(encoding="utf-8"))
    for problem in problems:
        log.warning(f"includes/{path.name}:{problem.line}: {problem.message}")
    _terms = terms


def on_page_markdown(markdown, page, config, files):
    if _terms is None:
        return markdown
    for line, term in terms_split_across_lines(markdown, _terms):
        log.warning(f"{Path(config.docs_dir).name}/{page.file.src_uri}:{line}: the glossary term '{term}' is split over two "
                    "lines, so it gets no tooltip there. Rewrap the text to keep the term on one line.")
    return markdown.replace(PAGE_MARKER, render_glossary(_terms))
