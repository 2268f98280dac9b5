"""Figure rules: ids, captions, text alternatives, numbering, figure links, diagram callouts.

Plain Python, no MkDocs imports: the figure_numbers step calls these from MkDocs events, and tests
call them directly. Every check returns `Finding`s (file, line, message with how to fix).

What an editor writes for a figure (see README):

    <figure markdown id="fig-facet-joint" class="rfn-diagram">
    ![Text alternative: what the drawing shows](assets/diagrams/facet-joint.svg)

    1. What callout 1 points at, in plain words.
    2. What callout 2 points at.

    <figcaption markdown="span">The caption [@bogduk1979].</figcaption>
    </figure>

and refers to it with a link whose text is exactly `Figure`:
`see [Figure](how-it-works.md#fig-facet-joint)`, shown as "see Figure 1".
"""
from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..assets.glightbox_053 import has_lightbox_image
from ..engine.findings import Finding  # file, line, message: shared by every rule
from ..links.rules import resolve, resolve_url, url_key
from ..markup import element_re, parse_attrs, plain_text, prose_lines

FIGURE_ID = re.compile(r"^fig-[a-z0-9]+(?:-[a-z0-9]+)*$")
DIAGRAM_CLASS = "rfn-diagram"
HOW_TO_WRITE = "see 'Figures' in README.md"
RULE = "figures"


@dataclass
class FigureBlock:
    """A `<figure>` block as written in a Markdown source."""

    line: int
    end_line: int
    attrs: dict[str, str]
    image_src: str | None = None
    image_alt: str | None = None
    image_line: int | None = None
    caption: str | None = None
    legend: list[tuple[int, int]] = field(default_factory=list)  # (number written, line)
    legend_text: list[tuple[int, str]] = field(default_factory=list)  # (line, words) of each entry

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def is_diagram(self) -> bool:
        return DIAGRAM_CLASS in self.classes


@dataclass(frozen=True)
class FigureLink:
    """A Markdown link whose target ends in `#fig-...`."""

    line: int
    text: str
    path: str  # "" for a link to the same page
    fragment: str


def _finding(file: str, line: int | None, message: str) -> Finding:
    return Finding(file, line, message, rule=RULE)


# --- Reading Markdown ---------------------------------------------------------------------

_FIGURE_OPEN = re.compile(r"<figure\b([^>]*)>", re.IGNORECASE)
_FIGURE_CLOSE = re.compile(r"</figure\s*>", re.IGNORECASE)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_HTML_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_CAPTION = re.compile(r"<figcaption\b[^>]*>(?P<body>.*?)</figcaption\s*>", re.IGNORECASE | re.DOTALL)
_LEGEND_ITEM = re.compile(r"^( *)(\d{1,3})[.)]\s+\S")
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*#fig-[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_HTML_LINK = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"'](?P<target>[^\"']*#fig-[^\"']*)[\"'][^>]*>(?P<text>.*?)</a>",
                        re.IGNORECASE)


def scan_figures(markdown: str) -> list[FigureBlock]:
    """Every `<figure>` block of a Markdown source (code blocks ignored), with line numbers."""
    lines = prose_lines(markdown, comments=True)
    figures: list[FigureBlock] = []
    index = 0
    while index < len(lines):
        opening = _FIGURE_OPEN.search(lines[index])
        if not opening:
            index += 1
            continue
        start = index
        end = start
        while end < len(lines) and not _FIGURE_CLOSE.search(lines[end]):
            end += 1
        end = min(end, len(lines) - 1)
        figure = FigureBlock(line=start + 1, end_line=end + 1, attrs=parse_attrs(opening.group(1)))
        indent = len(lines[start].expandtabs(4)) - len(lines[start].expandtabs(4).lstrip())  # e.g. in an admonition
        body_lines = lines[start:end + 1]
        body_lines[0] = body_lines[0][opening.end():]
        body = "\n".join(body_lines)
        continuing = False  # the line before was (part of) a legend entry
        for offset, line in enumerate(body_lines):
            image = _MD_IMAGE.search(line)
            if image and figure.image_src is None:
                figure.image_src, figure.image_alt = image.group("src"), image.group("alt")
                figure.image_line = start + 1 + offset
            tag = _HTML_IMG.search(line)
            if tag and figure.image_src is None:
                img = parse_attrs(tag.group(1))
                figure.image_src, figure.image_alt = img.get("src", ""), img.get("alt")
                figure.image_line = start + 1 + offset
            item = _LEGEND_ITEM.match(line.expandtabs(4))
            if item and len(item.group(1)) - indent <= 3:  # a list item, not nested or code
                figure.legend.append((int(item.group(2)), start + 1 + offset))
                figure.legend_text.append((start + 1 + offset, line.strip()))
            elif continuing and line[:1] in (" ", "\t") and line.strip():
                entry_line, words = figure.legend_text[-1]  # an entry that goes on, indented
                figure.legend_text[-1] = (entry_line, f"{words} {line.strip()}")
            continuing = bool(figure.legend_text) and bool(line.strip()) and (
                bool(item) or (continuing and line[:1] in (" ", "\t")))
        caption = _CAPTION.search(body)
        if caption:
            figure.caption = plain_text(caption.group("body"))
        figures.append(figure)
        index = end + 1
    return figures


def scan_figure_links(markdown: str) -> list[FigureLink]:
    """Links (Markdown or HTML) to a `#fig-...` anchor, with their line numbers."""
    links = []
    for number, line in enumerate(prose_lines(markdown, comments=True), start=1):
        for pattern in (_MD_LINK, _HTML_LINK):
            for match in pattern.finditer(line):
                target = match.group("target")
                if "://" in target or target.startswith("mailto:"):
                    continue
                path, _, fragment = target.partition("#")
                links.append(FigureLink(number, plain_text(match.group("text")), unquote(path), fragment))
    return links


# --- Reading diagrams ---------------------------------------------------------------------

class DiagramError(ValueError):
    """An SVG diagram that cannot be read."""


@dataclass(frozen=True)
class Callout:
    """A numbered callout of a diagram; x and y are percentages of the drawing's size."""

    number: int
    x: float
    y: float


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def svg_callouts(svg_text: str) -> list[Callout]:
    """The callouts of an SVG diagram: `<g class="callout" data-callout="N"><circle cx cy>`.

    Positions come from the circle centre (plus any translate() on it or its groups) relative
    to the viewBox, so on-screen buttons can sit on top of the drawn numbers."""
    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as error:
        raise DiagramError(f"the SVG is not well-formed XML ({error})") from None
    if _local(root.tag) != "svg":
        raise DiagramError("the file is not an SVG drawing (its root element is not <svg>)")
    try:
        view_box = [float(value) for value in re.split(r"[\s,]+", root.get("viewBox", "").strip())]
        min_x, min_y, width, height = view_box
        if width <= 0 or height <= 0:
            raise ValueError
    except ValueError:
        raise DiagramError('the <svg> element needs a viewBox="0 0 WIDTH HEIGHT"') from None
    callouts = []

    def walk(element: ET.Element, dx: float, dy: float, odd: str | None) -> None:
        transform = element.get("transform", "")
        offset = _translate(transform)
        if offset is None:
            odd = odd or transform
        else:
            dx, dy = dx + offset[0], dy + offset[1]
        if _local(element.tag) == "g" and "callout" in element.get("class", "").split():
            if odd:
                raise DiagramError(f'callout {element.get("data-callout", "?")} sits under transform="{odd}": '
                                   "only translate(x,y) can be worked out; move the callout out of that group")
            callouts.append(_callout(element, dx, dy, min_x, min_y, width, height))
            return
        for child in element:
            walk(child, dx, dy, odd)

    walk(root, 0.0, 0.0, None)
    numbers = [callout.number for callout in callouts]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise DiagramError(f"callout number {duplicates[0]} is drawn more than once")
    return sorted(callouts, key=lambda callout: callout.number)


def _callout(element: ET.Element, dx: float, dy: float, min_x: float, min_y: float, width: float,
             height: float) -> Callout:
    number = element.get("data-callout", "")
    if not number.isdigit():
        raise DiagramError(f'a callout group has data-callout="{number}": it must be a whole number')
    circle = next((child for child in element.iter() if _local(child.tag) == "circle"), None)
    if circle is None:
        raise DiagramError(f"callout {number} has no <circle> to show where it sits")
    try:
        cx, cy = float(circle.get("cx", "0")) + dx, float(circle.get("cy", "0")) + dy
    except ValueError:
        raise DiagramError(f"callout {number}: its circle's cx/cy are not numbers") from None
    return Callout(int(number), round(100 * (cx - min_x) / width, 2), round(100 * (cy - min_y) / height, 2))


def _translate(transform: str) -> tuple[float, float] | None:
    """(x, y) of a plain translate() or no transform; None for anything else."""
    match = re.fullmatch(r"\s*(?:translate\(\s*([-\d.]+)(?:[\s,]+([-\d.]+))?\s*\))?\s*", transform)
    if not match:
        return None
    try:
        return float(match.group(1) or 0), float(match.group(2) or 0)
    except ValueError:
        return None


# --- Checks -------------------------------------------------------------------------------

def check_figure(figure: FigureBlock, file: str, callouts: list[Callout] | None = None,
                 diagram_problem: str | None = None) -> list[Finding]:
    """Everything wrong with one figure block. `callouts` are its diagram's (for .rfn-diagram)."""
    findings = []
    name = f'figure "{figure.id}"' if figure.id else "figure"
    if not figure.id:
        findings.append(_finding(file, figure.line,
                                'figure has no id: add one that starts with "fig-", e.g. '
                                f'<figure markdown id="fig-facet-joint" ...> ({HOW_TO_WRITE})'))
    elif not FIGURE_ID.match(figure.id):
        findings.append(_finding(file, figure.line,
                                f'figure id "{figure.id}" must start with "fig-" and use only lower-case '
                                'letters, digits and hyphens, e.g. id="fig-facet-joint"'))
    if not figure.caption:
        findings.append(_finding(file, figure.line,
                                f"{name} has no caption: add <figcaption markdown=\"span\">...</figcaption> "
                                f"before </figure> ({HOW_TO_WRITE})"))
    if figure.image_src is None:
        findings.append(_finding(file, figure.line,
                                f"{name} has no image: add ![text alternative](assets/diagrams/NAME.svg) "
                                "inside the figure"))
    elif not (figure.image_alt or "").strip():
        findings.append(_finding(file, figure.image_line or figure.line,
                                f"{name}: the image {figure.image_src} has no text alternative: write what "
                                "the picture shows between the brackets, ![like this](...)"))
    if figure.is_diagram:
        findings.extend(check_callouts(figure, file, callouts, diagram_problem))
    return findings


def check_callouts(figure: FigureBlock, file: str, callouts: list[Callout] | None,
                   diagram_problem: str | None = None) -> list[Finding]:
    """Callouts drawn in the diagram must match the legend list under it, number for number."""
    name = f'diagram "{figure.id or figure.image_src}"'
    if diagram_problem:
        return [_finding(file, figure.image_line or figure.line, f"{name}: {diagram_problem}")]
    if callouts is None:
        return []
    findings = []
    for position, (written, line) in enumerate(figure.legend, start=1):
        if written != position:
            findings.append(_finding(file, line,
                                    f"{name}: legend entry written as {written}. is shown as number "
                                    f"{position}: number the legend 1., 2., 3. ... in order"))
    drawn = {callout.number for callout in callouts}
    listed = {position: line for position, (_, line) in enumerate(figure.legend, start=1)}
    for number in sorted(drawn - set(listed)):
        findings.append(_finding(file, figure.end_line if not figure.legend else figure.legend[-1][1],
                                f"{name}: callout {number} in {figure.image_src} has no legend entry: "
                                f"add item {number}. to the numbered list under the image, saying what it "
                                "points at"))
    for number in sorted(set(listed) - drawn):
        findings.append(_finding(file, listed[number],
                                f"{name}: legend entry {number} has no callout {number} in "
                                f"{figure.image_src}: remove the entry, or draw the callout "
                                f'(<g class="callout" data-callout="{number}">) in the SVG'))
    return findings


def check_duplicate_ids(figures_by_file: dict[str, list[FigureBlock]]) -> list[Finding]:
    """A figure id may be used once per site, so 'Figure N' is never ambiguous."""
    seen: dict[str, tuple[str, int]] = {}
    findings = []
    for file, figures in figures_by_file.items():
        for figure in figures:
            if not figure.id:
                continue
            if figure.id in seen:
                first_file, first_line = seen[figure.id]
                findings.append(_finding(file, figure.line,
                                        f'figure id "{figure.id}" is already used at {first_file}:{first_line}: '
                                        "give each figure its own id"))
            else:
                seen[figure.id] = (file, figure.line)
    return findings


def resolve_md_path(from_file: str, link_path: str) -> str:
    """The docs-relative path a link in `from_file` points at ("" means the same page)."""
    return resolve(from_file, link_path)[0]


def check_figure_links(file: str, links: list[FigureLink],
                       figure_ids_by_file: dict[str, set[str]]) -> list[Finding]:
    """Each link to `#fig-...` must point at a figure that exists on the target page."""
    findings = []
    for link in links:
        target = resolve_md_path(file, link.path)
        if target not in figure_ids_by_file:
            if target.endswith(".md"):
                findings.append(_finding(file, link.line,
                                        f'link to figure "{link.fragment}": page "{link.path}" does not exist'))
            continue
        if link.fragment not in figure_ids_by_file[target]:
            known = ", ".join(sorted(figure_ids_by_file[target])) or "none"
            findings.append(_finding(file, link.line,
                                    f'link to figure "{link.fragment}" on {target}: there is no figure with '
                                    f"that id (figures there: {known}); fix the id after # in the link"))
    return findings


# --- Numbering and HTML -------------------------------------------------------------------

def number_figures(pages_in_order: list[tuple[str, list[str]]]) -> dict[tuple[str, str], int]:
    """Site-wide numbers: pages in nav order, figures in page order -> {(page, id): n}."""
    numbers: dict[tuple[str, str], int] = {}
    for page, figure_ids in pages_in_order:
        for figure_id in figure_ids:
            numbers[(page, figure_id)] = len(numbers) + 1
    return numbers


_HTML_FIGURE = element_re("figure")
_HTML_CAPTION_OPEN = re.compile(r"<figcaption\b[^>]*>(\s*<p\b[^>]*>)?", re.IGNORECASE)
_IMAGE_PARAGRAPH = re.compile(r"<p>\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*</p>", re.IGNORECASE)
_OL_OPEN = re.compile(r"<ol\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_LI_OPEN = re.compile(r"<li\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ANCHOR = element_re("a")


def html_figure_ids(content: str) -> list[str]:
    """Ids of the figures in rendered page HTML, in page order."""
    return [parse_attrs(m.group("attrs")).get("id", "") for m in _HTML_FIGURE.finditer(content)
            if parse_attrs(m.group("attrs")).get("id")]


def decorate_diagrams(content: str, callouts_by_id: dict[str, list[Callout]], enlarge_hint: str = "") -> str:
    """Prepares each `.rfn-diagram` figure for its on-screen callouts.

    The image (inside glightbox's link) goes into a `div.rfn-diagram__stage` that carries the
    callout positions as JSON; the legend list gets `class="rfn-legend"` and an id per entry.
    figures.js turns the positions into buttons; without JavaScript the legend still says it all.
    Under a drawing that opens larger (glightbox's link), `enlarge_hint` says so, on screen only:
    on a phone the labels are smaller than the text (the diagram review, C17)."""

    def decorate(match: re.Match) -> str:
        attrs = parse_attrs(match.group("attrs"))
        figure_id = attrs.get("id", "")
        if DIAGRAM_CLASS not in attrs.get("class", "").split() or figure_id not in callouts_by_id:
            return match.group(0)
        body = match.group("inner")
        positions = json.dumps([{"n": c.number, "x": c.x, "y": c.y} for c in callouts_by_id[figure_id]])
        hint = f'<p class="rfn-screen-only rfn-enlarge-hint" data-search-exclude>{html.escape(enlarge_hint)}</p>'
        body = _IMAGE_PARAGRAPH.sub(
            lambda m: (f'<div class="rfn-diagram__stage" data-rfn-callouts="{html.escape(positions)}">'
                       f'{m.group("image")}</div>'
                       + (hint if enlarge_hint and has_lightbox_image(m.group("image")) else "")), body, count=1)
        body = _OL_OPEN.sub(lambda m: f'<ol class="rfn-legend" id="{figure_id}-legend"{m.group("attrs")}>',
                            body, count=1)
        counter = iter(range(1, 1000))
        legend_start = body.find('class="rfn-legend"')
        if legend_start >= 0:
            legend_end = body.find("</ol>", legend_start)
            legend = _LI_OPEN.sub(lambda m: f'<li id="{figure_id}-note-{next(counter)}"{m.group("attrs")}>',
                                  body[legend_start:legend_end])
            body = body[:legend_start] + legend + body[legend_end:]
        return f"<figure{match.group('attrs')}>{body}</figure>"

    return _HTML_FIGURE.sub(decorate, content)


def number_html(content: str, page_url: str, numbers_by_url: dict[str, dict[str, int]],
                word: str = "Figure") -> str:
    """Puts "Figure N." before each numbered caption and turns `Figure` links into "Figure N".

    `page_url` is the page's own URL ("how-it-works/"), `numbers_by_url` maps each page URL to
    {figure id: number}. `word` is "Figure" in the page's language ("Figura" in Spanish): the
    caption label and the link text an editor writes."""
    numbers_by_url = {url_key(url): ids for url, ids in numbers_by_url.items()}
    own = numbers_by_url.get(url_key(page_url), {})

    def caption(match: re.Match) -> str:
        figure_id = parse_attrs(match.group("attrs")).get("id", "")
        if figure_id not in own:
            return match.group(0)
        label = f'<span class="rfn-figure-number">{word} {own[figure_id]}.</span> '
        body = _HTML_CAPTION_OPEN.sub(lambda m: m.group(0) + label, match.group("inner"), count=1)
        return f"<figure{match.group('attrs')}>{body}</figure>"

    def link(match: re.Match) -> str:
        if plain_text(match.group("inner")) != word:
            return match.group(0)
        target = resolve_url(page_url, parse_attrs(match.group("attrs")).get("href", ""))
        if target is None or not target[1].startswith("fig-"):
            return match.group(0)
        number = numbers_by_url.get(target[0], {}).get(target[1])
        if number is None:
            return match.group(0)
        return f'<a{match.group("attrs")}>{word}&nbsp;{number}</a>'

    content = _HTML_FIGURE.sub(caption, content)
    return _ANCHOR.sub(link, content)
