"""The booklet assembled from parts printed one by one (the front matter, then each section), so a
change to one page prints that section again and takes the rest from the cache.

Chromium prints each part as a tagged PDF of its own, without page furniture; here, with pikepdf,
they become one tagged PDF as Chromium would have printed it whole: the pages in order, one
structure tree (each part's elements under one Document), the content-to-element keys
(/StructParents) renumbered so no two parts share one, every part's own named destinations (so a
link from one part into another lands), the heading outlines one after the other, and on each
page its running footer ("Page 3 of 48"), printed once for the whole booklet and painted on
as a form, marked as an artifact. Each part went through pdfua.fix_parts() and fix_structure()
when it was printed (lists, tables, figures, artifacts, its role map, element IDs and parent
tree: cached with the part), so here their trees are only put side by side; the merged booklet
gets pdfua.fix_links() (where each link goes: its page number) when it is finished.
Nothing here depends on the time or on the order of a dict: the same parts give the same bytes."""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

STRUCT_KEYS = ("/StructParents", "/StructParent")


@dataclass(frozen=True)
class Part:
    """One printed part: Chromium's PDF, and the section's slug (None for the cover and contents,
    or the notes pages). A part's /Dests also hold stand-ins for the targets of its links into
    other parts; only the part a name belongs to gives its destination."""
    pdf: bytes
    slug: str | None = None


def _owner(slug: str, name: str) -> bool:
    """Whether a destination name is an id of this section (booklet.js prefixes them all)."""
    return name == f"rfn-s-{slug}" or name.startswith(f"{slug}--")


def merge_parts(parts: list[Part], furniture: bytes) -> pikepdf.Pdf:
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
    outline: list[tuple[str, Any, list[Any]]] = []
    roles: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    parents: list[tuple[int, Any]] = []
    next_key = 0
    slugs = [part.slug for part in parts if part.slug]
    for part in parts:
        source = pikepdf.open(io.BytesIO(part.pdf))
        first, next_key = next_key, _renumber(source, next_key)
        with warnings.catch_warnings():  # its named destinations and outline are taken over below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(source.pages)
        tree = source.Root.get("/StructTreeRoot")
        for kid in _tree_kids(tree):
            if "/P" in kid:
                del kid["/P"]  # not copied along: the kid is put under the merged Document
            copied = out.copy_foreign(kid)
            copied.P = document
            kids.append(copied)
        if tree is not None:  # copied after the kids: the same elements, not copies of copies
            roles.update({str(kind): role for kind, role in (tree.get("/RoleMap") or {}).items()})
            if "/IDTree" in tree:
                ids.update({str(name): _copy(out, source, element) for name, element in pikepdf.NameTree(tree.IDTree).items()})
            if "/ParentTree" in tree:
                parents += [(int(key) + first, _copy(out, source, value))
                            for key, value in pikepdf.NumberTree(tree.ParentTree).items()]
        for name, target in _destinations(source):
            if (_owner(part.slug, name) if part.slug else not any(_owner(slug, name) for slug in slugs)):
                destinations[name] = _copy(out, source, target)
        outline += _outline(out, source)
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
    _write_outline(out, outline)
    _paint_furniture(out, furniture)
    return out


def _copy(out: Any, source: Any, obj: Any) -> Any:
    """`obj` of `source` in `out` (pages it names are the pages already copied)."""
    return out.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


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
    for holder in _key_holders(source):
        for key in STRUCT_KEYS:
            if key in holder:
                holder[key] = int(holder[key]) + first
                highest = max(highest, int(holder[key]))
    return highest + 1


def _key_holders(source: Any) -> Iterator[Any]:
    """What can hold a content-to-element key: the pages, their annotations (and those's
    appearances) and the forms any of them paints, at any depth. Walked from the pages rather
    than over every object of the part (ten times faster; the same objects in every PDF this
    export made, checked when this was written)."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj for page in source.pages]
    while todo:
        holder = todo.pop()
        if holder.is_indirect:  # a direct object has no number of its own ((0, 0)), and only one holder
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        if any(key in holder for key in STRUCT_KEYS):
            yield holder
        resources = holder.get("/Resources")
        forms = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(forms, pikepdf.Dictionary):
            todo += [form for form in forms.values() if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form"]
        for annotation in holder.get("/Annots", []) if isinstance(holder, pikepdf.Dictionary) else []:
            todo.append(annotation)
            looks = annotation.get("/AP")
            for look in looks.values() if isinstance(looks, pikepdf.Dictionary) else []:
                todo += ([look] if isinstance(look, pikepdf.Stream) else
                         [state for state in look.values() if isinstance(state, pikepdf.Stream)]
                         if isinstance(look, pikepdf.Dictionary) else [])


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


def _outline(out: Any, source: Any) -> list[tuple[str, Any, list[Any]]]:
    """A part's heading outline as (title, destination in `out`, children)."""
    def convert(items: list[Any]) -> list[tuple[str, Any, list[Any]]]:
        found = []
        for item in items:
            target = item.destination
            if isinstance(target, pikepdf.Array):
                target = _copy(out, source, target)
            found.append((item.title, target, convert(item.children)))
        return found

    with source.open_outline() as outline:
        return convert(list(outline.root))


def _write_outline(out: Any, items: list[tuple[str, Any, list[Any]]]) -> None:
    def build(entries: list[tuple[str, Any, list[Any]]]) -> list[Any]:
        made = []
        for title, target, children in entries:
            item = pikepdf.OutlineItem(title, destination=target)
            item.children.extend(build(children))
            made.append(item)
        return made

    with out.open_outline() as outline:
        outline.root.extend(build(items))


def _paint_furniture(out: Any, furniture: bytes) -> None:
    """Page i of `furniture` painted on page i, after the page's own content (which is put in
    q...Q first, so its transformations do not move the footer)."""
    source = pikepdf.open(io.BytesIO(furniture))
    if len(source.pages) != len(out.pages):
        raise ValueError(f"The running footer has {len(source.pages)} pages; the booklet has {len(out.pages)}.")
    for page, sheet in zip(out.pages, source.pages, strict=True):
        form = out.copy_foreign(sheet.as_form_xobject())
        # A fixed name (pikepdf's own prefix= adds random letters, and the bytes would change)
        name = page.add_resource(form, pikepdf.Name.XObject, name=pikepdf.Name.RfnRunningText, replace_existing=False)
        page.contents_add(out.make_stream(b"q\n"), prepend=True)
        # An artifact: the parts went through pdfua.fix_parts() already, which marks the rest.
        page.contents_add(out.make_stream(b"Q\nq\n/Artifact BMC\n" + bytes(name) + b" Do\nEMC\nQ\n"), prepend=False)
