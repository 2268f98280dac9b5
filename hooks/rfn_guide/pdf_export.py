"""PDF handouts (one per page) and a booklet of the whole guide, printed from the built HTML.

An installed Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH, or one on the PATH) is
driven through Playwright; a browser is never downloaded. One browser stays open for every
page. It reads the built site from a server on 127.0.0.1 that this module starts for the
export; every other host fails inside the browser (its name resolver knows no other host and
its proxy is a closed port), so nothing leaves the machine while printing.

No MkDocs imports here: hooks/pdf_export.py gathers the pages and settings and calls
export_pdfs(). The layout rules shared with Ctrl+P live in docs/stylesheets/print.css; those
only the booklet needs live in booklet.css beside this file.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .i18n import long_date, text

ENV_SWITCH = "PDF_EXPORT"
ENV_CHROMIUM = "CHROMIUM_PATH"
ENV_PAPER = "PDF_PAPER"
HANDOUT_DIR = "handouts"
BOOKLET_NAME = "rfn-guide"
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
# Chromium names to look for on the PATH, in order of preference.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Flags a closed network needs: without them Chromium keeps trying to reach Google's services.
# The browser tests start Chromium with these too.
CLOSED_NETWORK_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_ARGS = (
    *CLOSED_NETWORK_ARGS,
    "--disable-extensions",
    "--disable-dev-shm-usage",
    # Closed network: no host name resolves except the export's own server on 127.0.0.1 ...
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
# ... and anything else (an IP address) goes to a proxy on a closed port, so it fails too.
CLOSED_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
# Files a printed page never needs: the search worker and its index.
SKIPPED_FILES = re.compile(r"^(search/search_index\.json|assets/javascripts/workers/.*)$")
MARGINS = {"top": "17mm", "bottom": "17mm", "left": "16mm", "right": "16mm"}
HOW_TO_FIX = (
    "Install Debian's Chromium with `apt-get install -y chromium` (scripts/setup.sh does this), "
    f"or point {ENV_CHROMIUM} at a Chromium or Chrome program, "
    f"or build without PDF handouts: `{ENV_SWITCH}=0 mkdocs build`."
)


class PdfExportError(Exception):
    """A problem the person building the site can fix; the message says how."""


# --- Settings -----------------------------------------------------------------------------

def export_wanted(command: str, environ: dict | None = None) -> bool:
    """Whether to print PDFs: PDF_EXPORT=0 never, PDF_EXPORT=1 always, else only on `build`."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV_SWITCH) or "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    if value:
        raise PdfExportError(
            f"{ENV_SWITCH}={environ.get(ENV_SWITCH)!r} is not understood: use {ENV_SWITCH}=0 to turn "
            f"PDF handouts off or {ENV_SWITCH}=1 to make them even under `mkdocs serve`."
        )
    return command != "serve"


def paper_format(value: str | None) -> str:
    """Playwright's name for a paper size given as 'A4' or 'Letter' (any case)."""
    key = (value or "A4").strip().lower().replace("us ", "").replace("us-", "")
    if key not in PAPER_SIZES:
        raise PdfExportError(
            f"Unknown paper size {value!r} for PDF handouts: use A4 or Letter "
            f"(set {ENV_PAPER} or `extra: pdf: paper:` in mkdocs.yml)."
        )
    return PAPER_SIZES[key]


def find_chromium(environ: dict | None = None, which=shutil.which) -> str:
    """Path of the Chromium to print with: CHROMIUM_PATH, then Debian's, then one on the PATH."""
    environ = os.environ if environ is None else environ
    wanted = (environ.get(ENV_CHROMIUM) or "").strip()
    if wanted:
        found = wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else which(wanted)
        if not found:
            raise PdfExportError(f"{ENV_CHROMIUM}={wanted!r} is not a program that can be run. {HOW_TO_FIX}")
        return found
    if os.path.isfile(DEBIAN_CHROMIUM) and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    for name in CHROMIUM_NAMES:
        found = which(name)
        if found:
            return found
    raise PdfExportError(f"No Chromium found to print the PDF handouts with. {HOW_TO_FIX}")


def handout_slug(src_uri: str) -> str:
    """File name (no extension) of a page's handout: `before.md` -> `before`, `a/b.md` -> `a-b`."""
    stem = re.sub(r"\.md$", "", src_uri.replace("\\", "/"))
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "index"


def handout_path(src_uri: str) -> str:
    """Where a page's handout lands, relative to the site folder."""
    return f"{HANDOUT_DIR}/{handout_slug(src_uri)}.pdf"


def booklet_path() -> str:
    return f"{HANDOUT_DIR}/{BOOKLET_NAME}.pdf"


def short_url(url: str) -> str:
    """A URL as a reader types it: no scheme, no `www.`, no trailing slash."""
    parts = urlsplit(url)
    text = parts.netloc.removeprefix("www.") + parts.path
    return text.rstrip("/") if parts.path not in ("", "/") else text.rstrip("/")


def qr_svg(url: str, label: str = "QR code") -> str:
    """An inline SVG QR code that scans to `url` (segno; black on white, quiet zone kept)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title=label,
              svgclass="rfn-qr", lineclass=None, omitsize=True, dark="#000", light="#fff")
    return buffer.getvalue().decode("utf-8")


def readable_date(value, language: str = "en") -> str:
    """'2026-11-24' -> '24 November 2026' (a date a patient reads without thinking); in
    Spanish '24 de noviembre de 2026' (the one date formatter, rfn_guide.i18n)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        day = value
    else:
        try:
            day = _dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return str(value)
    return long_date(day, language)


@dataclass(frozen=True)
class Page:
    """One page of the guide, as the hook hands it over (nav order is list order)."""

    src_uri: str  # docs-relative source, e.g. "before.md"
    url: str  # site-relative URL of the built page, e.g. "before/" ("" for the home page)
    title: str
    description: str = ""
    last_reviewed: str = ""

    @property
    def slug(self) -> str:
        return handout_slug(self.src_uri)


@dataclass
class Settings:
    site_dir: Path
    site_url: str  # where the site is published, e.g. https://rfn-guide.example.org/
    site_name: str
    site_description: str = ""
    language: str = "en"
    paper: str = "A4"
    chromium: str = DEBIAN_CHROMIUM
    # Pages that close the booklet, in this order (the reference list and the glossary).
    back_matter: tuple[str, ...] = ("references.md", "glossary.md")


@dataclass
class ExportResult:
    handouts: dict[str, Path] = field(default_factory=dict)  # src_uri -> PDF file
    booklet: Path | None = None
    booklet_starts: dict[str, int] = field(default_factory=dict)  # src_uri -> 1-based page
    seconds: dict[str, float] = field(default_factory=dict)  # "browser", each src_uri, "booklet"
    blocked: list[str] = field(default_factory=list)  # requests to other origins, refused


def booklet_order(pages: list[Page], back_matter: tuple[str, ...]) -> list[Page]:
    """Pages in navigation order, with the back matter (references, glossary) moved to the end."""
    by_src = {page.src_uri: page for page in pages}
    back = [by_src[src] for src in back_matter if src in by_src]
    return [page for page in pages if page not in back] + back


def page_url(settings: Settings, page: Page) -> str:
    return settings.site_url.rstrip("/") + "/" + page.url.lstrip("/")


def review_span(pages: list[Page], language: str = "en") -> str:
    """The review date of the whole guide: one date, or the oldest and newest page dates."""
    dates = sorted({str(page.last_reviewed) for page in pages if page.last_reviewed})
    if not dates:
        return ""
    if len(dates) == 1:
        return text(language, "pdf_last_reviewed", date=readable_date(dates[0], language))
    return text(language, "pdf_reviewed_between", first=readable_date(dates[0], language),
                last=readable_date(dates[-1], language))


# --- Header and footer (Chromium draws these in the page margins) -------------------------

_MARGIN_STYLE = (
    "font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 8.5pt; color: #444;"
    " width: 100%; margin: 0 16mm; display: flex; justify-content: space-between; gap: 6mm;"
    " -webkit-print-color-adjust: exact;"
)


def header_template(left: str, right: str) -> str:
    return (f'<div style="{_MARGIN_STYLE} border-bottom: 0.4pt solid #999; padding-bottom: 1.5mm;">'
            f'<span>{html.escape(left)}</span><span style="text-align: right; font-weight: bold;">'
            f'{html.escape(right)}</span></div>')


def footer_template(left: str, language: str = "en") -> str:
    page_of = html.escape(text(language, "pdf_page_of")).format(
        page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return (f'<div style="{_MARGIN_STYLE}"><span>{html.escape(left)}</span>'
            f'<span style="white-space: nowrap;">{page_of}</span></div>')


# --- In-browser steps ---------------------------------------------------------------------

# Readies a loaded page for print: opens collapsed blocks, drops screen-only bits, points links
# into the site at the published site, and returns the article as it was before that last step
# (URLs absolute on the export origin) for the booklet.
_PREPARE_JS = """
async ([origin, siteUrl]) => {
  await document.fonts.ready;
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.headerlink, .md-content__button, .rfn-pdf-download').forEach(e => e.remove());
  // Lightbox links: keep the picture, drop the link to the full-size copy.
  document.querySelectorAll('a.glightbox').forEach(a => { a.replaceWith(...a.childNodes); });
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  const copy = article.cloneNode(true);
  copy.querySelectorAll('.rfn-print-link').forEach(e => e.remove());
  for (const el of copy.querySelectorAll('[href]')) {
    if (el.closest('svg')) continue;
    el.setAttribute('href', el.href);
  }
  for (const el of copy.querySelectorAll('img[src], source[src], video[src]')) el.setAttribute('src', el.src);
  for (const el of copy.querySelectorAll('img[srcset], source[srcset]')) el.removeAttribute('srcset');
  // In the handout, links into the site go to the published site, not the export origin.
  const here = location.href.split('#')[0];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('svg')) continue;
    const target = a.href;
    if (!target.startsWith(origin)) continue;
    if (target.split('#')[0] === here && a.getAttribute('href').startsWith('#')) continue;
    a.setAttribute('href', siteUrl + target.slice(origin.length));
  }
  return copy.innerHTML;
}
"""

# Replaces the article of the loaded page with the booklet: cover, contents, every section.
_BOOKLET_JS = """
([origin, siteUrl, css, front, sections]) => {
  document.documentElement.classList.add('rfn-booklet');
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .md-dialog, .md-search, .md-banner').forEach(e => e.remove());
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  article.innerHTML = front;
  const anchorFor = new Map();  // page URL (no hash) -> section slug
  for (const s of sections) anchorFor.set(origin + s.url, s.slug);
  for (const s of sections) {
    const section = document.createElement('section');
    section.className = 'rfn-booklet-section';
    section.id = 'rfn-s-' + s.slug;
    section.setAttribute('aria-label', s.title);
    section.innerHTML = s.html;
    // Ids repeat from page to page (every page has #sources): give each its section's prefix.
    for (const el of section.querySelectorAll('[id]')) {
      if (el.closest('svg')) continue;
      el.id = s.slug + '--' + el.id;
    }
    for (const el of section.querySelectorAll('[for], [aria-labelledby], [aria-describedby], [aria-controls]')) {
      for (const name of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls']) {
        const value = el.getAttribute(name);
        if (value) el.setAttribute(name, value.split(/\\s+/).map(v => s.slug + '--' + v).join(' '));
      }
    }
    for (const a of section.querySelectorAll('a[href]')) {
      if (a.closest('svg')) continue;
      const href = a.getAttribute('href');
      if (!href.startsWith(origin)) continue;
      const [path, hash] = href.split('#');
      const slug = anchorFor.get(path) ?? anchorFor.get(path.replace(/index\\.html$/, ''));
      if (slug !== undefined) a.setAttribute('href', hash ? '#' + slug + '--' + hash : '#rfn-s-' + slug);
      else a.setAttribute('href', siteUrl + href.slice(origin.length));
    }
    article.appendChild(section);
  }
  document.title = front.match(/<h1[^>]*>([^<]*)</)?.[1] || document.title;
}
"""

_TOC_NUMBERS_JS = """
(starts) => {
  for (const [slug, number] of Object.entries(starts)) {
    const cell = document.querySelector('#rfn-toc-' + slug + ' .rfn-toc-page');
    if (cell) cell.textContent = String(number);
  }
}
"""


# --- The export -----------------------------------------------------------------------------

def _start_server(site_dir: Path):
    """Serves the built site on 127.0.0.1 (a free port) from a thread; returns (server, origin)."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the build log is for editors
            pass

        def send_head(self):
            if SKIPPED_FILES.match(self.path.lstrip("/").split("?")[0]):
                self.send_error(404)
                return None
            return super().send_head()

        def end_headers(self):
            # Styles, scripts and pictures are the same for every page: let the browser keep them
            # (and its compiled scripts) instead of asking again on each of the pages.
            if not self.path.endswith("/") and not self.path.endswith(".html"):
                self.send_header("Cache-Control", "max-age=600")
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site_dir)))
    server.daemon_threads = True
    # A short poll interval: shutdown() waits for the next poll, which would add ~0.5 s to every build
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="pdf-export-server",
                     daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Printer:
    """One Chromium, one tab, reading the built site from a local server; nothing else."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.site_dir = Path(settings.site_dir).resolve()
        self.blocked: list[str] = []
        self.origin = ""

    def __enter__(self) -> "_Printer":
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise PdfExportError(
                f"The Python package `playwright` is missing ({error}): run "
                f"`.venv/bin/pip install -r requirements.txt`, or build with {ENV_SWITCH}=0."
            ) from None
        self._server, self.origin = _start_server(self.site_dir)
        self._manager = sync_playwright()
        self._playwright = self._manager.__enter__()
        try:
            self.browser = self._playwright.chromium.launch(
                executable_path=self.settings.chromium, args=list(CHROMIUM_ARGS), proxy=CLOSED_PROXY,
                timeout=60_000)
        except Exception as error:  # Playwright raises its own Error with a long log
            self._manager.__exit__(None, None, None)
            self._server.shutdown()
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise PdfExportError(
                f"Chromium at {self.settings.chromium} would not start ({first_line}). {HOW_TO_FIX}") from None
        self.context = self.browser.new_context(
            locale=self.settings.language, service_workers="block", java_script_enabled=True,
            viewport={"width": 1000, "height": 1400})
        self.context.on("request", self._watch)
        self.tab = self.context.new_page()
        self.tab.emulate_media(media="print")
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.browser.close()
        finally:
            self._manager.__exit__(None, None, None)
            self._server.shutdown()
            self._server.server_close()

    def _watch(self, request) -> None:
        """Notes every request for another origin (the browser's settings make it fail)."""
        if not request.url.startswith(self.origin) and not request.url.startswith(("data:", "blob:", "about:")):
            self.blocked.append(request.url)

    def load(self, page: Page) -> str:
        """Opens a built page, readies it for print, and returns its article's HTML."""
        response = self.tab.goto(self.origin + page.url.lstrip("/"), wait_until="load")
        if response is None or not response.ok:
            raise PdfExportError(
                f"Could not open the built page for {page.src_uri} ({page.url or 'home page'}) to print it.")
        site_url = self.settings.site_url.rstrip("/") + "/"
        return self.tab.evaluate(_PREPARE_JS, [self.origin, site_url])

    def pdf(self, header: str, footer: str, draft: bool = False) -> bytes:
        """The tab as a PDF. A draft (for finding page numbers) skips the tags and the outline,
        which change nothing on the page."""
        return self.tab.pdf(
            format=self.settings.paper, margin=MARGINS, print_background=not draft, tagged=not draft,
            outline=not draft, display_header_footer=True, header_template=header,
            footer_template=footer, prefer_css_page_size=False)


def export_pdfs(settings: Settings, pages: list[Page], booklet: bool = True) -> ExportResult:
    """Prints a handout per page and (unless booklet=False) the booklet into <site_dir>/handouts/.

    Runs in a thread of its own: Playwright's sync API refuses a thread with a running asyncio
    loop (a caller's, or another Playwright's), and a fresh thread never has one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export") as pool:
        try:
            return pool.submit(_export, settings, pages, booklet).result()
        except PdfExportError:
            raise
        except Exception as error:
            if not type(error).__module__.startswith("playwright"):
                raise
            # A browser that crashed or hung: say so in one line, not with Playwright's call log.
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise PdfExportError(
                f"Chromium stopped while printing ({first_line}). Build again; if it keeps happening, "
                f"build without PDF handouts ({ENV_SWITCH}=0) and report it.") from None


def _write_handout(raw: bytes, settings: Settings, page: Page, target: Path) -> None:
    target.write_bytes(_finish_handout(raw, settings, page))


def _export(settings: Settings, pages: list[Page], booklet: bool) -> ExportResult:
    from concurrent.futures import ThreadPoolExecutor

    if not pages:
        raise PdfExportError("No pages in the navigation to print as PDF handouts.")
    settings.paper = paper_format(settings.paper)
    out_dir = Path(settings.site_dir) / HANDOUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    started = time.perf_counter()
    articles: dict[str, str] = {}
    # pypdf finishes each handout in a second thread while Chromium prints the next page.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-finish") as finisher, _Printer(settings) as printer:
        finished = []
        result.seconds["browser"] = time.perf_counter() - started
        for page in pages:
            begun = time.perf_counter()
            articles[page.src_uri] = printer.load(page)
            review = (text(settings.language, "pdf_last_reviewed", date=readable_date(page.last_reviewed, settings.language))
                      if page.last_reviewed else "")
            raw = printer.pdf(header_template(settings.site_name, page.title), footer_template(review, settings.language))
            target = out_dir / f"{page.slug}.pdf"
            finished.append(finisher.submit(_write_handout, raw, settings, page, target))
            result.handouts[page.src_uri] = target
            result.seconds[page.src_uri] = time.perf_counter() - begun
        if booklet:
            begun = time.perf_counter()
            result.booklet, result.booklet_starts = _print_booklet(printer, settings, pages, articles, out_dir)
            result.seconds["booklet"] = time.perf_counter() - begun
        result.blocked = sorted(set(printer.blocked))
        for job in finished:
            job.result()  # raises here if pypdf failed on a handout
    result.seconds["total"] = time.perf_counter() - started
    return result


# --- Booklet ----------------------------------------------------------------------------------

def _front_matter_html(settings: Settings, sections: list[Page]) -> str:
    """Cover and contents. Page numbers start as placeholders and are filled in on pass two."""
    home = settings.site_url.rstrip("/") + "/"
    esc = html.escape
    rows = "\n".join(
        f'<li id="rfn-toc-{page.slug}"><a href="#rfn-s-{page.slug}">'
        f'<span class="rfn-toc-title">{esc(page.title)}</span><span class="rfn-toc-leader" aria-hidden="true"></span>'
        f'<span class="rfn-toc-page">00</span></a></li>'
        for page in sections
    )
    return f"""
<section class="rfn-booklet-cover" aria-label="{esc(text(settings.language, 'pdf_cover'))}">
  <p class="rfn-cover-kicker">{esc(text(settings.language, 'pdf_kicker'))}</p>
  <h1 class="rfn-cover-title">{esc(settings.site_name)}</h1>
  <p class="rfn-cover-description">{esc(settings.site_description)}</p>
  <p class="rfn-cover-review">{esc(review_span(sections, settings.language))}</p>
  <div class="rfn-cover-link">
    {qr_svg(home, text(settings.language, "pdf_qr_label"))}
    <p>{esc(text(settings.language, "pdf_online"))}<br><strong>{esc(short_url(home))}</strong></p>
  </div>
</section>
<nav class="rfn-booklet-toc" aria-labelledby="rfn-toc-heading">
  <h2 id="rfn-toc-heading">{esc(text(settings.language, 'pdf_contents'))}</h2>
  <ol>
{rows}
  </ol>
</nav>
"""


def _named_starts(pdf: bytes, sections: list[Page]) -> dict[str, int]:
    """1-based page on which each section starts, from the named destinations Chromium writes
    for the contents' link targets."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    starts = {}
    destinations = reader.named_destinations
    for page in sections:
        destination = destinations.get(f"/rfn-s-{page.slug}") or destinations.get(f"rfn-s-{page.slug}")
        if destination is None:
            raise PdfExportError(f"The booklet lost the start of {page.src_uri}: Chromium wrote no anchor for it.")
        starts[page.src_uri] = reader.get_destination_page_number(destination) + 1
    return starts


def _print_booklet(printer: _Printer, settings: Settings, pages: list[Page], articles: dict[str, str],
                   out_dir: Path) -> tuple[Path, dict[str, int]]:
    sections = booklet_order(pages, settings.back_matter)
    css = (Path(__file__).with_name("booklet.css")).read_text(encoding="utf-8")
    printer.load(pages[0])
    printer.tab.evaluate(_BOOKLET_JS, [
        printer.origin, settings.site_url.rstrip("/") + "/", css, _front_matter_html(settings, sections),
        [{"slug": p.slug, "url": p.url.lstrip("/"), "title": p.title, "html": articles[p.src_uri]} for p in sections],
    ])
    header = "<span></span>"
    footer = footer_template(settings.site_name, settings.language)
    # Two passes: print, read where each section starts, write the numbers in, print again.
    # The numbers sit in fixed-width cells, so the second pass lays out exactly as the first.
    starts = _named_starts(printer.pdf(header, footer, draft=True), sections)
    raw = b""
    for _ in range(3):
        printer.tab.evaluate(_TOC_NUMBERS_JS, {p.slug: starts[p.src_uri] for p in sections})
        raw = printer.pdf(header, footer)
        found = _named_starts(raw, sections)
        if found == starts:
            break
        starts = found
    else:
        raise PdfExportError("The booklet's contents page numbers did not settle after three passes.")
    target = out_dir / f"{BOOKLET_NAME}.pdf"
    target.write_bytes(_finish_booklet(raw, settings, sections, starts))
    return target, starts


# --- pypdf: metadata and bookmarks ------------------------------------------------------------

def _outline_entries(reader, items=None, depth=0):
    """(depth, title, 0-based page) for each entry of Chromium's heading outline, in order."""
    items = reader.outline if items is None else items
    for item in items:
        if isinstance(item, list):
            yield from _outline_entries(reader, item, depth + 1)
        else:
            yield depth, str(item.title).replace("¶", "").strip(), reader.get_destination_page_number(item)


def _metadata(writer, settings: Settings, title: str, subject: str) -> None:
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer.add_metadata({
        "/Title": title,
        "/Subject": subject,
        "/Creator": f"{settings.site_name} ({settings.site_url})",
        "/Producer": "Chromium (print), pypdf (bookmarks and metadata)",
    })
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(settings.language)
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = preferences


def _finish_handout(raw: bytes, settings: Settings, page: Page) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    _metadata(writer, settings, f"{page.title} – {settings.site_name}", page.description or settings.site_description)
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _finish_booklet(raw: bytes, settings: Settings, sections: list[Page], starts: dict[str, int]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(raw))
    headings = list(_outline_entries(reader))
    writer = PdfWriter(clone_from=reader)
    _metadata(writer, settings, settings.site_name, settings.site_description)
    # Replace Chromium's heading outline with one bookmark per section (its headings beneath).
    if "/Outlines" in writer._root_object:
        del writer._root_object[NameObject("/Outlines")]
    writer.add_outline_item(title=text(settings.language, "pdf_cover"), page_number=0)
    toc_page = 1 if len(writer.pages) > 1 else 0
    writer.add_outline_item(title=text(settings.language, "pdf_contents"), page_number=toc_page)
    ordered = [(starts[p.src_uri] - 1, p) for p in sections]
    for index, (first, page) in enumerate(ordered):
        last = ordered[index + 1][0] - 1 if index + 1 < len(ordered) else len(writer.pages) - 1
        parent = writer.add_outline_item(title=page.title, page_number=first)
        for depth, title, number in headings:
            if first <= number <= last and depth == 1 and title:
                writer.add_outline_item(title=title, page_number=number, parent=parent)
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
