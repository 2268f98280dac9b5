"""Small fixes to the theme's finished HTML that page-speed and accessibility audits
(Lighthouse) ask for. Plain string work on the page MkDocs is about to write."""
from __future__ import annotations

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LIGHTBOX_INIT = '<script id="init-glightbox">'
LIGHTBOX_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/glightbox\.min\.js"></script>\s*')
LIGHTBOX_STYLES = re.compile(r'<link href="[^"]*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">\s*')


def label_search_dialog(html: str, label: str = "Search") -> str:
    """Material's search panel is a dialog with no name; screen readers announce it by this."""
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


def lightbox_after_content(html: str) -> str:
    """Moves the lightbox's script and styles from <head>, where they hold back the first paint,
    to just before the script that starts the lightbox at the end of <body>."""
    if LIGHTBOX_INIT not in html:
        return html
    head_end = html.find("</head>")
    moved: list[str] = []
    for pattern in (LIGHTBOX_STYLES, LIGHTBOX_SCRIPT):
        match = pattern.search(html, 0, head_end)
        if match:
            moved.append(match.group(0).strip())
            html = html[: match.start()] + html[match.end():]
            head_end = html.find("</head>")
    return html.replace(LIGHTBOX_INIT, "".join(moved) + LIGHTBOX_INIT, 1)
