"""The glossary: parse the abbreviation file that gives every medical term its tooltip, and
render the Glossary page from it, so the tooltips and the page can never disagree."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Python-Markdown's abbr syntax: *[term]: meaning
DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<meaning>.*)$")
COMMENT_START, COMMENT_END = "<!--", "-->"
PAGE_MARKER = "<!-- glossary -->"


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    line: int


@dataclass(frozen=True)
class GlossaryProblem:
    line: int
    message: str


def parse_glossary(text: str) -> tuple[list[Term], list[GlossaryProblem]]:
    """Terms in file order, and every line that is not a valid definition or comment."""
    terms: list[Term] = []
    problems: list[GlossaryProblem] = []
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
            problems.append(GlossaryProblem(number, f"'{stripped[:40]}' is not a glossary line. "
                                            "Write it as '*[term]: plain meaning'."))
        elif not match["meaning"].strip():
            problems.append(GlossaryProblem(number, f"'{match['term']}' has no meaning. "
                                            "Add a short plain meaning after the colon."))
        else:
            terms.append(Term(match["term"].strip(), match["meaning"].strip(), number))
    problems.extend(_duplicate_problems(terms))
    return terms, problems


def _duplicate_problems(terms: list[Term]) -> list[GlossaryProblem]:
    first_seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        earlier = first_seen.setdefault(term.term, term)
        if earlier is not term:
            problems.append(GlossaryProblem(term.line, f"'{term.term}' is defined again (first on line "
                                            f"{earlier.line}). Keep one definition and delete this line."))
    return problems


def unique_meanings(terms: list[Term]) -> list[Term]:
    """One term per meaning (plural and capitalised forms share a meaning), sorted A to Z."""
    by_meaning: dict[str, Term] = {}
    for term in terms:
        by_meaning.setdefault(term.meaning, term)
    return sorted(by_meaning.values(), key=lambda term: term.term.casefold())


def term_anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def render_glossary(terms: list[Term]) -> str:
    """A definition list (HTML) of each meaning once, each term with a linkable id."""
    rows = []
    for term in unique_meanings(terms):
        rows.append(f'  <dt id="{term_anchor(term.term)}">{html.escape(term.term)}</dt>\n'
                    f"  <dd>{html.escape(term.meaning)}</dd>")
    return '<dl class="rfn-glossary">\n' + "\n".join(rows) + "\n</dl>"


def terms_split_across_lines(markdown: str, terms: list[Term]) -> list[tuple[int, str]]:
    """(line, term) for each glossary term broken over two source lines: the tooltip only
    matches a term written on one line, so such a place would silently lose its tooltip."""
    found = []
    for term in terms:
        words = term.term.split()
        for split_at in range(1, len(words)):
            pattern = (r"\b" + " ".join(map(re.escape, words[:split_at])) + r"[ \t]*\n[ \t]*"
                       + " ".join(map(re.escape, words[split_at:])) + r"\b")
            for match in re.finditer(pattern, markdown):
                found.append((markdown.count("\n", 0, match.start()) + 1, term.term))
    return sorted(found)
