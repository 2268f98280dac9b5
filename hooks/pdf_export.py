"""MkDocs glue for the PDF handouts: every page and the whole guide (booklet), each in standard
and large print. The printing itself is in rfn_guide/pdf/ (no MkDocs imports there); this file
only gathers the pages and settings and hands them over, so it can be registered elsewhere.

- PDF_EXPORT=0 turns it off for every command, PDF_EXPORT=1 turns it on under `mkdocs serve`
  too; by default `mkdocs build` makes the PDFs and `mkdocs serve` does not.
- Paper: A4, or US Letter with PDF_PAPER=Letter or `extra: pdf: paper: Letter` in mkdocs.yml.
- Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else one on the PATH.
- Cache: printed PDFs are kept in .cache/pdf/ beside mkdocs.yml and reused while nothing that
  shapes them changes; PDF_CACHE=0 prints everything afresh, PDF_CACHE=<folder> keeps them there."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from rfn_guide.pdf import (
    ENV_PAPER, HANDOUT_DIR, LARGE_PRINT, STANDARD, Page, PdfExportError, Settings, export_pdfs, export_wanted,
    find_chromium, handout_path, paper_format, qr_svg, short_url, source_date,
)

log = get_plugin_logger(__name__)

ENV_CACHE = "PDF_CACHE"
_command = "build"  # set by on_startup: "build", "serve" or "gh-deploy"
_state: dict[str, Any] = {}  # this build's settings and pages (reset in on_config)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    try:
        enabled = export_wanted(_command)
        options = config.extra.get("pdf") or {}
        paper = paper_format(os.environ.get(ENV_PAPER) or options.get("paper"))
        chromium = find_chromium() if enabled else None
        if enabled and not config.site_url:
            raise PdfExportError("mkdocs.yml has no `site_url`: the handouts' QR codes and links need "
                                 "the address the guide is published at.")
    except PdfExportError as error:
        raise PluginError(str(error)) from None
    project = Path(config.config_file_path or ".").resolve().parent
    cache_setting = os.environ.get(ENV_CACHE, "").strip()
    cache = (None if cache_setting.lower() in ("0", "false", "no", "off")
             else Path(cache_setting).resolve() if cache_setting else project / ".cache" / "pdf")
    _state.update(enabled=enabled, paper=paper, chromium=chromium, project=project, cache=cache,
                  back_matter=tuple(options.get("back_matter") or ("references.md", "glossary.md")),
                  pages={}, nav_order=[])
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
    _state["nav_order"] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Gives the page template its handout links (when PDFs are made) and its QR code."""
    in_nav = page.file.src_uri in _state.get("nav_order", [])
    url = page.canonical_url or ""
    offered = bool(_state.get("enabled") and in_nav)
    context["rfn_pdf"] = {
        "handout": handout_path(page.file.src_uri, STANDARD) if offered else None,
        "large_print": handout_path(page.file.src_uri, LARGE_PRINT) if offered else None,
        "paper": "US Letter" if _state.get("paper") == "Letter" else _state.get("paper", "A4"),
        "qr_svg": qr_svg(url, f"QR code: {short_url(url)}") if url and in_nav else None,
        "short_url": short_url(url),
    }
    if in_nav:
        _state["pages"][page.file.src_uri] = Page(
            src_uri=page.file.src_uri,
            url=page.url,
            title=page.title or "",
            description=str(page.meta.get("description") or ""),
            last_reviewed=str(page.meta.get("last_reviewed") or ""),
        )
    return context


@event_priority(-100)  # last: every other hook has finished writing the HTML
def on_post_build(config: MkDocsConfig) -> None:
    if not _state.get("enabled"):
        return
    pages = [_state["pages"][src] for src in _state["nav_order"] if src in _state["pages"]]
    for src in _state["back_matter"]:
        if src not in _state["pages"]:
            log.warning(f"mkdocs.yml: extra.pdf.back_matter names {src!r}, which is not a page in the nav: "
                        "fix the name or remove it (the booklet ends with these pages).")
    try:
        settings = Settings(
            site_dir=Path(config.site_dir),
            site_url=config.site_url or "http://localhost/",
            site_name=config.site_name,
            site_description=config.site_description or "",
            language=config.theme.get("language") or "en",
            paper=_state["paper"],
            chromium=_state["chromium"],
            back_matter=_state["back_matter"],
            cache_dir=_state["cache"],
            date=source_date(_state["project"]),
        )
        result = export_pdfs(settings, pages)
    except PdfExportError as error:
        raise PluginError(f"PDF handouts: {error}") from None
    printed = ", ".join(sorted(path.removeprefix(HANDOUT_DIR + "/") for path in result.printed)) or "nothing"
    log.info(f"PDF handouts in {HANDOUT_DIR}/ ({settings.paper}, standard and large print, "
             f"{result.seconds['total']:.1f} s): printed {printed}; "
             f"{len(result.cached) + len(result.refinished)} unchanged from .cache/pdf/")
    if result.blocked:
        log.warning("PDF handouts: the pages asked for files from other sites, which were refused: "
                    + ", ".join(sorted(set(result.blocked))[:10]))
