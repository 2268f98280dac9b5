"""MkDocs glue for page checks: front matter and review dates, links with line numbers, images.

- Front matter (rfn_guide.frontmatter): faults are warnings; a page past next_review gets a
  notice box under its title and an INFO line in the log (it still builds).
- Images (rfn_guide.links.check_images): alt text, files that exist, nothing from other sites.
- Links (rfn_guide.links.check_links): checked in on_env at priority -60, after every hook
  (citations at -50, figures) has added its anchors to the rendered pages. A broken anchor is
  reported here with its line, and taken off MkDocs' own list so it is not reported twice.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from rfn_guide import links as link_rules
from rfn_guide.findings import INFO, Finding
from rfn_guide.guard import guarded
from rfn_guide.frontmatter import check_front_matter, overdue_notice_html

log = get_plugin_logger(__name__)

ID_RE = re.compile(r"""\sid=["']([^"']+)["']""")
H1_END_RE = re.compile(r"</h1>", re.I)


class _State:
    def __init__(self) -> None:
        self.links: dict[str, list] = {}       # src_uri -> Link list read from the source
        self.overdue: dict[str, object] = {}   # src_uri -> next_review date


STATE = _State()


def report(finding: Finding) -> None:
    (log.info if finding.level == INFO else log.warning)(str(finding))


def on_pre_build(config) -> None:
    global STATE
    STATE = _State()


def _filename(config, page) -> str:
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"


@guarded(log)
def on_page_markdown(markdown, page, config, files):
    filename = _filename(config, page)
    try:
        source = page.file.content_string
    except Exception:
        source = markdown
    findings, review = check_front_matter(source, filename)
    for finding in findings:
        report(finding)
    if review.overdue:
        STATE.overdue[page.file.src_uri] = review.next_review
    links = link_rules.find_links(source)
    STATE.links[page.file.src_uri] = links
    # Markdown images that are missing are reported by MkDocs itself; raw HTML ones only here.
    exists = lambda path: files.get_file_from_path(path) is not None  # noqa: E731
    for finding in link_rules.check_images(page.file.src_uri, links, exists, filename, check_markdown_targets=False):
        report(finding)
    return markdown


@guarded(log)
def on_page_content(html, page, config, files):
    next_review = STATE.overdue.get(page.file.src_uri)
    if next_review is None:
        return html
    notice = overdue_notice_html(next_review)
    match = H1_END_RE.search(html)
    return html[:match.end()] + "\n" + notice + html[match.end():] if match else notice + "\n" + html


@event_priority(-60)
@guarded(log)
def on_env(env, config, files):
    pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
    anchors: dict[str, set[str] | None] = {}
    for src, page in pages.items():
        if page.content is None:
            anchors[src] = None
            continue
        # Ids as the page will be published, including those hooks added after rendering.
        final_ids = set(ID_RE.findall(page.content))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(final_ids)
            final_ids |= page.present_anchor_ids
        anchors[src] = final_ids
    for src, page in pages.items():
        links = STATE.links.get(src)
        if not links:
            continue
        # Links to figures (#fig-...) are checked by hooks/figures.py, with their own hint.
        findings = link_rules.check_links(src, links, anchors, _filename(config, page), check_targets=False,
                                          skip_prefixes=("fig-",))
        for finding in findings:
            report(finding)
        _forget_reported(page, files, findings, links)
    return env


def _forget_reported(page, files, findings, links) -> None:
    """Takes anchors reported here off MkDocs' own check, so each fault is reported once."""
    if not findings or not page.links_to_anchors:
        return
    reported_lines = {f.line for f in findings}
    for link in links:
        if link.line not in reported_lines or link.kind != "link":
            continue
        path, fragment = link_rules.resolve(page.file.src_uri, link.target)
        target = files.get_file_from_path(path)
        if target is not None and fragment:
            page.links_to_anchors.get(target, {}).pop(fragment, None)
