"""Tick boxes (pymdownx.tasklist) that a screen reader can name.

pymdownx.tasklist writes each item as
`<li class="task-list-item"><label class="task-list-control"><input type="checkbox">
<span class="task-list-indicator"></span></label> Ask someone to drive you home.</li>`:
the label holds no words, so the box has no accessible name (axe: "Form elements must have
labels"). `name_tick_boxes` gives each box the words of its item as its aria-label.

Plain Python, no MkDocs imports: the patient_actions step calls it, tests call it directly."""
from __future__ import annotations

import html
import re

from ..markup import screen_text, strip_citations

_ITEM = re.compile(
    r'(?P<head><li class="task-list-item"><label class="task-list-control"><input type="checkbox")'
    r'(?P<rest>[^>]*>.*?</label>)(?P<words>.*?)(?=<ul|<ol|<p>|<div|</li>)', re.S)


def item_name(item_html: str) -> str:
    """The plain words of a list item's HTML, as one line, as the screen shows them: a citation
    number is not part of the name, nor is paper's line to write on (rfn-print-only)."""
    return screen_text(strip_citations(item_html))


def name_tick_boxes(page_html: str) -> str:
    """The page's HTML with every tick box named after the words of its item."""
    def add_name(match: re.Match) -> str:
        name = item_name(match.group("words"))
        if not name or "aria-label" in match.group("rest").split(">", 1)[0]:
            return match.group(0)
        return f'{match.group("head")} aria-label="{html.escape(name, quote=True)}"{match.group("rest")}{match.group("words")}'
    return _ITEM.sub(add_name, page_html)
