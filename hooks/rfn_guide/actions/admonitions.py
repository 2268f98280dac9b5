"""Admonitions (boxes and care cards) as an editor writes them: the one parser, the one list of
types the guide uses, and the rules every box follows.

    !!! warning "Do not drive for 24 hours"
        - A sign or an instruction, with its source [@key].

- The types are a closed set, `ADMONITION_TYPES` (README.md, "Admonition types", shows the same
  table): any other type is a finding that names the nearest valid one, so `!!! warnign` cannot
  quietly become a plain grey box.
- A box that tells a patient what is unsafe or when to get help (`SAFETY_TYPES`) carries a
  source on every statement: each list item (or, in a box without a list, each paragraph) has a
  citation `[@key]`.

`find_admonitions` is used by these rules, by the care card checks (rfn_guide.actions.care_cards) and by
translation parity (rfn_guide.editions.parity), so all of them agree on what a box is and where it ends.
Plain Python, no MkDocs imports: the patient_actions step reports the findings."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..citations.rules import find_citations
from ..engine.findings import Finding, line_of
from ..markup import mask_code, mask_front_matter

RULE = "admonitions"

# Every admonition type the guide uses, and what it is for (README.md, "Admonition types", has
# the same table; a test keeps them equal). Spanish pages use the same types.
ADMONITION_TYPES: dict[str, str] = {
    "success": "benefits: what RFN may do for you",
    "info": "honest expectations, e.g. when relief may not come",
    "warning": "side effects, and things not to do",
    "danger": "rare serious risks",
    "care-nonurgent": "care card: call your clinic or doctor (non-urgent)",
    "care-urgent": "care card: call your clinic or doctor today",
    "care-emergency": "care card: go to the emergency room, call 911",
}
# Boxes whose every statement must carry a source
SAFETY_TYPES = ("warning", "danger", "care-nonurgent", "care-urgent", "care-emergency")

# `!!! type "Title"`, `??? type`, `???+ type` (Material's collapsible forms); more words after the
# type are extra CSS classes, as Python-Markdown reads them. Like Python-Markdown, the space after
# the marker may be left out (`!!!warning`).
_START = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<words>[^"\n]*?)[ \t]*(?P<title>"[^"\n]*")?[ \t]*$',
                    re.M)
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")


@dataclass(frozen=True)
class Admonition:
    kind: str                           # the type, the first word: "warning", "care-urgent"
    classes: tuple[str, ...]            # every word after the marker, the type first
    title: str | None                   # the quoted title without quotes, None when there is none
    line: int                           # 1-based line of the `!!!` line in the file
    body: tuple[tuple[int, str], ...]   # (line, text) of each body line, its indent removed


def _width(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def find_admonitions(markdown: str) -> list[Admonition]:
    """Every admonition in a page's Markdown (the whole file, so lines match the editor's), with
    its body: the lines indented under it. Code, comments and front matter are left out."""
    text = mask_code(mask_front_matter(markdown))
    lines = text.split("\n")
    found = []
    for match in _START.finditer(text):
        words = tuple(match.group("words").split())
        if not words:
            continue
        start = line_of(text, match.start())
        body_indent = _width(match.group("indent")) + 4
        body: list[tuple[int, str]] = []
        for number in range(start + 1, len(lines) + 1):
            line = lines[number - 1]
            if line.strip() and _width(line) < body_indent:
                break
            body.append((number, line.expandtabs(4)[body_indent:] if line.strip() else ""))
        while body and not body[-1][1]:
            body.pop()
        title = match.group("title")
        found.append(Admonition(words[0], words, title[1:-1] if title else None, start, tuple(body)))
    return found


def check_types(admonitions: list[Admonition], filename: str) -> list[Finding]:
    """A type outside ADMONITION_TYPES, with the nearest valid one."""
    findings = []
    for box in admonitions:
        if box.kind in ADMONITION_TYPES:
            continue
        nearest = difflib.get_close_matches(box.kind, ADMONITION_TYPES, n=1, cutoff=0.0)
        findings.append(Finding(filename, box.line,
                                f"unknown admonition type '{box.kind}': did you mean '{nearest[0]}'? The guide uses "
                                f"only {', '.join(ADMONITION_TYPES)} (see 'Admonition types' in README.md)",
                                rule=RULE))
    return findings


def statements(box: Admonition) -> list[tuple[int, str]]:
    """(line, text) of each statement in a box: each list item (with the items nested under it),
    or, in a box without a list, each paragraph."""
    items = [(index, _width(text)) for index, (_, text) in enumerate(box.body) if _LIST_ITEM.match(text)]
    if items:
        found = []
        for index, width in items:
            end = index + 1
            # An item runs to the next item at its own level or above, or to a paragraph after the
            # list (a line not indented under it after a blank line; without one it continues the item)
            while end < len(box.body):
                text, previous = box.body[end][1], box.body[end - 1][1]
                if text.strip() and _width(text) <= width and (_LIST_ITEM.match(text) or not previous.strip()):
                    break
                end += 1
            found.append((box.body[index][0], "\n".join(text for _, text in box.body[index:end])))
        return found
    paragraphs: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    for number, text in [*box.body, (0, "")]:
        if text.strip():
            current.append((number, text))
        elif current:
            paragraphs.append((current[0][0], "\n".join(part for _, part in current)))
            current = []
    return paragraphs


def check_sources(admonitions: list[Admonition], filename: str) -> list[Finding]:
    """Each statement of a warning, danger or care card box without a citation."""
    findings = []
    for box in admonitions:
        if box.kind not in SAFETY_TYPES:
            continue
        for line, statement in statements(box):
            if find_citations(statement)[0]:
                continue
            shown = " ".join(_MARKER.sub("", statement, count=1).split())
            shown = shown if len(shown) <= 60 else shown[:59].rstrip() + "…"
            findings.append(Finding(filename, line,
                                    f"A safety statement needs a source: add [@key] (a key of includes/references.bib "
                                    f"whose text says it) to '{shown}' in this '{box.kind}' box, or take it out of "
                                    "the box if it is not a warning (see 'Admonition types' in README.md)",
                                    rule=RULE))
    return findings


def check_admonitions(markdown: str, filename: str) -> list[Finding]:
    """Every admonition rule on one page: known types, sources on safety statements."""
    boxes = find_admonitions(markdown)
    return check_types(boxes, filename) + check_sources(boxes, filename)
