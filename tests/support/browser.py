"""Browser helpers shared by the tests: axe-core's tags and report, the palettes and widths, opening a
page, and waits on what a page is doing (its animations, its requests) instead of fixed sleeps."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from rfn_guide.pdf.settings import PdfExportError
from rfn_guide.pdf.settings import find_chromium as find_installed_chromium

VIEW_HEIGHT = 800  # the browser tests' window height, at every width

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


PALETTES = {"light": "default", "dark": "slate"}  # name -> Material's data-md-color-scheme


WIDTHS = {"phone": 375, "desktop": 1280}


def axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def open_page(page, url: str, palette: str | None = None):
    page.goto(url, wait_until="load")
    page.wait_for_function("document.body && document.body.dataset.mdColorScheme")
    if palette:
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        assert scheme == PALETTES[palette], f"page opened in the {scheme} palette, not {palette}"


# A JavaScript function (timeoutMs, moreBusy?) that waits, frame by frame, until no animation or
# transition runs in the page (a menu sliding in, a colour fading as focus leaves a link) and
# moreBusy() (a test's own condition) names nothing; it resolves to what is still busy after
# timeoutMs, [] once all is still. Looping animations never end, so they are left out.
# Document.getAnimations() updates the styles first, so a transition that the last key or blur()
# started is already in the list. Run inside the page's own evaluate, it costs no extra round trip.
SETTLE = """(timeoutMs, moreBusy = () => []) => new Promise(resolve => {
  const end = performance.now() + timeoutMs;
  const check = () => {
    const busy = document.getAnimations()
      .filter(animation => animation.playState === 'running'
              && Number.isFinite(animation.effect?.getComputedTiming().endTime))
      .map(animation => `${animation.animationName || animation.transitionProperty || 'animation'} on `
           + `${animation.effect?.target?.tagName?.toLowerCase()}.${[...(animation.effect?.target?.classList || [])].join('.')}`)
      .concat(moreBusy());
    if (!busy.length || performance.now() > end) resolve(busy); else requestAnimationFrame(check);
  };
  check();
})"""


def wait_for_animations(page: Any, timeout_ms: float = 5000) -> None:
    """Waits until the page's animations and transitions have ended."""
    busy = page.evaluate(f"ms => ({SETTLE})(ms)", timeout_ms)
    assert not busy, f"still animating after {timeout_ms:.0f} ms: {busy}"


class RequestsInFlight:
    """Every request a page has started and not yet ended, from Playwright's request events.
    Create it before the page loads anything."""

    def __init__(self, page: Any) -> None:
        self._open: list[Any] = []
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request: Any) -> None:
        self._open.append(request)

    def _end(self, request: Any) -> None:
        if request in self._open:
            self._open.remove(request)

    def wait_until_all_ended(self) -> None:
        """Returns once each request started so far has its whole response, or has failed (so its
        status or failure has been reported). No timer: Playwright resolves request.response() and
        response.finished() when the browser reports the end of that request."""
        while self._open:
            request = self._open[0]
            response = request.response()  # None when the request failed
            if response is not None:
                response.finished()
            self._end(request)


# Where the search results link to, in the order shown.
RESULT_LINKS = """() => [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')]
    .map(a => a.getAttribute('href') || '')"""


def search_links(page: Any, word: str, finds: str, timeout_ms: float = 20_000) -> list[str]:
    """Types `word` into the site's search box as a reader would, waits until a result links to
    a URL containing `finds` (results change as the reader types), and returns where the results
    link to. If none does within `timeout_ms`, returns what is shown, for the caller's assertion."""
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially(word)  # key by key: Material searches on each key press
    try:
        page.wait_for_function(f"finds => ({RESULT_LINKS})().some(href => href.includes(finds))",
                               arg=finds, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        pass
    return page.evaluate(RESULT_LINKS)


def find_chromium() -> str:
    """The same Chromium the PDF export uses (CHROMIUM_PATH, Debian's, or one on the PATH)."""
    try:
        return find_installed_chromium()
    except PdfExportError as error:
        pytest.fail(f"{error} (scripts/test.sh installs Debian's chromium package)")
