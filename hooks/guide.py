"""The guide's build, step by step: the one MkDocs hook file for the guide's own rules.

MkDocs calls each event of this file once per build (after the plugins in mkdocs.yml, as hooks
run after plugins); the pipeline then calls that event of every step below, in this order.
So the order of STEPS is the order of the build: for example the citation and figure steps
add their anchors in on_env before the link step checks links against them, and the reading
level is graded on the page's final HTML. A step that needs another's work done first names it
in its AFTER (for example `AFTER = ("citations", "figures")` in links/step.py); the build stops
at once, saying which, if the list below does not allow it. To add a step: write a step.py in
the feature's package under rfn_guide/ with the events it needs (see
rfn_guide/engine/__init__.py), import it below under the name the list uses, and put it in the
list.

The PDF handouts are the last step: they print the finished site (PDF_EXPORT=0: off)."""
from __future__ import annotations

# Each feature is one package under rfn_guide/: its rules and its MkDocs step (step.py).
from rfn_guide.actions import step as patient_actions
from rfn_guide.assets import offline_step as offline_search
from rfn_guide.assets import step as page_assets
from rfn_guide.assets import styles_step as small_styles
from rfn_guide.citations import step as citation_numbers
from rfn_guide.clinic import step as clinic_edition
from rfn_guide.editions import step as editions
from rfn_guide.engine import build_date
from rfn_guide.engine.pipeline import Pipeline
from rfn_guide.figures import step as figure_numbers
from rfn_guide.glossary import step as glossary_page
from rfn_guide.links import step as page_links
from rfn_guide.paper import step as handout_print
from rfn_guide.pdf import step as pdf_handouts
from rfn_guide.preview import step as preview_panel
from rfn_guide.readability import step as reading_level
from rfn_guide.review import step as review_status

STEPS = [
    build_date,        # one date for the build (sitemap, PDFs): SOURCE_DATE_EPOCH, else the last commit
    glossary_page,     # checks includes/glossary.md; tooltips for every form of a term; fills the Glossary page
    clinic_edition,    # a clinic's edition: extra.clinic checked, its words in <span data-clinic>, care card lines, footer
    citation_numbers,  # [@key] -> numbered citations, reference list, each page's Sources (includes/references.bib)
    review_status,     # front matter; review dates and clinical review under each page; overdue notice
    page_assets,       # glightbox 0.5.3 workarounds, unused search packs left out, search dialog named
    patient_actions,   # care cards checked and labelled, tick boxes named, their stylesheet where needed
    figure_numbers,    # figures: id, caption, alt text, diagram callouts vs legend, site-wide numbers
    page_links,        # links and images with line numbers, against the anchors the steps above added
    handout_print,     # what paper needs: figures from other pages, words used, link notes, the clinic panel
    reading_level,     # each page's reading grade, on its final HTML (extra.readability)
    offline_search,    # offline copy (OFFLINE=true): the file:// search shim instead of a CDN link
    editions,          # language editions: switch, hreflang, shared stylesheets, parity of a translation
    small_styles,      # the guide's own stylesheets minified (after editions: a translation's come from it)
    preview_panel,     # `mkdocs serve` shows every problem above on the page it concerns
    pdf_handouts,      # last: PDF handouts and booklet, standard and large print, from the finished HTML
]

PIPELINE = Pipeline(STEPS)
on_startup = PIPELINE.on_startup
on_config = PIPELINE.on_config
on_files = PIPELINE.on_files
on_nav = PIPELINE.on_nav
on_page_markdown = PIPELINE.on_page_markdown
on_page_content = PIPELINE.on_page_content
on_env = PIPELINE.on_env
on_page_context = PIPELINE.on_page_context
on_template_context = PIPELINE.on_template_context
on_post_page = PIPELINE.on_post_page
on_post_template = PIPELINE.on_post_template
on_post_build = PIPELINE.on_post_build
on_build_error = PIPELINE.on_build_error
on_serve = PIPELINE.on_serve
on_shutdown = PIPELINE.on_shutdown
