"""The PDF/UA fixes of hooks/rfn_guide/pdf/pdfua.py, one at a time, on a small tagged PDF made
here in the shape Chromium writes (no browser, no build): each fix must change what it is for
and keep the rest. tests/test_pdf_accessibility.py checks real builds with two validators."""
from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from rfn_guide.pdf.pdfua import fix_tags

CONTENT = b"""
/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (In an emergency, call 911.) Tj ET EMC
BT /F1 9 Tf 72 20 Td (Page 1 of 1) Tj ET
q 0 0 1 rg 60 600 300 80 re f Q
/NonStruct <</MCID 1>> BDC 72 500 20 20 re f EMC
/NonStruct <</MCID 2>> BDC BT /F1 12 Tf 72 400 Td (Rest for a day.) Tj ET EMC
/NonStruct <</MCID 3>> BDC BT /F1 12 Tf 72 300 Td (Figure 1. The spine.) Tj ET EMC
/NonStruct <</MCID 4>> BDC BT /F1 12 Tf 72 200 Td (the address) Tj ET EMC
"""


def element(kind: str, parent: Dictionary | None, kids: list, **extra: Any) -> Dictionary:
    made = Dictionary(Type=Name.StructElem, S=Name("/" + kind), K=Array(kids), **extra)
    if parent is not None:
        made.P = parent
    return made


def chromium_like_pdf() -> tuple[bytes, str]:
    """A one-page tagged PDF with each problem Chromium leaves: an Aside, a list item without
    Lbl/LBody, an HTML figure without alt, a picture with empty alt, untagged running footer and
    box, a link without /Contents. Returns it and the link's address."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(CONTENT)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                                 BaseFont=Name.Helvetica)))
    page.obj.StructParents = 0
    address = "https://rfn-guide.example.org/before/"
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 200, 150, 212],
                                        A=Dictionary(S=Name.URI, URI=pikepdf.String(address)), StructParent=1))
    page.obj.Annots = Array([link])
    pg = page.obj
    document = pdf.make_indirect(element("Document", None, []))
    aside = pdf.make_indirect(element("Aside", document, []))
    aside.K = Array([pdf.make_indirect(element("P", aside, [0], Pg=pg))])
    lst = pdf.make_indirect(element("L", document, []))
    item = pdf.make_indirect(element("LI", lst, []))
    item.K = Array([pdf.make_indirect(element("NonStruct", item, [2], Pg=pg))])
    lst.K = Array([item])
    figure = pdf.make_indirect(element("Figure", document, []))
    decorative = pdf.make_indirect(element("Figure", figure, [1], Pg=pg, Alt=pikepdf.String("")))
    caption = pdf.make_indirect(element("Caption", figure, [3], Pg=pg))
    figure.K = Array([decorative, caption])
    anchor = pdf.make_indirect(element("Link", document, [4, Dictionary(Type=Name.OBJR, Obj=link)], Pg=pg))
    document.K = Array([aside, lst, figure, anchor])
    tree = pikepdf.NumberTree.new(pdf)
    tree[0] = Array([aside.K[0], decorative, item.K[0], caption, anchor])
    tree[1] = anchor
    pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=document,
                                                           ParentTree=tree.obj, ParentTreeNextKey=2))
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue(), address


def make_accessible(raw: bytes, link_page_words: str) -> tuple[bytes, list[str]]:
    """The fixes as the export runs them on a handout (finish.accessible: fix_tags), saved."""
    pdf = pikepdf.open(io.BytesIO(raw))
    problems = fix_tags(pdf, link_page_words)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue(), problems


def fixed() -> tuple[pikepdf.Pdf, list[str], str]:
    raw, address = chromium_like_pdf()
    data, problems = make_accessible(raw, "Go to page {page}")
    return pikepdf.open(io.BytesIO(data)), problems, address


def painting_outside_marked_content(pdf: pikepdf.Pdf) -> list[str]:
    depth, found = 0, []
    for instruction in pikepdf.parse_content_stream(pdf.pages[0]):
        op = str(instruction.operator)
        depth += op in ("BDC", "BMC")
        depth -= op == "EMC"
        if depth == 0 and op in ("Tj", "TJ", "f", "S", "Do"):
            found.append(op)
    return found


def test_untagged_footer_and_box_become_artifacts_and_tagged_text_stays():
    pdf, problems, _ = fixed()
    assert problems == []
    assert painting_outside_marked_content(pdf) == []
    operations = [(str(i.operator), [str(o) for o in i.operands]) for i in pikepdf.parse_content_stream(pdf.pages[0])]
    artifacts = sum(1 for op, operands in operations if op == "BMC" and operands == ["/Artifact"])
    assert artifacts == 3  # the footer, the box, and the picture with empty alt text
    assert [int(operands[1].MCID) for operands in (i.operands for i in pikepdf.parse_content_stream(pdf.pages[0])
                                                   if str(i.operator) == "BDC")] == [0, 2, 3, 4]


def test_role_map_lists_and_figures():
    pdf, _, _ = fixed()
    root = pdf.Root.StructTreeRoot
    assert root.RoleMap.Aside == Name.Div
    document = root.K
    aside, lst, figure, _ = list(document.K)
    item = lst.K[0]
    assert [str(kid.S) for kid in item.K] == ["/LBody"]
    body = item.K[0]
    assert str(body.K[0].S) == "/NonStruct" and body.K[0].P.objgen == body.objgen
    # The HTML figure is a Div; the picture with empty alt text left the tree (it is an artifact).
    assert str(figure.S) == "/Div" and [str(kid.S) for kid in figure.K] == ["/Caption"]
    # The parent tree follows: MCID 2 now belongs to the NonStruct in the LBody, MCID 1 to nothing.
    parents = pikepdf.NumberTree(root.ParentTree)[0]
    assert parents[2].objgen == body.K[0].objgen and parents[1] is None


def test_links_say_where_they_go():
    pdf, _, address = fixed()
    assert str(pdf.pages[0].obj.Annots[0].Contents) == address


def test_a_link_that_goes_nowhere_is_a_problem_not_a_claim():
    """What the fixes cannot make conformant comes back as a problem (finish.py then stops the
    build with it) instead of a file that claims PDF/UA."""
    raw, _ = chromium_like_pdf()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        del pdf.pages[0].obj.Annots[0]["/A"]
        out = io.BytesIO()
        pdf.save(out)
    _, problems = make_accessible(out.getvalue(), "Go to page {page}")
    assert problems == ["A link on page 1 goes to no web address or page."]


def _tagged_links(pieces: int) -> Any:
    """A tagged page with two links, the first printed in `pieces` pieces on one line (as
    Chromium splits a long web address at its <wbr> points: how many pieces varies from one
    print of a page to the next), each piece an annotation with its own key."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.StructParents = 0
    page.Contents = pdf.make_stream(b"")
    keys = iter(range(1, 100))

    def link(rects: list[list[float]], uri: str) -> Any:
        kids = []
        for rect in rects:
            annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect),
                                                      A=Dictionary(S=Name.URI, URI=pikepdf.String(uri)),
                                                      StructParent=next(keys)))
            page.obj.Annots = Array([*page.obj.get("/Annots", []), annotation])
            kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj))
        return pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, K=Array(kids), Pg=page.obj))

    width = 300 / pieces
    first = link([[10 + i * width, 700, 10 + (i + 1) * width, 712] for i in range(pieces)], "https://a.example/")
    second = link([[10, 600, 100, 612]], "https://b.example/")
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array([first, second])))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=document))
    first.P = second.P = document
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    return pdf


def test_a_link_printed_in_more_pieces_gives_the_same_keys_and_bytes():
    """Two builds of one commit once differed: Chromium printed one web address of the
    References page in 13 pieces in one build and in 2 in the other. Joined, the pieces' keys
    are numbered again, so both prints finish as the same file."""
    finished = []
    for pieces in (1, 5):
        pdf = _tagged_links(pieces)
        assert fix_tags(pdf, "Go to page {page}") == []
        annotations = pdf.pages[0].obj.Annots
        assert len(annotations) == 2 and [float(x) for x in annotations[0].Rect] == [10, 700, 310, 712]
        keys = sorted(int(annotation.StructParent) for annotation in annotations)
        assert keys == [1, 2] and int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == 3, keys
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
        finished.append(buffer.getvalue())
    assert finished[0] == finished[1]
