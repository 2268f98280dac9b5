"""PDF handouts (one per page, in each edition) and the booklets of the whole guide, printed from
the built HTML by Debian's Chromium, driven through its DevTools protocol. No MkDocs imports here:
The pdf_handouts step (rfn_guide/pdf/step.py) gathers the pages and settings and calls export_pdfs().

One job a module, in the order a build meets them:
    settings.py   switches, paper, Chromium's path, editions, file names, the build's date
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
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, for type checkers; at run time each is loaded on first use
    from .booklet import booklet_order, cover_html, review_span
    from .browser import CHROMIUM_ARGS, CLOSED_NETWORK_ARGS
    from .export import export_pdfs
    from .settings import (
        BOOKLET_NAME,
        EDITIONS,
        ENV_CHROMIUM,
        ENV_PAPER,
        ENV_SOURCE_DATE,
        ENV_SWITCH,
        HANDOUT_DIR,
        LARGE_PRINT,
        STANDARD,
        Edition,
        ExportResult,
        Page,
        PdfExportError,
        Settings,
        booklet_path,
        export_wanted,
        find_chromium,
        handout_path,
        handout_slug,
        paper_format,
        qr_svg,
        short_url,
        source_date,
    )

# Where each public name lives. Loaded on first use (PEP 562), so a build with PDF_EXPORT=0, which
# needs only settings.py, never imports the browser, the cache or pikepdf.
_MODULE_OF = {
    "booklet_order": "booklet",
    "cover_html": "booklet",
    "review_span": "booklet",
    "CHROMIUM_ARGS": "browser",
    "CLOSED_NETWORK_ARGS": "browser",
    "export_pdfs": "export",
    "BOOKLET_NAME": "settings",
    "EDITIONS": "settings",
    "ENV_CHROMIUM": "settings",
    "ENV_PAPER": "settings",
    "ENV_SOURCE_DATE": "settings",
    "ENV_SWITCH": "settings",
    "HANDOUT_DIR": "settings",
    "LARGE_PRINT": "settings",
    "STANDARD": "settings",
    "Edition": "settings",
    "ExportResult": "settings",
    "Page": "settings",
    "PdfExportError": "settings",
    "Settings": "settings",
    "booklet_path": "settings",
    "export_wanted": "settings",
    "find_chromium": "settings",
    "handout_path": "settings",
    "handout_slug": "settings",
    "paper_format": "settings",
    "qr_svg": "settings",
    "short_url": "settings",
    "source_date": "settings",
}


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


__all__ = [
    "BOOKLET_NAME", "CHROMIUM_ARGS", "CLOSED_NETWORK_ARGS", "EDITIONS", "ENV_CHROMIUM", "ENV_PAPER",
    "ENV_SOURCE_DATE", "ENV_SWITCH", "HANDOUT_DIR", "LARGE_PRINT", "STANDARD", "Edition", "ExportResult", "Page",
    "PdfExportError", "Settings", "booklet_order", "booklet_path", "cover_html", "export_pdfs", "export_wanted",
    "find_chromium", "handout_path", "handout_slug", "paper_format", "qr_svg", "review_span",
    "short_url", "source_date",
]
