"""The Spanish edition in real headless Chromium (Debian's, through Playwright): axe-core WCAG
2.2 A/AA on every Spanish page in both palettes at 375 and 1280 px, the language switch going
to the same page and back, Spanish search with stemming, and no request to another origin.
Screenshots land in test-output/screenshots/es-*.png."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from support.browser import AXE_TAGS, PALETTES, WIDTHS, RequestsInFlight, axe_report, open_page  # noqa: F401
from support.pages import SPANISH_PAGES, built_path
from support.serve import serve_directory


@pytest.fixture(scope="module")
def root_url(both_sites):
    with serve_directory(both_sites) as base_url:
        yield base_url


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("src", SPANISH_PAGES)
def test_spanish_page_has_no_axe_violations(views, root_url, test_output, src, palette, width_name):
    from axe_playwright_python.sync_playwright import Axe

    page = views(palette, WIDTHS[width_name])
    open_page(page, root_url + "es/" + built_path(src), palette)
    shots = test_output / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"es-{src[:-3]}-{width_name}-{palette}.png", full_page=True, animations="disabled")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert violations == [], f"/es/{src} in {palette} at {width_name}:\n{axe_report(violations)}"


@pytest.mark.parametrize("src", ["index.md", "how-it-works.md", "references.md"])
def test_language_switch_goes_to_the_same_page_and_back(browser, root_url, src):
    page = browser.new_page()
    try:
        page.goto(root_url + built_path(src))
        page.get_by_role("link", name="Leer esta página en español").click()
        page.wait_for_url(root_url + "es/" + built_path(src))
        assert page.evaluate("document.documentElement.lang") == "es"
        page.get_by_role("link", name="Read this page in English").click()
        page.wait_for_url(root_url + built_path(src))
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        page.close()


def test_spanish_search_finds_a_word_by_its_stem(browser, root_url):
    page = browser.new_page()
    try:
        page.goto(root_url + "es/")
        page.locator(".md-search__input").click()
        page.keyboard.type("agujas")
        result = page.locator(".md-search-result__item").first
        result.wait_for(timeout=5000)
        # "agujas" is stemmed as "aguja" is, so pages that only say "aguja" are found and marked
        assert page.locator(".md-search-result mark", has_text="aguja").count() > 0
        assert result.locator("a").first.evaluate("a => a.href").startswith(root_url + "es/")
    finally:
        page.close()


@pytest.mark.parametrize("src", ["how-it-works.md", "after.md"])
def test_spanish_page_requests_nothing_from_another_origin(browser, root_url, src):
    url = root_url + "es/" + built_path(src)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    foreign, failed = [], []
    context = browser.new_context()

    def route(request_route):
        if request_route.request.url.startswith((origin + "/", "data:", "blob:")):
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url} {response.status}"))
    in_flight = RequestsInFlight(page)
    try:
        page.goto(url, wait_until="networkidle")
        page.locator("article abbr").first.hover()
        page.locator(".md-search__input").click()
        page.keyboard.type("dolor")
        page.locator(".md-search-result__item").first.wait_for(timeout=5000)
        in_flight.wait_until_all_ended()  # each request the use started has its status
    finally:
        context.close()
    assert foreign == [] and failed == [], (foreign, failed)


def test_what_the_scripts_write_is_in_spanish(browser, root_url):
    """The words the guide's scripts and the image viewer put on a Spanish page: the menu button,
    a diagram's numbered notes, the viewer's Close / Next / Previous buttons, and no English in
    any label, title or placeholder once they have run."""
    from support.spanish_words import english_words_in

    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(root_url + "es/how-it-works/", wait_until="load")
        assert page.locator("button.rfn-menu-button").get_attribute("aria-label") == "Menú"
        notes = page.locator(".rfn-diagram button.rfn-callout")
        notes.first.wait_for(timeout=5000)
        assert notes.first.get_attribute("aria-label") == "Nota 1"
        page.locator("article a.glightbox").first.click()
        page.locator("#glightbox-body .gclose").wait_for(timeout=5000)
        labels = page.evaluate("""() => Object.fromEntries(['gclose', 'gnext', 'gprev'].map(name =>
            [name, document.querySelector('#glightbox-body .' + name).getAttribute('aria-label')]))""")
        assert labels == {"gclose": "Cerrar", "gnext": "Siguiente", "gprev": "Anterior"}
        spoken = page.evaluate("""() => [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
            .filter(element => !element.closest('[lang="en"]') && !element.closest('svg'))
            .flatMap(element => ['aria-label', 'title', 'placeholder', 'alt']
                .map(name => element.getAttribute(name)).filter(Boolean))""")
        assert english_words_in(spoken) == []
    finally:
        context.close()
