"""Step: citations. [@key] in a page becomes a numbered superscript link; the References page
gets the numbered list at its <!-- bibliography --> line; each citing page ends with Sources.

As mkdocs-autorefs does: collect in page events, resolve once in on_env when every page is
rendered. The rules are in rfn_guide.citations.rules and rfn_guide.citations.bibliography."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from ..engine.findings import Finding
from ..engine.site import Site
from ..i18n import text
from . import rules
from .bibliography import Reference, load_bibliography

if TYPE_CHECKING:  # only for annotations: mkdocs.livereload imports watchdog, ~30 ms a build
    from mkdocs.livereload import LiveReloadServer


@dataclass
class State:
    references: dict[str, Reference] = field(default_factory=dict)  # the bibliography, by key
    # False after a BibTeX syntax error: pybtex may have lost entries, so citations of keys it
    # does not know are not flagged
    bib_ok: bool = False
    keys_by_page: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> keys cited, in order


def _finding(file: str, message: str) -> Finding:
    return Finding(file, None, message, rule=rules.RULE)


def on_config(site: Site) -> None:
    path = site.config_path(site.settings.citations.bibliography)
    shown = site.shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        site.report(_finding(shown, f"bibliography cannot be read ({exc.strerror}): create it, or restore it "
                                    "from version control"))
        return
    state = site.state(State)
    state.references, findings = load_bibliography(text, shown)
    state.bib_ok = not any(f.message.startswith("BibTeX") for f in findings)
    site.report_all(findings)


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    state = site.state(State)
    src = page.file.src_uri
    shown = site.shown(src)
    source = page.file.content_string  # the file as written, so lines match the editor's
    found, findings = rules.find_citations(source, shown)
    site.report_all(findings)
    if state.bib_ok:
        bib_shown = site.shown_path(site.config_path(site.settings.citations.bibliography))
        site.report_all(rules.unknown_key_findings(found, state.references, shown, bib_shown))
    if rules.has_bibliography_marker(markdown):
        if site.bibliography_page and site.bibliography_page != src:
            site.report(_finding(shown, f"a second {rules.BIBLIOGRAPHY_MARKER} marker (the first is in "
                                        f"{site.shown(site.bibliography_page)}): keep the one in references.md"))
        else:
            site.bibliography_page = src
            markdown = rules.BIBLIOGRAPHY_MARKER_RE.sub(rules.BIBLIOGRAPHY_MARKER, markdown, count=1)
    to_render, _ = rules.find_citations(markdown)  # offsets in the Markdown as handed over
    if not to_render:
        return markdown
    state.keys_by_page[src] = rules.cited_keys(to_render)
    return rules.replace_citations(markdown, to_render)


def _add_to_toc(page: Page, title: str, anchor: str) -> None:
    items = list(page.toc)
    link = AnchorLink(title, anchor, 2)
    if len(items) == 1 and items[0].level == 1:
        items[0].children.append(link)
    else:
        page.toc.items.append(link)


def on_env(site: Site, env: Environment) -> None:
    state = site.state(State)
    pages = site.pages()
    numbers = rules.number_citations((state.keys_by_page.get(src, []) for src in pages), state.references)
    if state.bib_ok:
        bib_shown = site.shown_path(site.config_path(site.settings.citations.bibliography))
        site.report_all(rules.uncited_findings(state.references, numbers, bib_shown))
    bib_src = site.bibliography_page
    if bib_src is None and (state.references or state.keys_by_page):
        site.report(_finding(site.shown("references.md"),
                             f"no page has the line {rules.BIBLIOGRAPHY_MARKER}, so the reference list has nowhere "
                             f"to go: add that line to {site.shown('references.md')} where the list belongs"))
    for src, page in pages.items():
        if page.content is None:
            continue
        if src in state.keys_by_page:
            href = get_relative_url(pages[bib_src].file.url, page.file.url) if bib_src in pages else ""
            href = "" if href == "." else href

            def citation(match: re.Match[str], href: str = href) -> str:
                keys, locators = rules.parse_placeholder(match)
                return rules.render_citation(keys, numbers, state.references, href, locators, site.language)

            page.content = rules.PLACEHOLDER_RE.sub(citation, page.content)
            if src != bib_src:
                heading = text(site.language, "sources")
                sources = rules.render_sources(state.keys_by_page[src], state.references, numbers, heading,
                                               site.language, href)
                if sources:
                    page.content += "\n" + sources
                    _add_to_toc(page, heading, rules.SOURCES_ID)
                    if page.present_anchor_ids is not None:
                        page.present_anchor_ids.add(rules.SOURCES_ID)
        if src == bib_src:
            listing = rules.render_bibliography(state.references, numbers, site.language)
            if rules.BIBLIOGRAPHY_MARKER not in page.content:
                site.report(_finding(site.shown(src),
                                     f"the {rules.BIBLIOGRAPHY_MARKER} line must stand on its own, outside lists, "
                                     "boxes and code, with a blank line before and after it"))
            page.content = page.content.replace(rules.BIBLIOGRAPHY_MARKER, listing, 1)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(rules.REF_ID_PREFIX + key for key in state.references)


def on_serve(site: Site, server: LiveReloadServer) -> None:
    """`mkdocs serve` rebuilds when the bibliography changes, not only when docs/ does."""
    server.watch(str(site.config_path(site.settings.citations.bibliography)))
