"""Abbreviations spelled out at their first use on every page.

A patient may open any page, or be handed its printout, without having read the home page, so
each page says what an abbreviation stands for the first time it uses it, in the form
"radiofrequency neurotomy (RFN)". The first use counts wherever a reader sees it, the page's
`# Title` included; the front matter (description), the nav title, code, comments, HTML tags,
link targets and images' text alternatives do not.

ABBREVIATIONS lists, per language, each abbreviation and its words; a language without an entry
(the Spanish edition does not use the acronym) is not checked.
Plain Python, no MkDocs imports: the patient_actions step reports the findings."""
from __future__ import annotations

import re

from ..engine.findings import Finding, line_of
from ..markup import mask_code, mask_front_matter

RULE = "abbreviations"

# Language -> abbreviation -> its words, as the page must write them before it: "<words> (<ABBR>)"
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {"RFN": "radiofrequency neurotomy"},
}

# What a reader does not see as text: HTML tags, images (alt text and address), link targets,
# attribute lists, abbreviation and link definitions
_HIDDEN = re.compile(r"<[^>\n]+>|!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)|\{:?[ \t]*[.#][^}\n]*\}"
                     r"|^[ \t]*\*\[[^\]\n]+\]:.*$|^[ \t]{0,3}\[[^\]\n]+\]:.*$", re.M)
_EMPHASIS = "[*_]*"


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def visible_text(markdown: str) -> str:
    """The page's Markdown with what a reader never sees as text blanked (offsets and lines kept)."""
    return _HIDDEN.sub(_blank, mask_code(mask_front_matter(markdown)))


def _spelled_out(abbreviation: str, words: str) -> re.Pattern[str]:
    """'radiofrequency neurotomy (RFN)' (or '(RFN, ...'), any case for the words, line breaks and
    bold or italic marks allowed between them."""
    spaced = r"[\s*_]+".join(re.escape(word) for word in words.split())
    return re.compile(rf"{spaced}{_EMPHASIS}\s*\(\s*{_EMPHASIS}(?-i:{re.escape(abbreviation)}){_EMPHASIS}\s*[),;]",
                      re.I)


def check_first_use(markdown: str, filename: str, language: str) -> list[Finding]:
    """An abbreviation whose first visible use on the page is not in its spelled-out form."""
    findings = []
    text = visible_text(markdown)
    for abbreviation, words in ABBREVIATIONS.get(language, {}).items():
        first = re.search(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", text)
        if first is None:
            continue
        # The spelled-out form ends just after the first use, so it starts within a few words before it
        match = _spelled_out(abbreviation, words).search(text, max(0, first.start() - len(words) - 40))
        if match is not None and match.start() <= first.start() < match.end():
            continue
        findings.append(Finding(filename, line_of(text, first.start()),
                                f"first use of '{abbreviation}' on this page: spell it out here as "
                                f"'{words} ({abbreviation})', and use '{abbreviation}' alone after that (a reader "
                                "may open this page or its handout without the others)", rule=RULE))
    return findings
