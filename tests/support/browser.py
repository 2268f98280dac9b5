"""Browser helpers shared by the tests: axe-core's tags and report, the palettes and widths, opening a page."""
from __future__ import annotations

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
