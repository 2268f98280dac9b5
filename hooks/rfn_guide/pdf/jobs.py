"""The pikepdf work an export hands to its worker processes (workers.py), by name: each function
here imports finish.py (and so pikepdf) in the worker that runs it, so the export's own process
never does. Importing pikepdf there cost 0.06-0.09 s on the critical path of every `mkdocs build`
that printed or took PDFs from the cache; the workers have it loaded already (the fork server
preloads it)."""
from __future__ import annotations

import datetime as _dt

from .parts import Heading, Part
from .print_editions import Edition
from .settings import Page, Settings


def finish_handout(raw: bytes, settings: Settings, page: Page, edition: Edition, moment: _dt.datetime) -> bytes:
    """finish.finish_handout: a handout made accessible, titled and dated."""
    from .finish import finish_handout as finish

    return finish(raw, settings, page, edition, moment)


def accessible_part(raw: bytes, what: str, id_prefix: str) -> tuple[bytes, list[Heading], int]:
    """finish.accessible_part: a booklet part made accessible, its headings and its page count."""
    from .finish import accessible_part as make_accessible

    return make_accessible(raw, what, id_prefix)


def booklet_pdf(parts: list[Part], furniture: bytes, settings: Settings, sections: list[Page],
                starts: dict[str, int], edition: Edition, moment: _dt.datetime, back_pages: int = 0) -> bytes:
    """finish.booklet_pdf: the booklet merged from its parts and finished."""
    from .finish import booklet_pdf as merge

    return merge(parts, furniture, settings, sections, starts, edition, moment, back_pages)


def counted_part(raw: bytes) -> tuple[bytes, list[Heading], int]:
    """A part that needs no fixing (the booklet's running footer: no tags), as it is, with its
    page count."""
    from .finish import page_count

    return raw, [], page_count(raw)
