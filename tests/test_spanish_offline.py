"""The offline copy in both languages (scripts/build_offline.py): the zip holds the Spanish
edition under es/ beside the English one, and from file:// in Chromium each page's language
switch opens the same page in the other language, Spanish search works and diagrams load."""
from __future__ import annotations

import zipfile

from support.pages import SPANISH_PAGES


def test_zip_holds_the_spanish_edition_beside_the_english(offline_zip):  # noqa: F811
    with zipfile.ZipFile(offline_zip) as archive:
        names = set(archive.namelist())
    for src in SPANISH_PAGES:
        stem = src[:-3]
        assert f"rfn-guide/es/{stem}.html" in names, f"es/{stem}.html is missing from the offline copy"
        assert f"rfn-guide/{stem}.html" in names
    assert "rfn-guide/es/search/search_index.js" in names, "Spanish offline search needs its inlined index"


def test_language_switch_and_spanish_search_work_from_disk(offline_copy, browser):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    network: list[str] = []
    page.on("request", lambda request: network.append(request.url)
            if not request.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    try:
        page.goto((offline_copy / "es" / "after.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "es"
        page.get_by_role("link", name="Read this page in English").click()
        page.wait_for_url((offline_copy / "after.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "en"
        page.get_by_role("link", name="Leer esta página en español").click()
        page.wait_for_url((offline_copy / "es" / "after.html").as_uri())

        page.goto((offline_copy / "es" / "index.html").as_uri())
        page.get_by_role("link", name="Read this page in English").click()
        page.wait_for_url((offline_copy / "index.html").as_uri())

        page.goto((offline_copy / "es" / "how-it-works.html").as_uri())
        page.wait_for_load_state("load")
        for image in page.locator(".rfn-diagram img").all():
            image.scroll_into_view_if_needed()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("src")
        query = page.locator("input[data-md-component='search-query']")
        query.click()
        query.press_sequentially("agujas")  # key by key: Material searches on each key press
        first = page.locator(".md-search-result__item a.md-search-result__link").first
        first.wait_for(timeout=20_000)
        assert "/es/" in first.evaluate("a => a.href")
        assert page.locator(".md-search-result mark", has_text="aguja").count() > 0
    finally:
        context.close()
    assert network == []
