"""Step: figures. Checks each figure (id, caption, text alternative, diagram callouts against
the legend, and the drawing rules of rfn_guide.figures.diagrams: callout count and order, leaders,
contrast, colours in the legend, journey steps against the legend), numbers the figures site-wide in nav order, and turns `[Figure](page.md#fig-x)`
links into "Figure N". Collects in page events, numbers and resolves once in on_env.
The rules are in rfn_guide.figures.rules."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.structure.pages import Page

from ..engine.build_cache import fingerprint, read_json, write_json
from ..engine.findings import Finding
from ..engine.site import Site
from ..i18n import text
from . import rules


@dataclass
class State:
    """By page (src_uri): its figures and its links to figures, as written; each diagram's
    callouts, by figure id; the figure ids in its HTML, in order (what the numbers follow)."""

    figures: dict[str, list[rules.FigureBlock]] = field(default_factory=dict)
    figure_links: dict[str, list[rules.FigureLink]] = field(default_factory=dict)
    callouts: dict[str, dict[str, list[rules.Callout]]] = field(default_factory=dict)
    html_ids: dict[str, list[str]] = field(default_factory=dict)


# What a cached diagram check depends on besides the drawing, the legend and the paths: the
# drawing rules' own code
_DRAWING_RULES = fingerprint((Path(__file__).resolve().parent / "diagrams.py").read_text(encoding="utf-8"))


def _check_diagram(svg_text: str, svg_file: str, legend: list[tuple[int, str]], page: str) -> list[Finding]:
    """The drawing rules' findings for one diagram, kept in the build cache by what they were made
    from: the checks take tens of milliseconds a build, and a drawing seldom changes."""
    name = f"diagram-{fingerprint(_DRAWING_RULES, svg_text, svg_file, json.dumps(legend), page)}.json"
    cached = read_json(name)
    if isinstance(cached, list):
        try:
            return [Finding(**item) for item in cached]
        except TypeError:
            pass  # an entry in another shape: check again
    from . import diagrams  # the drawing rules: imported only when a drawing is checked

    found = diagrams.check_diagram(svg_text, svg_file, legend, page)
    write_json(name, [asdict(finding) for finding in found])
    return found


def _diagram_callouts(site: Site, figure: rules.FigureBlock,
                      src_uri: str) -> tuple[list[rules.Callout] | None, str | None]:
    """(callouts, problem) of a diagram figure's SVG, read from the docs."""
    if not figure.is_diagram or figure.image_src is None:
        return None, None
    path = rules.resolve_md_path(src_uri, figure.image_src.split("#")[0])
    if not path.endswith(".svg"):
        return None, f"the image {figure.image_src} must be an SVG drawing with callouts"
    svg_file = site.files.get_file_from_path(path) if site.files is not None else None
    if svg_file is None:
        return None, f"the drawing {figure.image_src} ({site.shown(path)}) does not exist: check the path"
    try:
        svg_text = svg_file.content_string
        callouts = rules.svg_callouts(svg_text)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"cannot read {site.shown(path)}: {error}"
    except rules.DiagramError as error:
        return None, f"{site.shown(path)}: {error}"
    # A drawing shown on several pages (or in a handout copy) is reported once per problem
    found = _check_diagram(svg_text, site.shown(path), figure.legend_text, site.shown(src_uri))
    site.report_all([finding for finding in found if finding not in site.findings])
    return callouts, None


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    state = site.state(State)
    src = page.file.src_uri
    source = page.file.content_string  # the whole file, so line numbers match the editor's
    figures = rules.scan_figures(source)
    state.figures[src] = figures
    state.figure_links[src] = rules.scan_figure_links(source)
    callouts = {}
    for figure in figures:
        found, problem = _diagram_callouts(site, figure, src)
        if found is not None and figure.id:
            callouts[figure.id] = found
        site.report_all(rules.check_figure(figure, site.shown(src), found, problem))
    state.callouts[src] = callouts
    return markdown


def on_page_content(site: Site, html: str, page: Page) -> str:
    state = site.state(State)
    html = rules.decorate_diagrams(html, state.callouts.get(page.file.src_uri, {}),
                                   text(site.language, "figure_enlarge_hint"))
    state.html_ids[page.file.src_uri] = rules.html_figure_ids(html)
    return html


def on_env(site: Site, env: Environment) -> None:
    state = site.state(State)
    pages = site.pages()
    numbers = rules.number_figures([(src, state.html_ids.get(src, [])) for src in pages])
    numbers_by_url: dict[str, dict[str, int]] = {}
    for (src, figure_id), number in numbers.items():
        numbers_by_url.setdefault(pages[src].url, {})[figure_id] = number
    site.report_all(rules.check_duplicate_ids({site.shown(src): state.figures[src] for src in pages
                                               if src in state.figures}))
    ids_by_file = {src: {figure.id for figure in state.figures.get(src, []) if figure.id} for src in pages}
    for src, links in state.figure_links.items():
        for finding in rules.check_figure_links(src, links, ids_by_file):
            site.report(rules.Finding(site.shown(src), finding.line, finding.message, rule=rules.RULE))
    for page in pages.values():
        if page.content:
            page.content = rules.number_html(page.content, page.url, numbers_by_url, text(site.language, "figure"))
