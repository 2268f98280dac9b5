"""Readability of a rendered page: Flesch-Kincaid grade of its text.

Headings, list items, table cells and captions are counted as sentences of their own (a
patient reads them that way), so each is closed with a full stop before scoring. The list of
sources under a page (`section.rfn-sources`) is not prose and is left out.

The grade is the Flesch-Kincaid formula over those sentences, with textstat's word and syllable
counts. textstat's own sentence count drops sentences of one or two words, so a heading like
"Key points" would lend its words to the next sentence; here every sentence counts."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import textstat

# Elements whose text ends a sentence even without a full stop.
SENTENCE_ELEMENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "td", "th", "dt", "dd",
                     "figcaption", "summary", "caption", "blockquote"}
# Elements whose text a reader does not read as prose.
SKIPPED_ELEMENTS = {"script", "style", "svg", "code", "pre", "sup", "button", "nav"}
# Elements with these classes are not prose: permalink signs, a page's sources, the full
# reference list (titles of papers).
SKIPPED_CLASSES = {"headerlink", "rfn-sources", "rfn-references"}
VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col"}


class _ProseExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        self.stack.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if tag in SKIPPED_ELEMENTS or self.skip_depth or SKIPPED_CLASSES & set(classes):
            self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif open_tag in SENTENCE_ELEMENTS:
                self._end_sentence()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)

    def _end_sentence(self):
        text = "".join(self.parts).rstrip()
        if text and text[-1] not in ".!?:;":
            self.parts.append(".")
        self.parts.append(" ")


def prose_from_html(html: str) -> str:
    """The words of a rendered page, with every heading and list item ending a sentence."""
    extractor = _ProseExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences_from_html(html: str) -> list[str]:
    """The sentences of a rendered page; every heading, list item and cell is one of its own."""
    return [sentence for sentence in _SENTENCE_END.split(prose_from_html(html))
            if textstat.lexicon_count(sentence)]


def _grade(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 1)


def flesch_kincaid_grade(html: str) -> float:
    """Flesch-Kincaid grade level of a rendered page's prose (textstat, pyphen syllables)."""
    sentences = sentences_from_html(html)
    text = " ".join(sentences)
    return _grade(textstat.lexicon_count(text), len(sentences), textstat.syllable_count(text))


def hardest_sentences(html: str, count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    """The `count` sentences with the highest grade of their own, hardest first, to show an
    editor where to start. Sentences under `min_words` words (headings, mostly) are left out:
    one long word gives them a high grade that says little."""
    graded = [(_grade(textstat.lexicon_count(s), 1, textstat.syllable_count(s)), s)
              for s in sentences_from_html(html) if textstat.lexicon_count(s) >= min_words]
    return sorted(graded, key=lambda pair: -pair[0])[:count]


# textstat keeps its language (for pyphen's hyphenation dictionary) in global state; English is
# its default and what the rest of the build expects.
TEXTSTAT_DEFAULT_LANGUAGE = "en_US"


def fernandez_huerta(html: str) -> float:
    """Fernández-Huerta reading ease of a rendered Spanish page (0-100, higher is easier; 70 and
    up is "fairly easy"): 206.84 - 60 x syllables per word - 1.02 x words per sentence, the
    formula of textstat's `fernandez_huerta`, with Spanish syllables (textstat set_lang("es"),
    pyphen's Spanish dictionary) and the sentences counted as for the English grade above
    (every heading and list item is one)."""
    sentences = sentences_from_html(html)
    text = " ".join(sentences)
    textstat.set_lang("es")
    try:
        words, syllables = textstat.lexicon_count(text), textstat.syllable_count(text)
    finally:
        textstat.set_lang(TEXTSTAT_DEFAULT_LANGUAGE)
    if not words or not sentences:
        return 100.0
    return round(206.84 - 60 * syllables / words - 1.02 * words / len(sentences), 1)


def hardest_sentences_es(html: str, count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    """The `count` Spanish sentences with the lowest Fernández-Huerta score, hardest first."""
    textstat.set_lang("es")
    try:
        scored = [(round(206.84 - 60 * textstat.syllable_count(s) / textstat.lexicon_count(s)
                         - 1.02 * textstat.lexicon_count(s), 1), s)
                  for s in sentences_from_html(html) if textstat.lexicon_count(s) >= min_words]
    finally:
        textstat.set_lang(TEXTSTAT_DEFAULT_LANGUAGE)
    return sorted(scored)[:count]
