"""No English in what a Spanish reader sees or hears (issue 17): the built Spanish pages (visible
text and every alt, title, aria-label and placeholder) and every Spanish PDF (text and metadata)
hold no word of the English interface. English is allowed only where it is marked: inside
lang="en" (the titles and publishers of the English-language sources, the "Read this page in
English" link) and, in the PDFs, where text extraction loses that mark, the same source strings
taken from the bibliography, and the booklet cover's line that the guide is in English too."""
from __future__ import annotations

import re

from rfn_guide.i18n import text as ui_text
from support.spanish_words import english_words_in, source_addresses, spanish_html_texts


def test_the_word_list_finds_english_and_leaves_spanish_alone():
    assert english_words_in(["Reference 1: Cleveland Clinic 2019"])[0].startswith("['reference']: Reference 1:")
    assert english_words_in(["Juch JNS, Koes BW, et al. 2017"]) and not english_words_in(["Koh JC, An JW."])
    assert english_words_in(["Referencia 1: Cleveland Clinic 2019", "Buscar", "Menú", "Disponible en:"]) == []
    for english in ("Permanent link", "Close", "Made with Material for MkDocs", "Available from:", "large print",
                    "This page is due for review", "Unknown reference x", "Bogduk and Long"):
        assert english_words_in([english.replace("Material for MkDocs", "")]), english
    assert spanish_html_texts('<p>Hola <span lang="en">Low Back Pain</span></p><a title="Permanent link">x</a>') == \
        ["Hola", "a[title]: Permanent link", "x"]


def test_no_english_ui_words_on_any_spanish_page(both_sites):
    hits = []
    for page in sorted((both_sites / "es").rglob("*.html")):
        found = english_words_in(spanish_html_texts(page.read_text(encoding="utf-8")))
        hits += [f"{page.relative_to(both_sites).as_posix()}: {hit}" for hit in found]
    assert hits == [], "\n".join(hits)


def test_english_source_titles_are_marked_english_on_spanish_pages(both_sites):
    html = (both_sites / "es" / "references" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Radiofrequency Neurotomy</span> [Internet]. [revisado el 30 ene 2019; consultado el 31 ene 2019]. Disponible en:' in html
    assert "Available from" not in html and "The patient article" not in html  # editors' notes are not shown
    after = (both_sites / "es" / "after" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Referencia 1: Cleveland Clinic 2019"' in after
    assert 'title="Enlace permanente a esta sección">&para;</a>' in after or 'title="Enlace permanente a esta sección">¶' in after
    outlook = (both_sites / "es" / "outlook" / "index.html").read_text(encoding="utf-8")
    assert "Juch y otros 2017" in outlook and "et al" not in outlook


def test_overdue_notice_is_in_the_pages_language():
    from datetime import date

    from rfn_guide.review.rules import overdue_notice_html

    notice = overdue_notice_html(date(2027, 11, 24), "es")
    assert "Esta página necesita una revisión" in notice
    assert "Debía revisarse otra vez el 24 de noviembre de 2027." in notice
    assert english_words_in(spanish_html_texts(notice)) == []


# --- The Spanish PDFs -----------------------------------------------------------------------

# A PDF page's running footer: "Comparada con sus fuentes: ..." (which may wrap; standard print)
# and "Página n de m". Left in, it splits a source's title or address that runs on to the next page.
FOOTER_RE = re.compile(r"\n(?:Comparada con sus fuentes:[^\n]*(?:\n[^\n]*)?\n)?Página \d+ de \d+\s*$")


def _without_running_footer(page_text: str) -> str:
    return FOOTER_RE.sub("\n", page_text)


def _without_running_header(pages: list[str]) -> list[str]:
    """A large-print handout's pages each carry its running header, the page's title (pypdf reads
    it last, before the page number). Left in, it splits a source's name that runs on to the next
    page ("... NHS Foundation" | "Trust")."""
    lines = [page.rstrip("\n").split("\n") for page in pages]
    last = {page_lines[-1].strip() for page_lines in lines}
    if len(pages) < 2 or len(last) != 1:
        return pages
    return ["\n".join(page_lines[:-1]) for page_lines in lines]


def test_no_english_in_spanish_pdfs_text_or_metadata(spanish_pdf_site):
    from pypdf import PdfReader

    pdfs = sorted(spanish_pdf_site.rglob("*.pdf"))
    assert len(pdfs) >= 2 * 11 + 2, pdfs  # standard and large print of every page, and the booklets
    hits = []
    addresses = source_addresses()
    for pdf in pdfs:
        reader = PdfReader(pdf)
        meta = reader.metadata or {}
        texts = [str(meta.get(name, "")) for name in ("/Title", "/Subject")]
        assert "(large print)" not in texts[0]
        pages = [_without_running_footer(page.extract_text()) for page in reader.pages]
        text = " ".join(" ".join(_without_running_header(pages)).split())
        text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a title broken after its own hyphen ("Pre-Procedure")
        for address in addresses:
            text = address.sub(" ", text)
        # The one English line meant to be there: the booklet's cover tells an English reader the
        # guide is in English too (tagged /Lang en; test_pdf_accessibility.py checks it)
        text = text.replace(ui_text("en", "pdf_also_in"), " ")
        hits += [f"{pdf.relative_to(spanish_pdf_site).as_posix()}: {hit}" for hit in english_words_in([*texts, text])]
    assert hits == [], "\n".join(hits)
    large = PdfReader(spanish_pdf_site / "handouts" / "large-print" / "after.pdf").metadata
    assert str(large["/Title"]).endswith("(letra grande)")
