"""What the live preview (`mkdocs serve`) shows an editor about the problems the build found.

A panel at the top of a page lists that page's problems (file, line, what is wrong and how to
fix it); a bar on every page says how many problems the whole site has and links to each. Only
the live preview adds them: a built site never carries them."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..engine.findings import Finding

PANEL_ID = "rfn-problems"
_ARTICLE_OPEN = re.compile(r"<article\b[^>]*>")
_BODY_OPEN = re.compile(r"<body\b[^>]*>")

# Inline, so nothing is added to the site's own stylesheets. Readable in both palettes.
STYLE = """<style>
.rfn-preview{font:0.8rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff4e5;border:2px solid #b3261e;
border-radius:6px;padding:0.6rem 0.9rem;margin:0 0 1rem}
.rfn-preview h2{font-size:1rem;margin:0 0 0.4rem;color:#8c1d18}
.rfn-preview ol{margin:0;padding-left:1.2rem}.rfn-preview li{margin:0.3rem 0}
.rfn-preview code{background:none;color:inherit;font-weight:700}
.rfn-preview a{color:#0b57d0;text-decoration:underline}
.rfn-preview-bar{font:0.75rem/1.4 system-ui,sans-serif;color:#1a1a1a;background:#fff4e5;border:1px solid #b3261e;
border-radius:6px;padding:0.3rem 0.7rem;margin:0 0 0.8rem}
.rfn-preview-bar summary{cursor:pointer;font-weight:700;color:#8c1d18}
</style>"""


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    href: str | None  # link to the page the problem is on (relative to the current page), if any


def _where(finding: Finding) -> str:
    line = f", line {finding.line}" if finding.line else ""
    return f"<code>{html.escape(finding.file)}</code>{line}"


def page_panel(findings: list[Finding]) -> str:
    """The panel for one page's own problems ("" when it has none)."""
    if not findings:
        return ""
    items = "\n".join(f"<li>{_where(f)}: {html.escape(f.message)}</li>" for f in findings)
    count = "1 problem" if len(findings) == 1 else f"{len(findings)} problems"
    return (f'<section class="rfn-preview" id="{PANEL_ID}" role="alert" aria-labelledby="{PANEL_ID}-title">\n'
            f'<h2 id="{PANEL_ID}-title">{count} on this page (shown only in the live preview)</h2>\n'
            f"<ol>\n{items}\n</ol>\n<p>Fix the Markdown and save: this page reloads and checks again.</p>\n</section>")


def site_bar(shown: list[ShownFinding]) -> str:
    """The bar on every page: how many problems the site has, each linked to its page."""
    if not shown:
        return ""
    items = []
    for item in shown:
        text = f"{_where(item.finding)}: {html.escape(item.finding.message)}"
        items.append(f'<li><a href="{html.escape(item.href)}#{PANEL_ID}">{text}</a></li>' if item.href is not None
                     else f"<li>{text}</li>")
    count = "1 problem" if len(shown) == 1 else f"{len(shown)} problems"
    return (f'<details class="rfn-preview-bar"><summary>The site has {count}: '
            f'<span class="rfn-preview-bar__hint">open the list</span></summary>\n'
            f"<ol>\n" + "\n".join(items) + "\n</ol>\n</details>")


def add_to_page(output: str, page_findings: list[Finding], shown: list[ShownFinding]) -> str:
    """The finished page with the bar and the page's panel at the top of its content."""
    block = site_bar(shown) + page_panel(page_findings)
    if not block:
        return output
    block = STYLE + block
    match = _ARTICLE_OPEN.search(output) or _BODY_OPEN.search(output)
    if match is None:
        return block + output
    return output[:match.end()] + block + output[match.end():]
