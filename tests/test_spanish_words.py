"""No English in what a Spanish reader sees or hears (issue 17): the built Spanish pages (visible
text and every alt, title, aria-label and placeholder) and every Spanish PDF (text and metadata)
hold no word of the English interface. English is allowed only where it is marked: inside
lang="en" (the titles and publishers of the English-language sources, the "Read this page in
English" link) and, in the PDFs, where text extraction loses that mark, the same source strings
taken from the bibliography."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from conftest import ROOT, run_mkdocs_build
from rfn_guide import i18n
from rfn_guide.bibliography import parse_bibliography

MATERIAL_LANGUAGES = Path(material.__file__ or "").parent / "templates" / "partials" / "languages"
PLACEHOLDER_RE = re.compile(r"\{[^}]*\}")
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+")
# Web addresses are not words a reader reads (the sources' addresses are English)
ADDRESS_RE = re.compile(r"\S*(?:://|\.org|\.com|\.uk|\.gov|[/=+])\S*")  # and the rest of one a PDF line broke
ET_AL_RE = re.compile(r"\bet al\b")


def _theme_words(language: str) -> list[str]:
    return re.findall(r'"[\w.]+": "([^"]*)"', (MATERIAL_LANGUAGES / f"{language}.html").read_text(encoding="utf-8"))


def _words(texts) -> set[str]:
    return {w.lower() for text in texts for w in WORD_RE.findall(PLACEHOLDER_RE.sub(" ", text)) if len(w) > 2}


# Every word of the English interface (the build's, the theme's, the image viewer's) of three
# letters or more, but those that are Spanish words too: finding one in the Spanish edition means
# a string was left untranslated. (Not "minus the Spanish table": English pasted into the Spanish
# table would then hide itself.)
SPANISH_TOO = {"metadata", "original", "pdf", "rss", "use", "internet", "total"}
ENGLISH_UI_WORDS = _words([*i18n.UI_TEXT["en"].values(), *_theme_words("en"), "Made with", "Close Next Previous",
                           "Permanent link", "Available from", "reviewed", "cited", "large print"]) - SPANISH_TOO


class _SpanishText(HTMLParser):
    """The text a reader sees or hears, outside lang="en" and outside scripts and styles."""

    SPOKEN = ("alt", "title", "aria-label", "placeholder", "aria-description")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside English or code)
        self.found: list[str] = []

    def _english(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        english = self._english() or (attributes.get("lang") or "").startswith("en") or tag in ("script", "style", "svg", "code")
        if not english:
            self.found += [f"{tag}[{name}]: {value}" for name, value in attrs if name in self.SPOKEN and value]
        if tag not in self.VOID:
            self.stack.append((tag, english))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and not self._english():
            self.found.append(data.strip())


def _source_strings() -> list[str]:
    """The English strings of the bibliography a Spanish page shows marked lang="en" (titles,
    journals, publishers), and the names of the organizations that wrote the sources, which a
    citation's label names too; longest first."""
    refs, _ = parse_bibliography((ROOT / "includes" / "references.bib").read_text(encoding="utf-8"))
    found = []
    for ref in refs.values():
        found += [ref.fields.get(name, "") for name in ("title", "shortjournal", "journal", "publisher", "organization")]
        found += ref.groups
    return sorted({" ".join(s.split()) for s in found if s}, key=len, reverse=True)


def _source_addresses() -> list[re.Pattern[str]]:
    """The sources' web addresses, as a PDF's text may hold them: broken over lines anywhere."""
    refs, _ = parse_bibliography((ROOT / "includes" / "references.bib").read_text(encoding="utf-8"))
    addresses = [ref.fields["url"] for ref in refs.values() if ref.fields.get("url")]
    addresses += ["https://doi.org/" + ref.fields["doi"] for ref in refs.values() if ref.fields.get("doi")]
    return [re.compile(r"\s*".join(map(re.escape, address))) for address in addresses]


# Names a Spanish text gives as they are: the sources' own, and the theme's
ALLOWED = [*_source_strings(), "Material for MkDocs"]


def english_words_in(texts: list[str]) -> list[str]:
    """Each text that holds an English interface word, with the words."""
    hits = []
    for text in texts:
        # The sources' names first: a title such as "Treatment/Denervation" looks like an address
        for name in ALLOWED:
            text = text.replace(name, " ").replace(name.replace("-", ""), " ")
        text = ADDRESS_RE.sub(" ", text)
        words = sorted(_words([text]) & ENGLISH_UI_WORDS) + (["et al"] if ET_AL_RE.search(text) else [])
        if words:
            at = re.search(rf"(?i)\b{words[0]}\b", text)
            start = max(0, at.start() - 60) if at else 0
            hits.append(f"{words}: {text[start:start + 140]}")
    return hits


def spanish_html_texts(html: str) -> list[str]:
    parser = _SpanishText()
    parser.feed(html)
    return parser.found


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

    from rfn_guide.frontmatter import overdue_notice_html

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


@pytest.fixture(scope="module")
def spanish_pdfs(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("es-pdfs")
    result = run_mkdocs_build(ROOT / "mkdocs.es.yml", site, PDF_EXPORT="1")
    assert result.returncode == 0, result.stderr
    return site


def test_no_english_in_spanish_pdfs_text_or_metadata(spanish_pdfs):
    from pypdf import PdfReader

    pdfs = sorted(spanish_pdfs.rglob("*.pdf"))
    assert len(pdfs) >= 2 * 11 + 2, pdfs  # standard and large print of every page, and the booklets
    hits = []
    addresses = _source_addresses()
    for pdf in pdfs:
        reader = PdfReader(pdf)
        meta = reader.metadata or {}
        texts = [str(meta.get(name, "")) for name in ("/Title", "/Subject")]
        assert "(large print)" not in texts[0]
        text = " ".join(" ".join(_without_running_footer(page.extract_text()) for page in reader.pages).split())
        text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a title broken after its own hyphen ("Pre-Procedure")
        for address in addresses:
            text = address.sub(" ", text)
        hits += [f"{pdf.relative_to(spanish_pdfs).as_posix()}: {hit}" for hit in english_words_in([*texts, text])]
    assert hits == [], "\n".join(hits)
    large = PdfReader(spanish_pdfs / "handouts" / "large-print" / "after.pdf").metadata
    assert str(large["/Title"]).endswith("(letra grande)")
