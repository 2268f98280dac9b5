"""MkDocs glue: keeps each page's content a fragment after the lightbox plugin has run.

See rfn_guide/html_fragment.py: mkdocs-glightbox 0.5.3 wraps the content in a second
<html><body>, which tests/test_html_validity.py catches."""
from __future__ import annotations

from mkdocs.plugins import event_priority

from rfn_guide.html_fragment import unwrap_fragment


@event_priority(-90)  # after mkdocs-glightbox (priority 0) has wrapped the images
def on_page_content(html, page, config, files):
    return unwrap_fragment(html)
