"""Language editions (English in site/, Spanish in site/es/): words and dates for templates, the
language switch, hreflang links, and parity of a translation with its English page.

    parity.py  a translated page against its source: sections, boxes, figures, citations (no MkDocs)
    step.py    MkDocs step editions

The words the build writes per language are in rfn_guide/i18n.py. Templates:
overrides/partials/language-switch.html, hreflang.html, translation-notice.html,
script-words.html."""
