"""Workarounds for mkdocs-glightbox 0.5.3 (requirements.txt pins it). Check each one again
when that pin changes, and delete those the new version no longer needs.

1. It parses each page's content with selectolax and returns `tree.html`, which wraps the
   fragment in `<html><head></head><body>...</body></html>`; inside the theme's page that is
   a second <html> and <body> (the Nu checker: "Stray start tag html"). unwrap_fragment.
2. It adds its script and styles to <head> on every page, where they hold back the first
   paint. lightbox_after_content moves them to the end of <body>; has_lightbox_image tells
   the pages that have a picture to open, so the others can say `glightbox: false`."""
from __future__ import annotations

import re

_WRAPPED = re.compile(r"\A\s*<html><head></head><body>(?P<content>.*)</body></html>\s*\Z", re.S)
LIGHTBOX_INIT = '<script id="init-glightbox">'
LIGHTBOX_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/glightbox\.min\.js"></script>\s*')
LIGHTBOX_STYLES = re.compile(r'<link href="[^"]*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">\s*')


def unwrap_fragment(html: str) -> str:
    """The content without a parser's empty <html><head></head><body> wrapper, if it has one."""
    match = _WRAPPED.match(html)
    return match.group("content") if match else html


def has_lightbox_image(page_html: str) -> bool:
    """True if the page's content holds an image the glightbox plugin made clickable."""
    return 'class="glightbox"' in page_html


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
