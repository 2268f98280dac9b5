"""PDF handouts and the booklet, read back as a patient or a clinic nurse meets them.

One real build with PDF export on (the slow part) is shared by every test here; the PDFs are
read back with pypdf and poppler (pdftotext, pdffonts, pdftoppm) and their QR codes with zbar.
Rendered pages land in test-output/ for a person to look at."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rfn_guide.addresses import placeholder_host, short_url
from rfn_guide.dates import long_date
from rfn_guide.pdf.booklet import booklet_order
from rfn_guide.pdf.settings import Page, PdfExportError, export_wanted, find_chromium, handout_slug, paper_format
from support.pdf import (
    LETTER_POINTS,
    NAV,
    GreyPage,
    booklet,
    built_article,
    decode_qr,
    handout,
    pdftotext,
    squeeze,
    text_lines,
)
from support.project import HEADINGS, ROOT, run_mkdocs_build
from support.serve import serve_directory
from support.spanish_words import source_addresses

RAW_MARKUP = [
    re.compile(r"\(\d+\)!"),  # code annotation markers left unprocessed
    re.compile(r"\[@[\w:-]+"),  # a citation the citation hook did not turn into a number
    re.compile(r"\*\[[^\]]+\]:"),  # an abbreviation definition line
    re.compile(r"<!--|-->|\{\s*[.#:]"),  # HTML comments, attribute lists
    re.compile(r"¶"),  # heading permalinks
]
SCREEN_ONLY_TEXT = ["Download this page as a PDF", "Skip to content", "Back to top", "Made with",
                    "Search", "Switch to dark mode", "Table of contents"]


# --- The one build, and what it made ---------------------------------------------------------


@pytest.fixture(scope="session")
def mkdocs_config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def unnumbered(squeezed: str) -> str:
    """Squeezed text without figure numbers: a handout numbers its figures from 1 in the order it
    prints them (js/figure-numbers.js), where the site numbers them across all pages."""
    return re.sub(r"(Figure|Figura)\d+", r"\1", squeezed)


def last_paragraph(article: BeautifulSoup) -> str:
    """The page's last paragraph of printed text (not the sources, citation numbers, review
    dates, QR box or screen-only hints, which print.css hides)."""
    article = BeautifulSoup(str(article), "html.parser")
    for extra in article.select(".rfn-sources, .rfn-review-dates, .rfn-print-link, .rfn-pdf-download, "
                                ".headerlink, .md-source-file, .rfn-screen-only, .rfn-booklet-only, sup.rfn-cite"):
        extra.decompose()
    paragraphs = [p for p in article.select("p") if p.get_text(strip=True)]
    assert paragraphs, "the page has no paragraph"
    return paragraphs[-1].get_text()


# --- Rules, without a browser ------------------------------------------------------------------

@pytest.mark.parametrize("command, value, expected", [
    ("build", None, True), ("serve", None, False), ("gh-deploy", None, True),
    ("build", "0", False), ("serve", "0", False), ("serve", "1", True), ("build", "1", True),
])
def test_pdf_export_switch(command, value, expected):
    environ = {} if value is None else {"PDF_EXPORT": value}
    assert export_wanted(command, environ) is expected


def test_a_wrong_switch_value_says_what_to_write():
    with pytest.raises(PdfExportError, match="PDF_EXPORT=0"):
        export_wanted("build", {"PDF_EXPORT": "maybe"})


def test_paper_sizes():
    assert paper_format(None) == "Letter"  # a US guide: US Letter unless an edition asks for A4
    assert paper_format("a4") == "A4"
    assert paper_format("letter") == "Letter"
    assert paper_format("US Letter") == "Letter"
    with pytest.raises(PdfExportError, match="A4 or Letter"):
        paper_format("A5")


def test_chromium_is_looked_for_in_order(tmp_path):
    program = tmp_path / "my-chrome"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert find_chromium({"CHROMIUM_PATH": str(program)}) == str(program)
    on_path = {"chromium-browser": "/opt/bin/chromium-browser"}
    found = find_chromium({}, which=on_path.get)
    assert found in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/opt/bin/chromium-browser")
    if os.path.exists("/usr/bin/chromium-headless-shell"):  # scripts/setup.sh installs it: the faster one
        assert found == "/usr/bin/chromium-headless-shell"


def test_no_chromium_message_says_how_to_install_or_turn_off():
    with pytest.raises(PdfExportError) as error:
        find_chromium({"CHROMIUM_PATH": "/nowhere/chromium"}, which=lambda name: None)
    assert "apt-get install -y chromium" in str(error.value)
    assert "PDF_EXPORT=0" in str(error.value)


def test_names_dates_and_links():
    assert handout_slug("index.md") == "index"
    assert handout_slug("care/after.md") == "care-after"
    assert short_url("https://www.example.org/before/") == "example.org/before"
    assert short_url("https://example.org/") == "example.org"
    assert long_date("2026-11-24") == "November 24, 2026"


def test_booklet_puts_references_and_glossary_last():
    pages = [Page(src, src, src) for src in ["index.md", "glossary.md", "references.md", "about.md"]]
    order = [page.src_uri for page in booklet_order(pages, ("references.md", "glossary.md"))]
    assert order == ["index.md", "about.md", "references.md", "glossary.md"]


# --- Handouts --------------------------------------------------------------------------------

@pytest.mark.parametrize("source, title", NAV, ids=[source for source, _ in NAV])
def test_every_page_has_a_complete_handout(pdf_site, source, title):
    pdf = handout(pdf_site, source)
    assert pdf.is_file(), f"no handout for {source} at {pdf.relative_to(pdf_site)}"
    text = pdftotext(pdf)
    flat = squeeze(text)
    article = built_article(pdf_site, source)
    assert squeeze(title) in flat, f"{pdf.name}: title {title!r} missing"
    assert unnumbered(squeeze(last_paragraph(article))) in unnumbered(flat), (
        f"{pdf.name}: the page's last paragraph is missing")
    sources = article.select_one("section.rfn-sources")
    if sources is not None:
        # On paper the sources are one short paragraph naming who wrote each (issue 18): no web
        # addresses, no numbers; the full list is in the booklet and online
        assert "Sources" in text
        short = sources.select_one("p.rfn-sources-short")
        assert short is not None and squeeze(short.get_text()) in flat, f"{pdf.name}: the sources paragraph is missing"
        assert "Available from" not in text and "doi.org" not in text, f"{pdf.name}: a long source entry printed"
        for cite in article.select("sup.rfn-cite"):
            # Text then the number, as a superscript printed in line would read back: "hours16,30"
            before = squeeze("".join(cite.find_all_previous(string=True, limit=3)[::-1]))[-12:]
            assert before + squeeze(cite.get_text()) not in flat, f"{pdf.name}: a citation number printed"


@pytest.mark.parametrize("source, title", NAV, ids=[source for source, _ in NAV])
def test_handout_header_footer_and_review_date(pdf_site, source, title):
    import yaml

    pdf = handout(pdf_site, source)
    reader = PdfReader(pdf)
    meta = yaml.safe_load((ROOT / "docs" / source).read_text(encoding="utf-8").split("---", 2)[1])
    total = len(reader.pages)
    for number in range(1, total + 1):
        page_text = " ".join(pdftotext(pdf, number, number).split())
        assert "Radiofrequency neurotomy: a guide for patients" in page_text
        assert " ".join(title.split()) in page_text
        assert f"Page {number} of {total}" in page_text
        assert f"Last checked against its sources: {long_date(meta['last_reviewed'])}" in page_text
    assert reader.metadata.title.startswith(title)
    assert reader.metadata.subject == meta["description"].strip()


def body_lines(pdf: Path, number: int) -> list[str]:
    """A PDF page's text lines without the running header and footer."""
    lines = [" ".join(line.split()) for line in pdftotext(pdf, number, number).splitlines()]
    lines = [line for line in lines if line]
    skip = re.compile(r"^(Radiofrequency neurotomy: a guide for patients|Page \d+ of \d+|Last checked against its sources: .*)$")
    return [line for line in lines if not skip.match(line)]


def all_pdfs(site: Path) -> list[Path]:
    return sorted((site / "handouts").glob("*.pdf"))


def test_no_blank_pages_and_the_title_on_page_one(pdf_site):
    for source, title in NAV:
        pdf = handout(pdf_site, source)
        assert squeeze(title) in squeeze(" ".join(body_lines(pdf, 1))), f"{pdf.name}: page 1 does not start the page"
    for pdf in all_pdfs(pdf_site):
        for number in range(1, len(PdfReader(pdf).pages) + 1):
            assert body_lines(pdf, number), f"{pdf.name}: page {number} is blank"


def test_no_heading_is_stranded_at_the_foot_of_a_page(pdf_site):
    headings = set()
    for source, _ in NAV:
        for heading in built_article(pdf_site, source).select("h2, h3, h4, h5, h6, .admonition-title"):
            headings.add(" ".join(heading.get_text().replace("¶", "").split()))
    # A question to ask prints with its lines to write on under it, which hold no text, so on a page
    # of questions one may end the text; one is worded as a heading of After and of Outlook is.
    questions = {" ".join(item.get_text().split()) for item in built_article(pdf_site, "questions.md").select(
        ".rfn-write-answers li")}
    for pdf in all_pdfs(pdf_site):
        pages = len(PdfReader(pdf).pages)
        for number in range(1, pages):  # the last page may end anywhere
            lines = body_lines(pdf, number)
            on_questions_page = lines[-1] in questions and len(questions.intersection(lines)) > 1
            assert on_questions_page or lines[-1] not in headings, \
                f"{pdf.name}: heading {lines[-1]!r} stranded at the foot of page {number}"


def test_diagrams_are_not_split_across_pages(pdf_site):
    for source, _ in NAV:
        pdf = handout(pdf_site, source)
        for figure in built_article(pdf_site, source).select("figure"):
            parts = [unnumbered(squeeze(item.get_text()))[:40] for item in figure.select("li, figcaption")]
            pages = {number for number in range(1, len(PdfReader(pdf).pages) + 1)
                     for part in parts if part and part in unnumbered(squeeze(pdftotext(pdf, number, number)))}
            assert len(pages) == 1, f"{pdf.name}: figure {figure.get('id')} spread over pages {sorted(pages)}"


def test_handouts_have_nothing_screen_only_or_raw(pdf_site):
    for pdf in sorted((pdf_site / "handouts").glob("*.pdf")):
        text = pdftotext(pdf)
        for pattern in RAW_MARKUP:
            assert not pattern.search(text), f"{pdf.name}: raw markup {pattern.pattern!r} printed"
        for words in SCREEN_ONLY_TEXT:
            assert words not in text, f"{pdf.name}: screen-only text {words!r} printed"


def test_a_printed_web_address_never_ends_a_line_with_its_own_hyphen(pdf_site, spanish_pdf_site):
    """Broken after one of its hyphens, an address on paper reads as a word broken in two, and a
    reader typing it in cannot tell whether the hyphen belongs to it (print review): the sources'
    addresses break before a hyphen or after a slash (citations' url_link), in both languages and
    both editions. Each address is one link, not one a piece (a stop for a keyboard each)."""
    addresses = source_addresses()  # each address, with room for a line break anywhere in it
    broken = 0
    for site in (pdf_site, spanish_pdf_site):
        for pdf in sorted((site / "handouts").rglob("*.pdf")):
            text = pdftotext(pdf, layout=True)  # as printed: without -layout, poppler joins a hyphen's lines
            for address in addresses:
                for found in address.finditer(text):
                    broken += "\n" in found.group(0)
                    assert not re.search(r"-[ \t]*\n", found.group(0)), \
                        f"{pdf.relative_to(site)}: an address ends a line at its own hyphen: {found.group(0)!r}"
    assert broken > 50  # the References handouts and the booklets break many addresses over lines
    links = [annotation for page in PdfReader(pdf_site / "handouts" / "references.pdf").pages
             for annotation in page.get("/Annots") or [] if annotation.get_object().get("/Subtype") == "/Link"]
    assert len(links) <= 2 * len(addresses)  # one a line an address is printed on (it was 417, one a piece)


def test_admonitions_and_diagram_legends_are_printed(pdf_site):
    """Every admonition title and every legend item of every diagram is on paper."""
    for source, _ in NAV:
        article = built_article(pdf_site, source)
        flat = squeeze(pdftotext(handout(pdf_site, source)))
        for screen_only in article.select(".rfn-screen-only"):
            screen_only.decompose()  # e.g. the folded list of a page's sources: on paper, one paragraph
        for title in article.select(".admonition-title, details > summary"):
            assert squeeze(title.get_text()) in flat, f"{source}: admonition title {title.get_text()!r}"
        for number in article.select(".rfn-diagram figcaption .rfn-figure-number"):
            number.decompose()  # a handout numbers its own figures from 1 (test_paper.py)
        for item in article.select(".rfn-diagram li, .rfn-diagram figcaption"):
            assert squeeze(item.get_text())[:50] in flat, f"{source}: legend {item.get_text()[:40]!r}"


def test_admonitions_keep_their_colours(pdf_site):
    """An admonition's tinted title bar is printed (backgrounds are on)."""
    with_box = [source for source, _ in NAV if built_article(pdf_site, source).select_one(".admonition")]
    assert with_box, "no page has an admonition to check"
    pdf = handout(pdf_site, with_box[0])
    # A coloured fill operator ("rg" with non-grey values) appears in the page content.
    content = b"".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)
    colours = {tuple(value) for value in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content)}
    assert any(len({r, g, b}) > 1 for r, g, b in colours), f"{pdf.name}: no coloured fill printed"


def test_pdfs_are_tagged_with_language_and_embedded_fonts(pdf_site):
    for pdf in sorted((pdf_site / "handouts").glob("*.pdf")):
        root = PdfReader(pdf).trailer["/Root"]
        assert "/StructTreeRoot" in root, f"{pdf.name} is not tagged"
        assert root["/MarkInfo"]["/Marked"], f"{pdf.name} is not marked"
        assert str(root["/Lang"]) == "en"
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, f"{pdf.name} has no fonts (text not selectable?)"
        for row in rows:
            columns = row.split()
            # name type... encoding emb sub uni object ID: "emb" is the 5th column from the end
            assert columns[-5] == "yes", f"{pdf.name}: font not embedded: {row}"


def test_handouts_are_us_letter_by_default(pdf_site):
    for pdf in sorted((pdf_site / "handouts").rglob("*.pdf")):
        for page in PdfReader(pdf).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - LETTER_POINTS[0]) < 2 and abs(height - LETTER_POINTS[1]) < 2, f"{pdf.name} is not Letter"


@pytest.mark.parametrize("source, title", NAV, ids=[source for source, _ in NAV])
def test_qr_code_scans_to_the_page(pdf_site, mkdocs_config, tmp_path, source, title):
    pdf = handout(pdf_site, source)
    last = len(PdfReader(pdf).pages)
    stem = source.removesuffix(".md")
    expected = mkdocs_config.site_url.rstrip("/") + "/" + ("" if stem == "index" else f"{stem}/")
    if placeholder_host(expected):  # an address that leads nowhere is never printed (issue 18)
        assert decode_qr(pdf, last, tmp_path) == []
        assert short_url(expected) not in " ".join(pdftotext(pdf).split())
        return
    assert decode_qr(pdf, last, tmp_path) == [expected]
    assert short_url(expected) in " ".join(pdftotext(pdf, last, last).split())


def test_links_in_handouts_go_to_the_published_site(pdf_site, mkdocs_config):
    for pdf in sorted((pdf_site / "handouts").glob("*.pdf")):
        for page in PdfReader(pdf).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                uri = str(action.get_object().get("/URI", "")) if action else ""
                assert "127.0.0.1" not in uri and "localhost" not in uri, f"{pdf.name} links to {uri}"


# --- Booklet ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def booklet_sections(mkdocs_config):
    back = tuple((mkdocs_config.extra.get("pdf") or {}).get("back_matter") or ())
    pages = [Page(source, "", title) for source, title in NAV]
    return [(page.src_uri, page.title) for page in booklet_order(pages, back)]


def toc_numbers(pdf: Path) -> dict[str, int]:
    """Title -> page number as printed on the contents page(s)."""
    reader = PdfReader(pdf)
    sections = [item for item in reader.outline if not isinstance(item, list)][2:]
    last_contents_page = reader.get_destination_page_number(sections[0]) if sections else 2
    found = {}
    for line in pdftotext(pdf, 2, max(2, last_contents_page or 2), layout=True).splitlines():
        if re.search(r"Page \d+ of \d+", line):  # the running footer
            continue
        match = re.match(r"\s*(.+?)\s*[.\s]*\s(\d+)\s*$", line)
        if match:
            found[" ".join(match.group(1).split())] = int(match.group(2))
    return found


def test_booklet_has_every_page_in_order_with_true_contents_numbers(pdf_site, booklet_sections):
    pdf = booklet(pdf_site)
    numbers = toc_numbers(pdf)
    assert list(numbers) == [title for _, title in booklet_sections], "contents does not list the pages in order"
    previous = 2
    for source, title in booklet_sections:
        number = numbers[title]
        assert number > previous, f"{title} does not come after the page before it"
        # The contents lists the short title from nav; the page starts with its heading, which
        # for most pages names the procedure in full ("How radiofrequency neurotomy (RFN) works")
        heading = HEADINGS.get(source, title)
        first_line = pdftotext(pdf, number, number).strip().splitlines()[0]
        assert " ".join(first_line.split()) == " ".join(heading.split()) or squeeze(heading) in squeeze(
            pdftotext(pdf, number, number))[:len(squeeze(heading)) + 5], f"{title} does not start on page {number}"
        previous = number


def test_booklet_ends_with_references_and_glossary(pdf_site, booklet_sections):
    assert [source for source, _ in booklet_sections][-2:] == ["references.md", "glossary.md"]


def test_booklet_cover_bookmarks_and_metadata(pdf_site, mkdocs_config, booklet_sections, tmp_path):
    pdf = booklet(pdf_site)
    reader = PdfReader(pdf)
    cover = " ".join(pdftotext(pdf, 1, 1).split())
    assert mkdocs_config.site_name in cover
    assert " ".join(mkdocs_config.site_description.split()) in cover
    assert "checked against their sources" in cover or "Last checked against its sources" in cover
    assert "Not yet reviewed by a clinician." in cover
    placeholder = placeholder_host(mkdocs_config.site_url)
    assert decode_qr(pdf, 1, tmp_path) == ([] if placeholder else [mkdocs_config.site_url])
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [str(item.title) for item in top]
    assert titles == ["Cover", "Contents", *[title for _, title in booklet_sections], "When to get help"]
    assert reader.get_destination_page_number(top[-1]) == len(reader.pages) - 1, "the back page is the last"
    numbers = toc_numbers(pdf)
    for item in top[2:-1]:
        assert reader.get_destination_page_number(item) + 1 == numbers[str(item.title)], item.title
    assert reader.metadata.title == mkdocs_config.site_name
    assert reader.metadata.subject == " ".join(mkdocs_config.site_description.split()) or reader.metadata.subject
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - LETTER_POINTS[0]) < 2 and abs(height - LETTER_POINTS[1]) < 2
    text = pdftotext(pdf)
    for pattern in RAW_MARKUP:
        assert not pattern.search(text), f"booklet: raw markup {pattern.pattern!r} printed"
    assert "Page 1 of" in text


def test_booklet_links_stay_inside_the_booklet(pdf_site):
    """A link to another page of the guide jumps inside the booklet, not to a web server."""
    reader = PdfReader(booklet(pdf_site))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            assert "127.0.0.1" not in uri, f"booklet links to {uri}"


def test_links_say_where_the_page_is_on_the_paper_in_hand(pdf_site):
    """A handout says another page is a separate handout; the booklet says it is in this booklet
    (a reader holding one never reads about the other)."""
    before = " ".join(pdftotext(handout(pdf_site, "before.md")).split())
    assert "diary (a separate handout)" in before and "in this booklet" not in before
    whole = " ".join(pdftotext(booklet(pdf_site)).split())
    assert "diary (in this booklet)" in whole and "a separate handout" not in whole


# --- The site: download button, print stylesheet ------------------------------------------------

def test_download_button_on_a_phone(pdf_site, browser):
    with serve_directory(pdf_site) as base_url:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
        tab = context.new_page()
        for source, _ in NAV:
            stem = source.removesuffix(".md")
            tab.goto(base_url + ("" if stem == "index" else f"{stem}/"))
            link = tab.get_by_role("link", name="Download this page as a PDF")
            assert link.is_visible(), f"{source}: no visible download link"
            box = link.bounding_box()
            assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
            response = context.request.get(link.evaluate("a => a.href"))
            assert response.ok and response.body().startswith(b"%PDF"), f"{source}: link does not give a PDF"
            assert response.body() == handout(pdf_site, source).read_bytes()
        # Nothing covers it, so a tap lands on the link itself
        hit = tab.evaluate("""() => {
          const link = [...document.querySelectorAll('a')].find(a => a.textContent.includes('Download this page'));
          const box = link.getBoundingClientRect();
          const found = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return link.contains(found);
        }""")
        assert hit, "something covers the download link"
        tab.emulate_media(media="print")
        assert not tab.get_by_role("link", name="Download this page as a PDF").is_visible()
        context.close()


def test_ctrl_p_prints_a_clean_page(pdf_site, mkdocs_config, browser):
    """A browser print of a page: no site chrome, QR box shown, collapsed blocks open."""
    with serve_directory(pdf_site) as base_url:
        tab = browser.new_page()
        tab.goto(base_url + "before/")
        assert not tab.locator(".rfn-print-link").is_visible(), "QR box shown on screen"
        tab.emulate_media(media="print")
        for selector in [".md-header", ".md-sidebar", ".md-footer", ".md-search", ".rfn-pdf-download"]:
            assert not tab.locator(selector).first.is_visible(), f"{selector} printed"
        # The QR box, unless the site has only a placeholder address (then none at all)
        placeholder = placeholder_host(mkdocs_config.site_url)
        assert tab.locator(".rfn-print-link").count() == (0 if placeholder else 1)
        assert placeholder or tab.locator(".rfn-print-link").is_visible()
        # A collapsed block and a screen-only note, added the way Markdown would write them
        tab.evaluate("""() => {
          const article = document.querySelector('article');
          article.insertAdjacentHTML('beforeend',
            '<details class="note"><summary>More</summary><p id="hidden-text">Inside</p></details>' +
            '<p class="rfn-screen-only" id="screen-note">Hover over a word</p>');
        }""")
        assert tab.locator("#hidden-text").is_visible(), "collapsed block not opened for print"
        assert not tab.locator("#screen-note").is_visible()
        tab.close()


def test_site_without_pdf_export_has_no_dead_download_link(built_site):
    assert not (built_site / "handouts").exists()
    assert "Download this page as a PDF" not in (built_site / "before" / "index.html").read_text(encoding="utf-8")


# --- Failure -----------------------------------------------------------------------------------

def test_a_chromium_that_will_not_start_gives_a_clear_error(tmp_path):
    from rfn_guide.pdf.export import export_pdfs
    from rfn_guide.pdf.settings import Settings

    (tmp_path / "index.html").write_text("<html><body><article>Hi</article></body></html>")
    settings = Settings(site_dir=tmp_path, site_url="https://example.org/", site_name="Guide",
                        chromium="/bin/false")
    with pytest.raises(PdfExportError, match="would not start.*apt-get install -y chromium"):
        export_pdfs(settings, [Page("index.md", "", "Home")])


def test_requests_to_other_sites_are_refused_while_printing(tmp_path):
    """A page that asks for a picture from the web still prints, and the request never leaves."""
    from rfn_guide.pdf.export import export_pdfs
    from rfn_guide.pdf.settings import Settings

    (tmp_path / "index.html").write_text(
        '<html lang="en"><body><article class="md-content__inner"><h1>Offline</h1>'
        '<img src="https://example.org/tracker.png" alt=""><img src="http://93.184.215.14/x.png" alt="">'
        '<p>Printed without the network.</p></article></body></html>')
    settings = Settings(site_dir=tmp_path, site_url="https://example.org/", site_name="Guide",
                        chromium=find_chromium())
    result = export_pdfs(settings, [Page("index.md", "", "Offline")], booklet=False)
    assert "Printed without the network." in pdftotext(result.handouts["index.md"])
    assert set(result.blocked) == {"http://93.184.215.14/x.png", "https://example.org/tracker.png"}


def test_a4_by_setting(pdf_site, tmp_path):
    """The same export on A4, as a clinic edition can ask (one page, no booklet, to keep the
    test quick)."""
    import shutil

    from rfn_guide.pdf.export import export_pdfs
    from rfn_guide.pdf.settings import Settings

    site = tmp_path / "site"
    shutil.copytree(pdf_site, site, ignore=shutil.ignore_patterns("handouts"))
    settings = Settings(site_dir=site, site_url="https://example.org/", site_name="Guide", paper="a4",
                        chromium=find_chromium())
    result = export_pdfs(settings, [Page("before.md", "before/", "Before the procedure")], booklet=False)
    box = PdfReader(result.handouts["before.md"]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)
    assert result.booklet is None


def test_missing_chromium_stops_the_build_with_a_clear_message(tmp_path):
    result = run_mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", PDF_EXPORT="1",
                              CHROMIUM_PATH="/nowhere/chromium", PATH="/nonexistent-bin")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "apt-get install -y chromium" in result.stderr
    assert "PDF_EXPORT=0" in result.stderr
    assert not (tmp_path / "site" / "handouts").exists()


# --- For a person to look at -----------------------------------------------------------------

def test_render_pages_for_review(pdf_site, test_output):
    """Renders a handout's first and last page and the booklet's cover, contents and a diagram
    page to PNG in test-output/."""
    renders = [
        (handout(pdf_site, NAV[1][0]), 1, "pdf-handout-first"),
        (handout(pdf_site, NAV[1][0]), len(PdfReader(handout(pdf_site, NAV[1][0])).pages), "pdf-handout-last"),
        (booklet(pdf_site), 1, "pdf-booklet-cover"),
        (booklet(pdf_site), 2, "pdf-booklet-contents"),
        (booklet(pdf_site), 4, "pdf-booklet-page4"),
    ]
    for pdf, page, name in renders:
        for old in test_output.glob(f"{name}*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(test_output / name)], check=True)
        image = test_output / f"{name}.png"
        assert image.is_file() and image.stat().st_size > 10_000, f"{image} is empty"


# --- Questions to ask your doctor: tick boxes and lines to write on, on paper (issue 10) -------


def is_tick_box(page: GreyPage, line: tuple) -> bool:
    """A hollow square drawn just left of a text line: what a pen can tick."""
    _text, x_min, y_min, _x_max, y_max = line
    ink = page.ink_box(x_min - 26, y_min - 5, x_min - 1, y_max + 5)
    if ink is None:
        return False
    left, top, right, bottom = ink
    width, height = right - left, bottom - top
    hollow = not page.dark((left + right) / 2, (top + bottom) / 2)
    return 8 <= width <= 20 and 8 <= height <= 20 and abs(width - height) <= 2 and hollow


def test_questions_handout_has_a_tick_box_and_lines_to_write_on_for_every_question(pdf_site, tmp_path, test_output):
    pdf = handout(pdf_site, "questions.md")
    questions = [" ".join(item.get_text().split())
                 for item in built_article(pdf_site, "questions.md").select(".rfn-write-answers li")]
    assert len(questions) >= 12
    found, bullets = [], []
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        page = GreyPage(pdf, number, tmp_path)
        lines = text_lines(pdf, number)
        for index, line in enumerate(lines):
            if any(line[0] == question or (question.startswith(line[0]) and len(line[0]) > 12)
                   for question in questions):
                assert is_tick_box(page, line), f"no tick box drawn beside {line[0]!r} (page {number})"
                below = lines[index + 1][2] if index + 1 < len(lines) else line[4] + 80
                if line[0] in questions or line[0].endswith("?") or line[0].endswith(":"):
                    rules = page.rule_tops(line[1], line[1] + 250, line[4], below)
                    assert len(rules) >= 2, f"no two lines to write on under {line[0]!r} (page {number})"
                    # Room for larger handwriting: 10 mm (28.3 pt) between the lines, less the rendering's
                    # rounding (they were 1.9em, 22.8 pt, before)
                    assert rules[1] - rules[0] >= 27, f"lines {rules[1] - rules[0]:.1f} pt apart under {line[0]!r}"
                found.append(line[0])
            elif line[0].startswith(("Check the questions you want", "Ask about the good", "Ask who to call")):
                bullets.append(is_tick_box(page, line))  # key points: a bullet is not a tick box
    assert len(found) >= len(questions), f"found {len(found)} of {len(questions)} questions: {found}"
    assert bullets and not any(bullets), "the tick box check cannot tell a bullet from a box"
    for old in test_output.glob("pdf-questions-page1*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                    str(test_output / "pdf-questions-page1")], check=True)


@pytest.mark.parametrize("folder", ["", "large-print"])
def test_own_questions_have_a_line_beside_them_for_the_question(pdf_site, tmp_path, folder):
    """"My question:" had only the two lines under it, which the other items keep for the answer:
    nowhere to write the question itself (a patient's-eye read of the handouts). On paper a line
    runs beside the label, in both print sizes."""
    pdf = pdf_site / "handouts" / folder / "questions.pdf"
    beside = []
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        page = GreyPage(pdf, number, tmp_path)
        for text, _x_min, y_min, x_max, y_max in text_lines(pdf, number):
            if text == "My question:":
                beside.append(bool(page.rule_tops(x_max + 8, x_max + 200, y_min, y_max + 6)))
    assert beside == [True, True], f"'My question:' items with a line beside them: {beside}"


def test_getting_ready_checklist_prints_tick_boxes(pdf_site, tmp_path):
    pdf = handout(pdf_site, "before.md")
    article = built_article(pdf_site, "before.md")
    for number in article.select("sup.rfn-cite"):
        number.decompose()  # citation numbers are not printed (the sources are named at the end)
    items = [" ".join(item.get_text().split()) for item in article.select("li.task-list-item")]
    boxes = 0
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        page = GreyPage(pdf, number, tmp_path)
        for line in text_lines(pdf, number):
            if any(squeeze(item).startswith(squeeze(line[0])) and len(line[0]) > 12 for item in items):
                boxes += is_tick_box(page, line)
    assert boxes == len(items), f"{boxes} tick boxes printed for {len(items)} checklist items"
