"""Unit tests of the drawing rules (hooks/rfn_guide/figures/diagrams.py) and of what they promise for the
real diagrams: no MkDocs, no browser.

- the real drawings, in both languages, pass every rule against their real legends;
- one planted fault at a time gives one clear finding naming the file, the line and the element;
- colours stay apart for red-green colour-blind readers (Machado 2009 simulation);
- the Spanish drawings are the English ones with Spanish words;
- in the large-print PDFs the smallest words print at 16 pt or more.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rfn_guide.figures import diagrams
from rfn_guide.figures import rules as figures
from rfn_guide.pdf.print_editions import LARGE_PRINT
from support.project import DOCS, ROOT

DOCS_ES = ROOT / "docs-es"
NAMES = ("facet-joint", "sacroiliac-joint", "rfn-journey")
PAGES = {"facet-joint": "how-it-works.md", "sacroiliac-joint": "how-it-works.md", "rfn-journey": "before.md"}


def svg(name: str, docs: Path = DOCS) -> str:
    return (docs / "assets" / "diagrams" / f"{name}.svg").read_text(encoding="utf-8")


def legend(name: str, docs: Path = DOCS) -> list[tuple[int, str]]:
    page = (docs / PAGES[name]).read_text(encoding="utf-8")
    (figure,) = [f for f in figures.scan_figures(page) if (f.image_src or "").endswith(f"{name}.svg")]
    return figure.legend_text


def check(text: str, name: str = "facet-joint", entries: list[tuple[int, str]] | None = None) -> list[str]:
    entries = legend(name) if entries is None else entries
    return [str(f) for f in diagrams.check_diagram(text, f"docs/assets/diagrams/{name}.svg", entries,
                                                   f"docs/{PAGES[name]}")]


# --- The real drawings ----------------------------------------------------------------------

@pytest.mark.parametrize("docs", [DOCS, DOCS_ES], ids=["en", "es"])
@pytest.mark.parametrize("name", NAMES)
def test_real_drawings_pass_every_rule_against_their_legends(name, docs):
    found = diagrams.check_diagram(svg(name, docs), name, legend(name, docs), PAGES[name])
    assert [str(f) for f in found] == []


def test_anatomy_drawings_have_five_callouts_or_fewer_each_with_a_leader_or_a_shape():
    for name in ("facet-joint", "sacroiliac-joint"):
        drawing = diagrams.Drawing(svg(name))
        callouts = diagrams._callouts(drawing)
        assert 3 <= len(callouts) <= diagrams.MAX_CALLOUTS
        led = {leader.number for leader, *_ in diagrams._leaders(drawing)}
        assert all(c.number in led or c.target for c in callouts)


def test_legend_text_joins_an_entry_written_over_two_lines():
    page = ('<figure markdown id="fig-a" class="rfn-diagram">\n![A](a.svg)\n\n1. The first\n   part goes on.\n'
            "2. Second.\n\n<figcaption>C</figcaption>\n</figure>\n")
    (figure,) = figures.scan_figures(page)
    assert figure.legend_text == [(4, "1. The first part goes on."), (6, "2. Second.")]


# --- Planted faults: one finding each, at the file, line and element ----------------------

FACET = svg("facet-joint")


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


@pytest.mark.parametrize("old, new, marker, words", [
    ('data-target="facet-joint" x1="520" y1="240" x2="360" y2="238"',
     'data-target="facet-joint" x1="520" y1="240" x2="470" y2="150"', 'data-target="facet-joint"',
     ['the leader of callout 3 ends at (470,150), outside "facet-joint"']),
    ('data-target="facet-joint"', 'data-target="facet-jiont"', 'data-target="facet-jiont"',
     ['names data-target="facet-jiont", but no element has id="facet-jiont"']),
    ('data-callout="5" data-target="needle-l5" x1="470" y1="470"', 'data-callout="5" data-target="needle-l5" x1="300" y1="470"',
     'data-target="needle-l5"', ["the leader of callout 5 starts at (300,470), not in its circle at (470,470)"]),
    ('x1="172" y1="470" x2="258" y2="222"', 'x1="172" y1="470" x2="430" y2="372"', 'data-target="needle-l5"',
     ["the leaders of callouts 4 and 5 cross"]),
    ('<circle cx="40" cy="44" r="19"/><text x="40" y="44">', '<circle cx="240" cy="44" r="19"/><text x="240" y="44">',
     '<g class="callout" data-callout="2">', ["callout 2 at (176,36) comes before callout 1 at (240,44)"]),
    ('<use class="leader-halo" href="#leader-lines"/>', "", "<line data-callout=\"1\"",
     []),  # without a halo the dark leaders still stand out from the light bone: no finding
    ('<use class="leader-halo" href="#leader-lines"/>\n', "", 'data-target="l4-bone"', []),
    ('.leader-halo { fill: none; stroke: #fffdf7; stroke-width: 9;', '.leader-halo { fill: none; stroke: #fffdf7; stroke-width: 4;',
     "<line data-callout=\"1\"", ["the leaders' halo is 4 wide, leaders 2.5"]),
    ('.label-strong { fill: #1b1b1b;', '.label-strong { fill: #d9cdb4;', ">L4<", ['the text "L4" (#d9cdb4) contrasts']),
    ('<g id="nerve-from-l3" data-legend="2" data-colour="yellow">', '<g id="nerve-from-l3">',
     '<path class="nerve" d="M246,6', ["path drawn in #6b4a00, a colour that stands out, has no legend entry"]),
    ('data-legend="5" data-colour="orange"', 'data-legend="5"', 'id="needles"',
     ['data-legend="5" needs data-colour="word"']),
])
def test_each_planted_fault_is_found_at_its_line(old, new, marker, words):
    assert old in FACET
    planted = FACET.replace(old, new, 1)
    found = check(planted)
    if not words:
        assert found == []
        return
    hits = [finding for finding in found if all(word in finding for word in words)]
    assert hits, found
    where = f"docs/assets/diagrams/facet-joint.svg:{line_of(planted, marker)}: "
    assert hits[0].startswith(where), (hits[0], where)


def test_light_leaders_without_a_halo_are_reported_where_they_cross_bone():
    planted = FACET.replace('<use class="leader-halo" href="#leader-lines"/>', "").replace(
        ".leader-ink { fill: none; stroke: #1b1b1b;", ".leader-ink { fill: none; stroke: #a89880;")
    found = check(planted)
    assert found and all("crosses an area of" in f and "halo" in f for f in found), found
    assert any("#efe3cb" in f for f in found)  # the bone


def test_a_sixth_callout_on_an_anatomy_drawing_is_too_many_but_steps_may_have_more():
    planted = FACET.replace("</svg>", '<g class="callout" data-callout="6" data-target="l5-bone"><circle cx="600" '
                                      'cy="500" r="19"/><text x="600" y="500">6</text></g></svg>')
    found = check(planted)
    line = line_of(planted, 'data-callout="6"')
    assert any(f.startswith(f"docs/assets/diagrams/facet-joint.svg:{line}: 6 numbered") for f in found), found
    assert len(diagrams._callouts(diagrams.Drawing(svg("rfn-journey")))) == 8
    assert check(svg("rfn-journey"), "rfn-journey") == []


def test_legend_that_does_not_name_the_colour_is_reported_at_the_legend_line():
    entries = legend("facet-joint")
    line, text = entries[4]
    entries[4] = (line, text.replace("orange", "shaded"))
    (finding,) = check(FACET, entries=entries)
    assert finding.startswith(f"docs/how-it-works.md:{line}: legend entry 5 does not say \"orange\"")
    assert 'id="needles"' in finding


def test_journey_steps_and_legend_must_agree_in_number_order_and_words():
    journey, entries = svg("rfn-journey"), legend("rfn-journey")
    swapped = entries[:4] + [entries[5], entries[4]] + entries[6:]
    found = check(journey, "rfn-journey", swapped)
    assert len(found) == 2 and all("does not contain the drawing's step" in f for f in found), found
    assert found[0].startswith(f"docs/before.md:{entries[5][0]}: legend entry 5") and '"RFN treatment"' in found[0]
    short = check(journey, "rfn-journey", entries[:7])
    assert any("the legend has 7 entries but the drawing" in f and "has 8 steps" in f for f in short), short
    renamed = journey.replace('data-step="2" x="100" y="128">X-rays or scans', 'data-step="2" x="100" y="128">Scans')
    assert check(renamed, "rfn-journey") == []  # "scans" is in legend entry 2: same words, fewer
    wrong = journey.replace('data-step="2" x="100" y="128">X-rays or scans', 'data-step="2" x="100" y="128">Blood tests')
    (finding,) = check(wrong, "rfn-journey")
    assert finding.startswith(f"docs/before.md:{entries[1][0]}: legend entry 2") and '"Blood tests"' in finding


def test_unreadable_path_is_a_finding_not_a_traceback():
    (finding,) = check(FACET.replace('d="M336,196 C344,194', 'd="X336,196 C344,194'))
    assert "cannot check the drawing" in finding and "must start with M" in finding


def test_geometry_helpers():
    assert diagrams.transform_matrix("translate(640,0) scale(-1,1)") == (-1, 0, 0, 1, 640, 0)
    x, y = diagrams.apply(diagrams.transform_matrix("rotate(90 10 10)"), (20, 10))
    assert (round(x, 6), round(y, 6)) == (10, 20)
    square = diagrams.Shape(((0, 0), (10, 0), (10, 10), (0, 10)), True)
    assert diagrams.contains(square, (5, 5)) and not diagrams.contains(square, (15, 5))
    stroke = diagrams.Shape(((0, 0), (10, 0)), False, 3)
    assert diagrams.contains(stroke, (5, 3)) and not diagrams.contains(stroke, (5, 5))
    assert diagrams.segments_cross(((0, 0), (10, 10)), ((0, 10), (10, 0)))
    assert not diagrams.segments_cross(((0, 0), (10, 10)), ((10, 10), (20, 0)))  # touching ends
    points, closed = diagrams.path_points("M0,0 l10,0 v10 h-10 z")
    assert closed and points[:4] == [(0, 0), (10, 0), (10, 10), (0, 10)]


# --- Colour vision ----------------------------------------------------------------------------

def test_meaning_colours_stay_apart_for_red_green_colour_blind_readers():
    """Nerve, heat (drawn at 60 % over bone), disc and bone stay at least 20 CIE76 units apart as
    seen with deuteranopia and protanopia; the joint is told apart by its stripes, dark red on pink,
    which contrast 3:1 with bone in any colour vision (luminance is what all readers see)."""
    styles = diagrams.styles(ET.fromstring(FACET))
    bone, nerve, heat, disc = (styles["bone"]["fill"], styles["nerve-core"]["stroke"], styles["heat"]["fill"],
                               styles["disc"]["fill"])
    opacity = float(styles["heat"]["fill-opacity"])
    heat_on_bone = "#" + "".join(f"{round(opacity * int(heat[i:i + 2], 16) + (1 - opacity) * int(bone[i:i + 2], 16)):02x}"
                                 for i in (1, 3, 5))
    colours = {"bone": bone, "nerve": nerve, "heat": heat_on_bone, "disc": disc}
    for simulation in (None, "deuteranopia", "protanopia"):
        for first in colours:
            for second in colours:
                if first < second:
                    distance = diagrams.colour_distance(colours[first], colours[second], simulation)
                    assert distance >= 20, (first, second, simulation, round(distance, 1))
    stripe = re.search(r'<pattern id="joint-stripes".*?stroke="(#[0-9a-f]{6})"', FACET, re.S).group(1)
    assert diagrams.contrast(stripe, bone) >= 3
    assert 'fill: url(#joint-stripes)' in FACET and 'stroke: url(#joint-stripes)' in svg("sacroiliac-joint")


# --- Spanish copies and large print ---------------------------------------------------------

def drawing_only(text: str) -> str:
    """The SVG without its words: title, desc, visible text and colour names."""
    text = re.sub(r"<(title|desc)\b([^>]*)>.*?</\1>", r"<\1\2/>", text, flags=re.S)
    text = re.sub(r"(<text\b[^>]*>)[^<]*(</text>)", r"\1\2", text)
    return re.sub(r'data-colour="[^"]*"', 'data-colour=""', text)


@pytest.mark.parametrize("name", NAMES)
def test_spanish_drawings_are_the_english_ones_with_spanish_words(name):
    english, spanish = svg(name), svg(name, DOCS_ES)
    assert drawing_only(spanish) == drawing_only(english)
    assert spanish != english


@pytest.mark.parametrize("docs", [DOCS, DOCS_ES], ids=["en", "es"])
@pytest.mark.parametrize("name", NAMES)
def test_large_print_words_are_16_pt_or_more_on_paper(name, docs):
    """A drawing prints at the width large-print.css gives it (or the text column's, if narrower),
    or less when its height limit binds; its smallest words, scaled the same way, must reach 16 pt
    (UKAAF G003). Paper: A4 (210 mm) and Letter (215.9 mm), margins of the large-print edition."""
    css = (ROOT / "hooks" / "rfn_guide" / "pdf" / "large-print.css").read_text(encoding="utf-8")
    rule = re.search(r"\.rfn-diagram img,[^{]*\{([^}]*)\}", css).group(1)
    max_height = float(re.search(r"max-height:\s*([\d.]+)mm", rule).group(1))
    drawn_width = float(re.search(r"(?<![-\w])width:\s*([\d.]+)mm", rule).group(1))
    margins = LARGE_PRINT.margin
    side = float(margins["left"].removesuffix("mm")) + float(margins["right"].removesuffix("mm"))
    text = svg(name, docs)
    root = ET.fromstring(text)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    size, words = diagrams.smallest_text(text)
    for paper_width, paper_height in ((210, 297), (215.9, 279.4)):
        usable = paper_height - float(margins["top"].removesuffix("mm")) - float(margins["bottom"].removesuffix("mm"))
        assert max_height <= usable, "a diagram must fit on one page"
        mm_per_unit = min(min(paper_width - side, drawn_width) / width, max_height / height)
        points = size * mm_per_unit / 25.4 * 72
        assert points >= 16, (name, words, round(points, 1))


@pytest.fixture(scope="module")
def large_print_handouts(pdf_site) -> Path:
    """The large-print handouts of the shared English PDF build, for reading the printed sizes back."""
    return pdf_site / "handouts" / "large-print"


@pytest.mark.parametrize("pdf, names", [("how-it-works.pdf", ("facet-joint", "sacroiliac-joint")),
                                        ("before.pdf", ("rfn-journey",)), ("after.pdf", ("saddle-area",))])
def test_diagram_words_read_back_from_the_large_print_pdf_are_16_pt_or_more(large_print_handouts, pdf, names):
    """The words of each drawing, found in the printed large-print handout (Chromium keeps SVG text
    as text), at their size on paper: font size times the text and page matrices."""
    from pypdf import PdfReader

    labels = {"".join(e.itertext()).strip() for name in names for e in ET.fromstring(svg(name)).iter()
              if diagrams.local(e.tag) == "text"}
    labels = {label for label in labels if len(label) > 3}  # words, not callout numbers or L4
    printed: dict[str, float] = {}
    for page in PdfReader(large_print_handouts / pdf).pages:
        def visit(text, cm, tm, font_dict, font_size):  # pypdf's text visitor
            if text.strip() in labels:
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                printed[text.strip()] = min(printed.get(text.strip(), 99.0), font_size * (c * c + d * d) ** 0.5)
        page.extract_text(visitor_text=visit)
    assert len(printed) >= 3, f"{pdf}: drawing words not found in the PDF: {sorted(labels)}"
    assert min(printed.values()) >= 16, {label: round(size, 1) for label, size in printed.items()}
