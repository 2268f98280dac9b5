"""Page content is an HTML fragment: undo a parser's wrapping of it into a whole document.

mkdocs-glightbox 0.5.3 parses each page's content with selectolax and returns `tree.html`,
which wraps the fragment in `<html><head></head><body>...</body></html>`. Placed inside the
theme's page, that gives a second <html> and <body> (invalid HTML: the Nu checker reports
"Stray start tag html" and stops checking the page)."""
from __future__ import annotations

import re

_WRAPPED = re.compile(r"\A\s*<html><head></head><body>(?P<content>.*)</body></html>\s*\Z", re.S)


def unwrap_fragment(html: str) -> str:
    """The content without a parser's empty <html><head></head><body> wrapper, if it has one."""
    match = _WRAPPED.match(html)
    return match.group("content") if match else html
