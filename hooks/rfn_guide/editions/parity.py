"""Parity of a translation with its source edition, so a fact cannot be dropped in translation
silently: for every page, the translated Markdown must have

- the same sections (the count of headings at each level),
- the same admonitions (boxes and care cards) of the same kinds, in the same order,
- the same figure ids, in the same order,
- the same citation keys, in the same order (each citation, not each key once),

and each edition must have a page for every page of the other. A finding names the translated
file and the line where it first differs (or the English file, when only it has a page)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..actions.admonitions import find_admonitions
from ..citations.rules import find_citations
from ..engine.findings import Finding, line_of
from ..markup import mask_code, mask_front_matter, parse_attrs

HOW_TO_FIX = "see 'The Spanish edition' in README.md"

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+\S", re.M)
_FIGURE = re.compile(r"<figure\b(?P<attrs>[^>]*)>", re.I)


@dataclass(frozen=True)
class Marker:
    """One thing parity compares, and where it sits in its file."""
    kind: str   # "admonition", "figure" or "citation"
    value: str  # the admonition type, the figure id or the citation key
    line: int


@dataclass(frozen=True)
class PageOutline:
    headings: Counter           # heading level -> count
    heading_lines: dict         # heading level -> line of its first heading
    markers: dict               # kind -> list[Marker]


def outline(markdown: str) -> PageOutline:
    """What parity compares in one page's Markdown (code, comments and front matter left out)."""
    text = mask_code(mask_front_matter(markdown))
    headings: Counter = Counter()
    heading_lines: dict[int, int] = {}
    for match in _HEADING.finditer(text):
        level = len(match.group("hashes"))
        headings[level] += 1
        heading_lines.setdefault(level, line_of(text, match.start()))
    admonitions = [Marker("admonition", box.kind, box.line) for box in find_admonitions(markdown)]
    figures = [Marker("figure", parse_attrs(m.group("attrs")).get("id", "(no id)"), line_of(text, m.start()))
               for m in _FIGURE.finditer(text)]
    citations, _ = find_citations(text)
    cites = [Marker("citation", key, line_of(text, citation.start))
             for citation in citations for key in citation.keys]
    return PageOutline(headings, heading_lines, {"admonition": admonitions, "figure": figures, "citation": cites})


_NAMES = {"admonition": "admonitions (kind, in order)", "figure": "figure ids", "citation": "citations (keys, in order)"}


def compare_pages(source: str, translation: str, source_name: str, translation_name: str) -> list[Finding]:
    """Findings on the translated page where it differs from its source page."""
    original, translated = outline(source), outline(translation)
    findings = []
    for level in sorted(set(original.headings) | set(translated.headings)):
        want, got = original.headings[level], translated.headings[level]
        if want != got:
            findings.append(Finding(
                translation_name, translated.heading_lines.get(level),
                f"has {got} heading(s) of level {level} ({'#' * level}) but {source_name} has {want}: "
                f"translate every section, and add none ({HOW_TO_FIX})"))
    for kind, name in _NAMES.items():
        want, got = original.markers[kind], translated.markers[kind]
        for index in range(max(len(want), len(got))):
            expected = want[index] if index < len(want) else None
            found = got[index] if index < len(got) else None
            if expected and found and expected.value == found.value:
                continue
            if found is None:
                assert expected is not None  # one of the two is there at every index
                line = got[-1].line if got else None
                message = f"is missing {kind} '{expected.value}' (line {expected.line} of {source_name})"
            elif expected is None:
                line = found.line
                message = f"has {kind} '{found.value}' that {source_name} does not have"
            else:
                line = found.line
                message = (f"has {kind} '{found.value}' where {source_name} has '{expected.value}' "
                           f"(its line {expected.line})")
            findings.append(Finding(translation_name, line,
                                    f"{message}: the {name} must match the English page ({HOW_TO_FIX})"))
            break  # the first difference; the rest usually follows from it
    return findings


def markdown_pages(docs_dir: Path) -> set[str]:
    """The Markdown pages of a docs folder, as docs-relative POSIX paths."""
    return {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file()}


def check_editions(source_dir: Path, translation_dir: Path) -> list[Finding]:
    """Every parity finding between a source docs folder and its translation."""
    source_dir, translation_dir = Path(source_dir), Path(translation_dir)
    source_pages, translated_pages = markdown_pages(source_dir), markdown_pages(translation_dir)
    findings = []
    for page in sorted(source_pages - translated_pages):
        findings.append(Finding(f"{source_dir.name}/{page}", None,
                                f"has no translation: add {translation_dir.name}/{page} ({HOW_TO_FIX})"))
    for page in sorted(translated_pages - source_pages):
        findings.append(Finding(f"{translation_dir.name}/{page}", None,
                                f"has no page in {source_dir.name}/ to translate from: name it as the English "
                                f"page it translates, or add that page first ({HOW_TO_FIX})"))
    for page in sorted(source_pages & translated_pages):
        findings += compare_pages((source_dir / page).read_text(encoding="utf-8"),
                                  (translation_dir / page).read_text(encoding="utf-8"),
                                  f"{source_dir.name}/{page}", f"{translation_dir.name}/{page}")
    return findings
