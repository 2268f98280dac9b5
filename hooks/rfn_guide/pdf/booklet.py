"""The booklet: every page of the guide in one PDF, with a cover, a contents list with true page
numbers, and sections that start on a new sheet (the aggregator, in mkdocs-exporter's terms).
Its layout rules are in booklet.css beside this file."""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..dates import long_date
from ..i18n import language_name, text
from .browser import script
from .cache import site_file
from .finish import named_starts
from .handouts import apply_edition, footer_template, print_tab, used_files
from .settings import Edition, Page, PdfExportError, Settings, qr_svg, short_url

BOOKLET_CSS = Path(__file__).resolve().with_name("booklet.css")
_STYLESHEET_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')


def booklet_order(pages: list[Page], back_matter: tuple[str, ...]) -> list[Page]:
    """Pages in navigation order, with the back matter (references, glossary) moved to the end."""
    by_src = {page.src_uri: page for page in pages}
    back = [by_src[src] for src in back_matter if src in by_src]
    return [page for page in pages if page not in back] + back


def review_span(pages: list[Page], language: str = "en") -> str:
    """How old the whole guide is: when it was checked against its sources (one date, or the
    oldest and newest page dates), and whether a clinician has reviewed it."""
    dates = sorted({str(page.last_reviewed) for page in pages if page.last_reviewed})
    if not dates:
        checked = ""
    elif len(dates) == 1:
        checked = text(language, "pdf_last_checked", date=long_date(dates[0], language)) + ". "
    else:
        checked = text(language, "pdf_checked_between", first=long_date(dates[0], language),
                       last=long_date(dates[-1], language)) + ". "
    reviewed = sum(page.clinically_reviewed for page in pages)
    if reviewed == len(pages):
        clinical = text(language, "pdf_all_reviewed")
    elif reviewed:
        clinical = text(language, "pdf_some_unreviewed", count=str(len(pages) - reviewed), total=str(len(pages)))
    else:
        clinical = text(language, "pdf_none_reviewed")
    return checked + clinical


def translation_cover_notice(sections: list[Page], language: str, source: str) -> str:
    """The booklet cover's line in a translated edition: a translation, and whether a medically
    qualified translator has reviewed every page ("" in an edition that is no translation)."""
    if not source:
        return ""
    name = language_name(source, language)
    if sections and all(page.translation_reviewed for page in sections):
        words = text(language, "translation_cover_reviewed", source=name)
    else:
        words = text(language, "translation_cover_unreviewed", source=name)
    title = html.escape(text(language, "translation_title"))
    return (f'<p class="rfn-cover-translation" lang="{html.escape(language)}"><strong>{title}:</strong> '
            f"{html.escape(words)}</p>")


def cover_html(settings: Settings, sections: list[Page]) -> str:
    """The booklet's cover page: what the guide is, how old it is, where to read it online."""
    home = settings.site_url.rstrip("/") + "/"
    language = settings.language
    esc = html.escape
    online = (f'<div class="rfn-cover-link">{qr_svg(home, text(language, "pdf_qr_label"))}'
              f'<p>{esc(text(language, "pdf_online"))}<br><strong>{esc(short_url(home))}</strong></p></div>'
              if settings.online else "")  # never a placeholder address on paper
    return f"""
<section class="rfn-booklet-cover" aria-label="{esc(text(language, 'pdf_cover'))}">
  <p class="rfn-cover-kicker">{esc(text(language, 'pdf_kicker'))}</p>
  <h1 class="rfn-cover-title">{esc(settings.site_name)}</h1>
  <p class="rfn-cover-description">{esc(settings.site_description)}</p>
  <p class="rfn-cover-review">{esc(review_span(sections, language))}</p>
  {translation_cover_notice(sections, language, settings.translation_of)}
  {clinic_cover_panel(settings.site_dir)}
  {online}
</section>"""


def clinic_cover_panel(site_dir: Path) -> str:
    """The clinic's details (or the panel to write them in) for the cover: the panel that the
    handout_print step puts at the top of every page, taken from the built home page and shown
    in the booklet too (`rfn-print-only` without `rfn-handout-only`). "" when there is none."""
    home = Path(site_dir) / "index.html"
    found = re.search(r'<aside class="rfn-clinic-panel[^"]*".*?</aside>',
                      home.read_text(encoding="utf-8") if home.is_file() else "", re.DOTALL)
    return found.group(0).replace(" rfn-handout-only", "", 1) if found else ""


def contents_html(sections: list[Page], language: str = "en") -> str:
    """The contents list. Page numbers start as placeholders and are filled in on pass two."""
    rows = "\n".join(
        f'<li id="rfn-toc-{page.slug}"><a href="#rfn-s-{page.slug}">'
        f'<span class="rfn-toc-title">{html.escape(page.title)}</span><span class="rfn-toc-leader" aria-hidden="true"></span>'
        f'<span class="rfn-toc-page">00</span></a></li>'
        for page in sections
    )
    return f"""
<nav class="rfn-booklet-toc" aria-labelledby="rfn-toc-heading">
  <h2 id="rfn-toc-heading">{html.escape(text(language, "pdf_contents"))}</h2>
  <ol>
{rows}
  </ol>
</nav>"""


def front_matter_html(settings: Settings, sections: list[Page]) -> str:
    return cover_html(settings, sections) + contents_html(sections, settings.language)


def section_stylesheets(site_dir: Path, origin: str, sections: list[Page]) -> list[str]:
    """Every stylesheet a section's own page links, as a full URL, once each. The booklet is laid
    out on the first section's page, which links only what that page needs: without the others'
    (stylesheets/actions.css, linked only from pages with care cards or tick boxes) the care cards
    would print as plain boxes without their labels and the tick boxes as grey discs."""
    found: list[str] = []
    for page in sections:
        built = Path(site_dir) / site_file(page.url)
        markup = built.read_text(encoding="utf-8") if built.is_file() else ""
        for href in _STYLESHEET_LINK.findall(markup):
            url = urljoin(origin + page.url.lstrip("/"), html.unescape(href))
            if url not in found:
                found.append(url)
    return found


def booklet_running_text(settings: Settings, edition: Edition) -> tuple[str, str]:
    return "<span></span>", footer_template(edition, settings.site_name, settings.language)


async def print_booklet(tab: Any, origin: str, settings: Settings, edition: Edition, sections: list[Page],
                        articles: dict[str, str], off_loop: Callable[..., Any],
                        guess: dict[str, Any] | None = None) -> tuple[bytes, dict[str, Any], list[str], int]:
    """Lays the booklet out in `tab` and prints it; returns Chromium's PDF, its layout (the page
    each section starts on, and the notes pages at its end), the site files used and how many
    times Chromium printed it (the draft included).
    `off_loop(f, *args)` runs pypdf work off the event loop. `guess`: the layout of the last
    booklet (saves the draft pass when still right)."""
    response = await tab.goto(origin + sections[0].url.lstrip("/"), wait_until="load")
    if response is None or not response.ok:
        raise PdfExportError(f"Could not open the built page for {sections[0].src_uri} to lay out the booklet.")
    await apply_edition(tab, edition)
    await tab.evaluate(script("booklet.js"), [
        origin, settings.link_base, BOOKLET_CSS.read_text(encoding="utf-8"),
        front_matter_html(settings, sections), section_stylesheets(settings.site_dir, origin, sections),
        [{"slug": p.slug, "url": p.url.lstrip("/"), "title": p.title, "html": articles[p.src_uri]} for p in sections],
    ])
    await tab.evaluate(script("fonts-ready.js"))
    header, footer = booklet_running_text(settings, edition)
    # Print, read where each section starts and how many pages there are, write the numbers and
    # the notes pages in, print again until they hold. The numbers sit in fixed-width cells and
    # the notes pages follow every section, so neither can move a page break: a right guess (the
    # last booklet's layout) means one print in all. Without one the first pass is a quick draft
    # (no tags, no outline).
    layout = _usable(guess, sections)
    passes = 0
    if layout is None:
        draft = await print_tab(tab, settings, edition, header, footer, draft=True)
        passes += 1
        layout = await off_loop(booklet_layout, draft, sections, 0)
    for _ in range(3):
        await tab.evaluate(script("toc-numbers.js"), {p.slug: layout["starts"][p.src_uri] for p in sections})
        await tab.evaluate(script("notes-pages.js"), [layout["notes"], text(settings.language, "pdf_notes")])
        raw = await print_tab(tab, settings, edition, header, footer)
        passes += 1
        found = await off_loop(booklet_layout, raw, sections, layout["notes"])
        if found == layout:
            return raw, layout, await used_files(tab, origin), passes
        layout = found
    raise PdfExportError("The booklet's contents page numbers did not settle after three passes.")


def _usable(guess: dict[str, Any] | None, sections: list[Page]) -> dict[str, Any] | None:
    """The last booklet's layout, if it is one for these sections."""
    if not guess or not isinstance(guess.get("notes"), int):
        return None
    starts = guess.get("starts")
    if not isinstance(starts, dict) or set(starts) != {p.src_uri for p in sections}:
        return None
    return {"starts": {str(k): int(v) for k, v in starts.items()}, "notes": guess["notes"]}


def booklet_layout(pdf: bytes, sections: list[Page], notes: int) -> dict[str, Any]:
    """Where each section of a printed booklet starts, and the notes pages it needs at its end
    (it has `notes` now) so its page count is a multiple of 4 and it folds and staples."""
    return {"starts": named_starts(pdf, sections), "notes": notes_pages_needed(page_count(pdf) - notes)}


def notes_pages_needed(page_count: int) -> int:
    """Pages to add so a booklet folds and staples: its page count a multiple of 4."""
    return -page_count % 4


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
