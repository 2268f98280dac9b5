"""Handouts a nurse hands over as they are (issue 18), read back from the PDFs of both editions:
the care cards keep their labels everywhere, paper size and margins, safety text as large as the
body, the large-print footer, short handouts, booklets that fold, no placeholder address.

One English and one Spanish build with PDF export on, shared by every test here."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from rfn_guide.addresses import placeholder_host
from rfn_guide.i18n import text
from rfn_guide.pdf.print_editions import LARGE_PRINT, STANDARD
from support.pages import SITE_URL
from support.pdf import squeeze
from support.project import ROOT, run_mkdocs_build

MM = 72 / 25.4  # points in a millimetre
CARE_LABELS = ("care-nonurgent", "care-urgent", "care-emergency")


@pytest.fixture(scope="session", params=["en", "es"])
def edition(request) -> tuple[str, Path]:
    """(language, site) of each language edition (the shared PDF builds in conftest)."""
    return request.param, request.getfixturevalue("pdf_site" if request.param == "en" else "spanish_pdf_site")


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def words(pdf: Path) -> list[tuple[int, str, float, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax, page height) of every word, in points from the top."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.DOTALL), start=1):
        found_height = re.search(r'height="([\d.]+)"', page)
        assert found_height, "pdftotext -bbox gave a page without its height"
        height = float(found_height.group(1))
        for match in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page):
            x0, y0, x1, y1 = (float(match.group(k)) for k in range(1, 5))
            found.append((number, match.group(5), x0, y0, x1, y1, height))
    return found


def pdfs(site: Path, folder: str = "") -> list[Path]:
    return sorted((site / "handouts" / folder).glob("*.pdf"))


# --- Care cards and checklists survive paper everywhere -----------------------------------------

@pytest.mark.parametrize("folder", ["", "large-print"])
def test_every_booklet_keeps_the_three_care_card_labels(edition, folder):
    language, site = edition
    booklet = pdftotext(site / "handouts" / folder / "rfn-guide.pdf")
    for key in CARE_LABELS:
        label = text(language, key).strip().rstrip(":")
        assert label in booklet, f"{language} {folder or 'standard'} booklet: no care card labelled {label!r}"


# --- Paper ------------------------------------------------------------------------------------

def test_both_editions_print_on_us_letter_with_furniture_10_mm_from_the_edge(edition):
    language, site = edition
    for pdf in pdfs(site) + pdfs(site, "large-print"):
        for page in PdfReader(pdf).pages:
            size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            assert size == (612, 792), f"{language} {pdf.name} is {size} points, not US Letter"
        for number, word, x0, y0, x1, y1, height in words(pdf):
            assert y0 >= 10 * MM - 0.5 and y1 <= height - 10 * MM + 0.5, \
                f"{language} {pdf.name} p{number}: {word!r} is closer than 10 mm to the edge"
            assert x0 >= 10 * MM and x1 <= 612 - 10 * MM, f"{language} {pdf.name} p{number}: {word!r} off the side"
            # The text fits the 210 x 279 mm that A4 and Letter share (printed at 100 % on either).
            assert x1 - x0 < 210 * MM and y1 <= 279.4 * MM


# --- Safety text never smaller than the body --------------------------------------------------

def sizes_of(pdf: Path, phrases: list[str]) -> dict[str, float]:
    """The font size (points) at which each phrase's first word is drawn, as the reader sees it."""
    found: dict[str, float] = {}
    for page in PdfReader(pdf).pages:
        def visit(chunk, cm, tm, font_dict, font_size):
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            for phrase in phrases:
                if phrase in chunk and phrase not in found:
                    found[phrase] = round(font_size * (c * c + d * d) ** 0.5, 1)
        page.extract_text(visitor_text=visit)
    return found


def test_care_cards_and_warnings_are_as_large_as_the_body_text(pdf_site):
    pdf = pdf_site / "handouts" / "after.pdf"
    sizes: Counter = Counter()
    for page in PdfReader(pdf).pages:
        def visit(chunk, cm, tm, font_dict, font_size):
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes[round(font_size * (c * c + d * d) ** 0.5, 1)] += len("".join(chunk.split()))
        page.extract_text(visitor_text=visit)
    body = sizes.most_common(1)[0][0]
    found = sizes_of(pdf, ["Do not drive", "the soreness where the needles", "fluid comes out", "your legs get weaker"])
    assert len(found) == 4, found
    assert all(size >= body for size in found.values()), f"body text is {body} pt; safety text: {found}"


# --- No address that does not exist on paper ----------------------------------------------------

@pytest.mark.parametrize("url, placeholder", [
    ("https://rfn-guide.example.org/", "example.org"), ("https://example.com/es/", "example.com"),
    ("http://localhost:8000/", "localhost"), ("http://127.0.0.1/", "127.0.0.1"),
    ("https://owner.github.io/rfn-guide/", None), ("https://www.clevelandclinic.org/", None),
    ("https://notexample.org/", None),
])
def test_placeholder_addresses_are_recognised(url, placeholder):
    assert placeholder_host(url) == placeholder


def test_a_placeholder_site_url_is_never_printed(edition, tmp_path):
    """The committed mkdocs.yml has the placeholder rfn-guide.example.org: no PDF may show it or
    hold a QR code (the publishing workflow sets the real address first)."""
    from support.pdf import decode_qr

    language, site = edition
    assert placeholder_host(SITE_URL), "this test needs the committed placeholder site_url"
    for pdf in pdfs(site) + pdfs(site, "large-print"):
        assert "example.org" not in pdftotext(pdf), f"{language} {pdf.name} prints example.org"
        count = len(PdfReader(pdf).pages)
        for number in sorted({1, count}):
            assert decode_qr(pdf, number, tmp_path) == [], f"{language} {pdf.name} p{number} has a QR code"


def test_a_publishing_build_stops_on_a_placeholder_site_url(tmp_path):
    result = run_mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", PDF_EXPORT="0", RFN_PUBLISHING="1")
    assert result.returncode != 0
    assert "is a placeholder (example.org)" in result.stderr and "scripts/site_url.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_url_script_points_both_editions_and_robots_at_the_address(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_url", ROOT / "scripts" / "site_url.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    for name in ("mkdocs.yml", "mkdocs.es.yml", "docs/robots.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(script, "ROOT", tmp_path)
    assert script.main(["https://owner.github.io/rfn-guide"]) == 0
    assert "site_url: https://owner.github.io/rfn-guide/\n" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://owner.github.io/rfn-guide/es/\n" in (tmp_path / "mkdocs.es.yml").read_text(encoding="utf-8")
    robots = (tmp_path / "docs/robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://owner.github.io/rfn-guide/es/sitemap.xml" in robots and "example.org" not in robots
    with pytest.raises(SystemExit, match="not a web address"):
        script.main(["owner.github.io"])


# --- Short handouts ------------------------------------------------------------------------------

def page_counts(site: Path, folder: str = "") -> dict[str, int]:
    return {pdf.name: len(PdfReader(pdf).pages) for pdf in pdfs(site, folder) if pdf.name != "rfn-guide.pdf"}


def glossary_entries(site: Path) -> list[tuple[str, str]]:
    """(term, meaning) of every entry of the built Glossary page."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "glossary" / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = []
    for entry in page.select("dl.rfn-glossary > .rfn-glossary__entry"):
        term, meaning = entry.find("dt"), entry.find("dd")
        assert term is not None and meaning is not None, f"a glossary entry without its word or meaning: {entry}"
        entries.append((term.get_text(" ", strip=True), meaning.get_text(" ", strip=True)))
    return entries


@pytest.mark.parametrize("name", ["glossary.pdf", "large-print/glossary.pdf", "rfn-guide.pdf", "large-print/rfn-guide.pdf"])
def test_no_glossary_entry_is_split_over_two_pages(edition, name):
    """A word and its meaning are read together: each entry's last words are on the page of its
    word (its lines ran on over the page in large print before each entry was kept whole)."""
    language, site = edition
    entries = glossary_entries(site)
    assert len(entries) > 20, f"{language}: the Glossary page lists {len(entries)} entries"
    pages = [" ".join(page.split()) for page in pdftotext(site / "handouts" / name).split("\f")]
    split = []
    for term, meaning in entries:
        words = meaning.split()
        start, ending = f"{term}: {' '.join(words[:2])}", " ".join(words[-3:])
        where = [n for n, page in enumerate(pages) if start in page]
        if not where or not any(ending in pages[n] for n in where):
            split.append(f"{term} (page {where[-1] + 1 if where else '?'})")
    assert not split, f"{language} {name}: entries split over two pages, or not found: {split}"


@pytest.mark.parametrize("name", ["large-print/pain-diary.pdf", "large-print/rfn-guide.pdf"])
def test_the_pain_diary_never_ends_with_its_last_row_alone_on_a_sheet(edition, name):
    """In large print the diary goes on over the page, its heading row printed again: its last row
    goes with the one before it (the Spanish "9 horas después" once filled a sheet by itself,
    under the heading row)."""
    language, site = edition
    source = (ROOT / ("docs" if language == "en" else "docs-es") / "pain-diary.md").read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row">([^<]+)</th>', source)
    assert len(rows) >= 10, f"{language}: the diary's row labels were not found"
    pages = [" ".join(page.split()) for page in pdftotext(site / "handouts" / name).split("\f")]
    holding = [page for page in pages if rows[-1] in page]
    assert holding, f"{language} {name}: no page shows the diary's last row, {rows[-1]!r}"
    assert rows[-2] in holding[-1], f"{language} {name}: the diary's last row is alone on its sheet"


@pytest.mark.parametrize("name", ["before.pdf", "large-print/before.pdf"])
def test_the_before_checklist_is_on_one_sheet_with_its_heading(edition, name):
    """The checklist to get ready is ticked off in one go: its heading, its line of instructions
    and its boxes are on one sheet (its last three boxes used to be on the next)."""
    from bs4 import BeautifulSoup

    language, site = edition
    page = BeautifulSoup((site / "before" / "index.html").read_text(encoding="utf-8"), "html.parser")
    checklist = page.select_one(".rfn-checklist")
    assert checklist is not None, f"{language}: Before has no checklist (class rfn-checklist)"
    heading = checklist.find_previous("h2").get_text(" ", strip=True).rstrip("¶").strip()
    boxes = [" ".join(item.get_text(" ", strip=True).split()[:4]) for item in checklist.select("li")]
    assert len(boxes) >= 8, boxes
    sheets = [" ".join(sheet.split()) for sheet in pdftotext(site / "handouts" / name).split("\f")]
    where = {what: [n + 1 for n, sheet in enumerate(sheets) if what in sheet] for what in [heading, *boxes]}
    assert all(where.values()), f"{language} {name}: not found in the PDF: {[w for w, n in where.items() if not n]}"
    first = where[heading][-1]
    assert all(first in numbers for numbers in where.values()), f"{language} {name}: {where}"


WRITE_INS = {  # the checklist's lines to write on, in the order of their items
    "en": ["Driver's name and phone:", "Time and place:"],
    "es": ["Conductor y teléfono:", "Hora y lugar:"],
}


@pytest.mark.parametrize("name", ["before.pdf", "large-print/before.pdf"])
def test_the_checklist_has_lines_on_paper_for_the_driver_and_the_arrival(edition, name):
    """The print review: nowhere to write the driver or the time to arrive. On paper the driver
    item and the arrival item each have a labelled line to write on (their own line where the
    item's words leave no room); on screen there is nothing to write on, so they are not shown
    there (rfn-print-only)."""
    from bs4 import BeautifulSoup

    language, site = edition
    page = BeautifulSoup((site / "before" / "index.html").read_text(encoding="utf-8"), "html.parser")
    write_ins = page.select(".rfn-checklist .task-list-item .rfn-write-in")
    assert [write_in.get_text(" ", strip=True) for write_in in write_ins] == WRITE_INS[language]
    sheets = [" ".join(sheet.split()) for sheet in pdftotext(site / "handouts" / name).split("\f")]
    for write_in, label in zip(write_ins, WRITE_INS[language], strict=True):
        assert "rfn-print-only" in write_in["class"] and write_in.select_one(".rfn-write-in__line[aria-hidden=true]")
        item = BeautifulSoup(str(write_in.find_parent("li")), "html.parser")
        for hidden in item.select("sup, .rfn-write-in"):  # citation numbers are not printed in large print
            hidden.decompose()
        words = item.get_text().split()
        assert any(f"{' '.join(words[-3:])} {label}" in sheet for sheet in sheets), (
            f"{language} {name}: '{label}' does not follow its item ('{' '.join(words[-3:])}')")


def header_lines(pdf: Path) -> int:
    """Lines of running header atop each sheet: a handout's one; the booklet has none."""
    return 0 if pdf.name == "rfn-guide.pdf" else 1


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_no_handout_ends_on_a_sheet_of_review_dates_alone(edition, folder):
    """The "Last checked" lines close the page's text: a last sheet that holds nothing else looks
    blank to a reader and wastes paper (four large-print handouts and five booklet sections did
    so). Standard handouts say the dates in their footer instead; every other PDF prints them.
    Nor is the block split: "Not yet reviewed by a clinician." once began a sheet alone, cut off
    from the dates above it (print.css keeps the block in one piece)."""
    language, site = edition
    dates, status = text(language, "last_checked"), text(language, "not_clinically_reviewed")
    alone = []
    for pdf in pdfs(site, folder):
        if not folder and pdf.name != "rfn-guide.pdf":
            continue  # the dates are in the running footer (handout.css)
        whole = pdftotext(pdf)
        assert dates in whole, f"{language} {folder or 'standard'} {pdf.name} prints no review dates"
        for number, page in enumerate(whole.split("\f"), start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            starts = [n for n, line in enumerate(lines) if line.strip().startswith((dates, status))]
            if starts and starts[0] <= header_lines(pdf):
                alone.append(f"{pdf.name} page {number}")
    assert not alone, f"{language} {folder or 'standard'}: review dates alone on a sheet: {alone}"


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_no_sheet_begins_with_a_last_line_alone(edition, folder):
    """A paragraph's or list item's last line alone at the top of a sheet reads as a sentence of
    its own, cut off from the words it ends: the large-print Before's "could try." and During's
    "back muscles.", the Spanish large-print Before's first Key point and the Spanish booklet's
    "número." did so (2026-12-04). Chromium honours orphans before widows, so a block of three
    lines in large print (four in standard print) breaks two and one (large-print.css); the cure
    is a few words more or fewer. Read off every sheet of every handout and booklet: the first
    line under the running header that starts in lower case and ends a sentence, with no more of
    its own text under it."""
    language, site = edition
    alone = []
    for pdf in pdfs(site, folder):
        layout = pdftotext(pdf, "-layout")
        above = header_lines(pdf)
        for number, page in enumerate(layout.split("\f")[1:], start=2):
            lines = [line.strip() for line in page.splitlines()]
            text_lines = [n for n, line in enumerate(lines) if line]
            if len(text_lines) <= above:
                continue
            first = text_lines[above]
            line, after = lines[first], lines[first + 1] if first + 1 < len(lines) else ""
            if line[0].islower() and line.endswith((".", ":", ")")) and not (after and after[0].islower()):
                alone.append(f"{pdf.name} page {number}: {line!r}")
    assert not alone, f"{language} {folder or 'standard'}: a last line alone at the top of a sheet: {alone}"


def pages_key_points(language: str) -> list[tuple[Path, list[str], str]]:
    """(page's Markdown file, its Key points items, the heading) for each page of the language's
    docs with at least two Key points."""
    heading = "Key points" if language == "en" else "Puntos clave"
    docs = ROOT / ("docs" if language == "en" else "docs-es")
    found = [(source, key_points(source.read_text(encoding="utf-8"), heading), heading)
             for source in sorted(docs.glob("*.md"))]
    return [(source, items, heading) for source, items, heading in found if len(items) >= 2]


def key_points(markdown: str, heading: str) -> list[str]:
    """The items of a page's Key points list, as plain words (no citations, tags or links)."""
    found = re.search(rf"^## {heading}\n\n((?:- .*\n(?:  .*\n)*)+)", markdown, re.M)
    if not found:
        return []
    items = re.split(r"^- ", found.group(1), flags=re.M)[1:]
    return [re.sub(r"\[@[^\]]*\]|<[^>]+>|\]\([^)]*\)|[\[*]", "", " ".join(item.split())) for item in items]


def letters(words: str) -> str:
    """Only the letters and digits (support.pdf's squeeze, less punctuation and case): a Markdown
    item and the same words as pdftotext reads them off the sheet."""
    return re.sub(r"\W+", "", squeeze(words)).casefold()


def test_a_pages_key_points_stay_on_one_sheet_in_standard_print(edition):
    """A last Key point alone at the top of a sheet reads as the start of something else (the
    booklet's Who it can help did so): in standard print the list is kept whole."""
    language, site = edition
    booklet_pages = [letters(page) for page in pdftotext(site / "handouts" / "rfn-guide.pdf").split("\f")]
    split, checked = [], 0
    for source, items, heading in pages_key_points(language):
        # The last item's end too: a last item whose last line runs over the sheet is split as well
        first, last = letters(heading + items[0][:60]), letters(items[-1])[-40:]
        handout = site / "handouts" / f"{source.stem}.pdf"
        for name, pages in (("handout", [letters(page) for page in pdftotext(handout).split("\f")]),
                            ("booklet", booklet_pages)):
            holding = [page for page in pages if first in page]
            assert holding, f"{language} {name}: no page starts the Key points of {source.name}"
            checked += 1
            if last not in holding[0]:
                split.append(f"{name} {source.name}")
    assert checked >= 20
    assert split == [], f"{language}: Key points run over a sheet: {split}"


def test_a_large_print_key_points_list_never_ends_with_its_last_point_alone(edition):
    """In large print the list may run over a sheet, but its last point never starts a sheet
    alone: the sheet that has the last point has the one before it too."""
    language, site = edition
    alone, checked = [], 0
    for source, items, _heading in pages_key_points(language):
        before, last = letters(items[-2])[-30:], letters(items[-1])[:40]
        pages = [letters(page) for page in pdftotext(site / "handouts" / "large-print" / f"{source.stem}.pdf").split("\f")]
        holding = [page for page in pages if last in page]  # the Key points end the page: its last
        assert holding, f"{language}: no large-print page has the last Key point of {source.name}"
        checked += 1
        if before not in holding[-1]:
            alone.append(source.name)
    assert checked >= 10
    assert alone == [], f"{language}: a last Key point alone at the top of a large-print sheet: {alone}"


# Issue 18: a standard handout is at most 4 pages, 3 on average; a large-print one at most 7.
MAX_STANDARD_PAGES, MAX_STANDARD_AVERAGE = 4, 3.0
MAX_LARGE_PRINT_PAGES = 7


def test_standard_handouts_are_short_enough_to_hand_over(edition):
    language, site = edition
    counts = page_counts(site)
    assert counts and max(counts.values()) <= MAX_STANDARD_PAGES, (language, counts)
    average = sum(counts.values()) / len(counts)
    assert average <= MAX_STANDARD_AVERAGE, f"{language}: {average:.2f} pages on average: {counts}"


def test_large_print_handouts_are_short(edition):
    language, site = edition
    counts = page_counts(site, "large-print")
    long = {name: count for name, count in counts.items() if count > MAX_LARGE_PRINT_PAGES}
    assert counts and not long, f"{language} large-print handouts too long: {long}"


# Known to be too long, not fixed: the worked example's After, 5 pages in standard print and 8 in
# large print. Its clinic name ("... example only — not a real clinic") and two numbers close the
# non-urgent and urgent cards and fill two panels (README, "Where print breaks a page").
CLINIC_EXAMPLE_OVER = {"after.pdf": 5, "large-print/after.pdf": 8}


def test_a_clinic_editions_handouts_are_as_short(clinic_pdf_site):
    """A clinic's own words (its instructions, where a page says "your clinic will tell you"), its
    numbers and logo do not take a handout over the limits (examples/clinic), but for the one
    known exception, which must not grow."""
    standard, large = page_counts(clinic_pdf_site), page_counts(clinic_pdf_site, "large-print")
    over = {name: count for name, count in standard.items()
            if count > CLINIC_EXAMPLE_OVER.get(name, MAX_STANDARD_PAGES)}
    over |= {f"large-print/{name}": count for name, count in large.items()
             if count > CLINIC_EXAMPLE_OVER.get(f"large-print/{name}", MAX_LARGE_PRINT_PAGES)}
    assert standard and large and not over, f"handouts of the clinic edition too long: {over}"


def test_standard_after_keeps_who_to_call_and_the_three_cards_on_one_page(edition):
    """A worried reader finds the "Who to call" panel and every care card on one side of a sheet,
    the emergency card too (in Spanish it once went over the page, alone)."""
    language, site = edition
    pages = [" ".join(page.split()) for page in pdftotext(site / "handouts" / "after.pdf").split("\f")]
    wanted = [text(language, "write_in_title")] + [text(language, key).strip() for key in CARE_LABELS]
    found = {phrase: [n for n, page in enumerate(pages, start=1) if phrase in page] for phrase in wanted}
    assert all(len(numbers) == 1 for numbers in found.values()), f"{language} after.pdf: {found}"
    assert len({numbers[0] for numbers in found.values()}) == 1, f"{language} after.pdf, pages: {found}"


@pytest.mark.parametrize("folder, top, bottom", [("", STANDARD.margin["top"], STANDARD.margin["bottom"]),
                                                 ("large-print", LARGE_PRINT.margin["top"], LARGE_PRINT.margin["bottom"])])
def test_no_page_but_the_last_is_less_than_a_third_full(edition, folder, top, bottom):
    """Read from the PDF: on every page of a handout but its last, the lowest line of text (words
    in drawings count) is at least a third of the way down the space between the margins."""
    language, site = edition
    top_pt, bottom_pt = float(top.removesuffix("mm")) * MM, float(bottom.removesuffix("mm")) * MM
    for pdf in pdfs(site, folder):
        if pdf.name == "rfn-guide.pdf":
            continue
        found = words(pdf)
        last = max(page for page, *_ in found)
        for number in range(1, last):
            on_page = [(y0, y1, height) for page, _, _, y0, _, y1, height in found if page == number]
            height = on_page[0][2]
            body = [y1 for y0, y1, _ in on_page if y0 >= top_pt - 1 and y1 <= height - bottom_pt + 1]
            fill = (max(body) - top_pt) / (height - top_pt - bottom_pt) if body else 0.0
            assert fill >= 1 / 3, f"{language} {folder or 'standard'} {pdf.name} page {number} is {fill:.0%} full"


def test_printed_sources_are_short(edition):
    """No web address of a source in a handout's source list: those are in the booklet's
    reference list (printed whole) and online."""
    language, site = edition
    for pdf in pdfs(site) + pdfs(site, "large-print"):
        if pdf.name in ("rfn-guide.pdf", "references.pdf"):
            continue
        assert "Available from" not in pdftotext(pdf), f"{language} {pdf.name} prints a source's web address"


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_booklets_fold_and_staple(edition, folder):
    """A booklet's page count is a multiple of 4, filled up with ruled Notes pages before the back page."""
    language, site = edition
    pdf = site / "handouts" / folder / "rfn-guide.pdf"
    count = len(PdfReader(pdf).pages)
    assert count % 4 == 0, f"{language} {folder or 'standard'} booklet has {count} pages"


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_the_booklet_ends_with_the_warning_signs_on_its_back_page(edition, folder):
    """What a folded booklet shows on the outside: the "When to get help" cards again, where to
    find the clinic's numbers, and the number to call in an emergency (print review,
    ../shared/reviews/handouts.md: no back cover with contacts or warning signs). In large print
    the cards take two pages; the emergency card is on the very last one."""
    language, site = edition
    pdf = site / "handouts" / folder / "rfn-guide.pdf"
    pages = [" ".join(page.split()) for page in pdftotext(pdf).split("\f") if page.strip()]
    back = " ".join(pages[-1:] if not folder else pages[-2:])
    assert back.startswith(text(language, "pdf_back_title")), f"{language} {folder or 'standard'}: {back[:80]!r}"
    assert text(language, "pdf_back_numbers") in back
    for key in CARE_LABELS:
        assert text(language, key).strip().rstrip(":") in back, f"{language} {folder or 'standard'}: no {key} card"
    assert text(language, "care-emergency").strip().rstrip(":") in pages[-1]
    assert "911" in pages[-1]
    # The contents list says where they are (a reader in a hurry looks there first)
    contents = next(page for page in pages if page.startswith(text(language, "pdf_contents")))
    assert f"{text(language, 'pdf_back_title')}: {text(language, 'pdf_toc_back')}" in contents, contents[-200:]
    # The picture that follows the cards on After, on the emergency card's sheet, the outside
    saddle = {"en": "Where new numbness or pins and needles is an emergency",
              "es": "Dónde es una emergencia que se le duerma la piel o le dé hormigueo"}[language]
    assert saddle in pages[-1], f"{language} {folder or 'standard'}: no saddle-area figure on the last page"
    # the cards without their citation marks: a sentence ends at its full stop, not at "week1,34."
    after_a_week = {"en": "is not better after a week.", "es": "no mejoran en una semana."}[language]
    assert after_a_week in back
    with pikepdf.open(pdf) as opened, opened.open_outline() as outline:
        last = outline.root[-1]
        assert last.title == text(language, "pdf_back_title")
        assert last.destination[0].objgen == opened.pages[len(opened.pages) - (2 if folder else 1)].objgen


def test_the_back_page_takes_every_care_card_without_citation_marks_or_links():
    from rfn_guide.paper.rules import care_cards

    page = ('<p>Text<sup class="rfn-cite"><a href="#r1">1</a></sup></p>'
            '<div class="admonition warning"><p>Not a card</p></div>'
            '<div class="admonition care-nonurgent"><p>a<sup class="rfn-cite"><a href="#r2">2</a></sup></p>'
            '<div class="inner"><p>see <a href="../during/">During</a></p></div></div>'
            '<p>Between</p><details class="care-emergency"><summary>c</summary><p class="rfn-care-call">Call 911</p></details>')
    assert care_cards(page) == [
        '<div class="admonition care-nonurgent"><p>a</p><div class="inner"><p>see During</p></div></div>',
        '<details open class="care-emergency"><summary>c</summary><p class="rfn-care-call">Call 911</p></details>']
    assert care_cards("<p>No cards</p>") == []


def test_the_back_page_takes_the_figures_that_follow_the_cards_in_their_section():
    from rfn_guide.paper.rules import figures_after_care_cards

    page = ('<figure id="fig-a"><img alt="a" src="a.svg"></figure>'
            '<div class="admonition care-urgent"><p>b</p><div><p>nested</p></div></div>'
            '<p><a href="#fig-b">Figure 2</a> shows where.</p><figure id="fig-b"><img alt="b" src="b.svg"></figure>'
            '<h2 id="next">Next</h2><figure id="fig-c"><img alt="c" src="c.svg"></figure>')
    assert figures_after_care_cards(page) == ['<figure id="fig-b"><img alt="b" src="b.svg"></figure>']
    assert figures_after_care_cards('<figure id="fig-a"></figure>') == []


def test_a_guide_without_care_cards_gets_no_back_page(tmp_path):
    from rfn_guide.pdf.booklet import back_page_html
    from rfn_guide.pdf.settings import Settings

    settings = Settings(site_dir=tmp_path, site_url="http://localhost/", site_name="Guide")
    assert back_page_html(settings) == ""
    with_cards = back_page_html(Settings(site_dir=tmp_path, site_url="http://localhost/", site_name="Guide",
                                         language="es", back_cards='<div class="admonition care-urgent"></div>'))
    assert "<h2>Cuándo pedir ayuda</h2>" in with_cards and 'care-urgent' in with_cards


def test_the_contents_list_names_the_back_page_only_when_there_is_one():
    from rfn_guide.pdf.booklet import contents_html
    from rfn_guide.pdf.settings import Page

    sections = [Page(src_uri="after.md", url="after/", title="After")]
    # "at the back", not "the back page": in large print the cards take the last two pages
    assert "al final del folleto" in contents_html(sections, "es", back_page=True)
    assert "at the back of the booklet" in contents_html(sections, "en", back_page=True)
    assert "at the back" not in contents_html(sections, "en", back_page=False)


def test_notes_pages_needed():
    from rfn_guide.pdf.booklet import notes_pages_needed

    assert [notes_pages_needed(n) for n in (28, 29, 30, 31, 32)] == [0, 3, 2, 1, 0]


# --- Large print that reads as large print ---------------------------------------------------

def test_large_print_footer_is_one_line_apart_from_the_body(edition):
    """The footer is "Page N of M" on one line, and no body text comes within 5 mm of it."""
    language, site = edition
    footer_words = {"Page", "of", "Página", "de"}
    for pdf in pdfs(site, "large-print"):
        by_page: dict[int, list] = {}
        for word in words(pdf):
            by_page.setdefault(word[0], []).append(word)
        for number, page_words in by_page.items():
            height = page_words[0][6]
            footer = [w for w in page_words if w[3] > height - 20 * MM]
            assert footer and all(w[1] in footer_words or w[1].isdigit() for w in footer), \
                f"{language} {pdf.name} p{number}: footer band holds {[w[1] for w in footer]}"
            assert len({round(w[3]) for w in footer}) == 1, f"{language} {pdf.name} p{number}: footer on two lines"
            body = [w for w in page_words if w not in footer]
            lowest = max(w[5] for w in body) if body else 0
            assert min(w[3] for w in footer) - lowest >= 5 * MM, \
                f"{language} {pdf.name} p{number}: body text {min(w[3] for w in footer) - lowest:.0f} pt above the footer"


# --- Who to call, beside the cards ---------------------------------------------------------------

def test_the_who_to_call_panel_stands_before_the_first_care_card():
    from rfn_guide.clinic.rules import handout_panel
    from rfn_guide.paper.rules import before_first_care_card

    page = ('<p>Text</p><div class="admonition care-nonurgent"><p>a</p></div>'
            '<div class="admonition care-urgent"><p>b</p></div>')
    panel = handout_panel(None, None, "en", place="cards")
    done, has_cards = before_first_care_card(page, panel)
    assert has_cards and done.index("Who to call") < done.index("care-nonurgent") and done.count("Who to call") == 1
    assert "Your doctor:" in panel and "Date of your procedure:" in panel
    assert "rfn-handout-only" not in panel, "the panel by the cards is printed in the booklet too"
    assert "Your doctor:" not in handout_panel(None, None, "en"), "the panel at the top stays short"
    assert before_first_care_card("<p>No cards</p>", panel) == ("<p>No cards</p>", False)


def test_every_after_handout_has_the_panel_by_its_cards(edition):
    language, site = edition
    for folder in ("", "large-print"):
        after = " ".join(pdftotext(site / "handouts" / folder / "after.pdf").split())
        label = text(language, "care-nonurgent").strip()
        before_cards = after[:after.index(label)]
        assert text(language, "write_in_doctor") in before_cards, f"{language} {folder}: no panel by the cards"


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_background_handouts_have_no_who_to_call_panel_to_fill_in(edition, folder):
    """About and the Glossary hold no care (front matter `who_to_call: false`): their first page
    starts with the page itself, as the print review asked; a page about the treatment keeps the
    panel at its top."""
    language, site = edition
    title = text(language, "write_in_title")
    for name in ("about.pdf", "glossary.pdf"):
        first = " ".join(pdftotext(site / "handouts" / folder / name).split("\f")[0].split())
        assert title not in first, f"{language} {folder} {name}: a 'Who to call' panel on page 1"
    first = " ".join(pdftotext(site / "handouts" / folder / "how-it-works.pdf").split("\f")[0].split())
    assert title in first, f"{language} {folder} how-it-works.pdf: no 'Who to call' panel on page 1"


def test_who_to_call_setting_is_true_or_false():
    from rfn_guide.paper.rules import wants_top_panel

    assert wants_top_panel({}) == (True, None)
    assert wants_top_panel({"who_to_call": False}) == (False, None)
    wanted, problem = wants_top_panel({"who_to_call": "no"})
    assert wanted and problem and "'no' is not true or false" in problem and "who_to_call: false" in problem


def test_a_who_to_call_setting_that_is_not_true_or_false_stops_the_build(tmp_path):
    from validation_site import default_pages, make_site

    pages = default_pages()
    pages["second.md"] = pages["second.md"].replace("---\n", "---\nwho_to_call: no thanks\n", 1)
    result = run_mkdocs_build(make_site(tmp_path, pages), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode != 0
    assert "docs/second.md:2: who_to_call: 'no thanks' is not true or false" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_a_handout_numbers_its_figures_from_1_and_the_booklet_keeps_the_sites(pdf_site):
    before = " ".join(pdftotext(pdf_site / "handouts" / "before.pdf").split())
    assert "Figure 1 shows each step" in before and "Figure 1. Your RFN journey" in before
    assert "Figure 3" not in before, "before.pdf names its only figure 'Figure 3'"
    booklet = " ".join(pdftotext(pdf_site / "handouts" / "rfn-guide.pdf").split())
    assert "Figure 3. Your RFN journey" in booklet, "the booklet keeps the site's figure numbers"


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_booklet_checklists_print_boxes_to_tick_and_lines_to_write_on(pdf_site, folder, tmp_path):
    """In the booklet too (it is laid out on the home page, which has no tick boxes of its own),
    a question prints as a hollow box with ruled lines under it."""
    from support.pdf import GreyPage, text_lines

    def is_tick_box(page: GreyPage, line: tuple) -> bool:
        """A hollow square left of the line, sized to its text (larger in large print)."""
        _text, x_min, y_min, _x_max, y_max = line
        height = y_max - y_min
        ink = page.ink_box(x_min - 2.2 * height, y_min - 5, x_min - 1, y_max + 5)
        if ink is None:
            return False
        left, top, right, bottom = ink
        hollow = not page.dark((left + right) / 2, (top + bottom) / 2)
        return 0.6 * height <= right - left <= 1.4 * height and abs((right - left) - (bottom - top)) <= 2 and hollow

    pdf = pdf_site / "handouts" / folder / "rfn-guide.pdf"
    pages = pdftotext(pdf).split("\f")
    number = next(i for i, page in enumerate(pages, start=1) if "What good could RFN do for me?" in page)
    grey = GreyPage(pdf, number, tmp_path)
    lines = text_lines(pdf, number)
    index = next(i for i, line in enumerate(lines) if line[0].startswith("What good could RFN"))
    line = lines[index]
    assert is_tick_box(grey, line), f"{folder or 'standard'} booklet p{number}: no box to tick"
    below = lines[index + 1][2] if index + 1 < len(lines) else line[4] + 80
    assert grey.ruled_rows(line[1], line[1] + 250, line[4], below) >= 2, "no lines to write the answer on"


@pytest.mark.parametrize("name, title", [("before.pdf", "If the test injections do not ease your pain"),
                                         ("after.pdf", "Who to call (ask your clinic to fill this in)")])
def test_a_boxs_right_border_prints_as_wide_as_its_left(pdf_site, name, title, tmp_path):
    """A box as wide as the text ran 0.6 pt past the sheet's printable area, and its right border
    printed as a faint hairline, half cut off (print review, 2026-12-04; print.css, handout.css).
    Read at 600 dpi across the box's title line: the first ink from each edge of the sheet is
    the box's border, and the right one is as wide as the left."""
    from support.pdf import GreyPage, text_lines

    pdf = pdf_site / "handouts" / name
    number = next(n for n, page in enumerate(pdftotext(pdf).split("\f"), start=1) if title in " ".join(page.split()))
    line = next(line for line in text_lines(pdf, number) if line[0].startswith(title.split(" (")[0]))
    grey = GreyPage(pdf, number, tmp_path, dpi=600)
    row = int((line[2] + line[4]) / 2 * grey.scale) * grey.width
    pixels = grey.pixels[row:row + grey.width]

    def border(columns: range) -> int:
        """The width in pixels of the first run of ink met along `columns`."""
        width = 0
        for column in columns:
            if pixels[column] < 235:  # a faint border counts too; the title bar (242) and paper do not
                width += 1
            elif width:
                break
        return width

    left, right = border(range(grey.width)), border(range(grey.width - 1, -1, -1))
    assert left >= 3 and right >= left - 1, (
        f"{name} page {number}: the box's borders print {left} px (left) and {right} px (right)")


def test_sources_say_where_the_full_list_is_on_paper(edition):
    """A handout sends the reader to the booklet's reference list; the booklet to its own end,
    never to "the full guide" it is itself."""
    language, site = edition
    handout = " ".join(pdftotext(site / "handouts" / "after.pdf").split())
    booklet = " ".join(pdftotext(site / "handouts" / "rfn-guide.pdf").split())
    assert text(language, "sources_where") in handout
    assert text(language, "sources_where_booklet") in booklet and text(language, "sources_where") not in booklet
