"""A fix to Material's finished HTML that accessibility audits (Lighthouse, axe) ask for."""
from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def label_search_dialog(html: str, label: str = "Search") -> str:
    """Material's search panel is a dialog with no name; screen readers announce it by this."""
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
