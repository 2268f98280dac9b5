"""MkDocs glue: links stylesheets/actions.css from the pages with tick boxes or care cards only
(rules in rfn_guide/page_styles.py)."""
from __future__ import annotations

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

from rfn_guide.guard import guarded
from rfn_guide.page_styles import ACTIONS_CSS, link_stylesheet, needs_actions_css

log = get_plugin_logger(__name__)


@guarded(log)
def on_post_page(output, page, config):
    if not needs_actions_css(output):
        return output
    return link_stylesheet(output, get_relative_url(ACTIONS_CSS, page.url))
