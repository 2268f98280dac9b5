"""The build engine every feature runs on: the steps in order, one build's state, the one reporter.

    pipeline.py     runs the steps hooks/guide.py lists, event by event; a bug in a step is one
                    warning line, not a traceback
    site.py         Site: everything one build knows, made afresh in on_config; Site.report is
                    the one reporter (log, GitHub annotation, live preview)
    config.py       the settings under `extra:` in mkdocs.yml, checked with MkDocs' config classes
    findings.py     Finding: file, line, what is wrong and how to fix it (what every rule returns)
    annotations.py  a finding as a GitHub Actions annotation on the changed line
    build_cache.py  .cache/rfn_guide/: kept work (syllables, bibliography, QR codes) between builds
    check.py        scripts/check_docs.py: the build's checks from the command line
    build_date.py   step: one date for the build (SOURCE_DATE_EPOCH, else the last commit)
    gc_freeze.py    the garbage collector kept off the critical path: the HTML build's objects
                    frozen while the PDFs are made, and at the process's exit

A step is a module (each feature's step.py) that defines some of these functions, called by
pipeline.Pipeline in the order hooks/guide.py lists the steps:

    on_config(site)                       settings are read; files not yet known
    on_files(site, files)                 add or remove files
    on_page_markdown(site, markdown, page) -> markdown
    on_page_content(site, html, page)     -> html
    on_env(site, env)                     every page is rendered: resolve across pages
    on_page_context(site, context, page)  values for the page template
    on_template_context(site, context, name)  values for a theme template (404.html)
    on_post_page(site, output, page)      -> the finished page
    on_post_template(site, output, name)  -> a finished theme template (404.html)
    on_post_build(site)
    on_serve(site, server)
    on_shutdown(site)                     `mkdocs serve` stops (site: its last build)

A step may also define AFTER, the names of the steps whose work it needs done first (a step's
name is its module less "rfn_guide." and ".step": "figures", "assets.styles_step"; "*" for
every other step, so it is last): pipeline.order_problems checks the list, and on_config stops
the build with the reason.

All state of one build lives on `site` (site.Site): its fields are facts steps hand each other;
what only one step reads is that step's own `State` dataclass, `site.state(State)`. What
outlives a build under `mkdocs serve` (the PDF step's warm browser) is kept by the step that
owns it. No stylesheets or templates of its own."""
