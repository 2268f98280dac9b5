"""The booklet assembled from parts printed one by one (the front matter, then each section), so a
change to one page prints that section again and takes the rest from the cache.

Chromium prints each part as a tagged PDF of its own, without page furniture; here, with pikepdf,
they become one tagged PDF as Chromium would have printed it whole: the pages in order, one
structure tree (each part's elements under one Document), the content-to-element keys
(/StructParents) renumbered so no two parts share one, every part's own named destinations (so a
link from one part into another lands), and on each page its running footer ("Page 3 of 48"),
printed once for the whole booklet and painted on as a form, marked as an artifact. Each part
went through pdfua.fix_parts() and fix_structure() when it was printed (lists, tables, figures,
artifacts, its role map, element IDs and parent tree: cached with the part), so here their
trees are only put side by side; the merged booklet
gets pdfua.fix_links() (where each link goes: its page number) when it is finished. Each part's
heading outline was read when it was made accessible (part_headings, kept with the part in the
cache) and comes with it (Part.headings); here it is moved to the part's pages in the booklet and
handed on as data (Merged.headings): the finished booklet's bookmarks are made from it
(finish.finish_booklet), so no outline is written here to be read back.
Nothing here depends on the time or on the order of a dict: the same parts give the same bytes."""
from __future__ import annotations

import io
import itertools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from .parts import Heading, Part
from .pdfua import STRUCT_KEYS, key_holders
from .settings import PdfExportError


@dataclass(frozen=True)
class Merged:
    """The merged booklet (unsaved) and the headings of all its parts, in order."""
    pdf: pikepdf.Pdf
    headings: list[Heading]


def _owner(slug: str, name: str) -> bool:
    """Whether a destination name is an id of this section (booklet.js prefixes them all)."""
    return name == f"rfn-s-{slug}" or name.startswith(f"{slug}--")


def merge_parts(parts: list[Part], furniture: bytes) -> Merged:
    """The parts as one PDF, with page i of `furniture` (the running header and footer, printed
    on empty pages) painted on page i. Each part's tag tree, parent tree, role map and element
    IDs were made when it was printed (finish.accessible_part); here they are put side by side,
    the parent tree's keys moved as the content keys are. Returned unsaved: the booklet is
    finished (finish.finish_booklet) in the same pass, which spares writing the merged PDF out
    and reading it back in (0.07 s a booklet)."""
    out = pikepdf.new()
    document = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document))
    kids: list[Any] = []
    destinations: dict[str, Any] = {}
    headings: list[Heading] = []
    roles: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    parents: list[tuple[int, Any]] = []
    next_key = 0
    slugs = [part.slug for part in parts if part.slug]
    for part in parts:
        source = pikepdf.open(io.BytesIO(part.pdf))
        named_targets = dict(_destinations(source))
        headings += [Heading(heading.depth, heading.title, heading.page + len(out.pages)) for heading in part.headings]
        first, next_key = next_key, _renumber(source, next_key)
        with warnings.catch_warnings():  # its named destinations and outline are taken over below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(source.pages)
        tree = source.Root.get("/StructTreeRoot")
        top = _tree_kids(tree)
        for kid in top:
            if "/P" in kid:
                del kid["/P"]  # not copied along: the kid is put under the merged Document
        named = list(pikepdf.NameTree(tree.IDTree).items()) if tree is not None and "/IDTree" in tree else []
        keyed = list(pikepdf.NumberTree(tree.ParentTree).items()) if tree is not None and "/ParentTree" in tree else []
        owned = [(name, target) for name, target in named_targets.items()
                 if (_owner(part.slug, name) if part.slug else not any(_owner(slug, name) for slug in slugs))]
        # All of them copied in one call: qpdf walks what they reach once (the pages are in `out`
        # already, so they are not copied again), and an element reached from two of them (an
        # element in the ID tree is also a kid's descendant) is one object, not copies of copies.
        wanted = [*top, *(value for _, value in named), *(value for _, value in keyed), *(value for _, value in owned)]
        copied = iter(out.copy_foreign(source.make_indirect(pikepdf.Array(
            [value if value.is_indirect else source.make_indirect(value) for value in wanted]))))
        for kid in itertools.islice(copied, len(top)):
            kid.P = document
            kids.append(kid)
        ids.update({str(name): next(copied) for name, _ in named})
        parents += [(int(key) + first, next(copied)) for key, _ in keyed]
        destinations.update({name: next(copied) for name, _ in owned})
        if tree is not None:
            roles.update({str(kind): role for kind, role in (tree.get("/RoleMap") or {}).items()})
    document.K = pikepdf.Array(kids)
    parent_tree = pikepdf.NumberTree.new(out)
    for key, value in sorted(parents, key=lambda entry: entry[0]):
        parent_tree[key] = value
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document,
                                                ParentTree=parent_tree.obj, ParentTreeNextKey=next_key))
    document.P = root
    if roles:
        root.RoleMap = pikepdf.Dictionary({kind: roles[kind] for kind in sorted(roles)})
    if ids:  # a name tree's names in order
        root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array([x for name in sorted(ids) for x in (pikepdf.String(name), ids[name])]))
    out.Root.StructTreeRoot = root
    out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    out.Root.Dests = out.make_indirect(pikepdf.Dictionary({f"/{name}": destinations[name] for name in sorted(destinations)}))
    _paint_furniture(out, furniture)
    return Merged(out, headings)


def _tree_kids(tree: Any) -> list[Any]:
    """The kids of a part's Document element (Chromium puts everything under one)."""
    if tree is None or "/K" in tree and tree.K is None:
        return []
    top = tree.get("/K")
    tops = list(top) if isinstance(top, pikepdf.Array) else [top] if top is not None else []
    found = []
    for element in tops:
        inner = element.get("/K") if element.get("/S") == "/Document" else None
        if inner is None:
            found.append(element)
        else:
            found += [kid for kid in (list(inner) if isinstance(inner, pikepdf.Array) else [inner])
                      if isinstance(kid, pikepdf.Dictionary)]
    return found


def _renumber(source: Any, first: int) -> int:
    """Adds `first` to every /StructParents and /StructParent key of the part (pages, forms,
    annotations); returns the next free key."""
    highest = first - 1
    for holder in key_holders(source):
        for key in STRUCT_KEYS:
            if key in holder:
                holder[key] = int(holder[key]) + first
                highest = max(highest, int(holder[key]))
    return highest + 1


def _destinations(source: Any) -> Iterator[tuple[str, Any]]:
    """A part's named destinations, from /Dests or the /Names tree."""
    dests = source.Root.get("/Dests")
    if dests is not None:
        for name, target in dests.items():
            yield str(name).lstrip("/"), target
    names = source.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for name, target in pikepdf.NameTree(names.Dests).items():
            yield str(name), target


def part_headings(source: Any) -> list[Heading]:
    """A part's heading outline, each entry with the page of the part it is on, the title
    without the "¶" of the heading's permalink. An entry whose target is not one of the part's
    pages is left out (Chromium's outlines have none); its children keep their depth. Read once,
    when the part is made accessible (6 ms a booklet when every part was read again to merge)."""
    named = dict(_destinations(source))
    pages = {page.objgen: number for number, page in enumerate(source.pages)}

    def page_of(target: Any) -> int | None:
        if isinstance(target, (pikepdf.String, pikepdf.Name)):
            target = named.get(str(target).lstrip("/"))
        if isinstance(target, pikepdf.Dictionary):
            target = target.get("/D")
        if isinstance(target, pikepdf.Array) and len(target) and target[0].is_indirect:
            return pages.get(target[0].objgen)
        return None

    def walk(items: list[Any], depth: int) -> Iterator[Heading]:
        for item in items:
            number = page_of(item.destination)
            if number is not None:
                yield Heading(depth, str(item.title).replace("¶", "").strip(), number)
            yield from walk(list(item.children), depth + 1)

    # Not `with`: the outline is only read, and the context would write it back
    return list(walk(list(source.open_outline().root), 0))


def _paint_furniture(out: Any, furniture: bytes) -> None:
    """Page i of `furniture` painted on page i, after the page's own content (which is put in
    q...Q first, so its transformations do not move the footer)."""
    source = pikepdf.open(io.BytesIO(furniture))
    if len(source.pages) != len(out.pages):  # checked when the footer was printed, and again here
        raise PdfExportError(f"The booklet's running footer came out on {len(source.pages)} pages, not "
                             f"{len(out.pages)}. Build again; if it keeps happening, report it.")
    for page, sheet in zip(out.pages, source.pages, strict=True):
        form = out.copy_foreign(sheet.as_form_xobject())
        # A fixed name (pikepdf's own prefix= adds random letters, and the bytes would change)
        name = page.add_resource(form, pikepdf.Name.XObject, name=pikepdf.Name.RfnRunningText, replace_existing=False)
        page.contents_add(out.make_stream(b"q\n"), prepend=True)
        # An artifact: the parts went through pdfua.fix_parts() already, which marks the rest.
        page.contents_add(out.make_stream(b"Q\nq\n/Artifact BMC\n" + bytes(name) + b" Do\nEMC\nQ\n"), prepend=False)
