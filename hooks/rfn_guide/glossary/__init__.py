"""The glossary and short forms: every medical term's plain meaning as a tooltip and on the
Glossary page, and RFN spelled out at its first use on every page.

    rules.py          includes/glossary.md parsed, checked, the Glossary page rendered (no MkDocs)
    abbreviations.py  "radiofrequency neurotomy (RFN)" at each page's first use (no MkDocs; the
                      reading_level step runs it on the final text)
    step.py           MkDocs step glossary_page: tooltips via the abbr extension, the Glossary page

Styles in docs/stylesheets/extra.css."""
