"""MkDocs glue for figures: checks, site-wide numbers, diagram callouts.

The rules live in rfn_guide/figures.py. Here: collect each page's figures and figure links in
page events, number and resolve them in `on_env` (priority -50, after other plugins), and
reset in `on_pre_build` so `mkdocs serve` rebuilds start clean. Problems are warnings (they
stop `mkdocs build --strict`) naming file, line and the fix."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from rfn_guide import figures as rules
from rfn_guide.i18n import text

log = get_plugin_logger(__name__)

# State of one build (reset in on_pre_build).
_nav_order: list[str] = []                               # src_uri of pages in nav order
_figures: dict[str, list[rules.FigureBlock]] = {}        # src_uri -> figures in its Markdown
_links: dict[str, list[rules.FigureLink]] = {}           # src_uri -> links to #fig-...
_html_ids: dict[str, list[str]] = {}                     # src_uri -> figure ids in its HTML
_pages: dict[str, object] = {}                           # src_uri -> Page
_callouts: dict[str, dict[str, list[rules.Callout]]] = {}  # src_uri -> {figure id: callouts}
_docs = ["docs"]                                         # docs folder name, as editors see paths


def _warn(findings) -> None:
    for finding in findings:
        log.warning(str(finding))


def on_pre_build(config, **kwargs) -> None:
    _docs[0] = Path(config.docs_dir).name
    for state in (_nav_order, _figures, _links, _html_ids, _pages, _callouts):
        state.clear()


def on_nav(nav, config, files, **kwargs):
    _nav_order[:] = [page.file.src_uri for page in nav.pages]
    return nav


def _diagram_callouts(figure: rules.FigureBlock, src_uri: str, files):
    """(callouts, problem) of a diagram figure's SVG, read from the docs."""
    if not figure.is_diagram or figure.image_src is None:
        return None, None
    path = rules.resolve_md_path(src_uri, figure.image_src.split("#")[0])
    if not path.endswith(".svg"):
        return None, f"the image {figure.image_src} must be an SVG drawing with callouts"
    svg_file = files.get_file_from_path(path)
    if svg_file is None:
        return None, f"the drawing {figure.image_src} ({_docs[0]}/{path}) does not exist: check the path"
    try:
        return rules.svg_callouts(svg_file.content_string), None
    except (OSError, UnicodeDecodeError) as error:
        return None, f"cannot read {_docs[0]}/{path}: {error}"
    except rules.DiagramError as error:
        return None, f"{_docs[0]}/{path}: {error}"


def on_page_markdown(markdown, page, config, files, **kwargs):
    src_uri = page.file.src_uri
    try:
        source = page.file.content_string  # the whole file, so line numbers match the editor's
    except (OSError, UnicodeDecodeError):
        source = markdown
    shown = f"{_docs[0]}/{src_uri}"
    figures = rules.scan_figures(source)
    _figures[src_uri] = figures
    _links[src_uri] = rules.scan_figure_links(source)
    _pages[src_uri] = page
    callouts = {}
    for figure in figures:
        found, problem = _diagram_callouts(figure, src_uri, files)
        if found is not None and figure.id:
            callouts[figure.id] = found
        _warn(rules.check_figure(figure, shown, found, problem))
    _callouts[src_uri] = callouts
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    html = rules.decorate_diagrams(html, _callouts.get(page.file.src_uri, {}))
    _html_ids[page.file.src_uri] = rules.html_figure_ids(html)
    return html


@event_priority(-50)
def on_env(env, config, files, **kwargs):
    order = _nav_order + [uri for uri in _pages if uri not in _nav_order]
    numbers = rules.number_figures([(uri, _html_ids.get(uri, [])) for uri in order if uri in _pages])
    numbers_by_url: dict[str, dict[str, int]] = {}
    for (uri, figure_id), number in numbers.items():
        numbers_by_url.setdefault(_pages[uri].url, {})[figure_id] = number

    _warn(rules.check_duplicate_ids({f"{_docs[0]}/{uri}": _figures[uri] for uri in order if uri in _figures}))
    ids_by_file = {uri: {figure.id for figure in figs if figure.id} for uri, figs in _figures.items()}
    # Pages without figures still exist as link targets.
    for file in files.documentation_pages():
        ids_by_file.setdefault(file.src_uri, set())
    for uri, links in _links.items():
        for finding in rules.check_figure_links(uri, links, ids_by_file):
            _warn([rules.Finding(f"{_docs[0]}/{finding.file}", finding.line, finding.message)])

    for uri, page in _pages.items():
        if page.content:
            page.content = rules.number_html(page.content, page.url, numbers_by_url,
                                             text(config.theme.get("language") or "en", "figure"))
    return env

