"""Citations: [@key] in a page becomes a numbered superscript link to the References page, and
each citing page ends with its Sources.

    bibliography.py  includes/references.bib read (pybtex), checked, formatted Vancouver/AMA style
    rules.py         [@key] found, numbered site-wide, rendered (no MkDocs)
    step.py          MkDocs step citation_numbers: collect in page events, resolve in on_env

Script: docs/javascripts/sources.js (show the source list on a page). Styles in
docs/stylesheets/extra.css."""
