"""Step: in the live preview only (`mkdocs serve`), show the build's problems on the pages.

Each page with problems gets a panel at the top (file, line, what is wrong, how to fix it);
every page gets a bar with the number of problems in the site, linking to each. `mkdocs build`
never adds them, so nothing of this reaches a built site. Runs last, when every other step
has reported. The HTML is made by rfn_guide.preview.rules."""
from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..engine.site import Site
from .rules import ShownFinding, add_to_page

# The steps whose work this one needs done first (engine/pipeline.py checks the order): shows what the steps that check the pages found
AFTER = ("glossary", "clinic", "citations", "review", "assets", "actions", "figures", "links", "paper", "readability", "editions")


def on_post_page(site: Site, output: str, page: Page) -> str:
    if site.command != "serve":
        return output
    problems = site.problems()
    pages_by_shown = {site.shown(src): other for src, other in site.pages().items()}
    shown = []
    for finding in problems:
        target = pages_by_shown.get(finding.file)
        href = get_relative_url(target.file.url, page.file.url) if target is not None else None
        shown.append(ShownFinding(finding, "" if href == "." else href))
    own = [finding for finding in problems if finding.file == site.shown(page.file.src_uri)]
    return add_to_page(output, own, shown)
