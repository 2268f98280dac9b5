"""Unit tests of the bibliography and citation rules (hooks/rfn_guide/citations/: bibliography.py, rules.py)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from rfn_guide import i18n
from rfn_guide.citations.bibliography import format_reference, parse_bibliography
from rfn_guide.citations.rules import (
    abbreviation_key,
    cited_keys,
    find_citations,
    has_bibliography_marker,
    number_citations,
    render_bibliography,
    render_citation,
    render_sources,
    replace_citations,
    uncited_findings,
    unknown_key_findings,
)
from support.project import ROOT

PROJECT_BIB = (ROOT / "includes" / "references.bib").read_text(encoding="utf-8")
# The rules are tested on a fixed bibliography (the guide's first six entries, tests/citations_fixture.bib),
# so that editing the guide's own references does not change what these tests expect.
BIB = (ROOT / "tests" / "citations_fixture.bib").read_text(encoding="utf-8")
KEYS = ["shealy1975", "engel2016", "ninds-lbp", "cleveland-rfn", "bogduk1979", "roberts2014"]


@pytest.fixture(scope="module")
def refs():
    references, findings = parse_bibliography(BIB)
    assert findings == []
    return references


def messages(findings):
    return [f"{f.line}: {f.message}" for f in findings]


# --- The project's bibliography ----------------------------------------------------------------

def test_project_bibliography_has_its_entries_and_no_problems():
    references, findings = parse_bibliography(PROJECT_BIB)
    assert findings == [], messages(findings)
    assert references  # every entry is also checked as cited by tests/test_citations_site.py


def test_fixture_bibliography_has_the_six_entries(refs):
    assert sorted(refs) == sorted(KEYS)


@pytest.mark.parametrize("key, expected", [
    ("shealy1975", "Shealy CN. Percutaneous radiofrequency denervation of spinal facets. Treatment for chronic "
                   "back pain and sciatica. <i>J Neurosurg</i>. 1975;43(4):448-451. "
                   '<a href="https://doi.org/10.3171/jns.1975.43.4.0448">https://doi.org/10.3171/jns.1975.43.4.0448</a>'),
    ("engel2016", "Engel A, Rappard G, King W, Kennedy DJ; Standards Division of the International Spine "
                  "Intervention Society. The Effectiveness and Risks of Fluoroscopically-Guided Cervical Medial "
                  "Branch Thermal Radiofrequency Neurotomy: A Systematic Review with Comprehensive Analysis of the "
                  "Published Data. <i>Pain Med</i>. 2016;17(4):658-669. "
                  '<a href="https://doi.org/10.1111/pme.12928">https://doi.org/10.1111/pme.12928</a>'),
    ("bogduk1979", "Bogduk N, Long DM. The anatomy of the so-called &quot;articular nerves&quot; and their "
                   "relationship to facet denervation in the treatment of low-back pain. <i>J Neurosurg</i>. "
                   "1979;51(2):172-177. "
                   '<a href="https://doi.org/10.3171/jns.1979.51.2.0172">https://doi.org/10.3171/jns.1979.51.2.0172</a>'),
    ("roberts2014", "Roberts SL, Burnham RS, Ravichandiran K, Agur AM, Loh EY. Cadaveric study of sacroiliac joint "
                    "innervation: implications for diagnostic blocks and radiofrequency ablation. "
                    "<i>Reg Anesth Pain Med</i>. 2014;39(6):456-464. "
                    '<a href="https://doi.org/10.1097/AAP.0000000000000156">https://doi.org/10.1097/AAP.0000000000000156</a>'),
    ("ninds-lbp", "National Institute of Neurological Disorders and Stroke. Low Back Pain Fact Sheet [Internet]. "
                  "[cited 2019 Jan 31]. Available from: "
                  '<a href="https://www.ninds.nih.gov/health-information/patient-caregiver-education/fact-sheets/'
                  'low-back-pain-fact-sheet">https://www.ninds.nih.gov/health-information/patient-caregiver-education/'
                  'fact-sheets/low-back-pain-fact-sheet</a>'),
    ("cleveland-rfn", "Cleveland Clinic. Radiofrequency Neurotomy [Internet]. [reviewed 2019 Jan 30; cited 2019 Jan 31]. "
                      'Available from: <a href="https://my.clevelandclinic.org/health/treatments/17411-radiofrequency-neurotomy">'
                      "https://my.clevelandclinic.org/health/treatments/17411-radiofrequency-neurotomy</a>"),
])
def test_each_entry_is_formatted_vancouver_style(refs, key, expected):
    assert unbroken(format_reference(refs[key])) == expected


def unbroken(entry: str) -> str:
    """An entry with each web address's link as one plain <a> (url_link breaks its words into
    pieces a printed line may break between)."""
    return re.sub(r'<a class="rfn-url" href="([^"]*)" translate="no">(.*?)</a>',
                  lambda found: f'<a href="{found[1]}">{re.sub(r"<[^>]+>", "", found[2])}</a>', entry)


@pytest.mark.parametrize("url, pieces", [
    # after a slash ("//" whole); before a dot and a hyphen: a hyphen of the address never ends a line
    ("https://nice.org.uk/radiofrequency-denervation",
     ["https://", "nice", ".org", ".uk/", "radiofrequency", "-denervation"]),
    ("https://doi.org/10.1007/s13244-018-0638-x", ["https://", "doi", ".org/", "10", ".1007/", "s13244", "-018", "-0638", "-x"]),
    # before ? # % ~ , _ and before and after = and &
    ("https://a.b/c_d?e=1&f=2#g%20~h,i", ["https://", "a", ".b/", "c", "_d", "?e", "=", "1", "&", "f", "=", "2", "#g",
                                         "%20", "~h", ",i"]),
    # never between two marks: no piece is a hyphen alone, to end a line
    ("https://x.org/a--b?c-=d", ["https://", "x", ".org/", "a", "--b", "?c", "-=", "d"]),
    # a piece longer than a large-print line breaks every URL_PIECE_MAX (30) characters
    ("https://x.org/-" + "y" * 40, ["https://", "x", ".org/", "-" + "y" * 29, "y" * 11]),
])
def test_a_web_address_breaks_only_where_a_style_guide_allows(url, pieces):
    from rfn_guide.citations.bibliography import url_link

    link = BeautifulSoup(url_link(url), "html.parser").a
    assert link["href"] == url and link["translate"] == "no" and link.get_text() == url  # read and copied whole
    assert not link.find_all(True, recursive=False) or {tag.name for tag in link.find_all(True)} == {"wbr"}
    assert [str(piece) for piece in link.contents if piece.name != "wbr"] == pieces  # a line breaks only between two


def test_an_editors_note_is_never_rendered(refs):
    # The fixture's cleveland-rfn entry has a note for editors; the reader never sees it
    assert refs["cleveland-rfn"].fields["note"] == "The patient article this guide is based on"
    assert "patient article" not in format_reference(refs["cleveland-rfn"])


def test_more_than_six_authors_are_cut_to_six_and_et_al():
    names = " and ".join(f"Name{i}, A." for i in range(1, 9))
    bib = (f"@article{{many, author = {{{names}}}, title = {{T}}, journal = {{J}}, year = {{2000}}, "
           "volume = {1}, pages = {1--2}}")
    refs, findings = parse_bibliography(bib)
    assert findings == []
    assert format_reference(refs["many"]).startswith("Name1 A, Name2 A, Name3 A, Name4 A, Name5 A, Name6 A, et al. T.")


def test_and_others_is_et_al_not_an_author():
    """BibTeX's "and others" (a source that names only its first author) reads "et al", in the
    reference list and in a citation's short label."""
    from rfn_guide.citations.bibliography import short_label

    bib = ("@article{first, author = {Ashton, K. E. and others}, title = {T}, journal = {J}, year = {2024}, "
           "volume = {14}, pages = {e079173}}")
    refs, findings = parse_bibliography(bib)
    assert findings == []
    assert format_reference(refs["first"]).startswith("Ashton KE, et al. T.")
    assert short_label(refs["first"]) == "Ashton and others 2024"
    assert short_label(refs["first"], "es") == "Ashton y otros 2024"


def test_the_printed_sources_name_each_author_once():
    """On paper the sources say who wrote them: two entries of one organisation once, named as its
    first entry is ("Cleveland Clinic 2019; ...; Cleveland Clinic" read as a mistake)."""
    from rfn_guide.citations.rules import short_labels

    bib = ("@online{a, author = {{Cleveland Clinic}}, title = {A}, url = {https://a.example}, reviewed = {2019-01-30}, urldate = {2026-11-25}}\n"
           "@online{b, author = {{NHS Trust}}, title = {B}, url = {https://b.example}, urldate = {2026-11-25}}\n"
           "@online{c, author = {{Cleveland Clinic}}, title = {C}, url = {https://c.example}, urldate = {2026-11-25}}")
    refs, findings = parse_bibliography(bib)
    assert findings == []
    assert short_labels([refs["a"], refs["b"], refs["c"]]) == ["Cleveland Clinic 2019", "NHS Trust"]


# --- Faults in a bibliography ------------------------------------------------------------------

def test_syntax_error_names_the_line():
    bib = "@article{a,\n  title = {x},\n  year = 1975\n  volume = {3},\n}\n"
    _refs, findings = parse_bibliography(bib, "refs.bib")
    assert findings and findings[0].file == "refs.bib" and findings[0].line == 4
    assert "syntax error" in findings[0].message and "missing comma" in findings[0].message


def test_unclosed_entry_at_end_of_file_is_reported_not_raised():
    _refs, findings = parse_bibliography("@online{b, title = {unclosed\n\n")
    assert any("premature end of file" in f.message for f in findings)


def test_duplicate_key_gives_both_lines_case_insensitively():
    bib = BIB + "\n@article{Shealy1975,\n  title = {Copy},\n}\n"
    _refs, findings = parse_bibliography(bib)
    dupes = [f for f in findings if "duplicate key" in f.message]
    assert len(dupes) == 1
    assert dupes[0].line == BIB.count("\n") + 2
    assert "first defined on line 14" in dupes[0].message


@pytest.mark.parametrize("entry, expected", [
    ("@article{x, title = {T}, journal = {J}, year = {2000}, volume = {1}, pages = {1--2}}",
     "'x' is a journal article (@article) but has no author"),
    ("@article{x, author = {A, B.}, title = {T}, year = {2000}}",
     "has no journal, volume, pages"),
    ("@online{x, title = {T}, url = {https://example.org/}, urldate = {2019-01-31}}",
     "has no author or publisher"),
    ("@online{x, author = {{Org}}, title = {T}, url = {https://example.org/}}",
     "has no urldate"),
    ("@book{x, title = {T}}", "type @book, which the reference list cannot format"),
])
def test_missing_required_fields(entry, expected):
    _refs, findings = parse_bibliography(entry)
    assert any(expected in f.message for f in findings), messages(findings)


ARTICLE = "@article{{x,\n author = {{A, B.}},\n title = {{T}},\n journal = {{J}},\n year = {{{year}}},\n" \
          " volume = {{1}},\n pages = {{{pages}}},\n doi = {{{doi}}},\n}}\n"


@pytest.mark.parametrize("doi, expected, line", [
    ("https://doi.org/10.1111/pme.12928", "without its prefix, e.g. doi = {10.1111/pme.12928}", 8),
    ("10.1111", "is not a DOI", 8),
    ("pme.12928", "is not a DOI", 8),
])
def test_malformed_doi(doi, expected, line):
    _refs, findings = parse_bibliography(ARTICLE.format(year="2000", pages="1--2", doi=doi))
    assert [(f.line, expected in f.message) for f in findings] == [(line, True)]


@pytest.mark.parametrize("url", ["www.example.org/page", "https://example org/", "ftp://example.org/x", "https://localhost"])
def test_malformed_url(url):
    bib = f"@online{{x,\n author = {{{{Org}}}},\n title = {{T}},\n url = {{{url}}},\n urldate = {{2019-01-31}},\n}}\n"
    _refs, findings = parse_bibliography(bib)
    assert [(f.line, "is not a web address" in f.message) for f in findings] == [(4, True)]


def test_malformed_dates_year_and_pages():
    bib = ARTICLE.format(year="75", pages="about ten", doi="10.1111/pme.12928")
    bib += "@online{y,\n author = {{Org}},\n title = {T},\n url = {https://example.org/},\n urldate = {31/01/2019},\n}\n"
    _refs, findings = parse_bibliography(bib)
    text = messages(findings)
    assert any(m.startswith("5: ") and "four digits" in m for m in text), text
    assert any(m.startswith("7: ") and "448--451" in m for m in text), text
    assert any(m.startswith("14: ") and "YYYY-MM-DD" in m for m in text), text


def test_unreadable_latex_never_raises():
    refs, _ = parse_bibliography("@article{x, author = {A, B.}, title = {Bad \\escape{ and \\'}, journal = {J}, "
                                 "year = {2000}, volume = {1}, pages = {1--2}}")
    assert "x" in refs
    format_reference(refs["x"])


# --- Citations in Markdown ---------------------------------------------------------------------

def test_finds_single_and_multiple_citations_with_lines():
    text = "---\ndescription: x\n---\n\n# T\n\nOne [@shealy1975].\nTwo [@engel2016; @ninds-lbp] and [-@bogduk1979].\n"
    citations, findings = find_citations(text, "docs/p.md")
    assert findings == []
    assert [(c.keys, c.line) for c in citations] == [
        (("shealy1975",), 7), (("engel2016", "ninds-lbp"), 8), (("bogduk1979",), 8)]
    assert cited_keys(citations) == ["shealy1975", "engel2016", "ninds-lbp", "bogduk1979"]


def test_ignores_code_comments_links_and_emails():
    text = ("Code `[@shealy1975]` here.\n\n```\n[@engel2016]\n```\n\n<!-- [@ninds-lbp] -->\n"
            "A link [@someone](https://example.org) and mail [office@clinic.org].\n")
    citations, findings = find_citations(text)
    assert citations == [] and findings == []


@pytest.mark.parametrize("text, expected", [
    ("See [@engel2016, @ninds-lbp].", "has a comma: separate keys with ';'"),
    ("See [@engel2016, ].", "has a comma"),
    ("See [@engel2016;].", "empty item"),
    ("See [@].", "is not a citation key"),
    ("See [@engel2016; see ninds].", "'see ninds' is not a citation key"),
])
def test_malformed_citations_are_findings_with_line(text, expected):
    citations, findings = find_citations("# T\n\n" + text, "docs/p.md")
    assert citations == []
    assert len(findings) == 1 and findings[0].line == 3 and expected in findings[0].message
    assert "[@key1; @key2]" in findings[0].message


def test_unknown_key_is_reported_with_a_hint(refs):
    citations, _ = find_citations("A [@shealy1976].\n\nB [@Engel2016].\n")
    found = unknown_key_findings(citations, refs, "docs/p.md")
    assert [(f.file, f.line) for f in found] == [("docs/p.md", 1), ("docs/p.md", 3)]
    assert "'shealy1976' is not in the bibliography: add an entry" in found[0].message
    assert "did you mean 'engel2016'?" in found[1].message


def test_uncited_entries_are_reported_at_their_bib_line(refs):
    numbers = number_citations([["shealy1975", "engel2016", "ninds-lbp", "cleveland-rfn"]], refs)
    found = uncited_findings(refs, numbers)
    assert [f.message.split("'")[1] for f in found] == ["bogduk1979", "roberts2014"]
    assert found[0].line == BIB[:BIB.index("@article{bogduk1979")].count("\n") + 1


def test_numbering_follows_pages_in_nav_order_then_first_citation(refs):
    pages_in_nav_order = [["ninds-lbp"], [], ["engel2016", "ninds-lbp", "shealy1975"], ["unknown", "shealy1975"],
                          ["roberts2014"]]
    assert number_citations(pages_in_nav_order, refs) == {"ninds-lbp": 1, "engel2016": 2, "shealy1975": 3,
                                                          "roberts2014": 4}


def test_citation_renders_as_superscript_links_in_number_order(refs):
    numbers = {"ninds-lbp": 1, "engel2016": 2}
    html = render_citation(["engel2016", "ninds-lbp"], numbers, refs, "../references/")
    assert html == ('<sup class="rfn-cite">'
                    '<a href="../references/#ref-ninds-lbp" title="Reference 1: National Institute of Neurological '
                    'Disorders and Stroke" aria-label="Reference 1: National Institute of Neurological Disorders and '
                    'Stroke">1</a>,'
                    '<a href="../references/#ref-engel2016" title="Reference 2: Engel and others 2016" '
                    'aria-label="Reference 2: Engel and others 2016">2</a></sup>')


def test_unknown_key_renders_visibly_not_silently(refs):
    assert "?" in render_citation(["nope"], {}, refs, "")


def test_replace_citations_leaves_other_text_alone():
    text = "A [@a] b `[@c]` d [@e; @f]."
    citations, _ = find_citations(text)
    assert replace_citations(text, citations) == (
        'A<sup class="rfn-cite" data-rfn-cite="a"></sup> b `[@c]` d<sup class="rfn-cite" data-rfn-cite="e f"></sup>.')


def test_a_citation_that_starts_a_wrapped_line_stays_in_its_box_or_list_item():
    """Stripping the indentation before `[@a]` would end the admonition or list item (a real
    bug: "    [@a]. Ask your doctor" printed outside its box as "1. Ask your doctor")."""
    import markdown

    text = ('!!! info "Title"\n    Words of the box\n    [@a]. More words.\n\n'
            "- an item that wraps\n  [@b]. Still the item.\n\n[@c] opens a paragraph.\n")
    citations, _ = find_citations(text)
    replaced = replace_citations(text, citations)
    assert 'Words of the box<sup class="rfn-cite" data-rfn-cite="a"></sup>. More words.' in replaced
    assert 'an item that wraps<sup class="rfn-cite" data-rfn-cite="b"></sup>. Still the item.' in replaced
    html = markdown.markdown(replaced, extensions=["admonition"])
    assert html.count("<ol>") == 0
    assert 'More words.</p>\n</div>' in html


def test_reference_list_is_numbered_in_citation_order_with_ids(refs):
    numbers = {key: i for i, key in enumerate(["cleveland-rfn", "shealy1975", "engel2016", "ninds-lbp",
                                                "bogduk1979", "roberts2014"], start=1)}
    html = render_bibliography(refs, numbers)
    items = re.findall(r'<li id="ref-([\w-]+)" value="(\d+)">', html)
    assert items == [("cleveland-rfn", "1"), ("shealy1975", "2"), ("engel2016", "3"), ("ninds-lbp", "4"),
                     ("bogduk1979", "5"), ("roberts2014", "6")]
    assert html.startswith('<ol class="rfn-references">')  # no abbreviation in these entries: no key line
    assert unbroken(html).count("https://doi.org/") == 8  # four DOIs, each as href and as text


def test_page_sources_list_only_that_pages_entries_with_site_numbers(refs):
    numbers = {"ninds-lbp": 1, "engel2016": 2, "shealy1975": 3}
    html = render_sources(["shealy1975", "ninds-lbp", "unknown"], refs, numbers)
    # data-search-exclude: the site search leaves the sources out (the References page has them)
    assert html.startswith('<section class="rfn-sources" aria-labelledby="sources">\n<h2 id="sources" data-search-exclude>Sources')
    assert re.findall(r'<li value="(\d+)">(\w+)', html) == [("1", "National"), ("3", "Shealy")]
    assert "Engel" not in html
    assert render_sources([], refs, numbers) == ""


def test_page_sources_fold_away_on_screen_and_print_as_one_short_paragraph(refs):
    """Issue 16 (PEMAT-P item 2) and 18: on screen a switch for the numbers and a folded list;
    on paper who wrote each source, without numbers or web addresses, and where the full list is."""
    html = render_sources(["shealy1975", "ninds-lbp", "cleveland-rfn"], refs, {"ninds-lbp": 1, "shealy1975": 2,
                                                                               "cleveland-rfn": 3},
                          references_href="../references/")
    soup = BeautifulSoup(html, "html.parser")
    screen, paper = soup.select_one(".rfn-screen-only"), soup.select_one(".rfn-print-only")
    assert screen.select_one("details.rfn-sources-list > summary").get_text() == "Show the 3 sources"
    switch = screen.select_one("button.rfn-cite-switch")
    assert switch.has_attr("hidden") and switch["aria-pressed"] == "false"  # shown by sources.js
    assert [li["value"] for li in screen.select("details ol > li")] == ["1", "2", "3"]
    # Brief entries, each linked to its whole entry (web address and dates) on the References page
    assert [a["href"] for a in screen.select("details li > a")] == [
        "../references/#ref-ninds-lbp", "../references/#ref-shealy1975", "../references/#ref-cleveland-rfn"]
    assert "Available from" not in screen.get_text() and "Low Back Pain Fact Sheet" in screen.get_text()
    short = paper.select_one("p.rfn-sources-short").get_text()
    assert short.startswith("National Institute of Neurological Disorders and Stroke") and "Shealy 1975" in short
    assert "http" not in paper.get_text() and not paper.select("ol, li, sup")
    assert i18n.text("en", "sources_where") in paper.get_text()
    one = BeautifulSoup(render_sources(["shealy1975"], refs, {"shealy1975": 1}), "html.parser")
    assert one.select_one("summary").get_text() == "Show the source"
    assert "the source listed here" in one.get_text() and "1 sources" not in one.get_text()


def test_abbreviations_in_the_sources_get_a_key_line_only_where_they_show():
    assert abbreviation_key(["The Royal Orthopaedic Hospital NHS Foundation Trust"]) == (
        '<p class="rfn-sources-key"><span lang="en">NHS</span>: the public health service in England.</p>\n')
    both = abbreviation_key(["CT guided facet joint injections", "Royal Free London NHS Foundation Trust"], "es")
    assert "NHS</span>: el servicio" in both and "CT</span>: un tipo de estudio" in both
    assert abbreviation_key(["Cleveland Clinic", "PICTURES", "ACT"]) == ""


def test_bibliography_marker():
    assert has_bibliography_marker("# R\n\n<!-- bibliography -->\n")
    assert has_bibliography_marker("<!--bibliography-->")
    assert not has_bibliography_marker("```\n<!-- bibliography -->\n```\n")
    assert not has_bibliography_marker("Text <!-- bibliography --> inline")


def test_pandoc_locator_is_accepted_and_rendered_after_the_number(refs):
    text = "# T\n\nHeat stops the signal [@shealy1975, p. 449]. Both [@engel2016; @shealy1975, pp. 448-450].\n"
    citations, findings = find_citations(text, "docs/p.md")
    assert findings == []
    assert [(c.keys, c.locators, c.line) for c in citations] == [
        (("shealy1975",), ("p. 449",), 3), (("engel2016", "shealy1975"), ("", "pp. 448-450"), 3)]
    html = replace_citations(text, citations)
    from rfn_guide.citations.rules import PLACEHOLDER_RE, parse_placeholder

    rendered = [render_citation(*parse_placeholder(m)[:1], {"shealy1975": 1, "engel2016": 2}, refs, "r/",
                                parse_placeholder(m)[1]) for m in PLACEHOLDER_RE.finditer(html)]
    assert rendered[0].endswith('>1</a><span class="rfn-cite-locator">(p. 449)</span></sup>')
    assert 'aria-label="Reference 1: Shealy 1975, p. 449"' in rendered[0]
    assert '>1</a><span class="rfn-cite-locator">(pp. 448-450)</span>,<a' in rendered[1]  # number order: 1, 2
