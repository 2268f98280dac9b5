"""The theme's assets, only what a reader's browser needs: unused search language packs left out,
the image lightbox only where there is an image, the search dialog named, the guide's own
stylesheets minified, and the offline copy's search without a CDN.

    rules.py          which search language packs Material's search worker imports (no MkDocs)
    glightbox_053.py  workarounds for mkdocs-glightbox 0.5.3 (no MkDocs)
    theme_fixes.py    an accessibility fix to Material's finished HTML (no MkDocs)
    step.py           MkDocs step page_assets
    offline_step.py   MkDocs step offline_search (OFFLINE=true: vendor/iframe-worker/shim.js)
    styles_step.py    MkDocs step small_styles (the guide's own stylesheets minified)

Script: docs/javascripts/lightbox-on-demand.js."""
