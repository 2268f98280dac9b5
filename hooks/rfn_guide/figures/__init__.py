"""Figures: ids, captions, text alternatives, site-wide numbers, "Figure N" links, and the
drawing rules of the hand-drawn SVG diagrams (callouts against their legend).

    rules.py      figure rules (no MkDocs)
    diagrams.py   drawing rules for docs/assets/diagrams/*.svg (no MkDocs)
    step.py       MkDocs step figure_numbers: check and number in page events, resolve in on_env

Script: docs/javascripts/figures.js. Styles in docs/stylesheets/extra.css."""
