"""PDF/UA-1 (ISO 14289-1) for Chromium's tagged PDFs, with pikepdf.

Chromium tags the page's HTML well (headings, paragraphs, lists, links, figures with their alt
text) but leaves a few things a screen reader, and a PDF/UA validator, trips on. Each fix here is
made by what the file holds, not by which page it is, so it applies to every handout and booklet:

- page furniture (the running header and footer Chromium draws in the margins, box borders and
  backgrounds, tick boxes, write-in lines, the QR code) is painted outside any tag: marked as
  /Artifact, so a screen reader skips it as a sighted reader does;
- HTML's own structure types (Aside, Strong...) are mapped to standard ones in a /RoleMap;
- a list item holds only Lbl (its bullet or number) and LBody (the rest);
- an HTML <figure> (picture, legend and caption together) is a Div: its picture is the Figure
  and carries the image's alt text; a picture without alt text (alt="") is decoration: an artifact;
- a drawing Chromium shares between two places (a tick box's shading) cannot have one structure
  parent: it is an artifact when it holds no text;
- every link annotation says where it goes (/Contents);
- a link Chromium annotated piece by piece (a web address printed with a <wbr> between its
  pieces: citations' url_link) has one annotation a line: one stop, not a dozen, for a keyboard.

The metadata (XMP with title, language and the PDF/UA claim) is written by finish.py. Problems
this module cannot fix are returned, and the PDF then does not claim PDF/UA."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf  # only in the worker processes: the export reaches this module through jobs.py

# ISO 32000-1, 14.8.4: the standard structure types.
STANDARD_TYPES = frozenset({
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
})
# Chromium's types from HTML, and the nearest standard type. Any other unknown type is read as
# its content (NonStruct).
ROLE_MAP = {"Aside": "Div", "Strong": "Span", "Em": "Span", "Mark": "Span", "Sub": "Span", "Sup": "Span",
            "Title": "H1", "FENote": "Note", "Section": "Sect"}

PATH_START = frozenset({"m", "re"})
PATH_PAINT = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
PATH_END = PATH_PAINT | {"n"}
TEXT_SHOW = frozenset({"Tj", "TJ", "'", '"'})
# Where an artifact's marked content must end: it may not cross a text object, a graphics state
# boundary, or another marked-content sequence.
ARTIFACT_BREAKS = frozenset({"BT", "ET", "q", "Q", "BDC", "BMC", "EMC"})


@dataclass
class _Streams:
    """What to change in the content streams: MCIDs to turn into artifacts, per stream."""
    unmark: dict[tuple[int, int], set[int]] = field(default_factory=dict)  # stream objgen -> MCIDs
    done: set[tuple[int, int]] = field(default_factory=set)  # forms already rewritten
    # Each page's and form's instructions, parsed once (parsing is most of these fixes' time:
    # a page is read for the forms it paints, then rewritten); dropped once it is rewritten.
    parsed: dict[tuple[int, int], list[Any]] = field(default_factory=dict)

    def instructions(self, holder: Any) -> list[Any]:
        found = self.parsed.get(holder.objgen)
        if found is None:
            found = self.parsed[holder.objgen] = pikepdf.parse_content_stream(holder)
        return found


def fix_tags(pdf: Any, link_page_words: str) -> list[str]:
    """Chromium's tagged PDF, open in pikepdf, made PDF/UA-1 conformant in place (all but the
    metadata: finish.py goes on with it unsaved). Returns the problems left (empty when it
    conforms). `link_page_words` says where an in-document link goes, with {page} for its page
    number ("Go to page {page}")."""
    problems = fix_parts(pdf)
    if pdf.Root.get("/StructTreeRoot") is None:
        return problems
    return problems + fix_whole(pdf, link_page_words)


def fix_parts(pdf: Any) -> list[str]:
    """The fixes that look at one page, element or drawing at a time (lists, tables, figures,
    artifacts in the content streams): the costly ones. A booklet's parts get them one by one
    when printed (and are cached so), with fix_structure(); the merged booklet gets only
    fix_links()."""
    problems: list[str] = []
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return ["Chromium wrote no tags (structure tree)."]
    streams = _Streams()
    elements = list(_walk(root))
    for element, kind, _page in elements:
        if kind == "Link":
            _join_link_pieces(element)
        elif kind == "LI":
            _list_item(pdf, element)
        elif kind == "Table":
            _table_rows(pdf, element)
        elif kind == "Figure" and not _has_text(element, "/Alt") and not _has_text(element, "/ActualText"):
            if any(_type(kid) for kid in _kids(element)):
                element.S = pikepdf.Name.Div  # an HTML <figure>: picture, legend and caption together
            else:
                _unmark(element, streams)  # a picture without alt text is decoration
    uses = _form_uses(pdf, streams)
    shared = set()
    for form, count in uses.values():
        if count > 1 and "/StructParents" in form:
            if _shows_text(streams.instructions(form)):
                problems.append(f"A tagged drawing with text is painted {count} times (form {form.objgen}).")
            else:
                streams.unmark.setdefault(form.objgen, set()).update(_stream_mcids(streams.instructions(form)))
                shared.add(form.objgen)
                del form["/StructParents"]
    if shared:
        _drop_content_of(root, shared)
    for page in pdf.pages:
        _rewrite(pdf, page.obj, streams, page=True)
    for form, _count in uses.values():  # shared forms, wherever they are painted
        if streams.unmark.get(form.objgen) and form.objgen not in streams.done:
            streams.done.add(form.objgen)
            _rewrite(pdf, form, streams, page=False, wrap=False)
    return problems


def fix_whole(pdf: Any, link_page_words: str) -> list[str]:
    """The fixes that need the whole document: the tag tree's own (fix_structure) and where
    each link goes (its page number)."""
    fix_structure(pdf)
    return fix_links(pdf, link_page_words)


def fix_structure(pdf: Any, id_prefix: str = "rfn") -> None:
    """The role map, element IDs in tree order (`id_prefix`-00001...) and the parent tree. A
    booklet's parts each get these when printed, with the part's name as prefix, so their IDs
    differ from each other's; merged, their trees are put side by side (assemble.py) and only
    the links are left to fix_links()."""
    root = pdf.Root.StructTreeRoot
    elements = list(_walk(root))  # walked once: none of the three below adds or moves an element
    _role_map(root, elements)
    _stable_ids(root, [element for element, _kind, _page in elements], id_prefix)
    _compact_keys(pdf)
    _rebuild_parent_tree(pdf, root, elements)


def fix_links(pdf: Any, link_page_words: str) -> list[str]:
    """Every link says where it goes; returns the links that go nowhere this can name."""
    return _link_contents(pdf, link_page_words)


# --- the structure tree ---------------------------------------------------------------------

def _type(node: Any) -> str:
    """A structure element's type without the slash ("LI"); "" for anything else (an MCID, or a
    marked-content or object reference, which have no /S)."""
    if isinstance(node, pikepdf.Dictionary):
        kind = node.get("/S")
        if kind is not None:
            return str(kind)[1:]
    return ""


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(node: Any) -> Iterator[Any]:
    """Every structure element below `node`, parents before children."""
    for element, _kind, _page in _walk(node):
        yield element


def _walk(node: Any, page: Any = None) -> Iterator[tuple[Any, str, Any]]:
    """(element, type, page of its bare MCIDs) for every structure element below `node`, parents
    before children; the page is the element's /Pg or the nearest ancestor's."""
    for kid in _kids(node):
        kind = _type(kid)
        if kind:
            own = kid.get("/Pg")
            yield kid, kind, page if own is None else own
            yield from _walk(kid, page if own is None else own)


def _has_text(element: Any, key: str) -> bool:
    return bool(str(element.get(key, "")).strip())


def _role_map(root: Any, elements: list[tuple[Any, str, Any]]) -> None:
    role_map = root.get("/RoleMap") or pikepdf.Dictionary()
    for _element, kind, _page in elements:
        if kind not in STANDARD_TYPES and f"/{kind}" not in role_map:
            role_map[f"/{kind}"] = pikepdf.Name("/" + ROLE_MAP.get(kind, "NonStruct"))
    if len(role_map):
        root.RoleMap = role_map


def _list_item(pdf: Any, item: Any) -> None:
    """LI holds only Lbl and LBody (ISO 32000-1, 14.8.4.3.3): whatever else Chromium put in it
    (the item's text, its links, a nested list) goes into one LBody, in order."""
    kids = _kids(item)
    labels = [kid for kid in kids if _type(kid) == "Lbl"]
    rest = [kid for kid in kids if _type(kid) != "Lbl"]
    if not rest or (len(rest) == 1 and _type(rest[0]) == "LBody"):
        return
    body = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item,
                                                K=pikepdf.Array(rest)))
    if "/Pg" in item:
        body.Pg = item.Pg
    for kid in rest:
        if _type(kid):
            kid.P = body
    item.K = pikepdf.Array([*labels, body])


def _join_link_pieces(link: Any) -> None:
    """One annotation for each line of a link: Chromium makes one for each piece of text in it
    (each <wbr>-separated piece of a web address), which a keyboard would stop at one by one.
    Pieces on one line of one page (same target, boxes overlapping in height) become the first
    one, its box made to cover them all; the others leave the page and the link (the parent tree
    is made again after, by fix_structure)."""
    kept: list[tuple[Any, Any]] = []  # (annotation, its OBJR's page)
    dropped: set[tuple[int, int]] = set()
    for kid in _kids(link):
        if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and "/Pg" in kid):
            continue
        annotation, page = kid.Obj, kid.Pg
        if annotation.get("/Subtype") != "/Link" or "/Rect" not in annotation:
            continue
        box = [float(value) for value in annotation.Rect]
        line = next((first for first, on in kept if on.objgen == page.objgen and first.get("/A") == annotation.get("/A")
                     and first.get("/Dest") == annotation.get("/Dest") and _overlap_in_height(first, box)), None)
        if line is None:
            kept.append((annotation, page))
            continue
        have = [float(value) for value in line.Rect]
        line.Rect = pikepdf.Array([min(have[0], box[0]), min(have[1], box[1]), max(have[2], box[2]), max(have[3], box[3])])
        dropped.add(annotation.objgen)
    if not dropped:
        return
    link.K = pikepdf.Array([kid for kid in _kids(link) if not (
        isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj.objgen in dropped)])
    for page in {on.objgen: on for _annotation, on in kept}.values():
        page.Annots = pikepdf.Array([annotation for annotation in page.get("/Annots", [])
                                     if not (annotation.is_indirect and annotation.objgen in dropped)])


def _overlap_in_height(annotation: Any, box: list[float]) -> bool:
    have = [float(value) for value in annotation.Rect]
    return min(have[3], box[3]) - max(have[1], box[1]) > 0


def _table_rows(pdf: Any, table: Any) -> None:
    """Every row of a table as wide as its widest (PDF/UA-1 7.5: a table's rows and columns
    must line up). Chromium tags no cell that holds no text, such as a write-in box of the pain
    diary, so those rows come out short; each gets empty TD cells at its end, where the missing
    boxes are, and a screen reader keeps its place in the columns."""
    rows = [row for part in _kids(table) if _type(part) in ("THead", "TBody", "TFoot", "TR")
            for row in ([part] if _type(part) == "TR" else _kids(part)) if _type(row) == "TR"]
    widths = [sum(1 for cell in _kids(row) if _type(cell) in ("TH", "TD")) for row in rows]
    widest = max(widths, default=0)
    for row, width in zip(rows, widths, strict=True):
        if width == widest:
            continue
        empty = [pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.TD, P=row,
                                                      K=pikepdf.Array()))
                 for _ in range(widest - width)]
        row.K = pikepdf.Array([*_kids(row), *empty])


def _stable_ids(root: Any, elements: list[Any], prefix: str) -> None:
    """Element IDs numbered in tree order. Chromium names a table's header cells after its own
    DOM nodes ("node00003401"), which change from one run to the next, so two builds of one
    commit were no longer byte-identical; the cells that point at a header (/Headers) follow."""
    new_ids: dict[bytes, Any] = {}
    named = []
    for element in elements:
        if "/ID" in element:
            new_ids[bytes(element.ID)] = pikepdf.String(f"{prefix}-{len(new_ids) + 1:05d}")
            element.ID = new_ids[bytes(element.ID)]
            named.append(element)
    if "/IDTree" in root:  # the name tree from ID to element, in the new names' (sorted) order
        root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array([x for element in named for x in (element.ID, element)]))
    for element in elements:
        attributes = element.get("/A")
        for owner in (list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]):
            if isinstance(owner, pikepdf.Dictionary) and isinstance(owner.get("/Headers"), pikepdf.Array):
                owner.Headers = pikepdf.Array([new_ids.get(bytes(h), h) for h in owner.Headers])


def _page_of(element: Any) -> Any:
    """The page a structure element's bare MCIDs are on: its own /Pg or the nearest ancestor's."""
    node = element
    while node is not None and _type(node):
        if "/Pg" in node:
            return node.Pg
        node = node.get("/P")
    return None


def _unmark(element: Any, streams: _Streams) -> None:
    """Takes an element out of the tree and makes what it painted an artifact."""
    first = _page_of(element)
    for node, _kind, page in [(element, "", first), *_walk(element, first)]:
        for kid in _kids(node):
            mcid, owner = _content_item(kid, page)
            if mcid is not None and owner is not None:
                streams.unmark.setdefault(owner.objgen, set()).add(mcid)
    _detach(element)


def _content_item(kid: Any, page: Any) -> tuple[int | None, Any]:
    """(MCID, the page or form it is painted in) of a marked-content kid, else (None, None)."""
    if isinstance(kid, int):
        return kid, page
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        for key in ("/Stm", "/Pg"):
            if key in kid:
                return int(kid.MCID), kid[key]
        return int(kid.MCID), page
    return None, None


def _drop_content_of(root: Any, forms: set[tuple[int, int]]) -> None:
    """Removes from the tree the marked-content references into these forms, and elements left empty."""
    for element in list(_elements(root)):
        kids = _kids(element)
        kept = [kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
                                            and "/Stm" in kid and kid.Stm.objgen in forms)]
        if len(kept) == len(kids):
            continue
        element.K = pikepdf.Array(kept)
        if not kept:
            _detach(element)


def _detach(element: Any) -> None:
    """Takes an element out of its parent's kids."""
    parent = element.P
    parent.K = pikepdf.Array([kid for kid in _kids(parent)
                              if not (getattr(kid, "is_indirect", False) and kid.objgen == element.objgen)])


STRUCT_KEYS = ("/StructParents", "/StructParent")


def key_holders(source: Any) -> Iterator[Any]:
    """What can hold a content-to-element key: the pages, their annotations (and those's
    appearances) and the forms any of them paints, at any depth. Walked from the pages rather
    than over every object of the part (ten times faster; the same objects in every PDF this
    export made: test_pdf_engine checks that every key of a real build's PDFs is numbered and in
    the parent tree). The same objects are always walked in the same order."""
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


def _compact_keys(pdf: Any) -> None:
    """The content-to-element keys (/StructParents of pages and drawings, /StructParent of link
    annotations) numbered 0, 1, 2... in the order key_holders() walks them. Chromium numbers
    every piece of a link, and how many pieces it makes of one long web address varies from one
    print of the same page to the next (13 or 2 once, in two builds of one commit); with the
    pieces joined (_join_link_pieces), numbered again, the same page always gets the same keys,
    so the same bytes."""
    numbers: dict[int, int] = {}
    for holder in key_holders(pdf):
        for key in STRUCT_KEYS:
            if key in holder:
                holder[key] = numbers.setdefault(int(holder[key]), len(numbers))


def _rebuild_parent_tree(pdf: Any, root: Any, elements: list[tuple[Any, str, Any]]) -> None:
    """The parent tree (content item -> its structure element) made again from the tree, after
    elements were added (LBody), moved or removed."""
    marked: dict[int, dict[int, Any]] = {}  # StructParents key -> MCID -> element
    objects: dict[int, Any] = {}  # StructParent key -> element (link annotations)
    for element, _kind, page in elements:
        for kid in _kids(element):
            mcid, owner = _content_item(kid, page)
            if mcid is not None and owner is not None and "/StructParents" in owner:
                marked.setdefault(int(owner.StructParents), {})[mcid] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and "/StructParent" in kid.Obj:
                objects[int(kid.Obj.StructParent)] = element
    tree = pikepdf.NumberTree.new(pdf)
    for key, by_mcid in sorted(marked.items()):
        tree[key] = pikepdf.Array([by_mcid.get(mcid) for mcid in range(max(by_mcid) + 1)])
    for key, element in sorted(objects.items()):
        tree[key] = element
    root.ParentTree = tree.obj
    root.ParentTreeNextKey = max([*marked, *objects, -1]) + 1


# --- the content streams --------------------------------------------------------------------

def _xobjects(holder: Any) -> dict[str, Any]:
    resources = holder.get("/Resources")
    found = resources.get("/XObject") if resources is not None else None
    return {str(name): xobject for name, xobject in found.items()} if found is not None else {}


def _form_uses(pdf: Any, streams: _Streams) -> dict[tuple[int, int], tuple[Any, int]]:
    """Each form XObject and how many times a content stream paints it (`Do`)."""
    uses: dict[tuple[int, int], tuple[Any, int]] = {}
    seen: set[tuple[int, int]] = set()
    todo = [page.obj for page in pdf.pages]
    while todo:
        holder = todo.pop()
        forms = {name: x for name, x in _xobjects(holder).items() if x.get("/Subtype") == "/Form"}
        if not forms:
            continue
        for instruction in streams.instructions(holder):
            if str(getattr(instruction, "operator", "")) == "Do" and str(instruction.operands[0]) in forms:
                form = forms[str(instruction.operands[0])]
                uses[form.objgen] = (form, uses.get(form.objgen, (form, 0))[1] + 1)
        for form in forms.values():
            if form.objgen not in seen:
                seen.add(form.objgen)
                todo.append(form)
    return uses


def _stream_mcids(instructions: list[Any]) -> set[int]:
    return {int(i.operands[1].MCID) for i in instructions
            if str(getattr(i, "operator", "")) == "BDC" and isinstance(i.operands[1], pikepdf.Dictionary)
            and "/MCID" in i.operands[1]}


def _shows_text(instructions: list[Any]) -> bool:
    return any(str(getattr(i, "operator", "")) in TEXT_SHOW for i in instructions)


def _is_tagged_form(form: Any) -> bool:
    """A form whose content is tagged inside it (its own MCIDs), or is one content item itself."""
    return "/StructParents" in form or "/StructParent" in form


def _rewrite(pdf: Any, holder: Any, streams: _Streams, page: bool, wrap: bool = True) -> None:
    """Rewrites one page's (or form's) content: untagged painting wrapped in /Artifact (unless
    `wrap` is False: a form painted inside a tag), unmarked MCIDs turned into artifacts; tagged
    forms painted outside any tag are rewritten the same way."""
    forms = {name: x for name, x in _xobjects(holder).items() if x.get("/Subtype") == "/Form"}
    instructions = streams.instructions(holder)
    del streams.parsed[holder.objgen]  # rewritten now: its old instructions are not read again
    unmark = streams.unmark.get(holder.objgen, set())
    changed, inner = _mark_artifacts(instructions, unmark, {n for n, f in forms.items() if _is_tagged_form(f)}, wrap)
    data = pikepdf.unparse_content_stream(changed)
    if page:
        holder.Contents = pdf.make_stream(data)
    else:
        holder.write(data)
    for name in inner:
        form = forms[name]
        if form.objgen not in streams.done:
            streams.done.add(form.objgen)
            _rewrite(pdf, form, streams, page=False)


def _mark_artifacts(instructions: list[Any], unmark: set[int], tagged_forms: set[str],
                    wrap: bool = True) -> tuple[list[Any], set[str]]:
    """The instructions with every painting outside marked content wrapped in `/Artifact BMC ...
    EMC`, and the MCIDs in `unmark` retagged as artifacts. Also returns the tagged forms painted
    outside marked content (their own content is wrapped instead of the `Do`)."""
    begin = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    out: list[Any] = []
    path: list[Any] = []
    inner: set[str] = set()
    depth = 0
    open_artifact = False

    def paint() -> None:
        nonlocal open_artifact
        if wrap and depth == 0 and not open_artifact:
            out.append(begin)
            open_artifact = True

    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            paint()
            out.append(instruction)
            continue
        op = str(instruction.operator)
        if path:  # inside a path object: nothing may come between its start and its painting
            path.append(instruction)
            if op in PATH_END:
                if op in PATH_PAINT:
                    paint()
                out.extend(path)
                path = []
            continue
        if op in ARTIFACT_BREAKS and open_artifact:
            out.append(end)
            open_artifact = False
        if op in PATH_START:
            path = [instruction]
            continue
        if op == "BDC" and _mcid(instruction) in unmark:
            instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif op == "Do" and str(instruction.operands[0]) in tagged_forms:
            if depth == 0:
                inner.add(str(instruction.operands[0]))
        elif op in TEXT_SHOW or op in ("Do", "sh"):
            paint()
        out.append(instruction)
    out.extend(path)
    if open_artifact:
        out.append(end)
    return out, inner


def _mcid(instruction: Any) -> int | None:
    properties = instruction.operands[1] if len(instruction.operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


# --- annotations ------------------------------------------------------------------------------

def _link_contents(pdf: Any, link_page_words: str) -> list[str]:
    """Every link annotation says where it goes: its web address, or the page it jumps to.
    Returns the links that go nowhere this can name."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link" or str(annotation.get("/Contents", "")).strip():
                continue
            target = _link_target(pdf, annotation, pages, link_page_words)
            if target:
                annotation.Contents = pikepdf.String(target)
            else:
                problems.append(f"A link on page {number} goes to no web address or page.")
    return problems


def _link_target(pdf: Any, annotation: Any, pages: dict[tuple[int, int], int], link_page_words: str) -> str:
    action = annotation.get("/A")
    if action is not None and action.get("/S") == "/URI":
        return str(action.URI)
    destination = action.get("/D") if action is not None else annotation.get("/Dest")
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        destination = _named_destination(pdf, str(destination).lstrip("/"))
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination):
        number = pages.get(destination[0].objgen)
        if number:
            return link_page_words.format(page=number)
    return ""


def _named_destination(pdf: Any, name: str) -> Any:
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        if name in tree:
            return tree[name]
    dests = pdf.Root.get("/Dests")
    if dests is not None and f"/{name}" in dests:
        return dests[f"/{name}"]
    return None
