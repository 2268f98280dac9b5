"""Step: the things a patient can do on a page, ready for screen readers and paper.

- Admonitions (boxes and care cards): a type outside the guide's set, a safety statement (in a
  warning, danger or care card box) without a citation, or a care card without a title is a
  finding; each care card's title starts with a label for screen readers.
- Tick boxes (pymdownx.tasklist): each is named after its item.
- stylesheets/actions.css is linked only from pages that have either, so the other pages'
  first visit stays within the transfer budget.
Rules: rfn_guide.actions.admonitions, rfn_guide.actions.care_cards, rfn_guide.actions.checklists, rfn_guide.actions.page_styles."""
from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..engine.site import Site
from ..i18n import text
from .admonitions import check_admonitions
from .care_cards import CARD_LABELS, check_care_cards, label_care_cards
from .checklists import name_tick_boxes
from .page_styles import link_stylesheet, stylesheets_needed


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    # The whole file, front matter included, so line numbers match the editor's
    source, shown = page.file.content_string, site.shown(page.file.src_uri)
    site.report_all(check_admonitions(source, shown) + check_care_cards(source, shown))
    return markdown


def on_page_content(site: Site, html: str, page: Page) -> str:
    labels = {card: text(site.language, card) for card in CARD_LABELS}
    return name_tick_boxes(label_care_cards(html, labels))


def on_post_page(site: Site, output: str, page: Page) -> str:
    site.page_stylesheets[page.file.src_uri] = sheets = list(stylesheets_needed(output))
    for sheet in sheets:
        output = link_stylesheet(output, get_relative_url(sheet, page.url))
    return output
