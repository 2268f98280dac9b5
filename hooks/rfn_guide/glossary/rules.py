"""The glossary: parse the abbreviation file that gives every medical term its tooltip, and
render the Glossary page from it, so the tooltips and the page can never disagree.

Each term is written once, as it is usually written in a sentence ("facet joint"). Its
capitalised and plural forms ("Facet joint", "facet joints", "Facet joints") get the same
tooltip without a line of their own (term_variants, abbreviations). Plurals follow the
glossary's language: English ("facet joints") or Spanish ("articulaciones facetarias"); in any
other language a plural needs a line of its own."""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..engine.findings import Finding

# Python-Markdown's abbr syntax: *[term]: meaning
DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<meaning>.*)$")
COMMENT_START, COMMENT_END = "<!--", "-->"
PAGE_MARKER = "<!-- glossary -->"
RULE = "glossary"


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    line: int
    language: str = "en"  # the glossary's language: which other forms of the term it gets

    def variants(self) -> list[str]:
        return term_variants(self.term, self.language)


def parse_glossary(text: str, filename: str = "includes/glossary.md",
                   language: str = "en") -> tuple[list[Term], list[Finding]]:
    """Terms in file order, and a finding for every line that is not a valid definition or
    comment. `language`: the glossary's (the site's) language."""
    terms: list[Term] = []
    findings: list[Finding] = []
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_comment:
            in_comment = COMMENT_END not in stripped
            continue
        if not stripped:
            continue
        if stripped.startswith(COMMENT_START):
            in_comment = COMMENT_END not in stripped
            continue
        match = DEFINITION.match(stripped)
        if not match:
            findings.append(Finding(filename, number, f"'{stripped[:40]}' is not a glossary line. "
                                    "Write it as '*[term]: plain meaning'.", rule=RULE))
        elif not match["meaning"].strip():
            findings.append(Finding(filename, number, f"'{match['term']}' has no meaning. "
                                    "Add a short plain meaning after the colon.", rule=RULE))
        else:
            terms.append(Term(match["term"].strip(), match["meaning"].strip(), number, language))
    findings.extend(_duplicate_findings(terms, filename))
    return terms, findings


def _duplicate_findings(terms: list[Term], filename: str) -> list[Finding]:
    first_seen: dict[str, Term] = {}
    findings = []
    for term in terms:
        earlier = first_seen.setdefault(term.term, term)
        if earlier is not term:
            findings.append(Finding(filename, term.line, f"'{term.term}' is defined again (first on line "
                                    f"{earlier.line}). Keep one definition and delete this line.", rule=RULE))
        elif term.term in _variants_of_others(term, terms):
            findings.append(Finding(filename, term.line, f"'{term.term}' needs no line of its own: capitalised and "
                                    "plural forms get the tooltip of the term they come from. Delete this line.",
                                    rule=RULE))
    return findings


def _variants_of_others(term: Term, terms: list[Term]) -> set[str]:
    return {variant for other in terms if other.term != term.term for variant in other.variants()}


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word  # already plural ("imaging tests") or a word like "arthritis"
    if re.search(r"(x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


# Spanish: the words before the first of these are the noun and its adjectives, which take the
# plural ("nervio del ramo lateral" -> "nervios del ramo lateral").
_ES_LINKS = frozenset({"a", "al", "con", "de", "del", "e", "el", "en", "entre", "la", "las", "los", "o", "para",
                       "por", "que", "sin", "u", "y"})
_ES_PLAIN = str.maketrans("áéíóú", "aeiou")
_ES_VOWELS = re.compile(r"[aeiouáéíóúü]+")


def _plural_es_word(word: str) -> str | None:
    """A Spanish word's plural by the regular rules, or None where they are not sure (then the
    term gets no plural: a line of its own gives it). Not sure: a word ending in an unaccented
    -n ("imagen" -> "imágenes" gains an accent), in -s after one vowel ("mes" -> "meses"), in
    another consonant with an accent elsewhere ("carácter" -> "caracteres"), or a loan word
    ("stent")."""
    if word.isupper() or word.endswith("mente"):  # "rayos X"; an adverb does not change
        return word
    if word.endswith(("s", "x")):  # "coxis", "marcapasos" stay; "mes" -> "meses" is not sure
        return word if len(_ES_VOWELS.findall(word)) > 1 else None
    if word[-1] in "aeiouáéó":
        return word + "s"
    if word.endswith("z"):
        return word[:-1] + "ces"
    if len(word) > 2 and word[-2] in "áéíóú" and word[-1] == "n":  # "sedación" -> "sedaciones"
        return word[:-2] + word[-2].translate(_ES_PLAIN) + "nes"
    if word[-1] in "lrdj" and not re.search("[áéíóú]", word):  # "lumbar" -> "lumbares"
        return word + "es"
    return None


def _plural_es(term: str) -> str | None:
    words = term.split()
    end = next((index for index, word in enumerate(words) if word in _ES_LINKS), len(words))
    plurals = [_plural_es_word(word) for word in words[:end]]
    if not words or any(plural is None for plural in plurals):
        return None
    return " ".join([*(plural for plural in plurals if plural is not None), *words[end:]])


_PLURALS: dict[str, Callable[[str], str | None]] = {"en": _plural, "es": _plural_es}


def term_variants(term: str, language: str = "en") -> list[str]:
    """Other forms a reader meets: at the start of a sentence and in the plural (English and
    Spanish rules; a plural they are not sure of, or another language's, needs a line of its
    own). An abbreviation in capitals (RFN) has none."""
    if term.isupper():
        return []
    plural = _PLURALS[language](term) if language in _PLURALS else None
    plurals = [plural] if plural is not None else []
    forms = [term, *plurals, term[:1].upper() + term[1:], *(form[:1].upper() + form[1:] for form in plurals)]
    return [form for form in dict.fromkeys(forms) if form != term]


def abbreviations(terms: list[Term]) -> dict[str, str]:
    """Every term and its other forms -> its meaning, for Python-Markdown's abbr extension
    (it matches the longest term first, so "facet joints" wins over "facet joint")."""
    found = {term.term: term.meaning for term in terms}
    for term in terms:
        for variant in term.variants():
            found.setdefault(variant, term.meaning)
    return found


def unique_meanings(terms: list[Term]) -> list[Term]:
    """One term per meaning, sorted A to Z."""
    by_meaning: dict[str, Term] = {}
    for term in terms:
        by_meaning.setdefault(term.meaning, term)
    return sorted(by_meaning.values(), key=lambda term: term.term.casefold())


def term_anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def render_glossary(terms: list[Term]) -> str:
    """A definition list (HTML) of each meaning once, each term with a linkable id. Each term and
    its meaning are wrapped in a <div> (HTML allows it in a <dl>): on paper they run together
    as one short paragraph, which a page break must not split (print.css)."""
    rows = []
    for term in unique_meanings(terms):
        rows.append(f'  <div class="rfn-glossary__entry"><dt id="{term_anchor(term.term)}">{html.escape(term.term)}</dt>\n'
                    f"  <dd>{html.escape(term.meaning)}</dd></div>")
    return '<dl class="rfn-glossary">\n' + "\n".join(rows) + "\n</dl>"


@functools.cache
def _split_patterns(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(term, pattern) for each way of breaking each multi-word term over two lines."""
    patterns = []
    for name in names:
        words = name.split()
        for split_at in range(1, len(words)):
            patterns.append((name, r"\b" + " ".join(map(re.escape, words[:split_at])) + r"[ \t]*\n[ \t]*"
                             + " ".join(map(re.escape, words[split_at:])) + r"\b"))
    return tuple(patterns)


@functools.cache
def _any_split(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for every split of every term: most pages have none, and one search of the
    page answers that (a search per split cost tens of milliseconds a build)."""
    patterns = _split_patterns(names)
    return re.compile("|".join(f"(?:{pattern})" for _, pattern in patterns)) if patterns else None


def terms_split_across_lines(markdown: str, terms: list[Term]) -> list[tuple[int, str]]:
    """(line, term) for each glossary term broken over two source lines: the tooltip only
    matches a term written on one line, so such a place would silently lose its tooltip."""
    names = tuple(term.term for term in terms)
    quick = _any_split(names)
    if quick is None or not quick.search(markdown):
        return []
    found = []
    for name, pattern in _split_patterns(names):
        for match in re.finditer(pattern, markdown):
            found.append((markdown.count("\n", 0, match.start()) + 1, name))
    return sorted(found)


# --- Words a page explains in its own text ---------------------------------------------------------

# Front matter: the glossary terms this page explains in its own words where it first uses them
# ("a blood thinner (a medicine that changes how blood clots)"). Its printed "Words used in this
# handout" box leaves them out, so a handout does not explain one word twice (issue 18: short
# handouts); tooltips and the Glossary page keep them.
EXPLAINED_KEY = "words_explained_in_text"


def explained_meanings(value: object, terms: list[Term], prose: str, filename: str,
                       line: int) -> tuple[frozenset[str], list[Finding]]:
    """The meanings of the terms listed under `words_explained_in_text` (None when the page has
    no such key), and a finding for each entry that is not a glossary term the page uses.
    `prose` is the page's Markdown with front matter and code blanked; `line` is the key's line."""
    if value is None:
        return frozenset(), []
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        return frozenset(), [Finding(filename, line, f"{EXPLAINED_KEY} must be a list of glossary terms, e.g. "
                                     f"{EXPLAINED_KEY}: [blood thinner, flare-up]", rule=RULE)]
    by_form = {form.casefold(): term for term in terms for form in (term.term, *term.variants())}
    meanings: set[str] = set()
    findings: list[Finding] = []
    for entry in value:
        term = by_form.get(entry.strip().casefold())
        if term is None:
            findings.append(Finding(filename, line, f"'{entry}' in {EXPLAINED_KEY} is not a term in the glossary: "
                                    "write it as the glossary does, or remove it", rule=RULE))
        elif not any(re.search(rf"\b{re.escape(form)}\b", prose) for form in (term.term, *term.variants())):
            findings.append(Finding(filename, line, f"'{entry}' in {EXPLAINED_KEY} is not used on this page: "
                                    "remove it from the list", rule=RULE))
        else:
            meanings.add(term.meaning)
    return frozenset(meanings), findings
