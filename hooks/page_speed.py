"""MkDocs glue: small fixes to each finished page for speed and accessibility audits.

- Names Material's search dialog (aria-label), so screen readers announce it.
- Loads the image lightbox after the page's content instead of before its first paint.
The rules are in rfn_guide/page_speed.py."""
from __future__ import annotations

from mkdocs.plugins import event_priority

from rfn_guide.page_speed import label_search_dialog, lightbox_after_content


@event_priority(-50)  # after mkdocs-glightbox has added its tags
def on_post_page(output, page, config):
    return lightbox_after_content(label_search_dialog(output))


def on_post_template(output_content, template_name, config):
    # The 404 page is a theme template, not a page, so on_post_page never sees it
    return label_search_dialog(output_content) if template_name == "404.html" else output_content
