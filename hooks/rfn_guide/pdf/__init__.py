"""PDF handouts (one per page, in each edition) and the booklets of the whole guide, printed from
the built HTML by Debian's Chromium, driven through its DevTools protocol. No MkDocs imports here:
The pdf_handouts step (rfn_guide/pdf/step.py) gathers the pages and settings and calls export_pdfs().

One job a module, in the order a build meets them:
    settings.py   switches, paper, Chromium's path, file names, what the step hands over
    print_editions.py  standard and large print: each one's class, stylesheet, margins, running text
    cache.py      keys and the kept PDFs (.cache/pdf/): print only what changed
    server.py     the built site on 127.0.0.1, for the browser to read
    cdp.py        Chromium's DevTools protocol over a pipe: start it, open a tab, load, run a script, print
    browser.py    Chromium on a closed network; print-ready tabs
    handouts.py   one page: open, ready for print (js/prepare.js), apply an edition, print
    booklet.py    the whole guide in parts: cover and contents, each section, notes, back page, footer (js/booklet.js)
    parts.py      a booklet part and its headings, as data
    workers.py    the processes that do the pikepdf work (the export's own process never imports it)
    jobs.py       the jobs handed to them, by name
    assemble.py   pikepdf: the parts merged into one tagged booklet, numbered by its running footer
    pdfua.py      pikepdf: Chromium's tags made PDF/UA-1 (artifacts, role map, lists, figures, links)
    finish.py     pikepdf: metadata and XMP, date, document ID, bookmarks
    export.py     puts them together: ask the cache, print the rest in parallel tabs, write
Layout rules: docs/stylesheets/print.css (every print), booklet.css and large-print.css here.
The web address paper prints (short_url, qr_svg) is in rfn_guide/addresses.py, the build's date
(source_date) in rfn_guide/dates.py: other features use them too. Import each name from its
module; this package re-exports nothing, so a build without PDFs loads only what it uses.
"""
