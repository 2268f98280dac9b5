"""Language editions (English in site/, Spanish in site/es/): the language switch, hreflang
links, a translation's shared stylesheets, and parity of a translation with its English page.

    parity.py  a translated page against its source: sections, boxes, figures, citations (no MkDocs)
    step.py    MkDocs step editions

The words the build writes per language are in rfn_guide/i18n.py (the pipeline gives them to every
template). Templates:
overrides/partials/language-switch.html, hreflang.html, translation-notice.html,
script-words.html."""
