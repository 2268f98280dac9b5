"""Quality gates in real headless Chromium, over every page of the built site (issue 6).

- Accessibility: axe-core, WCAG 2.0/2.1/2.2 A and AA, light and dark palette, 375 and 1280 px.
- Privacy: while a page loads and is used, no request leaves the local server.
- Console: no JavaScript error and no failed request.
- Reflow: nothing scrolls sideways at 320 px (WCAG 1.4.10).
- Keyboard: skip link, visible focus, search, palette switch, glossary tooltips, diagram callouts.
- Search: the words patients look for find the right page.

One browser for the session; one context per palette and width, reused across pages.
Leaves screenshots in test-output/screenshots/ and a table in test-output/a11y-summary.md."""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from support.browser import (
    AXE_TAGS,
    PALETTES,
    SETTLE,
    VIEW_HEIGHT,
    WIDTHS,
    RequestsInFlight,
    axe_report,
    open_page,
    wait_for_animations,
)
from support.project import ROOT
from support.serve import serve_directory

REFLOW_WIDTH = 320


# --- The pages: read from the nav in mkdocs.yml, so new pages are tested without edits -------

class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name:...)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _nav_files(items) -> list[str]:
    files = []
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            files += _nav_files(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            files.append(value)
    return files


def site_pages() -> list[str]:
    """Each page's path under the site root, e.g. "" for index.md, "after/" for after.md."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    directory_urls = config.get("use_directory_urls", True) is not False
    paths = []
    for source in _nav_files(config.get("nav")):
        stem = source.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            paths.append(stem.removesuffix("index"))
        else:
            paths.append(f"{stem}/" if directory_urls else f"{stem}.html")
    return paths + ["404.html"]  # the page a reader meets on a broken link


PAGES = site_pages()


def page_id(path: str) -> str:
    return path.strip("/").replace("/", "-").removesuffix(".html") or "index"


def test_every_built_page_is_in_the_nav_and_tested(built_site):
    built = sorted(str(page.relative_to(built_site)).removesuffix("index.html")
                   for page in built_site.rglob("*.html"))
    assert built == sorted(PAGES), "pages outside the nav in mkdocs.yml are not tested: add them to the nav"


# --- Browser contexts, reused ----------------------------------------------------------------


# --- Accessibility: axe-core, with screenshots and a summary table --------------------------

SUMMARY: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module", autouse=True)
def a11y_summary(test_output, request):
    """Writes test-output/a11y-summary.md (and prints it) once the axe tests have run."""
    yield
    if not SUMMARY:
        return
    columns = [f"{palette} {width}px" for palette in PALETTES for width in WIDTHS.values()]
    lines = ["# Accessibility: axe-core violations per page",
             "",
             f"WCAG tags: {', '.join(AXE_TAGS)}. A cell lists rule (elements); 0 means none.",
             "",
             "| Page | " + " | ".join(columns) + " |",
             "|---|" + "---|" * len(columns)]
    for path in PAGES:
        if path in SUMMARY:
            cells = [SUMMARY[path].get(column, "not run") for column in columns]
            lines.append(f"| /{path} | " + " | ".join(cells) + " |")
    (test_output / "a11y-summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for line in lines[4:]:
                reporter.write_line(line)
            reporter.write_line(f"(in {test_output / 'a11y-summary.md'}; screenshots in {test_output / 'screenshots'})")


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_has_no_axe_violations(views, site_url, test_output, path, palette, width_name):
    from axe_playwright_python.sync_playwright import Axe

    width = WIDTHS[width_name]
    page = views(palette, width)
    open_page(page, site_url + path, palette)
    shots = test_output / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"{page_id(path)}-{width_name}-{palette}.png", full_page=True,
                    animations="disabled")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    SUMMARY.setdefault(path, {})[f"{palette} {width}px"] = ", ".join(
        f"{v['id']} ({len(v['nodes'])})" for v in violations) or "0"
    assert violations == [], f"/{path} in {palette} at {width}px:\n{axe_report(violations)}"


# --- Privacy and console: each page loaded and used -------------------------------------------

class PageUse:
    """Everything seen while a page was loaded and used: requests, errors."""

    def __init__(self):
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.actions: list[str] = []


def watch(context, url: str):
    """A new page in `context` that records errors and failed requests, and blocks (and
    records) any request to an origin other than `url`'s. Returns (page, what it saw)."""
    seen = PageUse()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))

    def route(request_route):
        request = request_route.request
        if request.url.startswith(("data:", "blob:")) or request.url.startswith(origin + "/"):
            request_route.continue_()
        else:
            seen.foreign.append(f"{request.resource_type} {request.url}")
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: seen.errors.append(
        f"console: {message.text} ({message.location.get('url', '')})") if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: seen.failed.append(f"{request.url}: {request.failure}"))
    page.on("response", lambda response: seen.failed.append(
        f"{response.url}: HTTP {response.status}") if response.status >= 400 else None)
    return page, seen


def use_page(context, url: str) -> PageUse:
    """Opens `url`, then uses it as a reader would: a tooltip, a diagram, search."""
    page, seen = watch(context, url)
    in_flight = RequestsInFlight(page)
    try:
        page.goto(url, wait_until="networkidle")
        terms = page.locator("article abbr")
        if terms.count():
            terms.first.hover()
            page.locator(".md-tooltip2--active").first.wait_for(timeout=3000)
            seen.actions.append("tooltip")
        zoomable = page.locator("article a.glightbox")
        if zoomable.count():
            zoomable.first.click()
            page.locator(".glightbox-container").first.wait_for(timeout=3000)
            page.keyboard.press("Escape")
            seen.actions.append("diagram zoomed")
        callouts = page.locator(".rfn-diagram button")
        if callouts.count():
            callouts.first.click()
            seen.actions.append("callout")
        page.locator(".md-search__input").focus()
        page.keyboard.type("pain")
        page.locator(".md-search-result__meta").wait_for(timeout=5000)
        seen.actions.append("search")
        page.keyboard.press("Escape")
        in_flight.wait_until_all_ended()  # each request the use started has its status
    finally:
        page.close()
        context.unroute("**/*")
    return seen


@pytest.fixture(scope="module")
def page_uses(browser, site_url):
    """Each page used once (light, desktop) and remembered for the privacy and console tests."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": VIEW_HEIGHT})
    cache: dict[str, PageUse] = {}

    def used(path: str) -> PageUse:
        if path not in cache:
            cache[path] = use_page(context, site_url + path)
        return cache[path]

    yield used
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_requests_nothing_from_another_origin_while_used(page_uses, built_site, path):
    seen = page_uses(path)
    assert "search" in seen.actions
    if path in pages_with(built_site, SCREEN_DIAGRAM):
        assert {"diagram zoomed", "callout"} <= set(seen.actions), f"/{path}: diagram not used: {seen.actions}"
    assert seen.foreign == [], f"/{path} ({', '.join(seen.actions)}) asked another origin for:\n" + \
        "\n".join(seen.foreign)


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_has_no_console_errors_or_failed_requests(page_uses, path):
    seen = page_uses(path)
    problems = seen.errors + seen.failed  # requests to other origins were blocked, so fail too
    assert problems == [], f"/{path}:\n" + "\n".join(problems)


def test_privacy_and_console_checks_can_fail(browser, tmp_path):
    """A page that calls another origin, misses a file and throws is caught on each count."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        '<body><main>Hi</main><img src="missing.png" alt="">'
        '<script>throw new Error("boom")</script></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        context = browser.new_context()
        try:
            page, seen = watch(context, base_url)
            page.goto(base_url, wait_until="load")
            assert seen.foreign == ["stylesheet https://cdn.example.org/x.css"]
            assert any("boom" in error for error in seen.errors)
            assert f"{base_url}missing.png: HTTP 404" in seen.failed
        finally:
            context.close()


# --- Reflow at 320 px --------------------------------------------------------------------------

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if ((x === 'auto' || x === 'scroll') && a.getBoundingClientRect().right <= width + 1) return true; }
    return false; };
  const out = [];
  for (const el of document.querySelectorAll('.md-header *, .md-container *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height && r.right > width + 1 && el.checkVisibility({visibilityProperty: true})
        && !scrolls(el)) {
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(r.right)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def reflow_page(browser):
    context = browser.new_context(viewport={"width": REFLOW_WIDTH, "height": 640})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_reflows_at_320px_without_sideways_scrolling(reflow_page, site_url, path):
    open_page(reflow_page, site_url + path)
    found = reflow_page.evaluate(OVERFLOWING)
    assert found["scrollWidth"] <= found["width"], f"/{path} scrolls sideways at {REFLOW_WIDTH}px: {found}"
    assert found["out"] == [], f"/{path} at {REFLOW_WIDTH}px: content runs off the right edge " \
                               f"(wrap it, or let it scroll in its own box): {found['out']}"


# --- Keyboard ------------------------------------------------------------------------------------

# On a phone the theme locks the page's scrolling while search is open, and unlocks it (scrolling
# back to where the reader was) 100 ms after search closes. A Tab pressed in between moves the
# focus on a page that cannot scroll, and the element stays off screen: so the focus checks wait
# for the unlock, as a reader's next key would come after it.
SCROLL_LOCK_LEFT = """() => document.body.hasAttribute('data-md-scrolllock')
  && !document.querySelector('[data-md-toggle="search"]:checked')
  ? ['the scroll lock left from search'] : []"""

# Shared by the focus checks below: settled() waits until the page has finished reacting to the
# last key (transitions, the scroll lock); the element that shows the focus; whether it is on
# screen; its focus-relevant style.
FOCUS_HELPERS = """
  const settled = async () => { const busy = await (""" + SETTLE + """)(5000, """ + SCROLL_LOCK_LEFT + """);
    if (busy.length) throw new Error(`the page is still busy 5 s after the key: ${busy.join(', ')}`); };
  // A radio button or tick box hidden by the theme shows its focus on the element after it.
  const shownBy = el => (el.matches('input.md-option, .task-list-control > input') && el.nextElementSibling) || el;
  const onScreen = shown => { const r = shown.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
           && r.top < innerHeight && shown.checkVisibility({opacityProperty: true, visibilityProperty: true}); };
  const focusStyle = shown => { const style = getComputedStyle(shown);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
            style.backgroundColor, style.color, style.borderColor, style.textDecorationLine].join('|'); };
"""

# The focused element once the page has settled, or null when nothing has focus.
FOCUS_STATE = """async () => {""" + FOCUS_HELPERS + """
  await settled();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = shownBy(el);
  const style = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  return {
    name: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].filter(c => c !== 'focus-visible').join('.')} "${(el.getAttribute('aria-label') || el.innerText || '').trim().slice(0, 40)}"`,
    visible: onScreen(shown),
    style: focusStyle(shown),
    covered_by: (() => {  // WCAG 2.4.11: another box (a sticky header) must not hide it
      const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      if (!top || shown.contains(top) || top.contains(shown) || (shown.htmlFor && top.id === shown.htmlFor)) return null;
      return `${top.tagName.toLowerCase()}.${[...top.classList].join('.')}`;
    })(),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
             && !/rgba\\(.*, 0\\)$/.test(style.outlineColor),
  };
}"""

# True once the focused element is on screen (it may slide or scroll in: the search box on a phone).
FOCUS_ON_SCREEN = """() => {""" + FOCUS_HELPERS + """
  const el = document.activeElement;
  return !!el && el !== document.body && onScreen(shownBy(el));
}"""

# Whether the focused element, once the page has settled, matches the selector.
FOCUS_MATCHES = """async selector => {""" + FOCUS_HELPERS + """
  await settled();
  return !!document.activeElement && document.activeElement.matches(selector);
}"""

# The focused element's style without focus, once the theme's transitions away from the focus
# style have ended; then the focus goes back.
UNFOCUSED_STYLE = """async () => {""" + FOCUS_HELPERS + """
  const el = document.activeElement;
  const shown = shownBy(el);
  el.blur();
  await settled();
  const value = focusStyle(shown);
  el.focus({preventScroll: true});
  return value;
}"""


@contextmanager
def fresh_page(browser, width: int):
    """A page in a context of its own (no state from other tests), closed after use."""
    context = browser.new_context(viewport={"width": width, "height": VIEW_HEIGHT}, reduced_motion="reduce")
    try:
        yield context.new_page()
    finally:
        context.close()


def wait_until(page, condition: str, timeout_ms: float, arg=None) -> bool:
    """Whether the JavaScript `condition` (given `arg`) came true within `timeout_ms`."""
    try:
        page.wait_for_function(condition, arg=arg, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return False
    return True


def tab_until(page, selector: str, limit: int = 250) -> int:
    """Presses Tab until the focused element matches `selector`; returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_MATCHES, selector):
            return presses
    raise AssertionError(f"{selector} is not reachable with Tab ({limit} presses)")


@pytest.mark.parametrize("width_name", WIDTHS)
def test_skip_link_comes_first_and_moves_to_the_content(browser, site_url, width_name):
    with fresh_page(browser, WIDTHS[width_name]) as page:
        open_page(page, site_url)
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert page.evaluate("document.activeElement.matches('a.md-skip')"), f"first Tab stop is {state}"
        assert state["visible"], "the skip link is not shown when it has focus"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-content')"), \
            f"after the skip link, Tab goes to {page.evaluate(FOCUS_STATE)['name']}, not the page text"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_tab_stop_is_on_screen_and_shows_focus(browser, site_url, path, width_name):
    with fresh_page(browser, WIDTHS[width_name]) as page:
        open_page(page, site_url + path)
        problems, seen = [], []
        for _ in range(400):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state is None or (seen and state["name"] == seen[0]):
                break  # back to the start of the page
            seen.append(state["name"])
            if not state["visible"] and wait_until(page, FOCUS_ON_SCREEN, 2000):
                state = page.evaluate(FOCUS_STATE)
            if not state["visible"]:
                problems.append(f"{state['name']}: takes focus but is not on screen")
            elif state["covered_by"]:
                problems.append(f"{state['name']}: has focus but is hidden under {state['covered_by']}")
            elif not state["outline"] and page.evaluate(UNFOCUSED_STYLE) == state["style"]:
                problems.append(f"{state['name']}: shows no sign of focus")
        assert len(seen) >= 3, f"only {len(seen)} Tab stops on /{path}"
        assert problems == [], f"/{path} at {WIDTHS[width_name]}px:\n" + "\n".join(problems)


# The phone menu button: a real <button> (javascripts/keyboard.js), named "Menu"
MENU_BUTTON = '.md-header button[aria-label="Menu"]'


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_menu_opens_and_closes_by_keyboard_on_a_phone(browser, site_url, key):
    with fresh_page(browser, WIDTHS["phone"]) as page:
        open_page(page, site_url)
        tab_until(page, MENU_BUTTON, limit=5)
        assert page.evaluate(FOCUS_STATE)["visible"]
        assert page.get_attribute(MENU_BUTTON, "aria-expanded") == "false"
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('__drawer').checked")
        assert page.get_attribute(MENU_BUTTON, "aria-expanded") == "true"
        wait_for_animations(page)  # the menu slides in
        link = tab_until(page, ".md-sidebar--primary a.md-nav__link", limit=10)
        assert page.evaluate(FOCUS_STATE)["visible"], f"menu link {link} is not on screen"
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__drawer').checked")
        assert page.evaluate(f"document.activeElement.matches('{MENU_BUTTON}')")


def test_menu_button_is_a_real_button_shown_only_where_the_menu_is_hidden(browser, site_url):
    """ARIA in HTML lets no role sit on a <label>: the menu is a <button>, shown as the theme's was."""
    with fresh_page(browser, WIDTHS["phone"]) as page:
        open_page(page, site_url)
        assert page.locator('.md-header label[for="__drawer"]').count() == 0
        assert page.locator(".md-header").get_by_role("button", name="Menu", exact=True).is_visible()
        box = page.locator(MENU_BUTTON).bounding_box()
        assert box and 32 <= box["width"] <= 48 and 32 <= box["height"] <= 48, box  # the theme's 2.4 rem icon button
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.evaluate("document.getElementById('__drawer').checked")
    with fresh_page(browser, WIDTHS["desktop"]) as page:  # the theme shows the menu beside the page from 76.25em
        open_page(page, site_url)
        assert not page.locator(MENU_BUTTON).is_visible()


@pytest.mark.parametrize("width_name", WIDTHS)
def test_search_works_by_keyboard(browser, site_url, width_name):
    with fresh_page(browser, WIDTHS[width_name]) as page:
        open_page(page, site_url)
        tab_until(page, ".md-search__input", limit=10)
        # The word goes in as one input and End's keyup starts one search. Typed key by key, each
        # key's answer redraws the list, and one landing after ArrowDown drops the focus: at a
        # script's speed that failed once in CI; a reader sees the list before reaching for ArrowDown.
        page.keyboard.insert_text("pain")
        page.keyboard.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=5000)
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
        target = page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(target.split("#")[0] + "**")


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_palette_switch_works_by_keyboard(browser, site_url, key):
    with fresh_page(browser, WIDTHS["desktop"]) as page:
        open_page(page, site_url)
        tab_until(page, "input.md-option", limit=10)
        assert page.evaluate(FOCUS_STATE)["visible"]
        before = page.evaluate("document.body.dataset.mdColorScheme")
        page.keyboard.press(key)
        page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{before}'", timeout=3000)


# A diagram shown on screen (id "fig-..."); the copies printed at the end of a handout that
# refers to it have ids "rfn-handout-fig-..." and are hidden on screen.
SCREEN_DIAGRAM = r'<figure(?=[^>]*class="[^"]*rfn-diagram)(?=[^>]*\sid="fig-)'


def pages_with(built_site: Path, pattern: str) -> list[str]:
    return [path for path in PAGES
            if re.search(pattern, (built_site / (path + "index.html" if path.endswith("/") or not path
                                                  else path)).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("width_name", WIDTHS)
def test_glossary_tooltips_open_and_close_by_keyboard(browser, site_url, built_site, width_name):
    with_terms = pages_with(built_site, r"<article[\s\S]*<abbr title=")
    assert with_terms, "no page shows a glossary term: is includes/glossary.md still appended?"
    with fresh_page(browser, WIDTHS[width_name]) as page:
        open_page(page, site_url + with_terms[0])
        tab_until(page, "article abbr")
        meaning = page.evaluate("document.activeElement.getAttribute('title') || ''")
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(timeout=3000)
        assert " ".join(tooltip.inner_text().split()) == " ".join(meaning.split()) or not meaning
        assert page.evaluate(FOCUS_STATE)["outline"], "the focused glossary term shows no focus ring"
        page.keyboard.press("Escape")
        tooltip.wait_for(state="hidden", timeout=3000)


def test_diagram_callouts_work_by_keyboard(browser, site_url, built_site):
    """Each numbered callout on a diagram (buttons that javascripts/figures.js lays over the
    drawing) is reached with Tab, has a name, and Enter opens its note; Escape closes it."""
    with_diagrams = pages_with(built_site, SCREEN_DIAGRAM)
    sources = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    assert with_diagrams or "rfn-diagram" not in sources, "pages have diagrams but none was built"
    for path in with_diagrams:
        with fresh_page(browser, WIDTHS["desktop"]) as page:
            open_page(page, site_url + path)
            count = page.locator(".rfn-diagram button").count()
            assert count > 0, f"/{path}: its diagrams have no callout buttons"
            for number in range(1, count + 1):
                tab_until(page, ".rfn-diagram button")
                button = page.evaluate(FOCUS_STATE)
                assert button["visible"], f"/{path}: callout {number} is not on screen: {button}"
                assert button["outline"] or page.evaluate(UNFOCUSED_STYLE) != button["style"], \
                    f"/{path}: callout {number} shows no sign of focus"
                assert page.evaluate("document.activeElement.getAttribute('aria-label') || "
                                     "document.activeElement.innerText.trim()"), f"/{path}: callout {number} has no name"
                page.keyboard.press("Enter")
                assert page.evaluate(CALLOUT_OPEN), f"/{path}: Enter on callout {number} shows nothing"
                page.keyboard.press("Escape")
                assert not page.evaluate(CALLOUT_OPEN), f"/{path}: Escape leaves callout {number} open"


CALLOUT_OPEN = """() => { const b = document.querySelector('.rfn-diagram button[aria-expanded="true"]')
    || document.activeElement;
  const note = document.getElementById(b.getAttribute('aria-controls') || '');
  return b.getAttribute('aria-expanded') === 'true' && !!note && note.checkVisibility(); }"""


# --- Search finds the right pages ------------------------------------------------------------

SEARCHES = [("sunburn", "risks-and-benefits/"), ("driving", "after/"), ("diagnostic block", "before/")]

# The pages the search results link to, in the order shown.
RESULT_PAGES = """() => [...new Set([...document.querySelectorAll('.md-search-result__item > a')]
    .map(a => a.href.split('?')[0].split('#')[0]))]"""


@pytest.mark.parametrize("query, expected", SEARCHES, ids=[query for query, _ in SEARCHES])
def test_search_finds_the_right_page(views, site_url, query, expected):
    page = views("light", WIDTHS["desktop"])
    open_page(page, site_url)
    page.locator(".md-search__input").focus()
    page.keyboard.type(query)
    # Results come as the reader types; wait (up to 5 s) until the page is among the first three
    wait_until(page, f"url => ({RESULT_PAGES})().slice(0, 3).includes(url)", 5000, arg=site_url + expected)
    pages = page.evaluate(RESULT_PAGES)[:3]
    assert site_url + expected in pages, f'search for "{query}" shows {pages} first, not /{expected}'


# --- The gates themselves can fail --------------------------------------------------------------

BAD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad page</title>
<style>.plain:focus { outline: none; }</style></head>
<body data-md-color-scheme="default"><div class="md-container"><main>
<h1>Bad page</h1>
<p style="color:#b0b0b0;background:#fff">Grey text that is too faint to read.</p>
<a href="#top" style="position:absolute;left:-9999px">Off-screen link</a>
<button class="plain" type="button">No focus ring</button>
<div style="width:600px">A box wider than a phone.</div>
</main></div></body></html>"""


def test_axe_reflow_and_focus_checks_catch_a_bad_page(browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        context = browser.new_context(viewport={"width": REFLOW_WIDTH, "height": 640})
        try:
            page = context.new_page()
            page.goto(base_url)
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            assert "color-contrast" in [v["id"] for v in results.response["violations"]]
            found = page.evaluate(OVERFLOWING)
            assert found["scrollWidth"] > found["width"] and any(o.startswith("div") for o in found["out"])
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUS_STATE)["visible"] is False  # the off-screen link
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            assert state["visible"] and not state["outline"] and page.evaluate(UNFOCUSED_STYLE) == state["style"]
        finally:
            context.close()


# --- Things a patient can do (issue 10): tick boxes and care cards --------------------------------

def test_tick_boxes_can_be_ticked_by_touch_and_keyboard(browser, site_url, test_output):
    """At phone width the questions page has a real checkbox for each question, named after it,
    with a box at least 24 px wide that a click ticks; Tab reaches the boxes and Space ticks one."""
    with fresh_page(browser, WIDTHS["phone"]) as page:
        open_page(page, site_url + "questions/")
        boxes = page.locator("article li.task-list-item input[type=checkbox]")
        assert boxes.count() >= 12
        names = page.locator("article li.task-list-item").evaluate_all(
            "items => items.map(li => li.textContent.trim().replace(/\\s+/g, ' '))")
        first = page.get_by_role("checkbox", name=names[0], exact=True)
        assert first.count() == 1, "the first tick box has no accessible name"
        for index in range(boxes.count()):
            indicator = page.locator("article li.task-list-item .task-list-indicator").nth(index)
            box = indicator.bounding_box()
            assert box["width"] >= 23.5 and box["height"] >= 23.5, f"tick box {index + 1} is smaller than 24 px"
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"]
        drawn = page.locator("article .task-list-indicator").first.evaluate(
            "el => getComputedStyle(el, '::before').backgroundColor")
        assert drawn not in ("rgba(0, 0, 0, 0)", "transparent"), "the tick box is not drawn"
        page.locator("article .task-list-indicator").first.click()
        assert boxes.first.is_checked(), "a click or tap on the box does not tick it"
        boxes.first.focus()
        tab_until(page, "article li.task-list-item:nth-child(2) input", limit=5)  # keyboard: the ring shows
        assert page.evaluate(FOCUS_STATE)["visible"] and page.evaluate(FOCUS_STATE)["outline"], \
            "a focused tick box shows no focus ring"
        page.keyboard.press("Space")
        assert boxes.nth(1).is_checked(), "Space does not tick the focused box"
        tab_until(page, "article li.task-list-item:nth-child(3) input", limit=3)
        page.screenshot(path=test_output / "questions-ticked-phone.png", full_page=True)
        # Ctrl+P: the box is a drawn square (a border), which prints without background graphics
        page.emulate_media(media="print")
        border = page.locator("article .task-list-indicator").first.evaluate(
            "el => { const s = getComputedStyle(el, '::before'); return [s.borderTopWidth, s.borderTopStyle, s.maskImage]; }")
        assert float(border[0].removesuffix("px")) >= 1 and border[1] == "solid" and border[2] == "none", border


CARD_LABELS = {"care-nonurgent": "Non-urgent advice:", "care-urgent": "Urgent advice:", "care-emergency": "Emergency:"}


@pytest.mark.parametrize("palette", PALETTES)
def test_care_cards_carry_hidden_labels_and_are_axe_clean(views, site_url, test_output, palette):
    from axe_playwright_python.sync_playwright import Axe

    page = views(palette, WIDTHS["phone"])
    open_page(page, site_url + "after/", palette)
    for card_type, label in CARD_LABELS.items():
        title = page.locator(f"article .admonition.{card_type} > .admonition-title")
        assert title.count() == 1, f"no {card_type} card on the After page"
        hidden = title.locator(".rfn-visually-hidden")
        assert hidden.inner_text().strip() == label
        box = hidden.bounding_box()
        assert box is None or (box["width"] <= 1 and box["height"] <= 1), f"{label} is visible on screen"
        heard = " ".join(title.aria_snapshot().split())
        assert label in heard, f"a screen reader does not hear '{label}' in the {card_type} title: {heard}"
        colours = title.evaluate("t => [getComputedStyle(t).color, getComputedStyle(t).backgroundColor]")
        assert colours[0] == "rgb(255, 255, 255)" and colours[1] != "rgba(0, 0, 0, 0)", colours
    cards = page.locator("article .admonition[class*='care-']")
    cards.first.scroll_into_view_if_needed()
    page.screenshot(path=test_output / f"care-cards-phone-{palette}.png", full_page=True)
    results = Axe().run(page, context={"include": [["article .admonition.care-nonurgent"],
                                                   ["article .admonition.care-urgent"],
                                                   ["article .admonition.care-emergency"]]},
                        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert violations == [], axe_report(violations)
    # Print (and the PDF): the label is printed, since colour may not be
    page.emulate_media(media="print")
    try:
        assert page.locator("article .admonition.care-urgent .rfn-visually-hidden").bounding_box()["width"] > 20
    finally:
        page.emulate_media(media="screen")


def test_citation_numbers_are_hidden_until_the_reader_asks_and_the_choice_is_kept(browser, site_url):
    """Issue 16, PEMAT-P item 2: the instructions read without a number after every sentence.
    The switch under Sources shows them (each a working link to its entry), says so to a screen
    reader (aria-pressed), is reached by keyboard, and the next page remembers the choice. A
    printed page never shows them."""
    with fresh_page(browser, WIDTHS["phone"]) as page:
        open_page(page, site_url + "after/")
        numbers = page.locator("article sup.rfn-cite")
        assert numbers.count() > 10
        assert not numbers.first.is_visible(), "citation numbers show before the reader asks for them"
        switch = page.get_by_role("button", name="Show source numbers in the text")
        assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
        switch.focus()
        page.keyboard.press("Enter")
        assert numbers.first.is_visible(), "the switch does not show the numbers"
        hide = page.get_by_role("button", name="Hide source numbers in the text")
        assert hide.get_attribute("aria-pressed") == "true"
        link = numbers.first.locator("a").first
        href = link.get_attribute("href")
        assert href and "#ref-" in href
        page.emulate_media(media="print")
        assert not numbers.first.is_visible(), "citation numbers print"
        page.emulate_media(media="screen")
        link.click()
        page.wait_for_url("**/references/#ref-*")
        assert page.locator(f"li#{href.split('#')[1]}").is_visible()
        open_page(page, site_url + "before/")
        assert page.locator("article sup.rfn-cite").first.is_visible(), "the next page forgot the choice"
        page.get_by_role("button", name="Hide source numbers in the text").click()
        assert not page.locator("article sup.rfn-cite").first.is_visible()
        # The list of the page's sources is folded away, and opens
        listing = page.locator("article details.rfn-sources-list")
        assert not listing.locator("ol").is_visible()
        listing.locator("summary").click()
        assert listing.locator("ol > li").first.is_visible()
