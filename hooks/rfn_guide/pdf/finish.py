"""Chromium's PDF, finished with pypdf: title and subject, language, the build's date instead of
the moment of printing, a document ID derived from the content, and the booklet's bookmarks.
The same input always gives the same bytes."""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
from collections.abc import Iterator
from typing import Any

from ..i18n import text
from .settings import Edition, Page, PdfExportError, Settings

PRODUCER = "Chromium, pypdf"  # program names only: the metadata holds no English words in a translation


def pdf_date(moment: _dt.datetime) -> str:
    """A PDF date string (UTC), e.g. D:20261124120000Z."""
    return moment.astimezone(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def document_title(settings: Settings, page: Page | None, edition: Edition) -> str:
    title = f"{page.title} – {settings.site_name}" if page else settings.site_name
    return title if not edition.folder else f"{title} ({text(settings.language, 'edition_' + edition.name)})"


def _writer(raw: bytes) -> Any:
    from pypdf import PdfReader, PdfWriter

    return PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))


def _metadata(writer: Any, settings: Settings, title: str, subject: str, moment: _dt.datetime) -> None:
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    date = pdf_date(moment)
    # Chromium's own metadata holds the moment of printing: replaced, not merged.
    writer.metadata = {
        "/Title": title,
        "/Subject": subject,
        "/Creator": f"{settings.site_name} ({settings.site_url})",
        "/Producer": PRODUCER,
        "/CreationDate": date,
        "/ModDate": date,
    }
    root = writer._root_object
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
    writer = _writer(raw)
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

    reader = PdfReader(io.BytesIO(raw))  # read once: for Chromium's headings, and to clone
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
