"""Step: a clinic's own rules where a page says "your clinic will tell you".

Each `<span data-clinic="key">general text</span>` in a page is checked (an unknown key is a
finding at its line, in every edition), and in a clinic's edition that sets
`extra.clinic.instructions.<key>` its text is replaced by the clinic's own; the emergency number's
span (`emergency_number`) by the clinic's `extra.clinic.emergency`. This happens on the
Markdown, before the page is rendered, so the page, search, the handouts and the booklet show the
same words. The clinic's settings are read and checked by the handout_print step (on_config,
which runs for every step before any page). Rules: rfn_guide.clinic.instructions."""
from __future__ import annotations

from mkdocs.structure.pages import Page

from ..engine.site import Site
from .instructions import EMERGENCY_KEY, apply_instructions, check_emergency_numbers, check_spans


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    # Checked on the whole file, front matter included, so line numbers match the editor's
    site.report_all(check_spans(page.file.content_string, site.shown(page.file.src_uri)))
    site.report_all(check_emergency_numbers(page.file.content_string, site.shown(page.file.src_uri)))
    if site.clinic is None:
        return markdown
    return apply_instructions(markdown, {**dict(site.clinic.instructions), EMERGENCY_KEY: site.clinic.emergency})
