"""The PDF engine: large print read back from the PDFs, byte-identical builds, the cache.

The real site is built twice with PDF export on, each build with an empty cache of its own (the
slow part, shared by the tests here). Large print is checked by reading every character's font
size back from the PDF (pypdf's text matrix). The cache is checked by running the export on a
copy of the built site, changing a page, a stylesheet, a picture and a setting in turn."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rfn_guide.pdf.export import export_pdfs
from rfn_guide.pdf.print_editions import LARGE_PRINT, STANDARD
from rfn_guide.pdf.settings import Page, PdfExportError, Settings, find_chromium, handout_path
from support.project import ROOT, run_mkdocs_build
from support.serve import ServeLog, free_port, serve_directory

LARGE_TEXT_PT = 16  # UKAAF G003: large print is at least 16 pt (the edition's body text is 16 pt)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def twin_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The real site built twice from the same commit, each with an empty PDF cache."""
    base = tmp_path_factory.mktemp("twin-builds")
    sites = []
    for name in ("first", "second"):
        result = run_mkdocs_build(ROOT / "mkdocs.yml", base / name, PDF_EXPORT="1", PDF_PAPER="",
                                  PDF_CACHE=str(base / f"cache-{name}"), SOURCE_DATE_EPOCH="")
        assert result.returncode == 0, f"mkdocs build --strict with PDF export failed:\n{result.stderr}"
        assert "Traceback" not in result.stderr
        sites.append(base / name)
    return sites[0], sites[1]


@pytest.fixture(scope="session")
def lp_site(twin_sites) -> Path:
    return twin_sites[0]


def large_print_pdfs(site: Path) -> list[Path]:
    return sorted((site / "handouts" / "large-print").glob("*.pdf"))


def character_sizes(pdf: Path) -> Counter:
    """Characters (not counting spaces) at each font size in points, as a reader sees them on
    paper: the font size times the scale of the text and transformation matrices."""
    sizes: Counter = Counter()
    for page in PdfReader(pdf).pages:
        def visit(text, cm, tm, font_dict, font_size):
            characters = len("".join(text.split()))
            if not characters:
                return
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes[round(font_size * (c * c + d * d) ** 0.5, 1)] += characters
        page.extract_text(visitor_text=visit)
    return sizes


def share_at_least(sizes: Counter, points: float) -> float:
    total = sum(sizes.values())
    return sum(count for size, count in sizes.items() if size >= points - 0.05) / total if total else 0.0


def pdftotext_bbox(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# --- Large print -------------------------------------------------------------------------------

def test_every_page_and_the_booklet_have_a_large_print_edition(lp_site):
    standard = sorted(path.name for path in (lp_site / "handouts").glob("*.pdf"))
    large = [path.name for path in large_print_pdfs(lp_site)]
    assert large == standard and "rfn-guide.pdf" in large


def test_large_print_text_is_at_least_16_point(lp_site):
    """At least 90 % of the characters of every large-print PDF at 16 pt or more (G003); the same
    page in standard print is mostly smaller, so the edition is what makes the difference."""
    for pdf in large_print_pdfs(lp_site):
        sizes = character_sizes(pdf)
        share = share_at_least(sizes, LARGE_TEXT_PT)
        assert share >= 0.90, f"{pdf.name}: only {share:.0%} of the text at {LARGE_TEXT_PT} pt or more: {sorted(sizes.items())}"
        # The body text itself is 16 pt (G003's least, so a handout fits 7 pages): the most common size.
        assert sizes.most_common(1)[0][0] >= 15.9, f"{pdf.name}: body text is {sizes.most_common(1)[0][0]} pt"
    standard = share_at_least(character_sizes(lp_site / "handouts" / "how-it-works.pdf"), LARGE_TEXT_PT)
    assert standard < 0.5, "the standard handout is already large print?"


def test_large_print_page_numbers_are_as_large_as_the_text(lp_site):
    """'Page N of M' in the footer at 16 pt or more on every page (G003: page numbers the same
    size as the text), read with poppler's word boxes."""
    for pdf in large_print_pdfs(lp_site):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                           pdftotext_bbox(pdf))
        pages = [float(y_max) - float(y_min) for _, y_min, _, y_max, text in words if text == "Page"]
        assert len(pages) == len(PdfReader(pdf).pages), f"{pdf.name}: a page has no page number"
        # A word box is about 1.15 times the font size high in Liberation Sans.
        assert min(pages) >= LARGE_TEXT_PT, f"{pdf.name}: page numbers {min(pages):.1f} pt boxes"


def test_large_print_has_no_italics_and_embeds_its_fonts(lp_site):
    for pdf in large_print_pdfs(lp_site):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, f"{pdf.name} has no fonts"
        for row in rows:
            assert not re.search(r"Italic|Oblique", row.split()[0]), f"{pdf.name}: italic font {row.split()[0]}"
            assert row.split()[-5] == "yes", f"{pdf.name}: font not embedded: {row}"
            assert "Serif" not in row.split()[0], f"{pdf.name}: not a sans-serif font: {row.split()[0]}"


def test_large_print_is_tagged_with_bookmarks_and_its_own_title(lp_site):
    for pdf in large_print_pdfs(lp_site):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], f"{pdf.name} is not tagged"
        assert str(root["/Lang"]) == "en"
        assert reader.outline, f"{pdf.name} has no bookmarks"
        assert reader.metadata.title.endswith("(large print)"), reader.metadata.title
    booklet = PdfReader(lp_site / "handouts" / "large-print" / "rfn-guide.pdf")
    titles = [str(item.title) for item in booklet.outline if not isinstance(item, list)]
    assert titles[:2] == ["Cover", "Contents"] and "How it works" in titles


def test_large_print_uses_the_width_of_the_page_for_diagrams(lp_site):
    """A diagram in large print is drawn wider than in standard print (scaled to the page)."""
    def image_scales(pdf: Path) -> set[float]:
        scales: set[float] = set()
        for page in PdfReader(pdf).pages:
            stream = page.get_contents()
            assert stream is not None, "a page without content"
            content = stream.get_data()
            for a, _b, _c, _d in re.findall(rb"([\d.]+) ([\d.-]+) ([\d.-]+) ([\d.]+) [\d.-]+ [\d.-]+ cm", content):
                scales.add(round(float(a), 2))
        return scales
    large = image_scales(lp_site / "handouts" / "large-print" / "how-it-works.pdf")
    standard = image_scales(lp_site / "handouts" / "how-it-works.pdf")
    # Drawings printed at the same scale in both (icons) say nothing: compare the diagrams.
    assert large - standard and standard - large, (large, standard)
    assert max(large - standard) > max(standard - large), (large, standard)


def test_every_page_offers_both_pdfs_by_name(lp_site):
    for html_file in sorted(lp_site.glob("**/index.html")):
        if "handouts" in html_file.parts or html_file.parent.name == "404":
            continue
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        box = soup.select_one(".rfn-pdf-download")
        if box is None:
            continue
        links = {" ".join(a.get_text().split()): a["href"] for a in box.select("a")}
        assert set(links) == {"Download this page as a PDF", "Large print PDF"}, links
        for href in links.values():
            assert (html_file.parent / href).resolve().is_file(), f"{html_file}: {href} missing"
        assert "large-print/" in links["Large print PDF"]


def test_download_buttons_pass_axe_on_a_phone(lp_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    with serve_directory(lp_site) as base_url:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        tab = context.new_page()
        tab.goto(base_url + "before/", wait_until="load")
        link = tab.get_by_role("link", name="Large print PDF")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 375, box
        response = context.request.get(link.evaluate("a => a.href"))
        assert response.ok and response.body() == (lp_site / "handouts" / "large-print" / "before.pdf").read_bytes()
        results = Axe().run(tab, context=".rfn-pdf-download",
                            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        assert results.response["violations"] == [], results.response["violations"]
        context.close()


def test_render_a_large_print_page_for_review(lp_site, test_output):
    """Renders large-print pages (first page, a diagram page, the booklet's contents) to PNG."""
    for pdf, page, name in [
        (lp_site / "handouts" / "large-print" / "how-it-works.pdf", 1, "pdf-large-print-first"),
        (lp_site / "handouts" / "large-print" / "how-it-works.pdf", 2, "pdf-large-print-diagram"),
        (lp_site / "handouts" / "large-print" / "rfn-guide.pdf", 2, "pdf-large-print-contents"),
    ]:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                        str(test_output / name)], check=True)
        assert (test_output / f"{name}.png").stat().st_size > 10_000


# --- Reproducible ------------------------------------------------------------------------------

def test_two_builds_of_one_commit_are_byte_identical(twin_sites):
    first, second = twin_sites
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    kinds = Counter(path.suffix for path in files)
    assert kinds[".pdf"] >= 24 and kinds[".html"] >= 10 and Path("sitemap.xml.gz") in files
    differ = [str(path) for path in files if (first / path).read_bytes() != (second / path).read_bytes()]
    assert differ == [], f"files that differ between two builds of one commit: {differ}"


def test_every_content_key_is_numbered_in_order_and_in_the_parent_tree(lp_site):
    """Every /StructParents or /StructParent key of every object of a real build's PDFs is one of
    0 ... ParentTreeNextKey - 1, each used once and each in the parent tree: the keys were
    numbered again from the pages (pdfua.key_holders), and none was missed."""
    import pikepdf

    for pdf_path in sorted((lp_site / "handouts").rglob("*.pdf")):
        with pikepdf.open(pdf_path) as pdf:
            used = [int(obj[key]) for obj in pdf.objects if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream))
                    for key in ("/StructParents", "/StructParent") if key in obj]
            root = pdf.Root.StructTreeRoot
            in_tree = {int(key) for key, _ in pikepdf.NumberTree(root.ParentTree).items()}
            name = pdf_path.relative_to(lp_site)
            assert sorted(used) == list(range(int(root.ParentTreeNextKey))), f"{name}: keys {sorted(used)[:5]}..."
            assert set(used) == in_tree, f"{name}: keys outside the parent tree {sorted(set(used) ^ in_tree)[:5]}"


def test_dates_come_from_the_last_commit(twin_sites):
    """With no SOURCE_DATE_EPOCH, the PDFs' dates and the sitemap's lastmod are the last commit's."""
    commit = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout)
    day = dt.datetime.fromtimestamp(commit, dt.UTC)
    site = twin_sites[0]
    for pdf in [site / "handouts" / "before.pdf", site / "handouts" / "large-print" / "rfn-guide.pdf"]:
        meta = PdfReader(pdf).metadata
        assert meta.creation_date == day and meta.modification_date == day, (pdf.name, meta.creation_date, day)
        assert PdfReader(pdf).trailer["/ID"][0] == PdfReader(pdf).trailer["/ID"][1]
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text())) == {day.date().isoformat()}


# --- Cache ---------------------------------------------------------------------------------------

CACHE_PAGES = [
    Page("index.md", "", "What is radiofrequency neurotomy?", last_reviewed=dt.date(2026, 11, 24)),
    Page("how-it-works.md", "how-it-works/", "How it works", last_reviewed=dt.date(2026, 11, 24)),
    Page("about.md", "about/", "About this information", last_reviewed=dt.date(2026, 11, 24)),
]


def test_the_cache_drops_only_old_prints_no_entry_points_at(tmp_path):
    """The export prunes the cache beside its own work (export.py), which is safe only because
    a blob that goes is both an hour old and no entry's: what this run reads, or has just
    written, stays."""
    import os
    import time

    from rfn_guide.pdf.cache import PdfCache

    cache = PdfCache(tmp_path / "cache", tmp_path / "site", scope="en")  # entries in a language's folder
    kept = cache.store("standard/index", {"kind": "handout"}, [], b"%PDF kept")
    blobs = tmp_path / "cache" / "blobs"
    old = time.time() - 2 * 3600
    for name, when in (("0ld.raw.pdf", old), ("0ld.f1.pdf", old), ("new.raw.pdf", time.time())):
        (blobs / name).write_bytes(b"%PDF")
        os.utime(blobs / name, (when, when))
    os.utime(blobs / f"{kept}.raw.pdf", (old, old))  # old, but an entry points at it
    cache.prune()
    assert sorted(path.name for path in blobs.iterdir()) == sorted([f"{kept}.raw.pdf", "new.raw.pdf"])


def test_the_cache_drops_entries_left_unscoped_by_older_exporters_and_their_prints(tmp_path):
    """Entries directly in entries/ (before each language had its folder) are read by nobody:
    once an hour old they go, and so do the old prints only they pointed at; a new one stays."""
    import os
    import time

    from rfn_guide.pdf.cache import PdfCache

    folder = tmp_path / "cache"
    legacy = PdfCache(folder, tmp_path / "site")  # scope "": how older exporters kept entries
    old_key = legacy.store("standard/index", {"kind": "handout"}, [], b"%PDF old")
    new_key = legacy.store("standard/about", {"kind": "handout"}, [], b"%PDF new")
    cache = PdfCache(folder, tmp_path / "site", scope="en")
    kept = cache.store("standard/index", {"kind": "handout", "v": 2}, [], b"%PDF kept")
    old = time.time() - 2 * 3600
    for path in (folder / "entries" / "standard--index.json", *(folder / "blobs").iterdir()):
        os.utime(path, (old, old))
    cache.prune()
    assert sorted(path.name for path in (folder / "entries").rglob("*.json")) == [
        "standard--about.json", "standard--index.json"]  # the legacy one an hour new, and en's
    assert (folder / "entries" / "en" / "standard--index.json").is_file()
    assert sorted(path.name for path in (folder / "blobs").iterdir()) == sorted(
        [f"{kept}.raw.pdf", f"{new_key}.raw.pdf"]), old_key


def _pdf_names(paths: list[str]) -> set[str]:
    return {path.removeprefix("handouts/") for path in paths}


def test_cache_reprints_only_what_changed(lp_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(lp_site, site, ignore=shutil.ignore_patterns("handouts"))
    cache = tmp_path / "cache"
    moment = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)

    def export(paper: str = "A4", date: dt.datetime = moment):
        settings = Settings(site_dir=site, site_url="https://rfn-guide.example.org/", site_name="Guide",
                            site_description="About RFN.", paper=paper, chromium=find_chromium(), cache_dir=cache,
                            date=date, back_matter=("about.md",))
        return export_pdfs(settings, CACHE_PAGES)

    def snapshot() -> dict[str, bytes]:
        return {str(p.relative_to(site / "handouts")): p.read_bytes() for p in (site / "handouts").rglob("*.pdf")}

    every = {handout_path(p.src_uri, e).removeprefix("handouts/") for p in CACHE_PAGES for e in (STANDARD, LARGE_PRINT)}
    booklets = {"rfn-guide.pdf", "large-print/rfn-guide.pdf"}

    cold = export()
    assert _pdf_names(cold.printed) == every | booklets and not cold.cached
    before = snapshot()

    # No change: nothing printed, Chromium not even started, the same bytes.
    again = export()
    assert again.printed == [] and not again.browser_started
    assert _pdf_names(again.cached) == every | booklets
    assert snapshot() == before

    # A new commit that changes no page (another date): nothing printed, every PDF finished
    # again from the cache with the new date; a booklet is merged again from its kept parts.
    later = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    restamped = export(date=later)
    assert restamped.printed == [] and not restamped.browser_started
    assert _pdf_names(restamped.refinished) == every | booklets
    for name in ("rfn-guide.pdf", "about.pdf"):
        old, new = PdfReader(io.BytesIO(before[name])), PdfReader(site / "handouts" / name)
        assert new.metadata["/CreationDate"] == "D:20261125000000Z" != old.metadata["/CreationDate"]
        assert [page.extract_text() for page in new.pages] == [page.extract_text() for page in old.pages]
    # ...and if a part a booklet was kept as is gone from the cache, that booklet is made again.
    about_part = json.loads((cache / "entries" / "en" / "standard--booklet--about.json").read_text(encoding="utf-8"))["key"]
    (cache / "blobs" / f"{about_part}.raw.pdf").unlink()
    remade = export(date=dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    assert _pdf_names(remade.printed) == {"rfn-guide.pdf"}
    assert _pdf_names(remade.refinished) == every | {"large-print/rfn-guide.pdf"}
    assert [page.extract_text() for page in PdfReader(site / "handouts" / "rfn-guide.pdf").pages] == [
        page.extract_text() for page in PdfReader(io.BytesIO(before["rfn-guide.pdf"])).pages]
    assert export().printed == [] and snapshot() == before  # the first date again: as before

    # A page's text: that page in both editions and both booklets; the rest from the cache.
    about = site / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8").replace("<h1", "<p>Cache check sentence.</p><h1", 1),
                     encoding="utf-8")
    # ...as a build would: the search index (which every page's search box could load) changes too.
    index = site / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace('"docs":[', '"docs":[{"location":"about/","title":"x","text":"Cache check sentence."},', 1),
                     encoding="utf-8")
    edited = export()
    assert _pdf_names(edited.printed) == {"about.pdf", "large-print/about.pdf"} | booklets
    assert _pdf_names(edited.cached) == every - {"about.pdf", "large-print/about.pdf"}
    text = subprocess.run(["pdftotext", str(site / "handouts" / "about.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Cache check sentence." in text
    after_edit = snapshot()
    assert after_edit["index.pdf"] == before["index.pdf"] and after_edit["about.pdf"] != before["about.pdf"]

    # A picture only one page shows: that page (both editions) and the booklets.
    diagram = site / "assets" / "diagrams" / "facet-joint.svg"
    diagram.write_text(diagram.read_text(encoding="utf-8").replace("</svg>", '<rect x="0" y="0" width="9" height="9"/></svg>'),
                       encoding="utf-8")
    pictured = export()
    assert _pdf_names(pictured.printed) == {"how-it-works.pdf", "large-print/how-it-works.pdf"} | booklets

    # A stylesheet every page uses: every PDF, and every one changes.
    stylesheet = site / "stylesheets" / "print.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n@media print { html .md-typeset p { color: #a00 !important; } }\n",
                          encoding="utf-8")
    restyled = export()
    assert _pdf_names(restyled.printed) == every | booklets
    after_style = snapshot()
    assert all(after_style[name] != after_edit[name] for name in every)

    # A setting (paper): every PDF again, on US Letter.
    letter = export(paper="Letter")
    assert _pdf_names(letter.printed) == every | booklets
    box = PdfReader(site / "handouts" / "large-print" / "index.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


_EXPORT_IN_A_FRESH_PROCESS = """
import datetime as dt, sys
from pathlib import Path
from rfn_guide.pdf.export import export_pdfs
from rfn_guide.pdf.settings import Page, Settings, find_chromium

if __name__ == "__main__":
    site, cache = Path(sys.argv[1]), Path(sys.argv[2])
    pages = [Page("index.md", "", "Home"), Page("how-it-works.md", "how-it-works/", "How it works"),
             Page("about.md", "about/", "About")]
    settings = Settings(site_dir=site, site_url="https://rfn-guide.example.org/", site_name="Guide",
                        paper="A4", chromium=find_chromium(), cache_dir=cache, back_matter=("about.md",),
                        date=dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    for _ in range(2):  # printed, then taken from the cache
        result = export_pdfs(settings, pages)
        print(len(result.printed), len(result.cached), "pikepdf" in sys.modules)
"""


def test_the_exports_own_process_never_imports_pikepdf(lp_site, tmp_path):
    """The pikepdf work is the worker processes' (jobs.py): a cold export (handouts and both
    booklets) and one from the cache, in a fresh process, leave pikepdf unimported there (it
    cost every build that made PDFs 0.06-0.09 s on its critical path)."""
    site = tmp_path / "site"
    shutil.copytree(lp_site, site, ignore=shutil.ignore_patterns("handouts"))
    script = tmp_path / "export.py"
    script.write_text(_EXPORT_IN_A_FRESH_PROCESS, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(site), str(tmp_path / "cache")], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["8 0 False", "0 8 False"], done.stdout


def test_a_running_footer_of_the_wrong_length_stops_the_export_and_is_not_kept(lp_site, tmp_path, monkeypatch):
    """The footer's page count is checked by the worker that counts it, before it is kept: the
    export stops with the reason, and the next one prints the footer again rather than taking
    the wrong one from the cache (it would have failed the same way every time)."""
    import rfn_guide.pdf.export as export_module

    site = tmp_path / "site"
    shutil.copytree(lp_site, site, ignore=shutil.ignore_patterns("handouts"))
    settings = Settings(site_dir=site, site_url="https://rfn-guide.example.org/", site_name="Guide",
                        paper="A4", chromium=find_chromium(), cache_dir=tmp_path / "cache", back_matter=("about.md",),
                        date=dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    real = export_module.print_furniture

    async def one_sheet_short(tab, settings, edition, pages):
        return await real(tab, settings, edition, pages - 1)

    monkeypatch.setattr(export_module, "print_furniture", one_sheet_short)
    with pytest.raises(PdfExportError, match=r"running footer came out on \d+ pages, not \d+"):
        export_pdfs(settings, CACHE_PAGES)
    monkeypatch.undo()
    again = export_pdfs(settings, CACHE_PAGES)
    assert all("(furniture)" in parts for parts in again.booklet_parts.values()), again.booklet_parts
    assert {"rfn-guide.pdf", "large-print/rfn-guide.pdf"} <= _pdf_names(again.printed)


def test_a_page_that_cannot_be_opened_stops_the_export_with_its_name(lp_site, tmp_path):
    """A page missing from the built site stops the export at once with the page's name, while
    the booklets wait for its sections (nothing hangs, no traceback), and a later export with
    the page back prints it."""
    site = tmp_path / "site"
    shutil.copytree(lp_site, site, ignore=shutil.ignore_patterns("handouts"))
    moved = tmp_path / "about.html"
    (site / "about" / "index.html").rename(moved)
    settings = Settings(site_dir=site, site_url="https://rfn-guide.example.org/", site_name="Guide",
                        site_description="About RFN.", chromium=find_chromium(), cache_dir=tmp_path / "cache",
                        date=dt.datetime(2026, 11, 24, tzinfo=dt.UTC), back_matter=("about.md",))
    with pytest.raises(PdfExportError, match=r"Could not open the built page for about\.md"):
        export_pdfs(settings, CACHE_PAGES)
    moved.rename(site / "about" / "index.html")
    again = export_pdfs(settings, CACHE_PAGES)
    assert {"about.pdf", "rfn-guide.pdf"} <= _pdf_names(again.printed)


def test_a_failed_export_lets_every_tab_go_even_with_jobs_left():
    """After a failed page, the export closes its job queue: a tab's worker that outlived its
    cancellation (Python 3.11's wait_for can swallow one) takes no further job and returns,
    instead of waiting for one for good (the export once hung so)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from rfn_guide.pdf.export import _Jobs

    async def go() -> list[str]:
        jobs, ran = _Jobs(), []

        async def job(tab: str) -> None:
            ran.append(tab)

        jobs.close(2)
        jobs.add(_Jobs.PAGE, job)  # queued ahead of the stops
        async with asyncio.timeout(10):
            await asyncio.gather(jobs.work("first tab"), jobs.work("second tab"))
        return ran

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, go()).result() == []


def test_the_javascript_lives_in_js_files():
    package = ROOT / "hooks" / "rfn_guide" / "pdf"
    for module in package.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "querySelector" not in text and "=>" not in text, f"{module.name} holds JavaScript"
    assert {path.name for path in (package / "js").glob("*.js")} >= {"prepare.js", "booklet.js", "toc-numbers.js"}


def _printed_in_log(stderr: str) -> set[str]:
    line = next(line for line in stderr.splitlines() if "PDF handouts in handouts/" in line)
    listed = line.split("printed ", 1)[1].split(";", 1)[0]
    return set() if listed == "nothing" else {name.strip() for name in listed.split(",")}


def _booklet_parts_in_log(stderr: str, edition: str) -> set[str]:
    line = next(line for line in stderr.splitlines() if "PDF handouts in handouts/" in line)
    listed = line.split(f"; {edition} booklet parts printed: ", 1)[1].split(";", 1)[0]
    return set() if listed == "none" else {name.strip() for name in listed.split(",")}


def test_editing_the_markdown_reprints_only_that_page(twin_sites, tmp_path):
    """End to end, as an editor works with `scripts/build.sh` (English, then Spanish, into one
    cache): build, change one page's Markdown, build again. Only that page (both editions) and
    the booklets are printed again; the log says so. The Spanish build in between keeps its
    prints apart (the two languages name their PDFs alike: each once took the other's place,
    and every build printed everything)."""
    project = tmp_path / "project"
    for name in ("docs", "docs-es", "includes", "overrides", "hooks"):  # the whole guide: pages link to their translations
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for config in ("mkdocs.yml", "mkdocs.es.yml"):
        shutil.copy(ROOT / config, project / config)
    cache = tmp_path / "cache"
    shutil.copytree(twin_sites[0].parent / "cache-first", cache)  # the twin build's prints, to start warm
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    env = {"PDF_EXPORT": "1", "PDF_PAPER": "", "PDF_CACHE": str(cache), "SOURCE_DATE_EPOCH": commit}
    first = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site1", **env)
    assert first.returncode == 0, first.stderr
    assert _printed_in_log(first.stderr) == set(), "the same content was printed again"
    spanish = run_mkdocs_build(project / "mkdocs.es.yml", tmp_path / "site-es", **env)
    assert spanish.returncode == 0, spanish.stderr
    again = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site1", **env)
    assert _printed_in_log(again.stderr) == set(), "the Spanish build took the English prints' place"
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nWe check this guide every year.\n", encoding="utf-8")
    second = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site2", **env)
    assert second.returncode == 0, second.stderr
    assert _printed_in_log(second.stderr) == {"about.pdf", "large-print/about.pdf", "rfn-guide.pdf",
                                              "large-print/rfn-guide.pdf"}
    # Of each booklet, the about page's section is printed again, and no other page's.
    for edition in ("standard", "large-print"):
        parts = _booklet_parts_in_log(second.stderr, edition)
        assert parts - {"(cover and contents)", "notes", "(furniture)"} == {"about"}, (edition, parts)
    text = subprocess.run(["pdftotext", str(tmp_path / "site2" / "handouts" / "large-print" / "about.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "We check this guide every year." in " ".join(text.split())


def test_a_booklet_after_a_one_word_change_is_the_booklet_of_a_cold_build(built_site, tmp_path):
    """Build, change one word of one page, build again into the same cache: only that page's
    handouts and the booklets are printed, and each booklet is byte for byte the booklet a cold
    build (an empty cache) makes from the changed site. The cache never serves the old word.
    Then only the back page's cards change: only the back page is printed again."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("handouts"))
    moment = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    booklets = {"rfn-guide.pdf", "large-print/rfn-guide.pdf"}
    card = ('<div class="admonition care-emergency"><p class="admonition-title">Get emergency help now if</p>'
            "<ul><li>your legs get {word} weaker</li></ul></div>")

    def export(cache: Path, word: str = "much"):
        settings = Settings(site_dir=site, site_url="https://rfn-guide.example.org/", site_name="Guide",
                            site_description="About RFN.", chromium=find_chromium(), cache_dir=cache,
                            date=moment, back_matter=("about.md",), back_cards=card.format(word=word))
        result = export_pdfs(settings, CACHE_PAGES)
        return result, {name: (site / "handouts" / name).read_bytes() for name in booklets}

    cold, _ = export(tmp_path / "cache")
    assert _pdf_names(cold.printed) >= booklets and not cold.cached
    # Every part of each booklet printed once: the sections, the cover and contents, the back
    # page, the footer.
    sections = ["index", "how-it-works", "about"]
    for edition, parts in cold.booklet_parts.items():
        assert [part for part in parts if part != "notes"] == [*sorted(sections), "", "(furniture)", "back"], edition
    page = site / "how-it-works" / "index.html"
    markup = page.read_text(encoding="utf-8")
    at = markup.index("<p>", markup.index("<article")) + 3
    page.write_text(markup[:at] + "Zebrafinch " + markup[at:], encoding="utf-8")

    edited, incremental = export(tmp_path / "cache")
    changed = {"how-it-works.pdf", "large-print/how-it-works.pdf"}
    assert _pdf_names(edited.printed) == changed | booklets
    assert len(edited.cached) == 2 * len(CACHE_PAGES) - len(changed)
    # Of each booklet, only the changed page's section was printed again.
    assert edited.booklet_parts == {"standard": ["how-it-works"], "large-print": ["how-it-works"]}
    for name in booklets:
        words = subprocess.run(["pdftotext", str(site / "handouts" / name), "-"], capture_output=True,
                               text=True, check=True).stdout
        assert "Zebrafinch" in words, f"{name} does not show the changed page's new word"

    _, from_cold = export(tmp_path / "cold-cache")
    for name in booklets:
        assert incremental[name] == from_cold[name], f"{name} after a one-word change differs from a cold build's"

    # The cards change (the After page, a clinic's numbers): the back page alone is printed again
    recarded, _ = export(tmp_path / "cache", word="Quetzal")
    assert {edition: [part for part in parts if part != "notes"] for edition, parts in recarded.booklet_parts.items()} \
        == {"standard": ["back"], "large-print": ["back"]}
    for name in booklets:
        reader = PdfReader(site / "handouts" / name)
        back = " ".join(reader.pages[-1].extract_text().split())
        assert "your legs get Quetzal weaker" in back, f"{name}: the back page is not the new cards: {back!r}"
        assert str(reader.outline[-1].title) == "When to get help"
        assert reader.get_destination_page_number(reader.outline[-1]) == len(reader.pages) - 1


# --- `mkdocs serve` keeps its Chromium between rebuilds (issue 21) -------------------------------

def test_a_warm_browser_is_started_once_and_again_only_after_it_closed():
    from rfn_guide.pdf.browser import WarmBrowser

    warm = WarmBrowser()
    try:
        first = warm.run(warm.browser(find_chromium(), "en"))
        assert warm.run(warm.browser(find_chromium(), "en")) is first and warm.starts == 1
        warm.run(first.close())  # as if Chromium had crashed
        again = warm.run(warm.browser(find_chromium(), "en"))
        assert again is not first and again.connected and warm.starts == 2
    finally:
        warm.close()
    assert not warm._thread.is_alive()


def test_an_early_browser_hands_its_spare_tabs_to_the_export_and_closes_after_it():
    """`mkdocs build` starts Chromium and a tab while the HTML is built (two here: an export that
    wants more makes them); the export that asks for a tab meanwhile gets a spare one (no third is
    made), and Chromium closes when the export is done with it (a build keeps no browser)."""
    from rfn_guide.pdf.browser import WarmBrowser

    warm = WarmBrowser(keep=False)
    try:
        warm.start_soon(find_chromium(), "en", 2)

        async def export_asks():
            browser = await warm.browser(find_chromium(), "en")
            tabs = await browser.tabs(1, "http://127.0.0.1:9/")
            contexts = len(browser._contexts)
            await warm.done(browser)
            return browser, tabs, contexts

        browser, tabs, contexts = warm.run(export_asks())
        assert len(tabs) == 1 and contexts == 2 and warm.starts == 1
        assert not browser.connected, "a build's Chromium was left running after its export"
    finally:
        warm.close()
    assert not warm._thread.is_alive()


def test_an_early_browser_starts_the_workers_once_its_tab_is_ready():
    """`mkdocs build` starts the worker processes only after Chromium and its tab are ready (the
    two starts at once took both cores from the HTML build): `then` is called once, by then the
    tab is there."""
    import threading

    from rfn_guide.pdf.browser import WarmBrowser

    seen: list[int] = []
    called = threading.Event()
    warm = WarmBrowser(keep=False)

    def then() -> None:
        seen.append(len(warm._browser._spare) if warm._browser else -1)
        called.set()

    try:
        warm.start_soon(find_chromium(), "en", 1, then=then)
        assert called.wait(30), "the workers were never started"
        assert seen == [1], "the workers started before Chromium's tab was ready"
    finally:
        warm.close()


def test_a_kept_browser_readies_a_tab_for_the_next_rebuild():
    """Under `mkdocs serve`, once an export is over its tabs are closed and one fresh tab is made
    for the next rebuild, which then gets it without making another; Chromium keeps running."""
    from rfn_guide.pdf.browser import WarmBrowser

    warm = WarmBrowser(keep=True)
    try:
        async def rebuild(origin: str):
            browser = await warm.browser(find_chromium(), "en")
            spare = list(browser._spare)
            tabs = await browser.tabs(1, origin)
            contexts = len(browser._contexts)
            await warm.done(browser)
            return browser, spare, tabs, contexts

        browser, spare_before, first, _ = warm.run_export(rebuild("http://127.0.0.1:9/"))
        assert spare_before == []
        warm.run(warm.settled())
        again, spare, second, contexts = warm.run_export(rebuild("http://127.0.0.1:8/"))
        assert again is browser and len(spare) == 1 and second == spare and second[0] is not first[0]
        assert contexts == 1 and browser.connected and warm.starts == 1
    finally:
        warm.close()


def test_the_sources_fingerprint_changes_with_an_edit_and_is_noted_per_config(tmp_path):
    """The guess that starts Chromium early: the same files give the same fingerprint, an edit
    (or a new file) another; the fingerprint noted after an export is read back for that
    config only, and a cache folder that cannot be written is no error."""
    from rfn_guide.pdf.cache import note_sources, noted_sources, sources_fingerprint

    docs = tmp_path / "docs"
    (docs / "img").mkdir(parents=True)
    page = docs / "before.md"
    page.write_text("# Before\n", encoding="utf-8")
    (docs / "img" / "a.svg").write_text("<svg/>", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    first = sources_fingerprint([docs, config, tmp_path / "missing"])
    assert sources_fingerprint([docs, config, tmp_path / "missing"]) == first
    page.write_text("# Before you come\n", encoding="utf-8")
    edited = sources_fingerprint([docs, config])
    assert edited != first
    (docs / "after.md").write_text("# After\n", encoding="utf-8")
    assert sources_fingerprint([docs, config]) != edited

    cache = tmp_path / "cache"
    assert noted_sources(cache, str(config)) == "" and noted_sources(None, str(config)) == ""
    note_sources(cache, str(config), edited)
    assert noted_sources(cache, str(config)) == edited
    assert noted_sources(cache, str(tmp_path / "mkdocs.es.yml")) == ""
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    note_sources(blocked, str(config), edited)  # cannot be written: no error, nothing noted
    assert noted_sources(blocked, str(config)) == ""


def _chromiums(ancestor: int) -> list[int]:
    """The Chromium browser processes (not its helpers) started, at any depth, by process
    `ancestor` (Playwright gives Chromium a session of its own, so its parents are followed)."""
    parents: dict[int, int] = {}
    browsers = []
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            stat = (folder / "stat").read_text()
            command = (folder / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        parents[int(folder.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        if command[0].endswith((b"chromium", b"chromium-headless-shell")) and not any(
                arg.startswith(b"--type=") for arg in command):
            browsers.append(int(folder.name))

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == ancestor:
                return True
        return False

    return [pid for pid in browsers if descends(pid)]


def test_mkdocs_serve_keeps_chromium_between_rebuilds_and_stops_it_with_the_server(tmp_path):
    """`mkdocs serve` with PDF_EXPORT=1, as an editor runs it: the first build starts Chromium,
    an edit reprints the page with the same Chromium, and Ctrl+C leaves no Chromium behind."""
    import os
    import signal
    import sys
    import urllib.request

    from validation_site import make_site

    config = make_site(tmp_path, settings="extra:\n  pdf:\n    back_matter: [references.md]\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "1", "PDF_CACHE": str(tmp_path / "cache")}
    port = free_port()
    # Ctrl+C must reach it as it reaches an editor's server: a pytest-xdist worker ignores SIGINT,
    # and a child inherits that, so the server gets the default back before it starts.
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    log = ServeLog(server)

    try:
        first = log.wait_for("PDF handouts in")
        assert "printed" in first and "Chromium kept running" not in first, first
        assert len(_chromiums(server.pid)) == 1
        log.wait_for("Serving on")  # the server watches the files from here on
        page = tmp_path / "docs" / "second.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added while serving.\n", encoding="utf-8")
        second = log.wait_for("PDF handouts in")
        assert "large-print/second.pdf" in second and ", second.pdf" in second, second
        assert "Chromium kept running from the last build" in second, second
        assert len(_chromiums(server.pid)) == 1, "a second Chromium was started"
        handout = tmp_path / "second.pdf"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/handouts/second.pdf", timeout=30) as response:
            handout.write_bytes(response.read())
        assert "A sentence added while serving." in subprocess.run(
            ["pdftotext", str(handout), "-"], capture_output=True, text=True, check=True).stdout
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail("mkdocs serve did not stop within 120 s of Ctrl+C; its last lines:\n" + log.tail())
    assert _chromiums(server.pid) == [], "Chromium outlived the server"
