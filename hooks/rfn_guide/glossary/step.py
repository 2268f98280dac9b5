"""Step: the glossary. Checks includes/glossary.md, hands every term, with its capitalised and
plural forms (English or Spanish rules: glossary/rules.py), to Python-Markdown's abbr extension
(its `glossary` setting, so each page gets the tooltips without the file being added to it), and
fills the Glossary page from the same lines. The file is `extra.glossary.file` in mkdocs.yml
(default includes/glossary.md)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.structure.pages import Page

from ..engine.findings import Finding
from ..engine.site import Site
from ..links.rules import url_key
from ..markup import front_matter_block, front_matter_key_line, prose_lines
from .rules import (
    EXPLAINED_KEY,
    PAGE_MARKER,
    RULE,
    Term,
    abbreviations,
    explained_meanings,
    parse_glossary,
    render_glossary,
    terms_split_across_lines,
)

if TYPE_CHECKING:  # only for annotations: mkdocs.livereload imports watchdog, ~30 ms a build
    from mkdocs.livereload import LiveReloadServer


@dataclass
class State:
    terms: list[Term] | None = None  # the glossary's, once read and checked (None: it could not be)


def on_config(site: Site) -> None:
    path = site.config_path(site.settings.glossary.file)
    shown = site.shown_path(path)
    if "abbr" not in site.config.markdown_extensions:
        site.report(Finding("mkdocs.yml", None, "the glossary needs the abbr extension for its tooltips: add "
                                                "'- abbr' under markdown_extensions", rule=RULE))
        return
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        site.report(Finding(shown, None, f"the glossary cannot be read ({exc.strerror}): create it, or set "
                                         "extra.glossary.file in mkdocs.yml", rule=RULE))
        return
    terms, findings = parse_glossary(text, shown, site.language)
    site.report_all(findings)
    site.state(State).terms = terms
    site.config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations(terms)


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    terms = site.state(State).terms
    if terms is None:
        return markdown
    text = page.file.content_string  # read from disk on each access: once here
    # The whole file with front matter and code blanked, so lines match the editor's
    source = "\n".join(prose_lines(text))
    for line, term in terms_split_across_lines(source, terms):
        site.report(Finding(site.shown(page.file.src_uri), line,
                            f"the glossary term '{term}' is split over two lines, so it gets no tooltip there: "
                            "rewrap the text to keep the term on one line", rule=RULE))
    key_line = front_matter_key_line(front_matter_block(text) or "", EXPLAINED_KEY)
    meanings, findings = explained_meanings(page.meta.get(EXPLAINED_KEY), terms, source,
                                            site.shown(page.file.src_uri), key_line)
    site.report_all(findings)
    site.words_explained[url_key(page.url)] = meanings
    return markdown.replace(PAGE_MARKER, render_glossary(terms))


def on_serve(site: Site, server: LiveReloadServer) -> None:
    server.watch(str(site.config_path(site.settings.glossary.file)))
