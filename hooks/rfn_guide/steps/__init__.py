"""MkDocs glue: the build's steps. Each module is one job and defines some of these functions,
called by pipeline.Pipeline in the order hooks/guide.py lists the steps:

    on_config(site)                       settings are read; files not yet known
    on_files(site, files)                 add or remove files
    on_page_markdown(site, markdown, page) -> markdown
    on_page_content(site, html, page)     -> html
    on_env(site)                          every page is rendered: resolve across pages
    on_page_context(site, context, page)  values for the page template
    on_template_context(site, context, name)  values for a theme template (404.html)
    on_post_page(site, output, page)      -> the finished page
    on_post_template(site, output, name)  -> a finished theme template (404.html)
    on_post_build(site)
    on_serve(site, server)

All state of one build lives on `site` (site.Site), made afresh in on_config. The rules the
steps apply are plain Python in the modules one folder up (rfn_guide/*.py)."""
