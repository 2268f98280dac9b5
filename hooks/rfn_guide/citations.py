"""Citations in Markdown, Pandoc style: [@shealy1975], or several at once [@engel2016; @ninds-lbp].

find_citations(text) reads them (not inside code or HTML comments), number_citations() numbers
keys site-wide in order of first citation, and the render_* functions give the HTML of a
superscript citation, of the full reference list and of a page's own "Sources" section."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .bibliography import Reference, format_reference, short_label
from .findings import Finding, line_of
from .textmask import mask_code, mask_front_matter

# Candidate: a bracket opening with @ (or -@), not a link's text "[@x](...)" or "[@x][ref]".
CANDIDATE_RE = re.compile(r"\[(\s*-?@[^\[\]\n]*)\](?![(\[])")
KEY_RE = re.compile(r"-?@([A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?)")
BIBLIOGRAPHY_MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*bibliography[ \t]*-->[ \t]*$", re.M)
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"
REF_ID_PREFIX = "ref-"
SOURCES_ID = "sources"
PLACEHOLDER = '<sup class="rfn-cite" data-rfn-cite="{keys}"></sup>'
PLACEHOLDER_RE = re.compile(r'<sup class="rfn-cite" data-rfn-cite="([^"]*)"></sup>')
SYNTAX_HELP = "write a citation as [@key], or several as [@key1; @key2]"


@dataclass(frozen=True)
class Citation:
    keys: tuple[str, ...]
    start: int   # offset of "[" in the text searched
    end: int     # offset just after "]"
    line: int


def _parse_inner(inner: str) -> tuple[list[str], str | None]:
    """Keys in "@a; @b", or an explanation of why the text is not a citation we can read."""
    keys = []
    for part in inner.split(";"):
        part = part.strip()
        m = KEY_RE.fullmatch(part)
        if not m:
            if not part:
                return [], "has an empty item between semicolons"
            if "," in part:
                return [], f"'{part}' has a comma: separate keys with ';', and leave out page numbers"
            return [], f"'{part}' is not a citation key"
        keys.append(m.group(1))
    return keys, None


def find_citations(text: str, filename: str = "") -> tuple[list[Citation], list[Finding]]:
    """Every citation in a Markdown text, and findings for bracketed @-text that is malformed."""
    masked = mask_front_matter(mask_code(text))
    citations, findings = [], []
    for m in CANDIDATE_RE.finditer(masked):
        line = line_of(text, m.start())
        keys, problem = _parse_inner(m.group(1))
        if problem:
            findings.append(Finding(filename, line, f"citation '{m.group(0)}' {problem}: {SYNTAX_HELP}"))
            continue
        citations.append(Citation(tuple(keys), m.start(), m.end(), line))
    return citations, findings


def has_bibliography_marker(text: str) -> bool:
    return bool(BIBLIOGRAPHY_MARKER_RE.search(mask_code(text, comments=False)))


def cited_keys(citations: Iterable[Citation]) -> list[str]:
    """Keys in order of first citation, each once."""
    seen: dict[str, None] = {}
    for citation in citations:
        for key in citation.keys:
            seen.setdefault(key, None)
    return list(seen)


def replace_citations(text: str, citations: list[Citation]) -> str:
    """Text with each citation swapped for an HTML placeholder that survives Markdown. The space
    before a citation goes (superscript numbers sit right after the word: "nerves⁴")."""
    out, pos = [], 0
    for c in sorted(citations, key=lambda c: c.start):
        out.append(text[pos:c.start].rstrip(" \t"))
        out.append(PLACEHOLDER.format(keys=html.escape(" ".join(c.keys))))
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def number_citations(keys_by_page: Iterable[Iterable[str]], known: Mapping[str, Reference]) -> dict[str, int]:
    """Site-wide numbers: pages in reading (nav) order, keys in order of first citation.
    Keys not in the bibliography get no number."""
    numbers: dict[str, int] = {}
    for keys in keys_by_page:
        for key in keys:
            if key in known and key not in numbers:
                numbers[key] = len(numbers) + 1
    return numbers


def unknown_key_findings(citations: list[Citation], known: Mapping[str, Reference], filename: str,
                         bib_name: str = "includes/references.bib") -> list[Finding]:
    lower = {key.lower(): key for key in known}
    findings = []
    for c in citations:
        for key in c.keys:
            if key in known:
                continue
            hint = f"did you mean '{lower[key.lower()]}'? Keys are case-sensitive here" if key.lower() in lower \
                else f"add an entry with this key to {bib_name}, or correct the key"
            findings.append(Finding(filename, c.line, f"citation key '{key}' is not in the bibliography: {hint}"))
    return findings


def uncited_findings(known: Mapping[str, Reference], numbers: Mapping[str, int],
                     bib_name: str = "includes/references.bib") -> list[Finding]:
    return [Finding(bib_name, ref.line,
                    f"entry '{key}' is not cited by any page: cite it as [@{key}] where the guide relies "
                    "on it, or delete the entry")
            for key, ref in known.items() if key not in numbers]


def render_citation(keys: Iterable[str], numbers: Mapping[str, int], known: Mapping[str, Reference],
                    references_href: str) -> str:
    """<sup> with one link per cited entry, numbers ascending, to the entry on the References page."""
    links, unknown = [], []
    for key in sorted(set(keys), key=lambda k: numbers.get(k, 10**9)):
        if key not in numbers:
            unknown.append(key)
            continue
        n = numbers[key]
        label = html.escape(f"Reference {n}: {short_label(known[key])}", quote=True)
        links.append(f'<a href="{html.escape(references_href)}#{REF_ID_PREFIX}{html.escape(key)}" '
                     f'title="{label}" aria-label="{label}">{n}</a>')
    for key in unknown:  # only reached in a non-strict build: visible, never silently dropped
        links.append(f'<span class="rfn-cite-unknown" title="Unknown reference {html.escape(key)}">?</span>')
    return '<sup class="rfn-cite">' + ",".join(links) + "</sup>"


def _ordered(known: Mapping[str, Reference], numbers: Mapping[str, int]) -> list[tuple[int, Reference]]:
    rows = [(numbers[key], ref) for key, ref in known.items() if key in numbers]
    rows.sort(key=lambda row: row[0])
    extra = [ref for key, ref in known.items() if key not in numbers]
    rows += [(len(rows) + i + 1, ref) for i, ref in enumerate(extra)]
    return rows


def render_bibliography(known: Mapping[str, Reference], numbers: Mapping[str, int]) -> str:
    """The full numbered list for the References page; each item's id is ref-<key>."""
    items = [f'<li id="{REF_ID_PREFIX}{html.escape(ref.key)}" value="{n}">{format_reference(ref)}</li>'
             for n, ref in _ordered(known, numbers)]
    return '<ol class="rfn-references">\n' + "\n".join(items) + "\n</ol>"


def render_sources(keys: Iterable[str], known: Mapping[str, Reference], numbers: Mapping[str, int],
                   heading: str = "Sources") -> str:
    """A page's own "Sources" (`heading`, in the page's language): the entries it cites, with
    their site-wide numbers."""
    rows = sorted((numbers[key], known[key]) for key in set(keys) if key in numbers)
    if not rows:
        return ""
    items = [f'<li value="{n}">{format_reference(ref)}</li>' for n, ref in rows]
    return (f'<section class="rfn-sources" aria-labelledby="{SOURCES_ID}">\n'
            f'<h2 id="{SOURCES_ID}">{heading}<a class="headerlink" href="#{SOURCES_ID}" title="Permanent link">&para;</a></h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>")
