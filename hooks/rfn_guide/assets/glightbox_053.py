"""Workarounds for mkdocs-glightbox 0.5.3 (requirements.txt pins it). Check each one again
when that pin changes, and delete those the new version no longer needs.

1. It parses each page's content with selectolax and returns `tree.html`, which wraps the
   fragment in `<html><head></head><body>...</body></html>`; inside the theme's page that is
   a second <html> and <body> (the Nu checker: "Stray start tag html"). unwrap_fragment.
2. It adds its script and styles to <head> on every page, where they hold back the first
   paint and weigh 17 KiB of a first visit. lightbox_on_demand takes them out and keeps the
   plugin's start-up code for javascripts/lightbox-on-demand.js, which loads the lightbox when
   a reader first reaches for a picture; has_lightbox_image tells the pages that have a
   picture to open, so the others can say `glightbox: false`."""
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


def lightbox_on_demand(html: str, loader_src: str) -> str:
    """The page without the lightbox's script and styles; its start-up script kept as data
    (type="text/plain", with where the two files are), followed by the loader at `loader_src`,
    which fetches them when a reader first points at, tabs to or clicks a picture."""
    if LIGHTBOX_INIT not in html:
        return html
    head_end = html.find("</head>")
    found: dict[str, str] = {}
    for name, pattern in (("css", LIGHTBOX_STYLES), ("js", LIGHTBOX_SCRIPT)):
        match = pattern.search(html, 0, head_end)
        if match:
            found[name] = re.search(r'(?:href|src)="([^"]*)"', match.group(0)).group(1)  # type: ignore[union-attr]
            html = html[: match.start()] + html[match.end():]
            head_end = html.find("</head>")
    if set(found) != {"css", "js"}:
        return html  # not the 0.5.3 layout: leave the page as the plugin wrote it
    kept = f'<script id="init-glightbox" type="text/plain" data-css="{found["css"]}" data-js="{found["js"]}">'
    start = html.index(LIGHTBOX_INIT)
    end = html.index("</script>", start) + len("</script>")
    return (html[:start] + kept + html[start + len(LIGHTBOX_INIT):end]
            + f'<script src="{loader_src}"></script>' + html[end:])
