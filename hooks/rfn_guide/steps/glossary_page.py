"""Step: the glossary. Checks includes/glossary.md (the file pymdownx.snippets appends to every
page, so its terms become tooltips), gives each term's capitalised and plural forms the same
tooltip, and fills the Glossary page from the same lines."""
from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from ..findings import Finding
from ..glossary import PAGE_MARKER, glossary_variant_lines, parse_glossary, render_glossary, terms_split_across_lines
from .site import Site


def glossary_file(site: Site) -> Path | None:
    snippets = site.config.mdx_configs.get("pymdownx.snippets", {})
    for name in snippets.get("auto_append", []):
        if "glossary" in Path(name).name:
            return site.config_path(name)
    return None


def on_config(site: Site) -> None:
    path = glossary_file(site)
    shown = site.shown_path(path) if path else "mkdocs.yml"
    if path is None or not path.is_file():
        site.report(Finding(shown, None, "no glossary file is auto-appended, so no term gets a tooltip: add "
                                         "includes/glossary.md to pymdownx.snippets auto_append in mkdocs.yml",
                            rule="glossary"))
        return
    terms, findings = parse_glossary(path.read_text(encoding="utf-8"), shown)
    site.report_all(findings)
    site.glossary_terms = terms
    site.glossary_variants = glossary_variant_lines(terms)


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    terms = site.glossary_terms
    if terms is None:
        return markdown
    for line, term in terms_split_across_lines(markdown, terms):
        site.report(Finding(site.shown(page.file.src_uri), line,
                            f"the glossary term '{term}' is split over two lines, so it gets no tooltip there: "
                            "rewrap the text to keep the term on one line", rule="glossary"))
    markdown = markdown.replace(PAGE_MARKER, render_glossary(terms))
    return f"{markdown}\n\n{site.glossary_variants}\n" if site.glossary_variants else markdown


def on_serve(site: Site, server: LiveReloadServer) -> None:
    path = glossary_file(site)
    if path is not None:
        server.watch(str(path))
