"""Stylesheets that only some pages need, linked from those pages only.

Every page's first visit must stay within the transfer budget (tests/support/transfer.py), so the
styles for tick boxes and care cards (stylesheets/actions.css) and for the pain diary
(stylesheets/diary.css) are not in `extra_css`: a page gets each link when its content has what
the stylesheet draws. Plain string work on the page MkDocs is about to write."""
from __future__ import annotations

ACTIONS_CSS = "stylesheets/actions.css"
# What in a page's HTML needs the stylesheet: a tick box (pymdownx.tasklist) or a care card
NEEDS_ACTIONS_CSS = ('class="task-list-item"', 'class="admonition care-')
DIARY_CSS = "stylesheets/diary.css"
NEEDS_DIARY_CSS = ('class="rfn-diary"', 'class="rfn-pain-scale"')  # a pain diary or log, the 0-10 scale
PAGE_STYLESHEETS = {ACTIONS_CSS: NEEDS_ACTIONS_CSS, DIARY_CSS: NEEDS_DIARY_CSS}


def stylesheets_needed(html: str) -> list[str]:
    """The page-only stylesheets (PAGE_STYLESHEETS) that this page's article needs."""
    article = html[html.find("<article"):] if "<article" in html else html
    return [sheet for sheet, markers in PAGE_STYLESHEETS.items() if any(marker in article for marker in markers)]


def needs_actions_css(html: str) -> bool:
    return ACTIONS_CSS in stylesheets_needed(html)


def link_stylesheet(html: str, href: str) -> str:
    """The page with a stylesheet link at the end of <head> (after the theme's and extra_css,
    so its rules come last), unless it is linked already."""
    tag = f'<link rel="stylesheet" href="{href}">'
    if tag in html or "</head>" not in html:
        return html
    return html.replace("</head>", f"  {tag}\n  </head>", 1)
