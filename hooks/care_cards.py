"""MkDocs glue for care cards (rules in rfn_guide/care_cards.py): checks the card types in the
Markdown, then gives each card's title a label for screen readers."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from rfn_guide.care_cards import CARD_LABELS, check_care_cards, label_care_cards
from rfn_guide.i18n import text
from rfn_guide.guard import guarded

log = get_plugin_logger(__name__)


@guarded(log, returns_arg="markdown")
def on_page_markdown(markdown, page, config, files):
    source = page.file.content_string  # the whole file, so line numbers match the editor's
    for finding in check_care_cards(source, f"{Path(config.docs_dir).name}/{page.file.src_uri}"):
        log.warning(str(finding))
    return markdown


@guarded(log)
def on_page_content(html, page, config, files):
    language = config.theme.get("language") or "en"
    return label_care_cards(html, {card: text(language, card) for card in CARD_LABELS})
