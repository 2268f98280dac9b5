"""Chromium's PDF, finished: made PDF/UA-1 conformant (pdfua.py, with pikepdf), then with pypdf
title and subject (in the document information and in XMP metadata, with the language and the
PDF/UA claim), the build's date instead of the moment of printing, a document ID derived from
the content, and the booklet's bookmarks. The same input always gives the same bytes."""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from ..i18n import text
from .pdfua import make_accessible
from .settings import Edition, Page, PdfExportError, Settings

PRODUCER = "Chromium, pikepdf, pypdf"  # program names only: the metadata holds no English words in a translation


def pdf_date(moment: _dt.datetime) -> str:
    """A PDF date string (UTC), e.g. D:20261124120000Z."""
    return moment.astimezone(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def document_title(settings: Settings, page: Page | None, edition: Edition) -> str:
    title = f"{page.title} – {settings.site_name}" if page else settings.site_name
    return title if not edition.folder else f"{title} ({text(settings.language, 'edition_' + edition.name)})"


def _writer(raw: bytes) -> Any:
    from pypdf import PdfReader, PdfWriter

    return PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))


def accessible(raw: bytes, settings: Settings, what: str) -> bytes:
    """Chromium's PDF made PDF/UA-1 conformant (pdfua.py); `what` names it in an error."""
    tagged, problems = make_accessible(raw, text(settings.language, "pdf_link_page"))
    if problems:
        raise PdfExportError(f"{what} cannot be made accessible (PDF/UA-1): {' '.join(problems)} "
                             "Report this with the page that shows it.")
    return tagged


def xmp_packet(title: str, subject: str, language: str, creator: str, moment: _dt.datetime) -> bytes:
    """The XMP metadata PDF/UA-1 asks for (ISO 14289-1, 6.7.2 and 7.1): the title as dc:title, the
    language, the same dates and tools as the document information, and the PDF/UA claim. Only
    files that went through make_accessible() get it; the tests check each one with a validator."""
    stamp = moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

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
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <pdf:Producer>{escape(PRODUCER)}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _metadata(writer: Any, settings: Settings, title: str, subject: str, moment: _dt.datetime) -> None:
    from pypdf.generic import BooleanObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

    date = pdf_date(moment)
    creator = f"{settings.site_name} ({settings.site_url})"
    # Chromium's own metadata holds the moment of printing: replaced, not merged.
    writer.metadata = {
        "/Title": title,
        "/Subject": subject,
        "/Creator": creator,
        "/Producer": PRODUCER,
        "/CreationDate": date,
        "/ModDate": date,
    }
    root = writer._root_object
    xmp = DecodedStreamObject()
    xmp.set_data(xmp_packet(title, subject, settings.language, creator, moment))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = writer._add_object(xmp)
    root[NameObject("/Lang")] = TextStringObject(settings.language)
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = preferences
    writer.page_mode = "/UseOutlines"


def _write(writer: Any) -> bytes:
    """The finished file, with a document ID that is a hash of the file itself (PDF 14.4: both
    halves equal for a file never updated), so the same content always gives the same bytes.
    Written once with a placeholder ID, whose bytes are then replaced by the hash."""
    from pypdf.generic import ArrayObject, ByteStringObject

    placeholder = ByteStringObject(b"\x00" * 16)
    writer._ID = ArrayObject([placeholder, placeholder])
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    marker = b"<" + b"00" * 16 + b">"
    tail = data.rfind(b"trailer")
    if tail < 0 or data.count(marker, tail) != 2:
        raise PdfExportError("pypdf wrote the PDF's document ID in an unexpected form; report this.")
    file_id = b"<" + hashlib.md5(data, usedforsecurity=False).hexdigest().encode("ascii") + b">"
    return data[:tail] + data[tail:].replace(marker, file_id)


def finish_handout(raw: bytes, settings: Settings, page: Page, edition: Edition, moment: _dt.datetime) -> bytes:
    writer = _writer(accessible(raw, settings, f"The {edition.label.lower()} handout of {page.src_uri}"))
    title = document_title(settings, page, edition)
    subject = page.description or settings.site_description
    _metadata(writer, settings, title, subject, moment)
    return _write(writer)


def named_starts(pdf: bytes, sections: list[Page]) -> dict[str, int]:
    """1-based page on which each booklet section starts, from the named destinations Chromium
    writes for the contents' link targets."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    starts = {}
    destinations = reader.named_destinations
    for page in sections:
        destination = destinations.get(f"/rfn-s-{page.slug}") or destinations.get(f"rfn-s-{page.slug}")
        if destination is None:
            raise PdfExportError(f"The booklet lost the start of {page.src_uri}: Chromium wrote no anchor for it.")
        number = reader.get_destination_page_number(destination)
        if number is None:
            raise PdfExportError(f"The booklet's anchor for {page.src_uri} points at no page.")
        starts[page.src_uri] = number + 1
    return starts


def _outline_entries(reader: Any, items: Any = None, depth: int = 0) -> Iterator[tuple[int, str, int]]:
    """(depth, title, 0-based page) for each entry of Chromium's heading outline, in order."""
    items = reader.outline if items is None else items
    for item in items:
        if isinstance(item, list):
            yield from _outline_entries(reader, item, depth + 1)
        else:
            yield depth, str(item.title).replace("¶", "").strip(), reader.get_destination_page_number(item)


def finish_booklet(raw: bytes, settings: Settings, sections: list[Page], starts: dict[str, int],
                   edition: Edition, moment: _dt.datetime) -> bytes:
    """Metadata as for a handout, and bookmarks: Cover, Contents, then one per section with the
    section's headings beneath (Chromium's own outline is a flat list of every heading)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    tagged = accessible(raw, settings, f"The {edition.label.lower()} booklet")
    reader = PdfReader(io.BytesIO(tagged))  # read once: for Chromium's headings, and to clone
    headings = list(_outline_entries(reader))
    writer = PdfWriter(clone_from=reader)
    title = document_title(settings, None, edition)
    _metadata(writer, settings, title, settings.site_description, moment)
    if "/Outlines" in writer._root_object:
        del writer._root_object[NameObject("/Outlines")]
    writer.add_outline_item(title=text(settings.language, "pdf_cover"), page_number=0)
    writer.add_outline_item(title=text(settings.language, "pdf_contents"), page_number=1 if len(writer.pages) > 1 else 0)
    ordered = [(starts[p.src_uri] - 1, p) for p in sections]
    for index, (first, page) in enumerate(ordered):
        last = ordered[index + 1][0] - 1 if index + 1 < len(ordered) else len(writer.pages) - 1
        parent = writer.add_outline_item(title=page.title, page_number=first)
        for depth, heading, number in headings:
            if first <= number <= last and depth == 1 and heading:
                writer.add_outline_item(title=heading, page_number=number, parent=parent)
    return _write(writer)
