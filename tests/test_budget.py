"""Performance budget: a first visit to any page, in a fresh browser, downloads at most
120 KiB (compressed as a gzip-serving web server sends it), all from the site's own origin.
The sizes come from the requests a real Chromium makes, search worker and index included."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.pages import SITE_URL
from support.transfer import BUDGET_BYTES, Visit, kib, local_page_urls, record_first_visit, size_visit, transfer_size


@pytest.fixture(scope="module")
def visits(built_site, site_url, browser) -> list[Visit]:
    urls = local_page_urls(built_site, SITE_URL, site_url)
    assert urls, "sitemap.xml lists no pages"
    return [size_visit(url, record_first_visit(browser, url), site_url, built_site) for url in urls]


def breakdown(visit: Visit) -> str:
    lines = [f"{visit.page_url}: {kib(visit.total)} in {len(visit.resources)} requests"]
    for resource in sorted(visit.resources, key=lambda resource: -resource.size):
        lines.append(f"  {kib(resource.size):>10}  {resource.url}")
    return "\n".join(lines)


def test_first_visit_stays_within_budget(visits):
    over = [visit for visit in visits if visit.total > BUDGET_BYTES]
    assert not over, (f"over the {kib(BUDGET_BYTES)} first-visit budget:\n"
                      + "\n".join(breakdown(visit) for visit in over))


def test_first_visit_requests_nothing_from_another_origin(visits):
    foreign = {visit.page_url: visit.foreign for visit in visits if visit.foreign}
    assert not foreign, f"requests to other origins: {foreign}"


def test_first_visit_requests_only_files_the_site_has(visits):
    missing = {visit.page_url: visit.missing for visit in visits if visit.missing}
    assert not missing, f"requests for files the build did not write (404s): {missing}"


def test_first_visit_loads_the_page_its_styles_and_the_search_index(visits):
    """Guards the measurement itself: it must see the page, the theme and the search index."""
    for visit in visits:
        urls = [resource.url for resource in visit.resources]
        assert urls[0] == visit.page_url
        assert any(url.endswith(".css") for url in urls)
        assert any(url.endswith("search_index.json") for url in urls), breakdown(visit)


def test_transfer_size_compresses_text_but_not_images(tmp_path: Path):
    text = tmp_path / "page.html"
    text.write_text("<p>pain relief</p>" * 500)
    assert transfer_size(text) < text.stat().st_size / 10
    image = tmp_path / "picture.png"
    image.write_bytes(bytes(range(256)) * 4)
    assert transfer_size(image) == 1024


def test_the_guides_own_stylesheets_are_sent_without_their_comments(built_site):
    """docs/stylesheets/ explains itself to editors in comments (about two-thirds of it); a
    reader's browser gets the rules alone (rfn_guide/assets/styles_step.py)."""
    sources = sorted((Path(__file__).resolve().parents[1] / "docs" / "stylesheets").glob("*.css"))
    assert sources
    for source in sources:
        sent = (built_site / "stylesheets" / source.name).read_text(encoding="utf-8")
        assert "/*" not in sent, f"{source.name} is sent with its comments"
        assert len(sent) < 0.75 * len(source.read_text(encoding="utf-8")), f"{source.name} is not minified"


def test_minifying_keeps_what_a_rule_says():
    from rfn_guide.assets.rules import minified_css

    source = ('/* why */\n@page { margin: 18mm 16mm; }\n@media print {\n  .a :is(p, ul) { content: "a  b"; }\n'
              '  .b { margin: 0 0 1em; }  /* and why */\n}\n')
    assert minified_css(source) == '@page{margin:18mm 16mm}@media print{.a :is(p,ul){content:"a  b"}.b{margin:0 0 1em}}'
