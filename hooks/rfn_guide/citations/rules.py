"""Citations in Markdown, Pandoc style: [@shealy1975], several at once [@engel2016; @ninds-lbp],
with a locator after a comma [@shealy1975, p. 449] (shown after the number, as Pandoc does).

find_citations(text) reads them (not inside code or HTML comments), number_citations() numbers
keys site-wide in order of first citation, and the render_* functions give the HTML of a
superscript citation, of the full reference list and of a page's own "Sources" section."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..engine.findings import Finding, line_of
from ..i18n import text as ui_text
from ..markup import mask_code, mask_front_matter
from .bibliography import URL_LINK_START, Reference, format_reference, short_author, short_label

# Candidate: a bracket opening with @ (or -@), not a link's text "[@x](...)" or "[@x][ref]".
CANDIDATE_RE = re.compile(r"\[(\s*-?@[^\[\]\n]*)\](?![(\[])")
KEY_RE = re.compile(r"-?@([A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?)")
BIBLIOGRAPHY_MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*bibliography[ \t]*-->[ \t]*$", re.M)
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"
REF_ID_PREFIX = "ref-"
SOURCES_ID = "sources"
# Survives Markdown. Keys are space-separated; locators, when there are any, "key=locator;...".
PLACEHOLDER = '<sup class="rfn-cite" data-rfn-cite="{keys}"{locators}></sup>'
PLACEHOLDER_RE = re.compile(r'<sup class="rfn-cite" data-rfn-cite="([^"]*)"(?: data-rfn-locators="([^"]*)")?></sup>')
SYNTAX_HELP = "write a citation as [@key], several as [@key1; @key2], a page as [@key, p. 12]"
RULE = "citations"


@dataclass(frozen=True)
class Citation:
    keys: tuple[str, ...]
    start: int   # offset of "[" in the text searched
    end: int     # offset just after "]"
    line: int
    locators: tuple[str, ...] = ()   # one per key ("" for none), e.g. "p. 449"

    def placeholder(self) -> str:
        located = [f"{key}={locator}" for key, locator in zip(self.keys, self.locators or ("",) * len(self.keys), strict=True)
                   if locator]
        locators = f' data-rfn-locators="{html.escape(";".join(located))}"' if located else ""
        return PLACEHOLDER.format(keys=html.escape(" ".join(self.keys)), locators=locators)


def parse_placeholder(match: re.Match[str]) -> tuple[list[str], dict[str, str]]:
    """(keys, {key: locator}) of a placeholder found with PLACEHOLDER_RE."""
    located = (html.unescape(match.group(2) or "")).split(";")
    locators = dict(item.partition("=")[::2] for item in located if item)
    return html.unescape(match.group(1)).split(), locators


def _parse_inner(inner: str) -> tuple[list[str], list[str], str | None]:
    """Keys and locators in "@a, p. 3; @b", or why the text is not a citation we can read."""
    keys, locators = [], []
    for part in inner.split(";"):
        part = part.strip()
        key_text, comma, locator = part.partition(",")
        m = KEY_RE.fullmatch(key_text.strip())
        locator = " ".join(locator.split())
        if not part:
            return [], [], "has an empty item between semicolons"
        if not m:
            return [], [], f"'{part}' is not a citation key"
        if comma and (not locator or "@" in locator):
            return [], [], (f"'{part}' has a comma: separate keys with ';', and put only a page or section "
                            "after a comma")
        keys.append(m.group(1))
        locators.append(locator)
    return keys, locators, None


def find_citations(text: str, filename: str = "") -> tuple[list[Citation], list[Finding]]:
    """Every citation in a Markdown text, and findings for bracketed @-text that is malformed."""
    masked = mask_front_matter(mask_code(text))
    citations, findings = [], []
    for m in CANDIDATE_RE.finditer(masked):
        line = line_of(text, m.start())
        keys, locators, problem = _parse_inner(m.group(1))
        if problem:
            findings.append(Finding(filename, line, f"citation '{m.group(0)}' {problem}: {SYNTAX_HELP}", rule=RULE))
            continue
        citations.append(Citation(tuple(keys), m.start(), m.end(), line, tuple(locators)))
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
        out.append(_before_citation(text[pos:c.start]))
        out.append(c.placeholder())
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def _before_citation(before: str) -> str:
    """The text before a citation, without what parts it from the word it follows. A citation
    that starts a wrapped line is joined to the line above: stripping only its indentation would
    end the list item or admonition it belongs to, and Markdown would print it as a new paragraph
    (or a numbered list: "1. Ask ..."). A citation that opens a block keeps its indentation."""
    stripped = before.rstrip(" \t")
    if not stripped.endswith("\n"):
        return stripped  # inside a line: the superscript sits right after the word ("nerves⁴")
    line_above = stripped[:-1]
    if line_above.strip() and not line_above.endswith("\n"):
        return line_above.rstrip(" \t")
    return before


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
            findings.append(Finding(filename, c.line, f"citation key '{key}' is not in the bibliography: {hint}",
                                    rule=RULE))
    return findings


def uncited_findings(known: Mapping[str, Reference], numbers: Mapping[str, int],
                     bib_name: str = "includes/references.bib") -> list[Finding]:
    return [Finding(bib_name, ref.line,
                    f"entry '{key}' is not cited by any page: cite it as [@{key}] where the guide relies "
                    "on it, or delete the entry", rule=RULE)
            for key, ref in known.items() if key not in numbers]


def render_citation(keys: Iterable[str], numbers: Mapping[str, int], known: Mapping[str, Reference],
                    references_href: str, locators: Mapping[str, str] | None = None, language: str = "en") -> str:
    """<sup> with one link per cited entry, numbers ascending, to the entry on the References page.
    A locator follows its number in brackets, as Pandoc's numeric styles print it: 1(p. 449)."""
    locators = locators or {}
    links, unknown = [], []
    for key in sorted(set(keys), key=lambda k: numbers.get(k, 10**9)):
        if key not in numbers:
            unknown.append(key)
            continue
        n = numbers[key]
        where = f", {locators[key]}" if locators.get(key) else ""
        label = html.escape(ui_text(language, "ref_cite_label", number=str(n), label=short_label(known[key], language) + where),
                            quote=True)
        links.append(f'<a href="{html.escape(references_href)}#{REF_ID_PREFIX}{html.escape(key)}" '
                     f'title="{label}" aria-label="{label}">{n}</a>'
                     + (f'<span class="rfn-cite-locator">({html.escape(locators[key])})</span>'
                        if locators.get(key) else ""))
    for key in unknown:  # only reached in a non-strict build: visible, never silently dropped
        unknown_title = html.escape(ui_text(language, "ref_unknown", name=key), quote=True)
        links.append(f'<span class="rfn-cite-unknown" title="{unknown_title}">?</span>')
    return '<sup class="rfn-cite">' + ",".join(links) + "</sup>"


def _ordered(known: Mapping[str, Reference], numbers: Mapping[str, int]) -> list[tuple[int, Reference]]:
    rows = [(numbers[key], ref) for key, ref in known.items() if key in numbers]
    rows.sort(key=lambda row: row[0])
    extra = [ref for key, ref in known.items() if key not in numbers]
    rows += [(len(rows) + i + 1, ref) for i, ref in enumerate(extra)]
    return rows


# Abbreviations that reach a reader only through the sources (organization names and titles,
# quoted exactly, so they cannot be spelled out in place): a key line explains each one shown.
SOURCE_ABBREVIATIONS = ("NHS", "CT")


def abbreviation_key(shown: Iterable[str], language: str = "en") -> str:
    """A paragraph explaining each of SOURCE_ABBREVIATIONS that occurs in the `shown` texts, or ""."""
    text = " ".join(shown)
    # The abbreviation is the source's own, in English: marked so, as the source titles are
    lines = [f'<span lang="en">{abbr}</span>: {html.escape(ui_text(language, f"abbr_{abbr}"))}'
             for abbr in SOURCE_ABBREVIATIONS if re.search(rf"\b{abbr}\b", text)]
    return f'<p class="rfn-sources-key">{" ".join(lines)}</p>\n' if lines else ""


def _shown_fields(ref: Reference) -> list[str]:
    """The parts of an entry a reader sees in a reference list."""
    fields = (ref.fields.get(name, "") for name in ("title", "publisher", "organization", "journal", "booktitle"))
    return [*ref.groups, *ref.authors, *fields]


def render_bibliography(known: Mapping[str, Reference], numbers: Mapping[str, int], language: str = "en") -> str:
    """The full numbered list for the References page; each item's id is ref-<key>."""
    rows = _ordered(known, numbers)
    items = [f'<li id="{REF_ID_PREFIX}{html.escape(ref.key)}" value="{n}">{format_reference(ref, language)}</li>'
             for n, ref in rows]
    key = abbreviation_key((field for _, ref in rows for field in _shown_fields(ref)), language)
    return key + '<ol class="rfn-references">\n' + "\n".join(items) + "\n</ol>"


# Where an entry's details begin: a web page's "[Internet]. [cited ...]. Available from: <url>",
# an article's DOI link; a note follows either.
_DETAIL_STARTS = (" [Internet].", f" {URL_LINK_START}https://doi.org/")


def brief(entry: str) -> str:
    """An entry without its details (medium, dates, web address, note): who wrote it and what it
    is called. A page's list gives this much and links to the whole entry on the References page,
    so each page does not carry every web address again (its first visit stays small)."""
    cut = min((at for at in (entry.find(start) for start in _DETAIL_STARTS) if at >= 0), default=-1)
    return entry if cut < 0 else entry[:cut].rstrip()


def short_labels(refs: Iterable[Reference], language: str = "en") -> list[str]:
    """'Cleveland Clinic 2023', 'Kennedy et al. 2021', in the order given: each author once, as
    the first of their entries names them. The printed list says who wrote the sources; two
    entries of one author read as a mistake there ('Cleveland Clinic 2019; ...; Cleveland Clinic',
    a patient's-eye read of the handouts), and every entry is in full in the booklet."""
    labels: dict[str, str] = {}
    for ref in refs:
        labels.setdefault(short_author(ref, language) or ref.key, short_label(ref, language))
    return list(labels.values())


def render_sources(keys: Iterable[str], known: Mapping[str, Reference], numbers: Mapping[str, int],
                   heading: str = "Sources", language: str = "en", references_href: str = "") -> str:
    """A page's own "Sources" (`heading`, in the page's language), kept out of the reader's way
    (PEMAT-P item 2, issue 16; issue 18 on paper):
    - on screen, the entries (brief, each linked to its whole entry at `references_href`, the
      References page) with their site-wide numbers folded in a <details>, and a switch
      (javascripts/sources.js) that shows the citation numbers, hidden in the text by default;
    - on paper (.rfn-print-only), one short paragraph naming who wrote each source, and where the
      full list is: no numbers, no web addresses, no superscripts in the instructions.
    Abbreviations in the names and titles shown get a key line in each."""
    rows = sorted((numbers[key], known[key]) for key in set(keys) if key in numbers)
    if not rows:
        return ""
    count = str(len(rows))
    one = "_one" if len(rows) == 1 else ""  # "the source", not "the 1 sources"
    e = html.escape
    details = e(ui_text(language, "sources_details"))
    items = [f'<li value="{n}">{brief(format_reference(ref, language))}'
             + (f' <a href="{e(references_href)}#{REF_ID_PREFIX}{e(ref.key)}">{details}</a>' if references_href else "")
             + "</li>" for n, ref in rows]
    labels = short_labels((ref for _, ref in rows), language)
    permalink = e(ui_text(language, "permalink"), quote=True)
    show, hide = (e(ui_text(language, f"sources_numbers_{state}"), quote=True) for state in ("show", "hide"))
    # data-search-exclude: the site search (Material's) leaves the sources out; a reader searches
    # the guide's words, and the References page is searchable for a source
    return (
        f'<section class="rfn-sources" aria-labelledby="{SOURCES_ID}">\n'
        f'<h2 id="{SOURCES_ID}" data-search-exclude>{heading}<a class="headerlink" href="#{SOURCES_ID}" title="{permalink}">&para;</a></h2>\n'
        f'<div class="rfn-screen-only" data-search-exclude>\n<p>{e(ui_text(language, "sources_intro" + one, count=count))}</p>\n'
        f'<p><button type="button" class="md-button rfn-cite-switch" aria-pressed="false" hidden '
        f'data-show="{show}" data-hide="{hide}">{show}</button></p>\n'
        f'<details class="rfn-sources-list"><summary>{e(ui_text(language, "sources_list" + one, count=count))}</summary>\n'
        + abbreviation_key((field for _, ref in rows for field in _shown_fields(ref)), language)
        + "<ol>\n" + "\n".join(items) + "\n</ol>\n</details>\n</div>\n"
        '<div class="rfn-print-only" data-search-exclude>\n'
        + abbreviation_key(labels, language)
        + f'<p class="rfn-sources-short">{e("; ".join(labels))}.</p>\n'
        # where the full list is: in a handout, the booklet; in the booklet, its own end
        f'<p class="rfn-sources-where"><span class="rfn-handout-only">{e(ui_text(language, "sources_where"))}</span>'
        f'<span class="rfn-booklet-only">{e(ui_text(language, "sources_where_booklet"))}</span></p>\n</div>\n</section>')
