"""The two diagrams and the figure hook, as editors and readers meet them.

- the SVG files: text alternative, real text labels, colour contrast;
- fixture sites with one planted fault each: `mkdocs build --strict` fails, naming file and line,
  without a traceback;
- the real site: figures numbered in nav order, "Figure" links numbered;
- headless Chromium at 375 px and 1280 px: diagrams render, fit, callouts open by click and
  keyboard, the lightbox opens, print shows the legend only. Screenshots go to test-output/.
"""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from support.browser import wait_for_animations
from support.project import DOCS, ROOT, run_mkdocs_build, step_hook

DIAGRAMS = DOCS / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
WIDTHS = (375, 1280)


# --- The SVG files ------------------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def svg_styles(svg_text: str) -> dict[str, dict[str, str]]:
    """`.class { prop: value }` rules of the SVG's <style>, as {selector: {prop: value}}."""
    css = re.search(r"<style>(.*?)</style>", svg_text, re.DOTALL).group(1)
    rules = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        props = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", body))
        rules[selector.strip()] = {k: v.strip() for k, v in props.items()}
    return rules


@pytest.fixture(params=["facet-joint", "sacroiliac-joint", "rfn-journey"])
def svg_text(request) -> str:
    return (DIAGRAMS / f"{request.param}.svg").read_text(encoding="utf-8")


def test_svg_has_title_desc_and_real_text_labels(svg_text):
    root = ET.fromstring(svg_text)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None and len(title.text.split()) >= 5
    assert desc is not None and len(desc.text.split()) >= 30
    labels = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}
    assert {"1", "2", "3", "4", "5"} <= labels  # callout numbers are text, not outlines
    assert len(labels - {str(n) for n in range(1, 10)}) >= 2  # and so are the words
    assert "<image" not in svg_text and "base64" not in svg_text  # drawn, not pasted
    assert "http" not in svg_text.replace("http://www.w3.org/2000/svg", "")  # loads nothing


def test_svg_colours_contrast_with_its_light_panel(svg_text):
    styles = svg_styles(svg_text)
    panel = styles[".panel"]["fill"]
    lines = [".bone", ".bone-near", ".disc", ".joint-line", ".nerve", ".needle-outline", ".leader", ".heat", ".timeline"]
    for selector in lines:
        if selector in styles:
            assert contrast(styles[selector]["stroke"], panel) >= 3, selector
    for selector in (".label", ".label-strong"):
        assert contrast(styles[selector]["fill"], panel) >= 4.5, selector
    callout = styles[".callout circle"]["fill"]
    assert contrast(styles[".callout text"]["fill"], callout) >= 4.5
    assert contrast(callout, panel) >= 3


def test_screen_callout_and_legend_colours_contrast():
    """The buttons and legend numbers of extra.css, in both palettes."""
    assert contrast("#ffffff", "#1a237e") >= 4.5     # callout button, light legend number
    assert contrast("#ffffff", "#c62828") >= 4.5     # callout button hovered or open
    assert contrast("#1a237e", "#c5cae9") >= 4.5     # legend number in the slate palette
    assert contrast("#c5cae9", "#1e2129") >= 3       # ... against slate's background


def test_journey_text_contrasts_with_every_band_and_the_size_is_set():
    """The timeline's words sit on light coloured bands, not only on the panel."""
    svg = (DIAGRAMS / "rfn-journey.svg").read_text(encoding="utf-8")
    styles = svg_styles(svg)
    bands = [rules["fill"] for selector, rules in styles.items() if selector.startswith(".band")]
    assert len(bands) == 3
    for band in bands:
        for selector in (".label", ".label-strong", ".phase"):
            assert contrast(styles[selector]["fill"], band) >= 4.5, (selector, band)
        assert contrast(styles[".timeline"]["stroke"], band) >= 3
        assert contrast(styles[".callout circle"]["fill"], band) >= 3
    root = ET.fromstring(svg)
    assert root.get("viewBox") and root.get("width") and root.get("height")
    assert len(svg.encode("utf-8")) < 8 * 1024, "keep the diagram small (first-visit budget)"
    callouts = [g.get("data-callout") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "callout"]
    assert callouts == [str(n) for n in range(1, 9)]


# --- Fixture sites with planted faults ------------------------------------------------------

FIXTURE_CONFIG = """\
site_name: Figure fixture
strict: true
theme: mkdocs
hooks:
  - {hook}
markdown_extensions:
  - attr_list
  - md_in_html
nav:
  - index.md
  - two.md
"""

INDEX = """\
# One

See [Figure](two.md#fig-si).

<figure markdown id="fig-facet" class="rfn-diagram">
![Two vertebrae seen from the side](assets/diagrams/facet-joint.svg)

1. Vertebrae, with a blue disc.
2. Upper yellow nerve.
3. Facet joint, red.
4. Lower yellow nerve.
5. Needles; orange heat.

<figcaption markdown="span">The facet joint.</figcaption>
</figure>
"""

TWO = """\
# Two

<figure markdown id="fig-si" class="rfn-diagram">
![The pelvis seen from behind](assets/diagrams/sacroiliac-joint.svg)

1. Sacrum, with a blue disc above it.
2. Hip bone.
3. Sacroiliac joint, red.
4. Yellow nerves.
5. Needles; orange heat.

<figcaption markdown="span">The sacroiliac joint.</figcaption>
</figure>

Back to [Figure](index.md#fig-facet).
"""


def build_fixture(tmp_path: Path, index: str = INDEX, two: str = TWO, svg_edit=None):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    shutil.copytree(DIAGRAMS, docs / "assets" / "diagrams")
    if svg_edit:
        path = docs / "assets" / "diagrams" / "sacroiliac-joint.svg"
        path.write_text(svg_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "index.md").write_text(index, encoding="utf-8")
    (docs / "two.md").write_text(two, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(FIXTURE_CONFIG.format(hook=step_hook(tmp_path, "figure_numbers")), encoding="utf-8")
    return run_mkdocs_build(config, tmp_path / "site")


def test_fixture_site_builds_clean_with_numbers(tmp_path):
    result = build_fixture(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    two = (tmp_path / "site" / "two" / "index.html").read_text(encoding="utf-8")
    assert '<span class="rfn-figure-number">Figure 1.</span> The facet joint.' in index
    assert '<span class="rfn-figure-number">Figure 2.</span> The sacroiliac joint.' in two
    assert '<a href="two/#fig-si">Figure&nbsp;2</a>' in index
    assert '<a href="../#fig-facet">Figure&nbsp;1</a>' in two


FAULTS = {
    "missing id": ("index", ' id="fig-facet"', "", "docs/index.md:5", ["figure has no id", 'fig-']),
    "missing caption": ("two", '<figcaption markdown="span">The sacroiliac joint.</figcaption>', "",
                        "docs/two.md:3", ['figure "fig-si" has no caption', "<figcaption"]),
    "missing alt": ("index", "![Two vertebrae seen from the side]", "![]", "docs/index.md:6",
                    ["no text alternative", "facet-joint.svg"]),
    "unknown figure link": ("two", "index.md#fig-facet)", "index.md#fig-facets)", "docs/two.md:15",
                            ['"fig-facets"', "no figure with that id", "fig-facet"]),
    "callout without legend": ("two", "5. Needles; orange heat.\n", "", "docs/two.md:9",
                               ['diagram "fig-si"', "callout 5", "no legend entry"]),
    "legend without callout": ("two", "5. Needles; orange heat.\n", "5. Needles; orange heat.\n6. Extra.\n",
                               "docs/two.md:11", ['diagram "fig-si"', "legend entry 6 has no callout 6"]),
    "colour not in the legend": ("two", "5. Needles; orange heat.", "5. Needles.", "docs/two.md:10",
                                 ['legend entry 5 does not say "orange"', "needles-right"]),
    "missing drawing": ("index", "facet-joint.svg)", "facet-jiont.svg)", "docs/index.md:6",
                        ["facet-jiont.svg", "does not exist"]),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_planted_fault_fails_the_build_with_file_line_and_no_traceback(tmp_path, fault):
    page, old, new, where, words = FAULTS[fault]
    pages = {"index": INDEX, "two": TWO}
    assert old in pages[page]
    pages[page] = pages[page].replace(old, new, 1)
    result = build_fixture(tmp_path, pages["index"], pages["two"])
    assert result.returncode != 0, f"{fault}: the build passed"
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "WARNING" in line and where + ":" in line]
    assert lines, f"{fault}: no warning at {where}:\n{result.stderr}"
    for word in words:
        assert any(word in line for line in lines), f"{fault}: {word!r} missing from {lines}"


def test_callout_drawn_but_missing_from_legend_names_diagram_and_number(tmp_path):
    """The other way round from the legend fault: the drawing gains a callout 7."""
    def add_callout(svg: str) -> str:
        return svg.replace("</svg>", '<g class="callout" data-callout="7" data-target="sacrum"><circle cx="320" '
                                     'cy="300" r="9"/><text x="320" y="300">7</text></g></svg>')
    result = build_fixture(tmp_path, svg_edit=add_callout)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(r'WARNING .*docs/two\.md:\d+: diagram "fig-si": callout 7 in '
                     r"assets/diagrams/sacroiliac-joint\.svg has no legend entry", result.stderr), result.stderr


# Planted faults in the drawing itself (hooks/rfn_guide/figures/diagrams.py): (text to change, new text,
# words of the warning, what the SVG line it names must contain)
DRAWING_FAULTS = {
    "leader ends off its shape": ('x1="580" y1="380" x2="388" y2="292"', 'x1="580" y1="380" x2="466" y2="180"',
                                  ['the leader of callout 5 ends at (466,180), outside "needles-right"'],
                                  'data-target="needles-right"'),
    "leaders cross": ('x1="96" y1="300" x2="205" y2="196"', 'x1="96" y1="300" x2="230" y2="290"',
                      ["the leaders of callouts 3 and 4 cross"], 'data-callout="4"'),
    "a sixth callout": ("</svg>", '<g class="callout" data-callout="6" data-target="sacrum"><circle cx="320" cy="300" '
                                  'r="19"/><text x="320" y="300">6</text></g></svg>',
                        ["6 numbered callouts", "at most 5"], 'data-callout="6"'),
    "faint leaders": (".leader-ink { fill: none; stroke: #1b1b1b;", ".leader-ink { fill: none; stroke: #d8d0c0;",
                      ["leaders (#d8d0c0) contrast", "with their halo"], "<line data-callout"),
    "colour without a legend entry": (' data-legend="5" data-colour="orange"', "",
                                      ["#ffb74d, a colour that stands out, has no legend entry"], 'class="heat"'),
}


@pytest.mark.parametrize("fault", DRAWING_FAULTS)
def test_planted_drawing_fault_fails_the_build_naming_the_svg_line_and_element(tmp_path, fault):
    old, new, words, marker = DRAWING_FAULTS[fault]
    planted: list[str] = []

    def edit(svg: str) -> str:
        assert old in svg, fault
        planted.append(svg.replace(old, new, 1))
        return planted[0]

    result = build_fixture(tmp_path, svg_edit=edit)
    assert result.returncode != 0, f"{fault}: the build passed"
    assert "Traceback" not in result.stderr
    found = re.findall(r"WARNING .*?docs/assets/diagrams/sacroiliac-joint\.svg:(\d+): (.*)", result.stderr)
    hits = [(int(line), message) for line, message in found if all(word in message for word in words)]
    assert hits, f"{fault}: no warning with {words}:\n{result.stderr}"
    line, _ = hits[0]
    assert marker in planted[0].splitlines()[line - 1], (fault, planted[0].splitlines()[line - 1])


def test_broken_svg_is_a_clear_warning_not_a_traceback(tmp_path):
    result = build_fixture(tmp_path, svg_edit=lambda svg: svg.replace("</svg>", ""))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(r"WARNING .*docs/two\.md:4: .*sacroiliac-joint\.svg: the SVG is not well-formed",
                     result.stderr), result.stderr


# --- The real site ------------------------------------------------------------------------

def nav_pages() -> list[str]:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and friends
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    pages: list[str] = []
    for item in config["nav"]:
        pages.extend(item.values() if isinstance(item, dict) else [item])
    return pages


def page_html(site: Path, src: str) -> Path:
    return site / ("index.html" if src == "index.md" else f"{src[:-3]}/index.html")


def test_real_site_numbers_figures_in_nav_order_and_links_show_numbers(built_site):
    numbers, links = {}, []
    for src in nav_pages():
        soup = BeautifulSoup(page_html(built_site, src).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        for figure in article.select("figure[id]"):
            if figure.find_parent(class_="rfn-handout-only"):
                continue  # a print-only copy at the end of a handout that refers to it
            label = figure.select_one("figcaption .rfn-figure-number")
            assert label is not None, f"{src}: {figure['id']} has no number"
            numbers[figure["id"]] = label.get_text()
        links += [(src, a) for a in article.select('a[href*="#fig-"]')]
    assert {"fig-facet-joint", "fig-sacroiliac-joint", "fig-rfn-journey"} <= set(numbers)
    assert list(numbers.values()) == [f"Figure {n}." for n in range(1, len(numbers) + 1)]
    assert links, "no page refers to a figure"
    for src, link in links:
        if link.get_text(strip=True).startswith("Figure"):
            fragment = link["href"].split("#")[1]
            assert link.get_text().replace("\xa0", " ") == numbers[fragment].rstrip("."), (src, link)


# --- In the browser -----------------------------------------------------------------------

def diagram_pages(site: Path) -> list[tuple[str, list[str]]]:
    """(URL path, figure ids) of each built page with diagrams."""
    found = []
    for src in nav_pages():
        html = page_html(site, src).read_text(encoding="utf-8")
        # ids start "fig-"; print-only copies for handouts ("rfn-handout-fig-...") are hidden on screen
        ids = re.findall(r'<figure class="rfn-diagram" id="(fig-[^"]+)"', html)
        if ids:
            found.append(("" if src == "index.md" else f"{src[:-3]}/", ids))
    return found


def figure_screenshot(page, figure, path: Path) -> None:
    """A screenshot of one figure as laid out, without the sticky header over it."""
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur();"
                  " document.querySelector('.md-header').style.visibility = 'hidden'")
    box = figure.evaluate("f => { const r = f.getBoundingClientRect();"
                          " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }")
    page.screenshot(path=str(path), full_page=True, clip={k: max(0, v) for k, v in box.items()})
    page.evaluate("document.querySelector('.md-header').style.visibility = ''")


def text_of(locator) -> str:
    return " ".join(locator.inner_text().split())


@pytest.mark.parametrize("width", WIDTHS)
def test_diagrams_in_the_browser(browser, site_url, built_site, test_output, width):
    pages = diagram_pages(built_site)
    assert sum(len(ids) for _, ids in pages) >= 2
    touch = width < 600  # a phone: callouts are tapped
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce",
                                  has_touch=touch)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path, ids in pages:
            page.goto(site_url + path)
            page.wait_for_load_state("load")
            for figure_id in ids:
                figure = page.locator(f"#{figure_id}")
                check_renders_and_fits(page, figure, width)
                check_callouts_open(page, figure, figure_id, touch)
                figure_screenshot(page, figure, test_output / f"diagram-{figure_id}-{width}.png")
                check_lightbox(page, figure, test_output / f"diagram-{figure_id}-{width}-lightbox.png")
        assert errors == []
    finally:
        context.close()


def check_renders_and_fits(page, figure, width):
    figure.scroll_into_view_if_needed()
    image = figure.locator(".rfn-diagram__stage img")
    state = image.evaluate("i => ({complete: i.complete, natural: i.naturalWidth,"
                           " box: i.getBoundingClientRect().toJSON(),"
                           " stage: i.closest('.rfn-diagram__stage').getBoundingClientRect().toJSON(),"
                           " content: i.closest('.md-content__inner, article').getBoundingClientRect().toJSON(),"
                           " scroll: document.documentElement.scrollWidth})")
    assert state["complete"] and state["natural"] > 0, "diagram did not load"
    box, stage, content = state["box"], state["stage"], state["content"]
    assert box["width"] > 0.8 * min(640, content["width"]), "diagram drawn too small"
    assert box["left"] >= content["left"] - 1 and box["right"] <= content["right"] + 1, "overflows its column"
    assert box["right"] <= width and state["scroll"] <= width, "page scrolls sideways"
    assert abs(stage["width"] - box["width"]) < 2 and abs(stage["height"] - box["height"]) < 2
    # Callout buttons lie on the drawing
    for button in figure.locator(".rfn-callout").all():
        b = button.bounding_box()
        cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
        assert box["left"] <= cx <= box["right"] and box["top"] <= cy <= box["bottom"], button.inner_text()
        assert b["width"] >= 23.5, "callout button smaller than 24 px"


def check_callouts_open(page, figure, figure_id, touch=False):
    legend = figure.locator("ol.rfn-legend > li")
    buttons = figure.locator("button.rfn-callout")
    assert buttons.count() == legend.count() > 0
    for index in range(buttons.count()):
        button = buttons.nth(index)
        number = index + 1
        expected = text_of(figure.locator(f"#{figure_id}-note-{number}"))
        note = figure.locator(f"#{figure_id}-note-{number}-popup")
        # Mouse or touch: a click (tap) opens the note with the legend's words
        button.tap() if touch else button.click()
        expect(note).to_be_visible()
        assert text_of(note) == expected
        expect(button).to_have_attribute("aria-expanded", "true")
        note_box = note.bounding_box()
        assert note_box["x"] >= 0 and note_box["x"] + note_box["width"] <= page.viewport_size["width"] + 1
        if touch:  # a tap elsewhere closes it (a second tap on the spot could be a double tap)
            figure.locator("figcaption").tap(position={"x": 2, "y": 2})
        else:      # a second click closes it
            button.click()
        expect(note).to_be_hidden()
        expect(button).to_have_attribute("aria-expanded", "false")
        # Keyboard: Enter (or Space) opens, Escape closes and leaves focus on the button
        button.focus()
        page.keyboard.press("Enter" if number % 2 else "Space")
        expect(note).to_be_visible()
        assert text_of(note) == expected
        page.keyboard.press("Escape")
        expect(note).to_be_hidden()
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == f"{figure_id}-note-{number}-popup"
    # Tab reaches the callouts in order
    buttons.nth(0).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "2"


def check_lightbox(page, figure, screenshot: Path):
    small = figure.locator(".rfn-diagram__stage img")
    in_page, small_height = small.bounding_box()["width"], small.bounding_box()["height"]
    small.click(position={"x": 5, "y": 5})
    large = page.locator(".glightbox-container .gslide.current img")
    large.wait_for(state="visible")
    # Loaded, and the opening zoom over: the drawing fills the width or the height of the window
    page.wait_for_function("() => { const i = document.querySelector('.glightbox-container .gslide.current img');"
                           " if (!i || !i.complete || !i.naturalWidth) return false;"
                           " const r = i.getBoundingClientRect();"
                           " return r.width >= 0.85 * innerWidth || r.height >= 0.75 * innerHeight; }")
    wait_for_animations(page)  # the opening zoom has ended: the sizes below are final
    assert large.get_attribute("src").endswith(".svg")  # still a vector: sharp at any size
    shown = large.bounding_box()["width"]
    if small_height > page.viewport_size["height"]:
        # Taller than the window on the page (the journey on a desktop): the lightbox shows all of it
        box = large.bounding_box()
        assert box["y"] >= -1 and box["y"] + box["height"] <= page.viewport_size["height"] + 1, box
        assert box["height"] >= 0.75 * page.viewport_size["height"], box
    else:
        assert shown >= 0.95 * in_page, "the lightbox shows the diagram smaller than the page"
        if page.viewport_size["width"] >= 1000:
            assert shown >= 1.2 * in_page, "on a wide screen the lightbox should show the diagram larger"
    page.screenshot(path=str(screenshot))
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")


def test_diagrams_in_dark_palette_and_print(browser, site_url, built_site, test_output):
    path, ids = diagram_pages(built_site)[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_url + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        figure = page.locator(f"#{ids[0]}")
        figure.scroll_into_view_if_needed()
        figure.locator("button.rfn-callout").first.click()
        figure_screenshot(page, figure, test_output / f"diagram-{ids[0]}-1280-dark.png")
        page.keyboard.press("Escape")
        # The legend text follows the palette: light text on the dark page
        colour = figure.locator("ol.rfn-legend > li").first.evaluate("li => getComputedStyle(li).color")
        assert colour != "rgba(0, 0, 0, 0.87)"
        page.emulate_media(media="print")
        assert figure.locator("button.rfn-callout").first.is_hidden()
        assert figure.locator("ol.rfn-legend").is_visible()
        assert figure.locator(".rfn-diagram__stage img").is_visible()
    finally:
        context.close()
