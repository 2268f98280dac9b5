"""MkDocs glue: every tick box of a checklist gets its item's words as its name
(rules in rfn_guide/checklists.py)."""
from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

from rfn_guide.checklists import name_tick_boxes
from rfn_guide.guard import guarded

log = get_plugin_logger(__name__)


@guarded(log)
def on_page_content(html, page, config, files):
    return name_tick_boxes(html)
