"""A booklet's parts as data, shared by the export's own process and its worker processes: the
export's process never imports pikepdf (workers.py, jobs.py), so these live apart from the
pikepdf work in assemble.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """One entry of a part's heading outline (Chromium's, of every heading): its depth (0 for
    the part's top headings), its title and the page (0-based) it is on: in the part
    (part_headings), or in the booklet (Merged.headings)."""
    depth: int
    title: str
    page: int


@dataclass(frozen=True)
class Part:
    """One printed part: Chromium's PDF (made accessible), the section's slug (None for the cover
    and contents, the notes pages or the back page) and its heading outline (part_headings). A part's /Dests
    also hold stand-ins for the targets of its links into other parts; only the part a name
    belongs to gives its destination."""
    pdf: bytes
    slug: str | None = None
    headings: tuple[Heading, ...] = ()
