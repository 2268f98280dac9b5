"""Every PDF the build makes is accessible: PDF/UA-1 by page-validation (profile ua1, 0 failed
rules) and 0 errors from outloud, in the English and Spanish editions and a clinic's edition;
and the tags tell a screen reader what a sighted reader sees (headings, care cards, figures,
page furniture left out)."""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import outloud
import page
import pikepdf
import pytest
from bs4 import BeautifulSoup

# Each build as scripts/build.sh makes it: the config, and where its site goes under one folder.
BUILDS = {"en": "pdf_site", "es": "spanish_pdf_site", "clinic": "clinic_pdf_site"}  # edition: its build (conftest)
LANGUAGES = {"en": "en", "es": "es", "clinic": "en"}


@pytest.fixture
def pdf_build(request) -> Callable[[str], Path]:
    """The handouts folder of an edition: the shared PDF builds of conftest, each made on first
    use, once per test session (only the editions a run asks for are built)."""
    def build(name: str) -> Path:
        return request.getfixturevalue(BUILDS[name]) / "handouts"

    return build


def every_pdf(handouts: Path) -> list[Path]:
    pdfs = sorted(handouts.rglob("*.pdf"))
    # Each page in standard and large print, and both booklets.
    assert len(pdfs) >= 26 and (handouts / "rfn-guide.pdf") in pdfs and (handouts / "large-print" / "rfn-guide.pdf") in pdfs
    return pdfs


def struct_text(pdf: Path) -> str:
    """The tag tree with the text of each element, as poppler reads it for assistive technology."""
    return subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("edition", list(BUILDS))
def test_every_pdf_conforms_to_pdf_ua_1(pdf_build, edition):
    handouts = pdf_build(edition)
    failed = {}
    for pdf in every_pdf(handouts):
        report = page.validate_pdf(pdf, profile="ua1")
        if not report.is_compliant or report.rules.failed:
            failed[str(pdf.relative_to(handouts))] = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert failed == {}, f"PDFs that are not PDF/UA-1 (page-validation, ua1): {failed}"


@pytest.mark.parametrize("edition", list(BUILDS))
def test_outloud_finds_no_errors(pdf_build, edition):
    handouts = pdf_build(edition)
    problems = {}
    for pdf in every_pdf(handouts):
        result = outloud.check(str(pdf))
        crashed = [run.rule for run in result.runs if run.status == "crashed"]
        errors = [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]
        if result.error or crashed or errors or result.errors:
            problems[str(pdf.relative_to(handouts))] = {"error": result.error, "crashed": crashed, "errors": errors}
    assert problems == {}, f"outloud errors: {problems}"


@pytest.mark.parametrize("edition", ["en", "es"])
def test_metadata_names_the_document_in_its_language(pdf_build, edition):
    """XMP dc:title is the title a PDF reader shows (DisplayDocTitle), dc:language the /Lang, and
    the file claims PDF/UA-1 (the tests above check the claim is true)."""
    handouts = pdf_build(edition)
    for pdf in [handouts / "before.pdf", handouts / "large-print" / "rfn-guide.pdf"]:
        with pikepdf.open(pdf) as document:
            xmp = document.open_metadata()
            title = str(document.docinfo["/Title"])
            assert xmp["dc:title"] == title and title
            assert list(xmp["dc:language"]) == [LANGUAGES[edition]] == [str(document.Root.Lang)]
            assert xmp["pdfuaid:part"] == "1"
            assert document.Root.ViewerPreferences.DisplayDocTitle is True


def headings(tree: str) -> list[tuple[int, str]]:
    """(level, first text) of each H1–H6 in the tag tree, in reading order."""
    lines = tree.splitlines()
    found = []
    for index, line in enumerate(lines):
        name = line.strip().split(" ")[0]
        if len(name) == 2 and name[0] == "H" and name[1].isdigit():
            text = next((rest.strip().strip('"') for rest in lines[index + 1:] if rest.strip().startswith('"')), "")
            found.append((int(name[1]), text))
    return found


def test_handout_headings_are_in_order_and_page_furniture_is_not_read(pdf_build):
    """A screen reader meets one H1 (the page title) first, then H2 and H3 without a skipped level;
    it does not read the running header and footer ("Page 1 of 5") as content."""
    handouts = pdf_build("en")
    for name in ["before.pdf", "after.pdf", "how-it-works.pdf", "large-print/during.pdf"]:
        tree = struct_text(handouts / name)
        levels = headings(tree)
        assert levels[0][0] == 1 and [level for level, _ in levels].count(1) == 1, (name, levels)
        assert all(later <= earlier + 1 for (earlier, _), (later, _) in zip(levels, levels[1:], strict=False)), (name, levels)
        assert max(level for level, _ in levels) <= 3
        printed = subprocess.run(["pdftotext", str(handouts / name), "-"], capture_output=True, text=True,
                                 check=True).stdout
        assert "Page 1 of" in printed and "Page 1 of" not in tree, name


def test_booklet_headings_never_skip_a_level(pdf_build):
    """The booklet: the cover's title and each section's title are H1, with H2 and H3 under them."""
    levels = [level for level, _ in headings(struct_text(pdf_build("en") / "rfn-guide.pdf"))]
    assert levels[0] == 1 and levels.count(1) >= 12 and max(levels) <= 3
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels


def test_care_cards_are_read_in_order_title_then_signs(pdf_build):
    """Each care card is read as its label and title (a paragraph), then its list of signs, in the
    page's order."""
    lines = [line.strip() for line in struct_text(pdf_build("en") / "after.pdf").splitlines()
             if line.strip() not in ("NonStruct", '""')]
    cards = [("Non-urgent advice: ", "Call your clinic or doctor if"),
             ("Urgent advice: ", "Call your clinic or doctor today if"),
             ("Emergency: ", "Get emergency help now if")]
    places = [lines.index(f'"{label}"') for label, _ in cards]
    assert places == sorted(places), places
    for place, (_, title) in zip(places, cards, strict=True):
        assert lines[place - 1] == "P (block)" and lines[place + 1] == f'"{title}"', lines[place - 1:place + 3]
        assert lines[place + 2].startswith("L (block)"), lines[place - 1:place + 3]


def figure_alts(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        found: list[str] = []

        def walk(node: object) -> None:
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(document.Root.StructTreeRoot)
        return found


def test_figures_carry_the_pictures_own_alt_text(pdf_build):
    """The diagram's Figure tag holds the alt text of the picture on the web page, word for word."""
    handouts = pdf_build("en")
    site = handouts.parent
    for name in ["before", "how-it-works"]:
        soup = BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")
        alts = [img["alt"] for img in soup.select("article figure img") if img.get("alt")]
        assert alts, name
        assert figure_alts(handouts / f"{name}.pdf") == alts


def ancestors(lines: list[str], index: int) -> list[tuple[int, str]]:
    """(line, tag name) of each element above line `index` of `pdfinfo -struct-text`, nearest
    first (read from the indents)."""
    found, indent = [], len(lines[index]) - len(lines[index].lstrip())
    for at in range(index - 1, -1, -1):
        depth = len(lines[at]) - len(lines[at].lstrip())
        if depth < indent and lines[at].strip():
            found.append((at, lines[at].strip().split(" ")[0].rstrip(":")))
            indent = depth
    return found


@pytest.mark.parametrize("edition", ["en", "es"])
def test_word_lists_are_read_as_lists_one_word_an_item(pdf_build, edition):
    """The Glossary and the "Words used in this handout" box are word lists (<dl>), which have no
    tag of their own: each is read as a list without bullets, one item a word and its meaning,
    not as untyped groups (NonStruct, which Chromium made of them)."""
    handouts = pdf_build(edition)
    glossary_word, box_word = {"en": ("arthritis", "radiofrequency neurotomy"),
                               "es": ("ablación por radiofrecuencia", "neurotomía por radiofrecuencia")}[edition]
    for name, word in [("glossary.pdf", glossary_word), ("large-print/glossary.pdf", glossary_word),
                       ("rfn-guide.pdf", glossary_word), ("about.pdf", box_word), ("large-print/about.pdf", box_word)]:
        lines = struct_text(handouts / name).splitlines()
        found = [at for at, line in enumerate(lines) if line.strip() == f'"{word}"']
        assert found, (name, word)
        index = found[-1]  # the list is the end matter (a word can be in the text before)
        above = [(at, tag) for at, tag in ancestors(lines, index) if tag != "NonStruct"]
        assert [tag for _, tag in above[:3]] == ["LBody", "LI", "L"], (name, word, above[:4])
        meaning = next(at for at in range(index + 1, len(lines))
                       if lines[at].strip().startswith('"') and len(lines[at].strip()) > 12)
        assert above[1] in ancestors(lines, meaning), (name, word, "its meaning is in the same item")
        assert "/ListNumbering" not in lines[above[2][0] + 1], (name, "a word list has no bullets")


@pytest.mark.parametrize("edition", list(BUILDS))
def test_no_pdf_has_an_empty_sheet(pdf_build, edition):
    """Every sheet holds some of the page (tagged content), not only the running header and
    footer: Chromium once printed an empty third sheet after a Spanish Glossary whose text ended at
    the foot of the second (the flex row print.css now turns off)."""
    handouts = pdf_build(edition)
    empty = {}
    for pdf in every_pdf(handouts):
        with pikepdf.open(pdf) as document:
            sheets = [number for number, sheet in enumerate(document.pages, 1)
                      if not any(str(op.operator) == "BDC" for op in pikepdf.parse_content_stream(sheet))]
        if sheets:
            empty[str(pdf.relative_to(handouts))] = sheets
    assert empty == {}, f"sheets with nothing but the running header and footer: {empty}"


@pytest.mark.parametrize("edition, words", [("en", "This guide also comes in large print."),
                                            ("es", "Esta guía también está en letra grande.")])
def test_the_standard_booklet_cover_says_the_guide_comes_in_large_print(pdf_build, edition, words):
    """As the best leaflets name their other formats; the large-print booklet does not say it."""
    covers = {name: " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf_build(edition) / name), "-"],
                                            capture_output=True, text=True, check=True).stdout.split())
              for name in ["rfn-guide.pdf", "large-print/rfn-guide.pdf"]}
    assert words in covers["rfn-guide.pdf"], covers
    assert words not in covers["large-print/rfn-guide.pdf"], covers


@pytest.mark.parametrize("edition, other, words", [("en", "es", "Esta guía también está en español."),
                                                    ("es", "en", "This guide is also in English.")])
def test_the_booklet_cover_says_the_guide_is_in_the_other_language_in_that_language(pdf_build, edition, other, words):
    """A reader of the other language learns from the cover that the guide is in theirs, in their
    own words; a screen reader reads that line in that language (its element's /Lang)."""
    for name in ["rfn-guide.pdf", "large-print/rfn-guide.pdf"]:
        booklet = pdf_build(edition) / name
        cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(booklet), "-"], capture_output=True, text=True,
                               check=True).stdout
        assert words in " ".join(cover.split()), (edition, name, cover)
        with pikepdf.open(booklet) as document:
            languages, todo = [], [document.Root.StructTreeRoot]
            while todo:
                element = todo.pop()
                kids = element.get("/K")
                todo += [kid for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids])
                         if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
                if "/Lang" in element and "/S" in element:
                    languages.append(str(element.Lang))
        assert other in languages, (edition, name, languages)
