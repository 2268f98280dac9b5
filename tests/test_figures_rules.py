"""Unit tests of the figure rules (hooks/rfn_guide/figures/rules.py): no MkDocs, no browser."""
from __future__ import annotations

import pytest

from rfn_guide.engine.check import check_docs
from rfn_guide.figures import rules

GOOD = """\
# Page

Intro, see [Figure](#fig-demo).

<figure markdown id="fig-demo" class="rfn-diagram">
![A drawing of the demo](assets/diagrams/demo.svg)

1. First thing.
2. Second thing,
   which takes two lines.

<figcaption markdown="span">The demo, *drawn*.</figcaption>
</figure>
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
  <g class="callout" data-callout="1"><circle cx="50" cy="25" r="5"/><text>1</text></g>
  <g transform="translate(10,20)">
    <g class="callout" data-callout="2" transform="translate(5, 5)"><circle cx="85" cy="25" r="5"/></g>
  </g>
</svg>"""


def only(findings):
    assert len(findings) == 1, [str(f) for f in findings]
    return findings[0]


# --- Reading Markdown ---------------------------------------------------------------------

def test_scan_figures_reads_id_alt_caption_legend_and_lines():
    (figure,) = rules.scan_figures(GOOD)
    assert (figure.line, figure.end_line) == (5, 13)
    assert figure.id == "fig-demo" and figure.is_diagram
    assert (figure.image_src, figure.image_alt, figure.image_line) == ("assets/diagrams/demo.svg",
                                                                      "A drawing of the demo", 6)
    assert figure.caption == "The demo, *drawn*."
    assert figure.legend == [(1, 8), (2, 9)]


def test_figures_inside_code_blocks_and_marker_comments_are_not_figures():
    text = "<!-- figure: facet-joint -->\n\n```html\n<figure id=\"x\">\n</figure>\n```\n\n`<figure>`\n"
    assert rules.scan_figures(text) == []


def test_figure_indented_in_an_admonition_keeps_its_legend():
    text = '!!! note\n\n' + "".join("    " + line if line else "" for line in GOOD.splitlines(keepends=True))
    (figure,) = rules.scan_figures(text)
    assert [number for number, _ in figure.legend] == [1, 2]
    nested = GOOD.replace("1. First thing.", "1. First thing.\n\n    1. A nested list is not the legend")
    assert [n for n, _ in rules.scan_figures(nested)[0].legend] == [1, 2]


def test_html_img_alt_is_read():
    (figure,) = rules.scan_figures('<figure id="fig-a">\n<img src="a.png" alt="An A">\n'
                                   "<figcaption>A</figcaption>\n</figure>\n")
    assert (figure.image_src, figure.image_alt) == ("a.png", "An A")


def test_good_figure_has_no_findings():
    (figure,) = rules.scan_figures(GOOD)
    callouts = [rules.Callout(1, 10, 10), rules.Callout(2, 20, 20)]
    assert rules.check_figure(figure, "docs/page.md", callouts) == []


@pytest.mark.parametrize("old, new, line, words", [
    ('id="fig-demo" ', "", 5, ["no id", 'fig-']),
    ('id="fig-demo"', 'id="demo"', 5, ['"demo"', 'start with "fig-"']),
    ('<figcaption markdown="span">The demo, *drawn*.</figcaption>', "", 5, ["no caption", "<figcaption"]),
    ('<figcaption markdown="span">The demo, *drawn*.</figcaption>', "<figcaption> </figcaption>", 5,
     ["no caption"]),
    ("![A drawing of the demo]", "![]", 6, ["no text alternative", "demo.svg"]),
    ("![A drawing of the demo](assets/diagrams/demo.svg)", "Just words", 5, ["has no image"]),
])
def test_each_missing_part_is_one_finding_with_file_line_and_fix(old, new, line, words):
    (figure,) = rules.scan_figures(GOOD.replace(old, new))
    finding = only(rules.check_figure(figure, "docs/page.md", [rules.Callout(1, 1, 1), rules.Callout(2, 2, 2)]))
    assert (finding.file, finding.line) == ("docs/page.md", line)
    for word in words:
        assert word in finding.message
    assert str(finding).startswith(f"docs/page.md:{line}: ")


# --- Callouts and legend ------------------------------------------------------------------

def test_svg_callouts_positions_are_percentages_including_translates():
    assert rules.svg_callouts(SVG) == [rules.Callout(1, 25.0, 25.0), rules.Callout(2, 50.0, 50.0)]


def test_the_real_diagrams_have_numbered_callouts_from_one():
    for name, count in (("facet-joint", 5), ("sacroiliac-joint", 5)):
        svg = (rules_root() / f"{name}.svg").read_text(encoding="utf-8")
        callouts = rules.svg_callouts(svg)
        assert [c.number for c in callouts] == list(range(1, count + 1))
        assert all(0 < c.x < 100 and 0 < c.y < 100 for c in callouts)


def rules_root():
    from support.project import DOCS

    return DOCS / "assets" / "diagrams"


@pytest.mark.parametrize("svg, words", [
    ("<svg", ["not well-formed"]),
    ("<html/>", ["not an SVG"]),
    ('<svg xmlns="http://www.w3.org/2000/svg"/>', ["viewBox"]),
    ('<svg viewBox="0 0 10 10"><g class="callout" data-callout="x"><circle/></g></svg>', ['"x"', "whole number"]),
    ('<svg viewBox="0 0 10 10"><g class="callout" data-callout="1"/></svg>', ["callout 1", "<circle>"]),
    ('<svg viewBox="0 0 10 10"><g class="callout" data-callout="1"><circle/></g>'
     '<g class="callout" data-callout="1"><circle/></g></svg>', ["callout number 1", "more than once"]),
    ('<svg viewBox="0 0 10 10"><g transform="rotate(3)"><g class="callout" data-callout="1"><circle/></g></g></svg>',
     ["rotate(3)", "translate"]),
])
def test_unreadable_diagrams_raise_a_clear_error(svg, words):
    with pytest.raises(rules.DiagramError) as error:
        rules.svg_callouts(svg)
    for word in words:
        assert word in str(error.value)


def test_callout_without_legend_entry_names_diagram_and_number():
    (figure,) = rules.scan_figures(GOOD)
    callouts = [rules.Callout(n, 1, 1) for n in (1, 2, 3)]
    finding = only(rules.check_figure(figure, "docs/page.md", callouts))
    assert 'diagram "fig-demo"' in finding.message
    assert "callout 3" in finding.message and "no legend entry" in finding.message
    assert finding.line == 9  # the last legend entry, where the new one goes


def test_legend_entry_without_callout_names_diagram_and_number():
    (figure,) = rules.scan_figures(GOOD)
    finding = only(rules.check_figure(figure, "docs/page.md", [rules.Callout(1, 1, 1)]))
    assert 'diagram "fig-demo"' in finding.message
    assert "legend entry 2 has no callout 2" in finding.message
    assert finding.line == 9


def test_legend_numbered_out_of_order_is_reported():
    (figure,) = rules.scan_figures(GOOD.replace("2. Second", "3. Second"))
    finding = only(rules.check_figure(figure, "docs/page.md", [rules.Callout(1, 1, 1), rules.Callout(2, 1, 1)]))
    assert "written as 3. is shown as number 2" in finding.message


def test_a_plain_figure_needs_no_legend():
    text = GOOD.replace(' class="rfn-diagram"', "")
    (figure,) = rules.scan_figures(text)
    assert rules.check_figure(figure, "docs/page.md", None) == []


def test_diagram_problem_is_reported_at_the_image_line():
    (figure,) = rules.scan_figures(GOOD)
    finding = only(rules.check_figure(figure, "docs/page.md", None, "the drawing x.svg does not exist"))
    assert finding.line == 6 and "does not exist" in finding.message


# --- Links, ids, numbers ------------------------------------------------------------------

def test_figure_links_are_found_with_lines_and_code_is_ignored():
    text = ("[Figure](#fig-a) and\n`[Figure](#fig-code)`\n[the drawing](sub/b.md#fig-b)\n"
            '<a href="../c.md#fig-c">Figure</a>\n[web](https://example.org/#fig-x)\n')
    links = rules.scan_figure_links(text)
    assert [(link.line, link.text, link.path, link.fragment) for link in links] == [
        (1, "Figure", "", "fig-a"), (3, "the drawing", "sub/b.md", "fig-b"), (4, "Figure", "../c.md", "fig-c")]


def test_link_to_unknown_figure_fails_and_lists_known_ones():
    links = rules.scan_figure_links("x\n[Figure](how.md#fig-nope)\n[Figure](how.md#fig-yes)\n[Figure](gone.md#fig-a)\n")
    findings = rules.check_figure_links("during.md", links, {"how.md": {"fig-yes"}, "during.md": set()})
    assert [(f.line, f.file) for f in findings] == [(2, "during.md"), (4, "during.md")]
    assert '"fig-nope"' in findings[0].message and "fig-yes" in findings[0].message
    assert "gone.md" in findings[1].message and "does not exist" in findings[1].message


def test_duplicate_figure_ids_are_reported_where_the_second_one_is():
    one = rules.scan_figures(GOOD)
    finding = only(rules.check_duplicate_ids({"docs/a.md": one, "docs/b.md": one}))
    assert finding.file == "docs/b.md" and "docs/a.md:5" in finding.message


def test_numbers_follow_nav_order_then_page_order():
    numbers = rules.number_figures([("index.md", []), ("how.md", ["fig-b", "fig-a"]), ("during.md", ["fig-c"])])
    assert numbers == {("how.md", "fig-b"): 1, ("how.md", "fig-a"): 2, ("during.md", "fig-c"): 3}


@pytest.mark.parametrize("page_url, href, target", [
    ("how-it-works/", "#fig-a", "how-it-works"),
    ("during/", "../how-it-works/#fig-a", "how-it-works"),
    ("", "how-it-works/#fig-a", "how-it-works"),
    ("during.html", "how-it-works.html#fig-a", "how-it-works.html"),
])
def test_number_html_numbers_captions_and_figure_links(page_url, href, target):
    numbers = {target + ("/" if not target.endswith(".html") else ""): {"fig-a": 4}}
    html = (f'<p>See <a href="{href}">Figure</a>, <a href="{href}">the figure</a>.</p>'
            '<figure id="fig-a"><figcaption><p>Cap</p></figcaption></figure>')
    out = rules.number_html(html, page_url, numbers)
    assert f'<a href="{href}">Figure&nbsp;4</a>' in out
    assert f'<a href="{href}">the figure</a>' in out  # other link texts are left alone
    if page_url.rstrip("/") == target.rstrip("/"):
        assert '<figcaption><p><span class="rfn-figure-number">Figure 4.</span> Cap</p>' in out


def test_decorate_diagrams_adds_stage_positions_and_legend_ids():
    html = ('<figure class="rfn-diagram" id="fig-a"><p><a class="glightbox" href="a.svg"><img alt="A" src="a.svg">'
            '</a></p><ol><li>One</li><li>Two</li></ol><figcaption>C</figcaption></figure>'
            '<figure id="fig-b"><p><img alt="B" src="b.png"></p><ol><li>x</li></ol></figure>')
    out = rules.decorate_diagrams(html, {"fig-a": [rules.Callout(1, 10.5, 20), rules.Callout(2, 30, 40)]})
    assert '<div class="rfn-diagram__stage" data-rfn-callouts="[{&quot;n&quot;: 1, &quot;x&quot;: 10.5' in out
    assert '<img alt="A" src="a.svg"></a></div>' in out
    assert '<ol class="rfn-legend" id="fig-a-legend"><li id="fig-a-note-1">One</li><li id="fig-a-note-2">Two' in out
    assert out.endswith('<figure id="fig-b"><p><img alt="B" src="b.png"></p><ol><li>x</li></ol></figure>')


def test_check_docs_runs_every_rule_without_a_build(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets" / "diagrams").mkdir(parents=True)
    (docs / "assets" / "diagrams" / "demo.svg").write_text(SVG, encoding="utf-8")
    (docs / "a.md").write_text(GOOD, encoding="utf-8")
    (docs / "b.md").write_text("See [Figure](a.md#fig-demo) and [Figure](a.md#fig-gone).\n", encoding="utf-8")
    assert [str(f) for f in check_docs(docs, only="figures")] == [
        'docs/b.md:1: link to figure "fig-gone" on a.md: there is no figure with that id '
        "(figures there: fig-demo); fix the id after # in the link"]
    (docs / "a.md").write_text(GOOD.replace("2. Second", "Second"), encoding="utf-8")
    (finding,) = check_docs(docs, only="figures")[:1]
    assert finding.file == "docs/a.md" and "legend entry 1" not in finding.message
    assert 'diagram "fig-demo": callout 2' in finding.message


def test_real_docs_have_no_figure_problems():
    from support.project import DOCS

    assert [str(f) for f in check_docs(DOCS, only="figures")] == []


def test_one_masker_a_figure_shown_as_code_in_an_admonition_is_skipped_by_every_rule():
    from rfn_guide.citations.rules import find_citations
    from rfn_guide.links.rules import find_links

    text = ("# Page\n\n!!! note \"How to write a figure\"\n\n    ```html\n    <figure markdown id=\"x\">\n"
            "    ![](missing.svg) [@nokey] [Figure](a.md#fig-gone)\n    </figure>\n    ```\n\nAfter.\n")
    assert rules.scan_figures(text) == []
    assert rules.scan_figure_links(text) == []
    assert find_links(text) == []
    assert find_citations(text) == ([], [])


def test_the_enlarge_hint_goes_under_a_drawing_that_opens_in_the_lightbox_only():
    def figure(image: str) -> str:
        return (f'<figure class="rfn-diagram" id="fig-demo">\n<p>{image}</p>\n<ol>\n<li>One</li>\n</ol>\n'
                "<figcaption>Demo</figcaption>\n</figure>")
    callouts = {"fig-demo": [rules.Callout(1, 10, 10)]}
    img = '<img alt="A demo" src="demo.svg">'
    boxed = rules.decorate_diagrams(figure(f'<a class="glightbox" href="demo.svg">{img}</a>'), callouts, "Tap it.")
    assert boxed.count('<p class="rfn-screen-only rfn-enlarge-hint" data-search-exclude>Tap it.</p>') == 1
    assert boxed.index("rfn-diagram__stage") < boxed.index("rfn-enlarge-hint") < boxed.index("rfn-legend")
    for plain in (img, f'<a href="https://example.org/">{img}</a>'):  # nothing to open larger
        assert "rfn-enlarge-hint" not in rules.decorate_diagrams(figure(plain), callouts, "Tap it.")
