"""Step: the PDF handouts, every page and the whole guide (booklet), each in standard and large
print. The printing itself is in rfn_guide/pdf/ (no MkDocs imports there); this step only
gathers the pages and settings and hands them over, after every other step has written the HTML.

- PDF_EXPORT=0 turns it off for every command, PDF_EXPORT=1 turns it on under `mkdocs serve`
  too; by default `mkdocs build` makes the PDFs and `mkdocs serve` does not.
- Paper: US Letter, or A4 with PDF_PAPER=A4 or `extra: pdf: paper: A4` (a clinic edition can set it).
- A placeholder site_url (example.org, example.com, localhost) is never printed: no QR code, no
  web address, no link (an INFO line says why; with RFN_PUBLISHING=1, the publishing workflow,
  it is a problem that stops `--strict`).
- Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium-headless-shell (faster to start and
  to print), else /usr/bin/chromium, else one on the PATH.
- Cache: printed PDFs are kept in .cache/pdf/ beside mkdocs.yml and reused while nothing that
  shapes them changes; PDF_CACHE=0 prints everything afresh, PDF_CACHE=<folder> keeps them there.
- Chromium: `mkdocs build` starts it as the build begins, while the HTML is being built, when an
  editor's file changed since the last export (a guess: the cache decides what is printed);
  `mkdocs serve` keeps one from one rebuild to the next."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from ..addresses import placeholder_host, publishing, qr_svg, short_url
from ..clinic.rules import handout_panel, logo_src
from ..dates import SourceDateError, source_date
from ..engine.findings import INFO, WARNING, Finding
from ..engine.gc_freeze import freeze_built
from ..engine.pipeline import EVERY_OTHER_STEP
from ..engine.site import Site, log
from ..i18n import text, translation_review
from ..links.rules import url_key
from ..paper.rules import care_cards, copy_figure, figures_after_care_cards
from .cache import note_sources, noted_sources, sources_fingerprint
from .print_editions import LARGE_PRINT, STANDARD
from .settings import (
    ENV_PAPER,
    HANDOUT_DIR,
    Page,
    PdfExportError,
    PdfSwitches,
    Settings,
    export_wanted,
    find_chromium,
    handout_path,
    paper_format,
)

# The steps whose work this one needs done first (engine/pipeline.py checks the order): prints the finished site
AFTER = (EVERY_OTHER_STEP,)

if TYPE_CHECKING:  # the browser module is imported only when printing
    from .browser import WarmBrowser

ENV_CACHE = "PDF_CACHE"


@dataclass
class State:
    switches: PdfSwitches | None = None  # whether this build prints PDFs and how: read once, in on_config
    pages: dict[str, Page] = field(default_factory=dict)  # src_uri -> a page in the nav, as the export needs it


# `mkdocs serve` with PDFs on keeps one Chromium from one rebuild to the next (issue 21): it lives
# as long as the server, not one build, so the step keeps it rather than the Site of a build.
# `mkdocs build` starts one early here, for its export only.
_warm: WarmBrowser | None = None


def on_config(site: Site) -> None:
    try:
        enabled = export_wanted(site.command) if site.print_pdfs is None else site.print_pdfs
        paper = paper_format(os.environ.get(ENV_PAPER) or site.settings.pdf.paper)
        chromium = find_chromium() if enabled else ""
        if enabled and not site.config.site_url:
            raise PdfExportError("mkdocs.yml has no `site_url`: the handouts' QR codes and links need "
                                 "the address the guide is published at.")
    except PdfExportError as error:
        raise PluginError(str(error)) from None
    cache_setting = os.environ.get(ENV_CACHE, "").strip()
    cache = (None if cache_setting.lower() in ("0", "false", "no", "off")
             else Path(cache_setting).resolve() if cache_setting else site.config_dir / ".cache" / "pdf")
    site.print_url = printable_address(site)
    sources = sources_fingerprint(editor_files(site)) if enabled and site.command == "build" else ""
    site.state(State).switches = PdfSwitches(export=enabled, paper=paper, chromium=chromium, cache=cache, sources=sources)
    if sources and sources != noted_sources(cache, _config_name(site)):
        _start_browser_early(chromium, site.language)


def editor_files(site: Site) -> list[Path]:
    """What an editor changes: the pages and their pictures, the templates, the shared texts
    (glossary, references), mkdocs.yml and the hooks."""
    config = site.config
    roots = [Path(config.docs_dir), site.config_dir / "includes", Path(__file__).resolve().parents[2]]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    if config.config_file_path:
        roots.append(Path(config.config_file_path))
    return [root for root in roots if root.exists()]


def _config_name(site: Site) -> str:
    return str(Path(site.config.config_file_path or site.config_dir / "mkdocs.yml").resolve())


def _start_browser_early(chromium: str, language: str) -> None:
    """Chromium, a tab and then the worker processes (workers.py) get ready in the background
    while the HTML is built; an export that wants more tabs makes the others."""
    global _warm
    from .browser import WarmBrowser
    from .workers import shared

    if _warm is not None:  # a build before this one in the same process
        _warm.close()
    _warm = WarmBrowser(keep=False)
    # An edit is most often to one page, printed in one tab (export.py); an export that wants
    # more makes them. The workers start once the tab is ready, not beside Chromium: the HTML
    # build has one core, and Chromium's start and the workers' at once took both (medians of
    # 10 alternating whole builds after an edit, 2026-12-02: 1.37 s in turn, 1.48 s at once).
    _warm.start_soon(chromium, language, tabs=1, then=shared().start_soon)


def printable_address(site: Site) -> str:
    """site_url, or "" when it is a placeholder; says so in the log either way it matters."""
    url = site.config.site_url or ""
    placeholder = placeholder_host(url) if url else None
    if placeholder is None:
        return url
    strict = publishing()
    site.report(Finding(
        site.shown_path(site.config.config_file_path or "mkdocs.yml"), None,
        f"site_url {url!r} is a placeholder ({placeholder}): the handouts and printed pages show no QR code "
        "and no web address, so paper never sends a reader to an address that does not exist. "
        + ("A publishing build (RFN_PUBLISHING=1) needs the real address: set site_url, for example with "
           "`python3 scripts/site_url.py https://owner.github.io/repo/` (the publish workflow does this)."
           if strict else "Set site_url to where the guide is published to print them "
           "(`python3 scripts/site_url.py <address>`)."),
        level=WARNING if strict else INFO, rule="pdf"))
    return ""


def on_page_context(site: Site, context: TemplateContext, page: MkDocsPage) -> None:
    """Gives the page template its handout links (when PDFs are made) and its QR code."""
    in_nav = page.file.src_uri in site.nav_order
    url = (page.canonical_url or "") if site.print_url else ""  # no QR code to a placeholder
    switches = site.state(State).switches or PdfSwitches(export=False)
    offered = switches.export and in_nav
    context["rfn_pdf"] = {  # type: ignore[typeddict-unknown-key]  # read by overrides/partials/pdf-download.html
        "handout": handout_path(page.file.src_uri, STANDARD) if offered else None,
        "large_print": handout_path(page.file.src_uri, LARGE_PRINT) if offered else None,
        "paper": text(site.language, "paper_letter") if switches.paper == "Letter" else switches.paper,
        "qr_svg": qr_svg(url, text(site.language, "qr_label", address=short_url(url))) if url and in_nav else None,
        "short_url": short_url(url),
    }
    if in_nav:
        site.state(State).pages[page.file.src_uri] = Page(
            src_uri=page.file.src_uri,
            url=page.url,
            title=page.title or "",
            description=str(page.meta.get("description") or ""),
            last_reviewed=review.last_reviewed if (review := site.reviews.get(page.file.src_uri)) else None,
            clinically_reviewed=bool(review and review.clinical),
            translation_reviewed=translation_review(page.meta) is not None,
        )


def on_post_build(site: Site) -> None:
    state = site.state(State)
    switches = state.switches
    if switches is None or not switches.export:
        return
    pages = [replace(state.pages[src], stylesheets=tuple(site.page_stylesheets.get(src, ())))
             for src in site.nav_order if src in state.pages]
    back_matter = tuple(site.settings.pdf.back_matter)
    for src in back_matter:
        if src not in state.pages:
            site.report(Finding(site.shown_path(site.config.config_file_path or "mkdocs.yml"), None,
                                f"extra.pdf.back_matter names {src!r}, which is not a page in the nav: fix the "
                                "name or remove it (the booklet ends with these pages).", rule="pdf"))
    config = site.config
    try:
        settings = Settings(
            site_dir=Path(config.site_dir),
            site_url=site.print_url or config.site_url or "http://localhost/",
            site_name=config.site_name,
            site_description=config.site_description or "",
            language=site.language,
            translation_of=str(config.extra.get("translation_of") or ""),
            paper=switches.paper,
            chromium=switches.chromium,
            back_matter=back_matter,
            cache_dir=switches.cache,
            date=site.build_moment or source_date(site.config_dir),
            cover_panel=cover_panel(site, pages[0].url if pages else ""),
            back_cards=back_cards(site, pages, back_matter),
            other_languages=tuple(code for code in (site.editions.editions if site.editions else {})
                                  if code != site.language),
        )
        from .export import export_pdfs  # the browser, cache and pypdf: only when printing

        # The HTML build's objects are done: the collections the export's allocations trigger
        # skip them (engine/gc_freeze.py; thawed when the build shuts down or the next starts)
        freeze_built()
        result = export_pdfs(settings, pages, warm=_warm_browser() if site.command == "serve" else _warm)
    except (PdfExportError, SourceDateError) as error:
        raise PluginError(f"PDF handouts: {error}") from None
    if switches.sources:
        note_sources(switches.cache, _config_name(site), switches.sources)
    printed = ", ".join(sorted(path.removeprefix(HANDOUT_DIR + "/") for path in result.printed)) or "nothing"
    log.info(f"PDF handouts in {HANDOUT_DIR}/ ({settings.paper}, standard and large print, "
             f"{result.seconds['total']:.1f} s): printed {printed}; "
             f"{len(result.cached) + len(result.refinished)} unchanged from .cache/pdf/"
             + ("; Chromium kept running from the last build" if site.command == "serve" and result.printed
                and not result.browser_started else "")
             + "".join(f"; {edition} booklet parts printed: {', '.join(p or '(cover and contents)' for p in parts) or 'none'}"
                       for edition, parts in sorted(result.booklet_parts.items())))
    if result.blocked:
        log.warning("PDF handouts: the pages asked for files from other sites, which were refused: "
                    + ", ".join(sorted(set(result.blocked))[:10]))


def _warm_browser() -> WarmBrowser:
    global _warm
    if _warm is None:
        from .browser import WarmBrowser

        _warm = WarmBrowser()
    return _warm


def on_shutdown(site: Site) -> None:
    """The build or the server stops: so do the Chromium and the worker processes it kept."""
    global _warm
    if _warm is not None:
        _warm.close()
        _warm = None
    if "rfn_guide.pdf.workers" in sys.modules:  # started only if PDFs were made
        from .workers import close_shared

        close_shared()


def cover_panel(site: Site, frame_url: str) -> str:
    """The booklet cover's "who to call" panel, its logo addressed from the page the booklet is
    laid out on (`frame_url`, its first section)."""
    clinic = site.clinic
    return handout_panel(clinic, logo_src(clinic, frame_url), site.language, place="cover")


def back_cards(site: Site, pages: list[Page], back_matter: tuple[str, ...]) -> str:
    """The "When to get help" cards for the booklet's back page: those of the page with the most
    cards (the After page), the first such in the booklet's order, as the paper step finished
    them (with the clinic's lines to call), then the figures that follow them in their section,
    made ready for the page the back page is laid out on (the booklet's first section)."""
    from .booklet import booklet_order  # with the browser's module: only when printing

    ordered = booklet_order(pages, back_matter)
    if not ordered:
        return ""
    contents = [site.handout_contents.get(url_key(page.url), "") for page in ordered]
    found = [care_cards(content) for content in contents]
    best = max(range(len(found)), key=lambda index: len(found[index]))  # the first of equals
    figures = [copy_figure(figure, ordered[best].url, ordered[0].url) for figure in figures_after_care_cards(contents[best])]
    return "\n".join([*found[best], *figures])
