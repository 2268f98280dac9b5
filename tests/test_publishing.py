"""Search-engine metadata, sitemap, robots.txt, the 404 page and trimmed assets, checked on the
real site as built (the `built_site` fixture) and, where it matters, in a real browser."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from rfn_guide.assets.glightbox_053 import has_lightbox_image
from rfn_guide.assets.rules import is_unused_search_pack, search_pack_files
from support.browser import search_links
from support.pages import SITE_URL, built_page
from support.project import DOCS
from support.transfer import sitemap_pages


def front_matter(markdown_file: Path) -> dict:
    text = markdown_file.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def page_url(markdown_file: Path) -> str:
    stem = markdown_file.relative_to(DOCS).with_suffix("").as_posix()
    return SITE_URL if stem == "index" else f"{SITE_URL}{stem}/"


PAGES = sorted(DOCS.glob("*.md"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(document: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string or "") for script in document.find_all("script", type="application/ld+json")]


def test_every_built_page_has_valid_json_ld(built_site):
    """Every HTML file the build writes parses as JSON; every page has exactly one MedicalWebPage."""
    pages_checked = 0
    for html in sorted(built_site.rglob("*.html")):
        document = soup(html)
        scripts = document.find_all("script", type="application/ld+json")
        for script in scripts:
            try:
                json.loads(script.string)
            except (TypeError, ValueError) as error:
                pytest.fail(f"{html.relative_to(built_site)}: JSON-LD is not valid JSON ({error}):\n{script.string}")
        if html.name != "404.html":
            assert len(scripts) == 1, f"{html.relative_to(built_site)}: expected one JSON-LD block, found {len(scripts)}"
            pages_checked += 1
    assert pages_checked >= len(PAGES)


@pytest.mark.parametrize("markdown_file", PAGES, ids=lambda path: path.stem)
def test_page_metadata_comes_from_front_matter(built_site, markdown_file):
    meta = front_matter(markdown_file)
    document = soup(built_page(built_site, markdown_file.relative_to(DOCS).as_posix()))
    url = page_url(markdown_file)
    where = f"docs/{markdown_file.name}"

    description = document.find("meta", attrs={"name": "description"})
    assert description and description["content"] == meta["description"], f"{where}: meta description"
    canonical = document.find("link", rel="canonical")
    assert canonical and canonical["href"] == url, f"{where}: canonical URL"
    og = {tag["property"]: tag["content"] for tag in document.find_all("meta", property=re.compile("^og:"))}
    assert og.get("og:description") == meta["description"], f"{where}: og:description"
    assert og.get("og:url") == url, f"{where}: og:url"
    assert og.get("og:title"), f"{where}: og:title"
    assert og.get("og:type") == "website"
    assert og.get("og:site_name")

    [data] = json_ld(document)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == og["og:title"]
    assert data["description"] == meta["description"]
    assert data["url"] == url
    assert data["lastReviewed"] == str(meta["last_reviewed"]), f"{where}: lastReviewed"
    assert data["about"] == {"@type": "MedicalProcedure", "name": "Radiofrequency neurotomy",
                             "alternateName": "Radiofrequency ablation"}
    assert data["audience"] == {"@type": "Patient"}
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    assert data["publisher"]["url"] == SITE_URL


def test_sitemap_lists_every_page(built_site):
    listed = set(sitemap_pages(built_site))
    expected = {page_url(markdown_file) for markdown_file in PAGES}
    assert expected <= listed, f"missing from sitemap.xml: {sorted(expected - listed)}"


def test_robots_txt_points_at_the_sitemap(built_site):
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    sitemaps = re.findall(r"^Sitemap:\s*(\S+)\s*$", robots, re.M)
    assert sitemaps == [SITE_URL + "sitemap.xml", SITE_URL + "es/sitemap.xml"], (
        "docs/robots.txt must name the sitemaps of both editions at site_url from mkdocs.yml; "
        f"found {sitemaps}, expected {SITE_URL}sitemap.xml and {SITE_URL}es/sitemap.xml")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert not re.search(r"^Disallow: /\s*$", robots, re.M), "robots.txt must not shut out search engines"


def test_404_page_is_friendly_and_not_indexed(built_site):
    document = soup(built_site / "404.html")
    main = document.find(class_="md-content")
    assert main.h1.get_text(strip=True) == "Sorry, we can't find that page"
    assert "404" not in main.get_text(), "the reader should see plain words, not an error code"
    link = main.find("a", string=re.compile("start of this guide"))
    assert link is not None and link["href"].startswith("/")
    assert document.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert not json_ld(document), "the 404 page is not a medical web page"


def test_search_packs_kept_only_for_configured_languages():
    assert search_pack_files(["en"]) == set()
    assert search_pack_files(["de"]) == {"assets/javascripts/lunr/min/lunr.de.min.js",
                                         "assets/javascripts/lunr/min/lunr.stemmer.support.min.js"}
    assert "assets/javascripts/lunr/min/lunr.multi.min.js" in search_pack_files(["en", "de"])
    assert "assets/javascripts/lunr/tinyseg.js" in search_pack_files(["ja"])
    assert is_unused_search_pack("assets/javascripts/lunr/min/lunr.fr.min.js", ["en"])
    assert not is_unused_search_pack("assets/javascripts/bundle.js", ["en"])
    assert has_lightbox_image('<a class="glightbox" href="a.svg"><img src="a.svg"></a>')
    assert not has_lightbox_image("<p>No pictures here</p>")


def test_build_ships_no_unused_search_packs(built_site):
    assert not (built_site / "assets/javascripts/lunr").exists(), "English-only search needs no language packs"


def test_lightbox_loads_only_where_there_is_an_image_to_open(built_site):
    for html in sorted(built_site.rglob("*.html")):
        document = soup(html)
        loads_lightbox = document.find("script", id="init-glightbox") is not None
        has_image = document.find("a", class_="glightbox") is not None
        assert loads_lightbox == has_image, f"{html.relative_to(built_site)}: lightbox {loads_lightbox}, images {has_image}"


def test_search_works_on_the_served_site(site_url, browser):
    """The trimmed build still searches: the longest word of the second page's title finds it."""
    page = browser.new_page()
    try:
        page.goto(site_url)
        next_link = page.locator("a.md-footer__link--next").first
        target = next_link.get_attribute("href")
        title = page.locator("a.md-footer__link--next .md-ellipsis").first.inner_text()
        word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
        page.wait_for_load_state("networkidle")  # the search worker has its index
        hrefs = search_links(page, word, finds=target.strip("./"))
        assert any(target.strip("./") in href for href in hrefs), f"searching {word!r} did not find {target}: {hrefs}"
    finally:
        page.close()


def test_page_speed_fixes_on_sample_html():
    from rfn_guide.assets.glightbox_053 import lightbox_on_demand
    from rfn_guide.assets.theme_fixes import label_search_dialog

    page = ('<html><head><link href="../assets/stylesheets/glightbox.min.css" rel="stylesheet">'
            '<script src="../assets/javascripts/glightbox.min.js"></script></head><body>'
            '<div class="md-search" data-md-component="search" role="dialog"></div>'
            '<p>text</p><script id="init-glightbox">GLightbox()</script></body></html>')
    fixed = lightbox_on_demand(label_search_dialog(page), "../javascripts/lightbox-on-demand.js")
    head, body = fixed.split("</head>")
    assert "glightbox" not in head
    assert ('<script id="init-glightbox" type="text/plain" data-css="../assets/stylesheets/glightbox.min.css" '
            'data-js="../assets/javascripts/glightbox.min.js">GLightbox()</script>'
            '<script src="../javascripts/lightbox-on-demand.js"></script>') in body
    assert 'role="dialog" aria-label="Search">' in fixed
    no_lightbox = "<html><head></head><body><p>x</p></body></html>"
    assert lightbox_on_demand(no_lightbox, "x.js") == no_lightbox


def test_built_pages_name_the_search_dialog_and_load_the_lightbox_late(built_site):
    for html in sorted(built_site.rglob("*.html")):
        document = soup(html)
        dialog = document.find("div", class_="md-search", attrs={"role": "dialog"})
        assert dialog is not None and dialog.get("aria-label") == "Search", html.relative_to(built_site)
        assert not document.head.find(["script", "link"], src=re.compile("glightbox"))
        assert not document.head.find("link", href=re.compile("glightbox"))


def test_lightbox_still_opens_a_picture(built_site, site_url, browser):
    """The lightbox loads only when a reader reaches for a picture; the first click still enlarges it."""
    with_images = [html for html in sorted(built_site.rglob("index.html")) if 'class="glightbox"' in html.read_text(encoding="utf-8")]
    assert with_images, "no page has a picture the lightbox can open (diagrams missing?)"
    relative = with_images[0].parent.relative_to(built_site).as_posix()
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site_url + ("" if relative == "." else relative + "/"), wait_until="networkidle")
        assert not [url for url in requested if "glightbox" in url], "a first visit must not load the lightbox"
        page.locator("a.glightbox").first.click()
        page.locator(".glightbox-container .gslide-media").first.wait_for(state="visible", timeout=10_000)
        assert not errors, errors
    finally:
        page.close()
