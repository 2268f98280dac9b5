"""English interface words, found in the text of a Spanish page or PDF."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material

from rfn_guide import i18n
from rfn_guide.citations.bibliography import parse_bibliography
from support.project import ROOT

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
        # translate="no": a source's web address (not words a reader reads; English as the source is)
        english = (self._english() or (attributes.get("lang") or "").startswith("en") or attributes.get("translate") == "no"
                   or tag in ("script", "style", "svg", "code"))
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


def source_addresses() -> list[re.Pattern[str]]:
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
