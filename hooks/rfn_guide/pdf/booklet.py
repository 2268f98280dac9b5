"""The booklet: every page of the guide in one PDF, with a cover, a contents list with true page
numbers, and sections that start on a new sheet (the aggregator, in mkdocs-exporter's terms).
Its layout rules are in booklet.css beside this file."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..addresses import qr_svg, short_url
from ..dates import long_date
from ..i18n import UI_TEXT, language_name, text
from .browser import script
from .cache import digest, site_file
from .handouts import apply_edition, footer_template, print_tab
from .print_editions import LARGE_PRINT, Edition
from .settings import Page, PdfExportError, Settings

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
    dates = sorted({page.last_reviewed for page in pages if page.last_reviewed})
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


def also_in_html(languages: tuple[str, ...]) -> str:
    """For a reader of each of the guide's other languages, in that language and tagged with it:
    the guide is in it too. A language i18n has no words for is left out (text() would say it
    in English, under the other language's tag)."""
    return "".join(f'<p class="rfn-cover-also" lang="{html.escape(code)}">{html.escape(text(code, "pdf_also_in"))}</p>'
                   for code in languages if "pdf_also_in" in UI_TEXT.get(code, {}))


def large_print_html(settings: Settings) -> str:
    """That the guide comes in large print too, as the best leaflets say of their other formats
    (../shared/reviews/handouts.md, section 7), when the build makes a large-print booklet."""
    if LARGE_PRINT not in settings.editions:
        return ""
    return f'<p class="rfn-cover-also rfn-cover-large-print">{html.escape(text(settings.language, "pdf_also_large_print"))}</p>'


def cover_html(settings: Settings, sections: list[Page]) -> str:
    """The booklet's cover page: what the guide is, how old it is, in which other languages it
    is (each said in its own, for a reader of it), that it comes in large print (shown in the
    standard-print booklet only: booklet.css), where to read it online."""
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
  {also_in_html(settings.other_languages)}
  {large_print_html(settings)}
  {settings.cover_panel}
  {online}
</section>"""


def contents_html(sections: list[Page], language: str = "en", back_page: bool = False) -> str:
    """The contents list. Page numbers start as placeholders and are filled in on pass two. With
    a back page (the "When to get help" cards), a line under the list says where they are: a
    reader in a hurry looks for them in the contents (the patient's-eye review of 2026-12-03)."""
    back = (f'\n  <p class="rfn-booklet-toc__back"><strong>{html.escape(text(language, "pdf_back_title"))}</strong>: '
            f'{html.escape(text(language, "pdf_toc_back"))}</p>' if back_page else "")
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
  </ol>{back}
</nav>"""


def back_page_html(settings: Settings) -> str:
    """The booklet's back page, what a folded booklet shows on the outside: the "When to get
    help" cards, and where the clinic's numbers are (the cover). Print reviews ask for the
    warning signs and the contacts on the back (../shared/reviews/handouts.md, sections 6 and
    7). "" when the guide has no cards."""
    if not settings.back_cards:
        return ""
    language = settings.language
    return (f'<section class="rfn-booklet-back" aria-label="{html.escape(text(language, "pdf_back_title"))}">'
            f'<h2>{html.escape(text(language, "pdf_back_title"))}</h2>'
            f'<p class="rfn-booklet-back__numbers">{html.escape(text(language, "pdf_back_numbers"))}</p>'
            f"{settings.back_cards}</section>")


def front_matter_html(settings: Settings, sections: list[Page]) -> str:
    return cover_html(settings, sections) + contents_html(sections, settings.language, bool(settings.back_cards))


def section_stylesheets(origin: str, sections: list[Page]) -> list[str]:
    """Every stylesheet only some sections' pages link (Page.stylesheets), as a full URL, once
    each. The booklet is laid out on the first section's page, which links only what that page
    needs: without the others' (stylesheets/actions.css, linked only from pages with care cards
    or tick boxes) the care cards would print as plain boxes without their labels and the tick
    boxes as grey discs."""
    return list(dict.fromkeys(urljoin(origin, sheet) for page in sections for sheet in page.stylesheets))


def booklet_running_text(settings: Settings, edition: Edition) -> tuple[str, str]:
    return "<span></span>", footer_template(edition, settings.site_name, settings.language)


FRONT = ""  # the part name of the cover and contents; a section's part is named by its slug
NOTES = "notes"  # the ruled notes pages near the end (never a slug: slugs come from file names)
BACK = "back"  # the back page: the "When to get help" cards again (never a slug either)
_ARTICLE = re.compile(r"(<article\b[^>]*>).*?(</article>)", re.DOTALL)


def frame_digest(site_dir: Path, page: Page) -> str:
    """What the page the cover, contents, notes and back page are laid out on (the booklet's first section)
    gives them: its HTML without its article, which booklet.js replaces. A change to that page's
    text is not a change to them."""
    built = Path(site_dir) / site_file(page.url)
    markup = built.read_text(encoding="utf-8") if built.is_file() else ""
    return digest(_ARTICLE.sub(r"\1\2", markup, count=1))


def starts_from_counts(front_pages: int, counts: list[int]) -> list[int]:
    """The 1-based page each section starts on, from the page counts of the parts before it."""
    starts, page = [], front_pages + 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


async def open_frame(tab: Any, origin: str, settings: Settings, edition: Edition, sections: list[Page]) -> None:
    """Opens, in `tab`, the page the cover and contents, the notes and the back page are laid out on (the first
    section's), with every section's stylesheets and the booklet's, and an empty article (the
    files a part used are asked for once it is printed). A tab lays out one part after another
    on it (booklet.js replaces the whole article, so each part comes out as it would in a fresh
    tab). A section is laid out on its own page instead, right after that page's handouts
    (export.py)."""
    response = await tab.goto(origin + sections[0].url.lstrip("/"), wait_until="load")
    if response is None or not response.ok:
        raise PdfExportError(f"Could not open the built page for {sections[0].src_uri} to lay out the booklet.")
    await _lay_out(tab, origin, settings, edition, sections, None, "")
    await tab.evaluate(script("fonts-ready.js"))


async def _lay_out(tab: Any, origin: str, settings: Settings, edition: Edition, sections: list[Page],
                   part: str | None, article: str) -> None:
    await apply_edition(tab, edition)
    await tab.evaluate(script("booklet.js"), [
        origin, settings.link_base, BOOKLET_CSS.read_text(encoding="utf-8"),
        front_matter_html(settings, sections), section_stylesheets(origin, sections),
        [{"slug": p.slug, "url": p.url.lstrip("/"), "title": p.title} for p in sections], part, article,
    ])


async def print_part(tab: Any, origin: str, settings: Settings, edition: Edition, sections: list[Page],
                     part: str, article: str = "", starts: dict[str, int] | None = None, notes: int = 0) -> bytes:
    """One part of the booklet, printed as a tagged PDF without page furniture (assemble.py
    paints the running footer on the merged booklet): the cover and contents (FRONT, with the
    sections' first pages), the NOTES pages or the BACK page, in a tab that holds the booklet's first page
    (open_frame); or one section (its slug, with its article as handouts.open_page returned it),
    in a tab that holds that section's own page. The test of a cold build against an
    incremental one checks that either way gives the same bytes."""
    await _lay_out(tab, origin, settings, edition, sections, None if part in (NOTES, BACK) else part, article)
    if part == FRONT:  # numbers in fixed-width cells: filling them in moves nothing
        await tab.evaluate(script("toc-numbers.js"), {p.slug: (starts or {})[p.src_uri] for p in sections})
    elif part == NOTES:
        await tab.evaluate(script("notes-pages.js"), [notes, text(settings.language, "pdf_notes")])
    elif part == BACK:
        await tab.evaluate(script("back-page.js"), back_page_html(settings))
    await tab.evaluate(script("fonts-ready.js"))
    return await print_tab(tab, settings, edition, "", "", furniture=False)


async def print_furniture(tab: Any, settings: Settings, edition: Edition, pages: int) -> bytes:
    """The booklet's running header and footer ("Page 3 of 48") on `pages` empty pages, printed
    once for the whole booklet: painted onto the merged parts, they number it as one document."""
    header, footer = booklet_running_text(settings, edition)
    sheets = '<div style="height: 1px; break-after: page;"></div>' * (pages - 1) + '<div style="height: 1px;"></div>'
    await tab.set_content(f'<!doctype html><html lang="{html.escape(settings.language)}"><body style="margin: 0;">'
                          f"{sheets}</body></html>")
    # Its page count is checked by the worker that counts it, before it is kept (export._keep_part)
    return await print_tab(tab, settings, edition, header, footer, draft=True)


def notes_pages_needed(page_count: int) -> int:
    """Pages to add so a booklet folds and staples: its page count a multiple of 4."""
    return -page_count % 4
