"""Step: links and images, with the line of the Markdown they are on.

Images are checked as each page is read. Links are checked once in on_env, after the
citation and figure steps have added their anchors (ref-<key>, #sources, fig-...), against
the ids each page will be published with. A broken anchor reported here is taken off MkDocs'
own list, so it is reported once. The rules are in rfn_guide.links.rules."""
from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..engine.findings import Finding
from ..engine.site import Site
from . import rules

# The steps whose work this one needs done first (engine/pipeline.py checks the order): the anchors the citation and figure steps add in on_env are what links are checked against
AFTER = ("citations", "figures")


@dataclass
class State:
    links: dict[str, list[rules.Link]] = field(default_factory=dict)  # src_uri -> its links, as read


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    src = page.file.src_uri
    links = rules.find_links(page.file.content_string)
    site.state(State).links[src] = links
    files = site.files

    def exists(path: str) -> bool:
        return files is not None and files.get_file_from_path(path) is not None

    # Markdown images that are missing are reported by MkDocs itself; raw HTML ones only here.
    site.report_all(rules.check_images(src, links, exists, site.shown(src), check_markdown_targets=False,
                                       docs_name=site.docs_name))
    return markdown


def on_env(site: Site, env: Environment) -> None:
    pages = site.pages()
    anchors: dict[str, set[str] | None] = {}
    for src, page in pages.items():
        if page.content is None:
            anchors[src] = None
            continue
        # Ids as the page will be published, including those other steps added after rendering.
        final_ids = set(rules.HTML_ID_RE.findall(page.content))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(final_ids)
            final_ids |= page.present_anchor_ids
        anchors[src] = final_ids
    state = site.state(State)
    for src, page in pages.items():
        links = state.links.get(src)
        if not links:
            continue
        # Links to figures (#fig-...) are checked by the figure step, with its own hint.
        findings = rules.check_links(src, links, anchors, site.shown(src), check_targets=False,
                                     skip_prefixes=("fig-",), docs_name=site.docs_name)
        site.report_all(findings)
        if site.files is not None:
            _forget_reported(page, site.files, findings, links)


def _forget_reported(page: Page, files: Files, findings: list[Finding], links: list[rules.Link]) -> None:
    """Takes anchors reported here off MkDocs' own check, so each fault is reported once."""
    if not findings or not page.links_to_anchors:
        return
    reported_lines = {f.line for f in findings}
    for link in links:
        if link.line not in reported_lines or link.kind != "link":
            continue
        path, fragment = rules.resolve(page.file.src_uri, link.target)
        target = files.get_file_from_path(path)
        if target is not None and fragment:
            page.links_to_anchors.get(target, {}).pop(fragment, None)
