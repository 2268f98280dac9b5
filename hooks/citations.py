"""MkDocs glue for citations: [@key] in pages -> numbered superscripts, reference list, Sources.

Collects in page events, resolves in on_env (priority -50, after every page is rendered, as
mkdocs-autorefs does); on_pre_build resets state so `mkdocs serve` rebuilds start clean.
The rules live in rfn_guide.bibliography and rfn_guide.citations."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from rfn_guide import citations as rules
from rfn_guide.bibliography import parse_bibliography
from rfn_guide.findings import INFO, Finding
from rfn_guide.guard import guarded
from rfn_guide.i18n import text

log = get_plugin_logger(__name__)

BIB_PATH = "includes/references.bib"  # relative to the folder of mkdocs.yml


class _State:
    def __init__(self) -> None:
        self.references: dict = {}
        self.bib_ok = False
        self.keys_by_page: dict[str, list[str]] = {}     # src_uri -> keys in order of first citation
        self.bibliography_page: str | None = None
        self.nav_order: list[str] = []


STATE = _State()


def report(finding: Finding) -> None:
    (log.info if finding.level == INFO else log.warning)(str(finding))


def on_pre_build(config) -> None:
    global STATE
    STATE = _State()


def on_serve(server, config, builder):
    """`mkdocs serve` rebuilds when the bibliography changes, not only when docs/ does."""
    server.watch(str(Path(config.config_file_path).parent / BIB_PATH))
    return server


@guarded(log)
def on_files(files, config):
    path = Path(config.config_file_path).parent / BIB_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        report(Finding(BIB_PATH, None, f"bibliography cannot be read ({exc.strerror}): create it, or restore it "
                                       "from version control"))
        return files
    STATE.references, findings = parse_bibliography(text, BIB_PATH)
    # After a syntax error pybtex may have lost entries: do not also flag every citation of them.
    STATE.bib_ok = not any(f.message.startswith("BibTeX") for f in findings)
    for finding in findings:
        report(finding)
    return files


def on_nav(nav, config, files):
    STATE.nav_order = [page.file.src_uri for page in nav.pages]
    return nav


@guarded(log)
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    filename = f"{Path(config.docs_dir).name}/{src}"
    try:
        source = page.file.content_string
    except Exception:
        source = markdown
    # Lines come from the file as written; the replacement works on the Markdown as handed over.
    found, findings = rules.find_citations(source, filename)
    for finding in findings:
        report(finding)
    if STATE.bib_ok:
        for finding in rules.unknown_key_findings(found, STATE.references, filename, BIB_PATH):
            report(finding)
    if rules.has_bibliography_marker(markdown):
        if STATE.bibliography_page and STATE.bibliography_page != src:
            report(Finding(filename, None, f"a second {rules.BIBLIOGRAPHY_MARKER} marker (the first is in "
                                           f"{STATE.bibliography_page}): keep the one in references.md"))
        else:
            STATE.bibliography_page = src
            markdown = rules.BIBLIOGRAPHY_MARKER_RE.sub(rules.BIBLIOGRAPHY_MARKER, markdown, count=1)
    to_render, _ = rules.find_citations(markdown)
    if not to_render:
        return markdown
    STATE.keys_by_page[src] = rules.cited_keys(to_render)
    return rules.replace_citations(markdown, to_render)


def _add_to_toc(page, title: str, anchor: str) -> None:
    toc = getattr(page, "toc", None)
    if toc is None:
        return
    link = AnchorLink(title, anchor, 2)
    items = list(toc)
    if len(items) == 1 and items[0].level == 1:
        items[0].children.append(link)
    else:
        toc.items.append(link)


@event_priority(-50)
@guarded(log)
def on_env(env, config, files):
    pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
    order = [src for src in STATE.nav_order if src in pages] + [src for src in pages if src not in STATE.nav_order]
    numbers = rules.number_citations((STATE.keys_by_page.get(src, []) for src in order), STATE.references)
    if STATE.bib_ok:
        for finding in rules.uncited_findings(STATE.references, numbers, BIB_PATH):
            report(finding)
    bib_src = STATE.bibliography_page
    if bib_src is None and (STATE.references or STATE.keys_by_page):
        report(Finding("docs/references.md", None,
                       f"no page has the line {rules.BIBLIOGRAPHY_MARKER}, so the reference list has nowhere to go: "
                       "add that line to docs/references.md where the list belongs"))
    for src in order:
        page = pages[src]
        if page.content is None:
            continue
        if src in STATE.keys_by_page:
            href = get_relative_url(pages[bib_src].file.url, page.file.url) if bib_src else ""
            if href == ".":
                href = ""
            page.content = rules.PLACEHOLDER_RE.sub(
                lambda m: rules.render_citation(m.group(1).split(), numbers, STATE.references, href), page.content)
            if src != bib_src:
                heading = text(config.theme.get("language") or "en", "sources")
                sources = rules.render_sources(STATE.keys_by_page[src], STATE.references, numbers, heading)
                if sources:
                    page.content += "\n" + sources
                    _add_to_toc(page, heading, rules.SOURCES_ID)
                    if page.present_anchor_ids is not None:
                        page.present_anchor_ids.add(rules.SOURCES_ID)
        if src == bib_src:
            listing = rules.render_bibliography(STATE.references, numbers)
            if rules.BIBLIOGRAPHY_MARKER not in page.content:
                report(Finding(f"{Path(config.docs_dir).name}/{src}", None,
                               f"the {rules.BIBLIOGRAPHY_MARKER} line must stand on its own, outside lists, "
                               "boxes and code, with a blank line before and after it"))
            page.content = page.content.replace(rules.BIBLIOGRAPHY_MARKER, listing, 1)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(rules.REF_ID_PREFIX + key for key in STATE.references)
    return env
