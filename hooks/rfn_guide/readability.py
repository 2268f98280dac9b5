"""Readability of a rendered page: Flesch-Kincaid grade of its text.

Headings, list items, table cells and captions are counted as sentences of their own (a
patient reads them that way), so each is closed with a full stop before scoring. The list of
sources under a page (`section.rfn-sources`) is not prose and is left out.

The grade is the Flesch-Kincaid formula over those sentences, with the word and syllable counts
of textstat 0.7.4 (pyphen's en_US hyphenation: syllables = hyphenation points + 1 per word),
computed with pyphen directly: importing textstat costs more than a whole page check.
textstat's own sentence count drops sentences of one or two words, so a heading like
"Key points" would lend its words to the next sentence; here every sentence counts."""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from .cache import read_json, write_json

_PUNCTUATION = re.compile(r"[^\w\s]")


@lru_cache(maxsize=2)
def _hyphenator(language: str) -> Any:
    import pyphen  # imported only when a word is not in the syllable cache

    return pyphen.Pyphen(lang=language)


class _SyllableCache:
    """Syllables per word, kept in the build cache (rfn_guide.cache) between builds: reading
    pyphen's 5,000 hyphenation patterns costs more than grading every page, and a build mostly
    meets the words of the last one. Only a new word needs pyphen."""

    def __init__(self, language: str) -> None:
        self.language = language  # pyphen's dictionary: en_US, es
        self.counts: dict[str, int] | None = None
        self.changed = False

    def name(self) -> str:
        from importlib.metadata import version

        return f"syllables-pyphen-{version('pyphen')}-{self.language}.json"

    def count(self, word: str) -> int:
        if self.counts is None:
            loaded = read_json(self.name())
            self.counts = {str(k): int(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        if word not in self.counts:
            self.counts[word] = len(_hyphenator(self.language).positions(word)) + 1
            self.changed = True
        return self.counts[word]

    def save(self) -> None:
        if self.changed and self.counts is not None:
            write_json(self.name(), self.counts)
            self.changed = False


SYLLABLES = {"en": _SyllableCache("en_US"), "es": _SyllableCache("es")}


def save_syllable_cache() -> None:
    """Keeps the words met in this build for the next one (the reading-level step calls it)."""
    for cache in SYLLABLES.values():
        cache.save()


def lexicon_count(text: str) -> int:
    """Words in text, as textstat counts them (punctuation removed, then split on spaces)."""
    return len(_PUNCTUATION.sub("", text).split())


def syllable_count(text: str, language: str = "en") -> int:
    """Syllables in text, as textstat 0.7.4 counts them with pyphen (its set_lang("es") for Spanish)."""
    cache = SYLLABLES[language]
    return sum(cache.count(word) for word in _PUNCTUATION.sub("", text.lower()).split())

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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.stack.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if tag in SKIPPED_ELEMENTS or self.skip_depth or SKIPPED_CLASSES & set(classes):
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
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

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)

    def _end_sentence(self) -> None:
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
            if lexicon_count(sentence)]


def _grade(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 1)


# Below this many words a grade says nothing (one two-syllable word alone is "grade 8.4").
MIN_WORDS_TO_GRADE = 20


def grade_of(sentences: list[str]) -> float:
    """Flesch-Kincaid grade of sentences (each counted as one, as sentences_from_html gives them)."""
    text = " ".join(sentences)
    return _grade(lexicon_count(text), len(sentences), syllable_count(text))


def flesch_kincaid_grade(html: str) -> float:
    """Flesch-Kincaid grade level of a rendered page's prose (pyphen syllables)."""
    return grade_of(sentences_from_html(html))


def hardest_of(sentences: list[str], count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    """The `count` sentences with the highest grade of their own, hardest first, to show an
    editor where to start. Sentences under `min_words` words (headings, mostly) are left out:
    one long word gives them a high grade that says little."""
    graded = [(_grade(lexicon_count(s), 1, syllable_count(s)), s) for s in sentences if lexicon_count(s) >= min_words]
    return sorted(graded, key=lambda pair: -pair[0])[:count]


def hardest_sentences(html: str, count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    return hardest_of(sentences_from_html(html), count, min_words)


# --- Spanish: Fernández-Huerta reading ease ----------------------------------------------------

def reading_ease_es(sentences: list[str]) -> float:
    """Fernández-Huerta reading ease of Spanish sentences (0-100, higher is easier; 70 and up is
    "fairly easy"): 206.84 - 60 x syllables per word - 1.02 x words per sentence, textstat's
    `fernandez_huerta` formula with its Spanish syllables (pyphen's es dictionary), sentences
    counted as for the English grade (every heading and list item is one)."""
    text = " ".join(sentences)
    words = lexicon_count(text)
    if not words or not sentences:
        return 100.0
    return round(206.84 - 60 * syllable_count(text, "es") / words - 1.02 * words / len(sentences), 1)


def hardest_of_es(sentences: list[str], count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    """The `count` Spanish sentences with the lowest reading ease, hardest first."""
    scored = [(reading_ease_es([sentence]), sentence) for sentence in sentences
              if lexicon_count(sentence) >= min_words]
    return sorted(scored)[:count]
