"""The RFN guide's build, one package per feature. Each holds its rules in plain Python (no
MkDocs imports but for clinic/rules.py, which borrows MkDocs' config classes; unit-tested
directly) and its MkDocs step, step.py, which hooks/guide.py runs in order through
engine/pipeline.py:

    engine/       the pipeline, one build's state and reporter, settings, build cache, build date
    citations/    [@key] citations, the bibliography, References and Sources
    glossary/     glossary tooltips and page; RFN spelled out at first use
    clinic/       a clinic's own details and instructions
    review/       front matter and review status
    assets/       only the theme assets a page needs; the offline copy's search
    actions/      boxes, care cards, tick boxes and their stylesheets
    figures/      figures and the diagrams' drawing rules
    links/        links and images (the one link resolver)
    paper/        what a printed page needs (self-contained handouts, clinic panel)
    readability/  reading level
    editions/     language editions and translation parity
    preview/      problems shown in `mkdocs serve`
    pdf/          the PDF export (handouts and booklet), printed by Chromium

Text tools every feature shares, here at the top: markup.py (the one code masker, front-matter
reader and HTML attribute parser), dates.py (the one date format), i18n.py (the words the build
writes, per language). Each package's __init__ says where its stylesheets and templates live
(docs/stylesheets/, docs/javascripts/, overrides/partials/)."""
