"""One page printed as a handout: open it in a tab, ready it for print, print it in each
edition. The running header and footer Chromium draws in the page margins are made here too."""
from __future__ import annotations

import html
from typing import Any

from ..dates import long_date
from ..i18n import text
from .browser import script
from .cache import site_file
from .print_editions import Edition
from .server import SKIPPED_FILES
from .settings import Page, PdfExportError, Settings


def _margin_style(edition: Edition) -> str:
    return (
        f"font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: {edition.running_text_size};"
        " color: #333; box-sizing: border-box; width: 100%; margin: 0; padding-left: 16mm; padding-right: 16mm; display: flex; justify-content: space-between; gap: 6mm;"
        " white-space: nowrap; -webkit-print-color-adjust: exact;"
    )


# Chromium draws the header and footer about 5 mm from the sheet's edge; this padding moves them
# to the edition's inset (10 mm), inside what office printers print.
_CHROMIUM_INSET_MM = 5


def _inset(edition: Edition) -> str:
    wanted = float(edition.running_text_inset.removesuffix("mm"))
    return f"{max(0.0, wanted - _CHROMIUM_INSET_MM):g}mm"


# The left part gives way (ends in "…") before "Page N of M" would wrap to a second line.
_SHRINKS = "overflow: hidden; text-overflow: ellipsis; min-width: 0;"


def header_template(edition: Edition, left: str, right: str) -> str:
    style = f"{_margin_style(edition)} padding-top: {_inset(edition)};"
    if not edition.header_has_site_name:  # large print: the page title alone, on one line
        return (f'<div style="{style}"><span style="font-weight: bold; border-bottom: 0.75pt solid #777; '
                f'padding-bottom: 1mm; {_SHRINKS}">{html.escape(right)}</span></div>')
    return (f'<div style="{style}"><span style="flex: 1; display: flex; justify-content: space-between; '
            f'gap: 6mm; border-bottom: 0.4pt solid #999; padding-bottom: 1.5mm; min-width: 0;">'
            f'<span style="{_SHRINKS}">{html.escape(left)}</span><span style="font-weight: bold; {_SHRINKS}">'
            f'{html.escape(right)}</span></span></div>')


def footer_template(edition: Edition, left: str, language: str = "en") -> str:
    page_of = html.escape(text(language, "pdf_page_of")).format(
        page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return (f'<div style="{_margin_style(edition)} padding-bottom: {_inset(edition)};">'
            f'<span style="flex: 1; display: flex; justify-content: space-between; gap: 6mm; '
            f'border-top: 0.4pt solid #999; padding-top: 1.5mm; min-width: 0;">'
            f'<span style="{_SHRINKS}">{html.escape(left if edition.footer_has_words else "")}</span>'
            f'<span style="flex: none;">{page_of}</span></span></div>')


def running_text(settings: Settings, page: Page, edition: Edition) -> tuple[str, str]:
    """(header, footer) of a handout: the guide and the page's title; its review date and page N of M."""
    language = settings.language
    review = (text(language, "pdf_last_checked", date=long_date(page.last_reviewed, language))
              if page.last_reviewed else "")
    if not page.clinically_reviewed:  # said on every sheet, so the block at the end can go (handout.css)
        review = " · ".join(part for part in (review, text(language, "not_clinically_reviewed")) if part)
    return (header_template(edition, settings.site_name, page.title),
            footer_template(edition, review, language))


async def open_page(tab: Any, origin: str, link_base: str, page: Page, language: str = "en") -> tuple[str, list[str]]:
    """Opens a built page and readies it for print; returns its article's HTML (for the booklet)
    and the site files it used (for the cache). Links into the site point at `link_base`, or
    are plain text when it is "" (a placeholder site_url). The handout's figures are numbered
    from 1 (the booklet's article keeps the site's numbers)."""
    response = await tab.goto(origin + page.url.lstrip("/"), wait_until="load")
    if response is None or not response.ok:
        raise PdfExportError(
            f"Could not open the built page for {page.src_uri} ({page.url or 'home page'}) to print it.")
    article = await tab.evaluate(script("prepare.js"), [origin, link_base])
    await tab.evaluate(script("figure-numbers.js"), text(language, "figure"))
    return article, await used_files(tab, origin)


async def used_files(tab: Any, origin: str) -> list[str]:
    """The site files the loaded document used, less those the export's server refuses (the
    search index changes with every page's text but never reaches a print)."""
    paths = {site_file(path) for path in await tab.evaluate(script("resources.js"), origin)}
    return sorted(path for path in paths if not SKIPPED_FILES.match(path))


async def apply_edition(tab: Any, edition: Edition) -> None:
    await tab.evaluate(script("edition.js"), [edition.html_class, edition.stylesheet_text()])


async def print_tab(tab: Any, settings: Settings, edition: Edition, header: str, footer: str,
                    draft: bool = False, furniture: bool = True) -> bytes:
    """The tab as a PDF. A draft (the booklet's running footer alone) skips the tags and the
    outline; without `furniture` Chromium draws no header and footer in the margins."""
    if edition.keep_words_whole:
        await tab.evaluate(script("keep-words-whole.js"))
    return await tab.pdf(
        format=settings.paper, margin=edition.margin, print_background=not draft, tagged=not draft,
        outline=not draft, display_header_footer=furniture, header_template=header,
        footer_template=footer, prefer_css_page_size=False)
