"""A clinic's own rules for the "your clinic will tell you" items.

The guide cannot say when to stop eating, when to arrive or which blood thinners to hold: each
clinic has its own rule. A page writes the general text inside a span that names the item:

    <span data-clinic="eating_and_drinking">Your clinic will tell you when to stop eating and drinking.</span>

and a clinic's edition may set its own words under `extra.clinic.instructions` (keys:
INSTRUCTION_KEYS). A span may also hold a number the clinic's settings give (NUMBER_KEYS: the
emergency number, `<span data-clinic="emergency_number">911</span>`). Where the clinic sets one,
the span's text is replaced by the clinic's text (as plain text: HTML-escaped, Markdown
characters kept literal), before the page is rendered, so the web page, search, the handout and
the booklet all show it; otherwise the general text stays.

An unknown key in a page (`data-clinic="fastng"`) is a finding at its line with the nearest valid
key, in every edition; an unknown key in the settings is reported by rfn_guide.clinic.rules.
Plain Python, no MkDocs imports: the clinic_edition step is the glue."""
from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..citations.rules import find_citations
from ..engine.findings import Finding, line_of
from ..markup import mask_code, mask_front_matter, parse_attrs

RULE = "clinic"
# Item -> what the clinic's text says (README.md, "A clinic's own edition", lists the same)
INSTRUCTION_KEYS: dict[str, str] = {
    "eating_and_drinking": "when to stop eating and drinking before the procedure",
    "arrival": "when to arrive, and where",
    "blood_thinners": "which blood thinners to stop, and when, and who decides",
    "after_hours": "who to call when the clinic is closed",
}
SETTING = "extra.clinic.instructions"
# Numbers a page names that a clinic's edition sets elsewhere: the span holds the general number,
# which the clinic's own replaces (a UK clinic's handout must never tell a patient to call 911).
EMERGENCY_KEY = "emergency_number"
NUMBER_KEYS: dict[str, str] = {
    EMERGENCY_KEY: "the local emergency number (extra.clinic.emergency; 911 when left out)",
}
PAGE_KEYS: dict[str, str] = {**INSTRUCTION_KEYS, **NUMBER_KEYS}  # what a page's span may name

# A span that carries data-clinic; its text runs to the first </span> (no span inside it)
_SPAN = re.compile(r"<span\b(?P<attrs>[^>]*\bdata-clinic\b[^>]*)>(?P<text>.*?)</span\s*>", re.I | re.S)
# Characters Markdown would read as markup in the clinic's text: written as character references
_MARKDOWN_CHARACTERS = {char: f"&#{ord(char)};" for char in "\\`*_[]{}!#|~^"}


@dataclass(frozen=True)
class ClinicSpan:
    key: str
    line: int                # 1-based line of the span in the text it was found in
    text_start: int          # where the general text starts and ends (offsets in that text)
    text_end: int


def find_spans(markdown: str) -> list[ClinicSpan]:
    """Every `<span data-clinic="...">` of a page's Markdown, not in code or comments."""
    masked = mask_code(mask_front_matter(markdown))
    return [ClinicSpan(parse_attrs(m.group("attrs")).get("data-clinic", "").strip(), line_of(masked, m.start()),
                       m.start("text"), m.end("text"))
            for m in _SPAN.finditer(masked)]


def nearest_key(key: str, keys: Mapping[str, str] = INSTRUCTION_KEYS) -> str:
    return (difflib.get_close_matches(key, keys, n=1, cutoff=0.0) or list(keys))[0]


def unknown_key_message(key: str, keys: Mapping[str, str] = INSTRUCTION_KEYS) -> str:
    """`keys`: the settings' instructions (INSTRUCTION_KEYS), or what a page may name (PAGE_KEYS)."""
    return (f"'{key}' is not a clinic instruction: did you mean '{nearest_key(key, keys)}'? Use one of "
            f"{', '.join(keys)} (see \"A clinic's own edition\" in README.md)")


def check_spans(markdown: str, filename: str) -> list[Finding]:
    """A span whose data-clinic names no known item, that has no general text, or that holds a
    citation (a clinic's text would replace it, leaving the source cited for words it never said)."""
    findings = []
    for span in find_spans(markdown):
        text = markdown[span.text_start:span.text_end]
        if span.key not in PAGE_KEYS:
            findings.append(Finding(filename, span.line, f"data-clinic={unknown_key_message(span.key, PAGE_KEYS)}",
                                    rule=RULE))
        elif not text.strip():
            findings.append(Finding(filename, span.line,
                                    f"the span data-clinic=\"{span.key}\" has no text: write the general "
                                    "instruction in it, e.g. \"Your clinic will tell you ...\"", rule=RULE))
        elif find_citations(text)[0]:
            findings.append(Finding(filename, span.line,
                                    f"the span data-clinic=\"{span.key}\" holds a citation: a clinic's own text "
                                    "replaces everything in the span, so keep only the general instruction in it "
                                    "and cite the page's facts outside it", rule=RULE))
    return findings


# The US emergency number, written in a page's own words (a clinic's edition cannot change that)
_BARE_EMERGENCY = re.compile(r"(?<![\w.-])911(?![\w-]|\.\d)")


def check_emergency_numbers(markdown: str, filename: str) -> list[Finding]:
    """911 written in a page's text rather than in its span: a clinic's edition outside the US
    would still tell its patients to call it (the cards and panels take the clinic's number)."""
    masked = mask_code(mask_front_matter(markdown))
    inside = [(span.text_start, span.text_end) for span in find_spans(markdown) if span.key == EMERGENCY_KEY]
    return [Finding(filename, line_of(masked, m.start()),
                    "911 is written by hand: write <span data-clinic=\"emergency_number\">911</span>, so a clinic's "
                    "edition outside the US shows its own emergency number (extra.clinic.emergency)", rule=RULE)
            for m in _BARE_EMERGENCY.finditer(masked) if not any(a <= m.start() < b for a, b in inside)]


def as_plain_text(text: str) -> str:
    """The clinic's words as they must appear: one line, HTML-escaped, no Markdown markup."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return "".join(_MARKDOWN_CHARACTERS.get(char, char) for char in escaped)


def apply_instructions(markdown: str, instructions: Mapping[str, str]) -> str:
    """The page with the text of each span replaced by the clinic's own, where it sets one
    (`instructions`: its words by INSTRUCTION_KEYS, and its numbers by NUMBER_KEYS)."""
    parts, last = [], 0
    for span in find_spans(markdown):
        own = instructions.get(span.key)
        if own is None:
            continue
        parts += [markdown[last:span.text_start], as_plain_text(own)]
        last = span.text_end
    return "".join(parts) + markdown[last:]
