"""Chromium's PDF, finished with pikepdf: made PDF/UA-1 conformant (pdfua.py), then title and
subject (in the document information and in XMP metadata, with the language and the PDF/UA
claim), the build's date instead of the moment of printing, a document ID derived from the
content, and the booklet's bookmarks. The same input always gives the same bytes."""
from __future__ import annotations

import datetime as _dt
import io
from html import escape as _escape
from typing import Any

import pikepdf  # only in the worker processes: the export reaches this module through jobs.py

from ..dates import pdf_date
from ..i18n import text
from .assemble import Merged, merge_parts, part_headings
from .parts import Heading, Part
from .pdfua import fix_links, fix_parts, fix_structure, fix_tags
from .print_editions import Edition
from .settings import Page, PdfExportError, Settings

PRODUCER = "Chromium, pikepdf"  # program names only: the metadata holds no English words in a translation
# Every PDF the export writes packs its small objects (most of them are the tags a screen reader
# reads) into compressed object streams (PDF 1.5): a booklet is about 30 % smaller, and is
# written as fast.
SAVE_OPTIONS: dict[str, Any] = {"object_stream_mode": pikepdf.ObjectStreamMode.generate}


def document_title(settings: Settings, page: Page | None, edition: Edition) -> str:
    title = f"{page.title} – {settings.site_name}" if page else settings.site_name
    return title if not edition.folder else f"{title} ({text(settings.language, 'edition_' + edition.name)})"


def accessible(raw: bytes, settings: Settings, what: str) -> Any:
    """Chromium's PDF opened and made PDF/UA-1 conformant (pdfua.py), ready for its metadata;
    `what` names it in an error."""
    pdf = pikepdf.open(io.BytesIO(raw))
    _problems(what, fix_tags(pdf, text(settings.language, "pdf_link_page")))
    return pdf


def accessible_part(raw: bytes, what: str, id_prefix: str) -> tuple[bytes, list[Heading], int]:
    """A booklet part with every fix but its links' page numbers, kept in the cache so: the
    costly ones, once a part; its heading outline (kept with it, for the booklet's
    bookmarks) and its page count (the export's own process does not open PDFs). `id_prefix`,
    the part's own, starts its element IDs, so no two parts' IDs are the same in the merged
    booklet."""
    pdf = pikepdf.open(io.BytesIO(raw))
    _problems(what, fix_parts(pdf))
    if pdf.Root.get("/StructTreeRoot") is not None:
        fix_structure(pdf, id_prefix)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, **SAVE_OPTIONS)
    return buffer.getvalue(), part_headings(pdf), len(pdf.pages)


def page_count(raw: bytes) -> int:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        return len(pdf.pages)


def _problems(what: str, problems: list[str]) -> None:
    if problems:
        raise PdfExportError(f"{what} cannot be made accessible (PDF/UA-1): {' '.join(problems)} "
                             "Report this with the page that shows it.")


def xml_text(value: str) -> str:
    """&, < and > escaped for XML text, as xml.sax.saxutils.escape does (whose module imports
    urllib.request: 0.03 s in every worker process)."""
    return _escape(value, quote=False)


def xmp_packet(title: str, subject: str, language: str, creator: str, moment: _dt.datetime) -> bytes:
    """The XMP metadata PDF/UA-1 asks for (ISO 14289-1, 6.7.2 and 7.1): the title as dc:title, the
    language, the same dates and tools as the document information, and the PDF/UA claim. Only
    files that went through fix_tags() get it; the tests check each one with a validator."""
    stamp = moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{xml_text(value)}</rdf:li></rdf:Alt>'

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{alt(title)}</dc:title>
   <dc:description>{alt(subject)}</dc:description>
   <dc:language><rdf:Bag><rdf:li>{xml_text(language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{xml_text(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <pdf:Producer>{xml_text(PRODUCER)}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _metadata(pdf: Any, settings: Settings, title: str, subject: str, moment: _dt.datetime) -> None:
    date = pdf_date(moment)
    creator = f"{settings.site_name} ({settings.site_url})"
    # Chromium's own metadata holds the moment of printing: replaced, not merged.
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary({
        "/Title": pikepdf.String(title),
        "/Subject": pikepdf.String(subject),
        "/Creator": pikepdf.String(creator),
        "/Producer": pikepdf.String(PRODUCER),
        "/CreationDate": pikepdf.String(date),
        "/ModDate": pikepdf.String(date),
    }))
    root = pdf.Root
    root.Metadata = pdf.make_stream(xmp_packet(title, subject, settings.language, creator, moment),
                                    Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    root.Lang = pikepdf.String(settings.language)
    preferences = root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = pikepdf.Dictionary()
    preferences.DisplayDocTitle = True
    root.ViewerPreferences = preferences
    root.PageMode = pikepdf.Name.UseOutlines


def _write(pdf: Any) -> bytes:
    """The finished file, with a document ID that qpdf derives from the file's content
    (deterministic_id: both halves equal, as PDF 14.4 has it for a file never updated), so the
    same content always gives the same bytes. (The XMP stream stays uncompressed: qpdf never
    compresses it, and a stream is never put in an object stream.)"""
    if "/ID" in pdf.trailer:  # qpdf would keep its first half
        del pdf.trailer["/ID"]
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, **SAVE_OPTIONS)
    return buffer.getvalue()


def finish_handout(raw: bytes, settings: Settings, page: Page, edition: Edition, moment: _dt.datetime) -> bytes:
    pdf = accessible(raw, settings, f"The {edition.label.lower()} handout of {page.src_uri}")
    title = document_title(settings, page, edition)
    subject = page.description or settings.site_description
    _metadata(pdf, settings, title, subject, moment)
    return _write(pdf)


def finish_booklet(merged: Merged, settings: Settings, sections: list[Page], starts: dict[str, int],
                   edition: Edition, moment: _dt.datetime, back_pages: int = 0) -> bytes:
    """The booklet merged from its parts (assemble.merge_parts, each part made accessible when it
    was printed: only its links are left, for their page numbers), with metadata as for a
    handout, and bookmarks: Cover, Contents, then one per section with the section's headings
    beneath (from Chromium's outline of every heading, read from each part as it was merged),
    and the back page's "When to get help" last (its last `back_pages` pages; 0: none)."""
    pdf = merged.pdf
    _problems(f"The {edition.label.lower()} booklet", fix_links(pdf, text(settings.language, "pdf_link_page")))
    title = document_title(settings, None, edition)
    _metadata(pdf, settings, title, settings.site_description, moment)
    last_page = len(pdf.pages) - 1
    ordered = [(starts[p.src_uri] - 1, p) for p in sections]
    items = [pikepdf.OutlineItem(text(settings.language, "pdf_cover"), 0),
             pikepdf.OutlineItem(text(settings.language, "pdf_contents"), min(1, last_page))]
    for index, (first, page) in enumerate(ordered):
        last = ordered[index + 1][0] - 1 if index + 1 < len(ordered) else last_page
        item = pikepdf.OutlineItem(page.title, first)
        item.children.extend(pikepdf.OutlineItem(heading.title, heading.page) for heading in merged.headings
                             if first <= heading.page <= last and heading.depth == 1 and heading.title)
        items.append(item)
    if back_pages:  # booklet.back_page_html, the booklet's last pages
        items.append(pikepdf.OutlineItem(text(settings.language, "pdf_back_title"), len(pdf.pages) - back_pages))
    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(items)
    return _write(pdf)


def booklet_pdf(parts: list[Part], furniture: bytes, settings: Settings, sections: list[Page],
                starts: dict[str, int], edition: Edition, moment: _dt.datetime, back_pages: int = 0) -> bytes:
    """The finished booklet from its parts and its running footer (assemble.merge_parts, then
    finish_booklet): one call, so a worker process does both (workers.py)."""
    return finish_booklet(merge_parts(parts, furniture), settings, sections, starts, edition, moment, back_pages)
