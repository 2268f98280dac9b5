"""The offline copy: scripts/build_offline.py builds it (OFFLINE=true) and zips it; a reader
unzips it and opens index.html from disk (file://), with no server and no network."""
from __future__ import annotations

import sys
import zipfile

from support.browser import search_links
from support.project import ROOT


def test_zip_holds_one_folder_with_the_site_and_handouts(offline_zip, built_site):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    roots = {name.split("/", 1)[0] for name in names}
    assert len(roots) == 1, f"the zip should unpack into one folder, not {sorted(roots)}"
    [root] = roots
    assert f"{root}/index.html" in names
    assert f"{root}/search/search_index.js" in names, "offline search needs the inlined index"
    assert f"{root}/assets/javascripts/iframe-worker-shim.js" in names
    assert not [name for name in names if name.endswith(".map")], "source maps are of no use to a reader"
    # Every page of the online site is in the copy, as name.html (no directory URLs offline)
    for page in sorted(built_site.rglob("index.html")):
        stem = page.parent.relative_to(built_site).as_posix()
        expected = f"{root}/index.html" if stem == "." else f"{root}/{stem}.html"
        assert expected in names, f"{stem} is missing from the offline copy"


def test_zip_includes_handouts_when_built_with_pdfs(tmp_path):
    """The packaging step takes every PDF in the site along (the build here had none)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_offline import package
    finally:
        sys.path.pop(0)
    site = tmp_path / "site"
    (site / "handouts").mkdir(parents=True)
    (site / "index.html").write_text("<p>hi</p>")
    (site / "handouts" / "before.pdf").write_bytes(b"%PDF-1.7 test")
    (site / "sitemap.xml").write_text("<urlset/>")
    zip_path = tmp_path / "copy.zip"
    report = package(site, zip_path, folder="rfn-guide")
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
    assert "rfn-guide/handouts/before.pdf" in names
    assert "rfn-guide/sitemap.xml" not in names
    assert report.pdfs == ["handouts/before.pdf"]


def test_offline_copy_works_from_disk(offline_copy, built_site, browser):
    """Opened from file://: pages link to pages, search finds a word, every picture loads,
    and nothing is fetched from the network."""
    context = browser.new_context()
    page = context.new_page()
    network: list[str] = []
    page.on("request", lambda request: network.append(request.url)
            if not request.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((offline_copy / "index.html").as_uri())
        assert page.locator("h1").first.is_visible()

        # Navigation: the footer's "Next" link opens the next page from disk
        next_link = page.locator("a.md-footer__link--next").first
        next_title = page.locator("a.md-footer__link--next .md-ellipsis").first.inner_text().strip()
        next_link.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(".html"), page.url
        assert page.title().startswith(next_title), (page.title(), next_title)  # the next page's own title
        assert page.locator("article h1").first.is_visible()

        # Search: the longest word of this page's title finds this page
        import re

        word = max(re.findall(r"[A-Za-z]{4,}", next_title), key=len)
        page.wait_for_load_state("load")
        query = page.locator("input[data-md-component='search-query']")
        assert query.is_visible(), "no search box: search did not start from file://"
        this_page = page.url.rsplit("/", 1)[1]
        hrefs = search_links(page, word, finds=this_page)
        assert any(this_page in href for href in hrefs), f"search for {word!r} gave {hrefs}"
        result_link = page.locator(".md-search-result__item a.md-search-result__link").first
        result_link.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://")

        # Pictures: every page's images load from disk, diagrams included; the copy has as
        # many diagrams as the online site
        diagrams_online = sum(page_html.read_text(encoding="utf-8").count('class="rfn-diagram')
                              for page_html in built_site.rglob("*.html"))
        diagrams_offline = 0
        for html in sorted(offline_copy.glob("*.html")):
            if html.name == "404.html":
                continue
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            diagrams_offline += html.read_text(encoding="utf-8").count('class="rfn-diagram')
            # Pictures on screen; the print-only copies (handout end matter) are checked below
            for image in page.locator("article img:visible").all():
                image.scroll_into_view_if_needed()
                loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
                assert loaded, f"{html.name}: image {image.get_attribute('src')} did not load from disk"
            diagram_images = page.locator(".rfn-diagram img")
            for index in range(diagram_images.count()):
                assert diagram_images.nth(index).evaluate("img => img.naturalWidth > 0")
        assert diagrams_offline == diagrams_online

        assert not network, f"the offline copy fetched from the network: {network}"
        assert not errors, f"script errors in the offline copy: {errors}"
    finally:
        context.close()
