"""Step: what a page needs to stand on its own on paper (issues 11 and 18).

- Once every page is numbered (on_env, after figure_numbers), each page gets what paper needs:
  figures it refers to on other pages, "Words used in this handout", link notes, and the clinic
  panel (or a write-in panel) at the top. This happens in on_page_context, after the search
  plugin has indexed the page, so search results never show print-only text.
The clinic's details themselves (read, checked, on the cards and in the footer) are the clinic
step's (rfn_guide/clinic/step.py). Rules: rfn_guide.paper.rules, and the panel's in
rfn_guide.clinic.rules."""
from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..addresses import short_url
from ..clinic import rules as clinic_rules
from ..engine.findings import Finding
from ..engine.site import Site
from ..links.rules import url_key
from ..markup import front_matter_block, front_matter_key_line
from . import rules

# The steps whose work this one needs done first (engine/pipeline.py checks the order): a page's figures are numbered site-wide before paper copies them
AFTER = ("figures",)

GLOSSARY_PAGE_MARK = 'class="rfn-glossary"'  # the Glossary page lists every word already


@dataclass
class State:
    pages: dict[str, rules.PageInfo] = field(default_factory=dict)  # url_key -> its address and title


def on_env(site: Site, env: Environment) -> None:
    """Keeps every page's finished content and title, to copy figures from."""
    state = site.state(State)
    for page in site.pages().values():
        if page.content is None:
            continue
        key = url_key(page.url)
        site.handout_contents[key] = page.content
        state.pages[key] = rules.PageInfo(url=page.url, title=page.title or "")


def on_page_context(site: Site, context: TemplateContext, page: Page) -> None:
    clinic = site.clinic
    logo_src = clinic_rules.logo_src(clinic, page.url)
    content = page.content or ""
    if content:
        content = rules.handout_end_matter(
            content, page.url, site.handout_contents, site.state(State).pages, site.print_url,
            short_url, with_words=GLOSSARY_PAGE_MARK not in content, language=site.language,
            explained=site.words_explained)
        # The panel stands before the "When to get help" cards, where a worried reader looks
        # (issue 18), and at the top of page 1: a clinic's edition names the clinic there on
        # every handout; lines to fill in are printed once, by the cards on a page that has them
        # (two empty boxes on one handout only repeat each other). The list of sources gets no
        # lines to fill in: it holds no care, and they took a sheet of its own there.
        # A background page (About, the Glossary: front matter `who_to_call: false`) holds no
        # care either, and gets no lines to fill in at the top.
        content, has_cards = rules.before_first_care_card(
            content, clinic_rules.handout_panel(clinic, logo_src, site.language, place="cards"))
        wanted, problem = rules.wants_top_panel(page.meta)
        if problem:
            block = front_matter_block(page.file.content_string) or ""
            site.report(Finding(site.shown(page.file.src_uri), front_matter_key_line(block, rules.WHO_TO_CALL_KEY),
                                problem, rule="paper"))
        if clinic is not None or (wanted and not has_cards and page.file.src_uri != site.bibliography_page):
            content = clinic_rules.handout_panel(clinic, logo_src, site.language) + content
        page.content = content
