"""Fixture sites, one per fault: each is built with `mkdocs build --strict` as an editor would.

The build must fail, the log must name the file (and line where there is one) and say how to
fix it, and no Python traceback may reach the editor. The sites inherit the real mkdocs.yml
(tests/validation_site.py), so they run every hook the guide runs. All sites are built once,
two at a time, in a module fixture."""
from __future__ import annotations

import re

import pytest

from support.project import build_in_process, run_mkdocs_build
from validation_site import GOOD_BIB, Case, assert_stopped_by, default_pages, front, line_of, make_site, with_fault

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def bib_with(old: str, new: str) -> str:
    assert old in GOOD_BIB
    return GOOD_BIB.replace(old, new, 1)


EXTRA_ENTRY = ("\n@online{extra-page,\n  author = {{Some Publisher}},\n  title = {{A page}},\n"
               "  url = {https://example.org/page},\n  urldate = {2020-01-01},\n}\n")

CASES = {
    # 1. Links: a page or an anchor that does not exist, links to hook-made anchors, raw HTML links
    "link-missing-page": Case(with_fault("[More](nowhere.md)"), None,
                              ["'index.md'", "'nowhere.md'", "not found"]),
    "link-missing-anchor": Case(with_fault("[Part](second.md#no-such-part)"), None,
                                ["docs/index.md:{line}: link to 'second.md#no-such-part', but docs/second.md has no "
                                 "anchor '#no-such-part'"], fault="[Part]"),
    "link-missing-reference-id": Case(with_fault("[Ref](references.md#ref-shealy)"), None,
                                      ["docs/index.md:{line}:", "no anchor '#ref-shealy': did you mean '#ref-shealy1975'?"],
                                      fault="[Ref]"),
    "link-missing-sources-anchor": Case(with_fault("[Sources](references.md#sources)"), None,
                                        ["docs/index.md:{line}:", "docs/references.md has no anchor '#sources'"],
                                        fault="[Sources]"),
    "link-raw-html-to-md": Case(with_fault('<a href="second.md">Second</a>'), None,
                                ["docs/index.md:{line}: HTML link to 'second.md'", "Write it as a Markdown link"],
                                fault="<a href"),
    # 2. A citation key that is not in the bibliography; a citation written wrongly
    "citation-unknown-key": Case(with_fault("Text [@shealy1976]."), None,
                                 ["docs/index.md:{line}: citation key 'shealy1976' is not in the bibliography"],
                                 fault="[@shealy1976]"),
    "citation-malformed": Case(with_fault("Text [@shealy1975, @engel2016]."), None,
                               ["docs/index.md:{line}: citation '[@shealy1975, @engel2016]'", "[@key1; @key2]"],
                               fault="[@shealy1975, @engel2016]"),
    # Care cards: a misspelt card type
    "care-card-unknown-type": Case(with_fault('!!! care-urgnet "Call your clinic today if"\n    - a sign'), None,
                                   ["docs/index.md:{line}: unknown admonition type 'care-urgnet': did you mean 'care-urgent'?"],
                                   fault="!!! care-urgnet"),
    # 3. An entry no page cites
    "bib-uncited-entry": Case(default_pages(), GOOD_BIB + EXTRA_ENTRY,
                              ["includes/references.bib:{line}: entry 'extra-page' is not cited by any page"],
                              page="bib", fault="@online{extra-page"),
    # 4. A duplicate key; a file BibTeX cannot read
    "bib-duplicate-key": Case(default_pages(), GOOD_BIB + EXTRA_ENTRY.replace("extra-page", "engel2016"),
                              ["includes/references.bib:{line}: duplicate key 'engel2016' (first defined on line 26)"],
                              page="bib", fault="@online{engel2016"),
    "bib-syntax-error": Case(default_pages(), bib_with("  year         = {1975},\n", "  year         = {1975}\n"),
                             ["includes/references.bib:{line}: BibTeX syntax error"], page="bib",
                             fault="  volume       = {43}"),
    # 5. Fields an entry type needs; malformed DOI and URL
    "bib-missing-field": Case(default_pages(), bib_with("  journal      = {Pain Medicine},\n", ""),
                              ["includes/references.bib:26: entry 'engel2016' is a journal article (@article) but has "
                               "no journal"]),
    "bib-web-page-missing-urldate": Case(default_pages(), bib_with("  urldate      = {2019-01-31},\n", ""),
                                         ["includes/references.bib:38: entry 'ninds-lbp' is a web page", "no urldate"]),
    "bib-malformed-doi": Case(default_pages(), bib_with("doi          = {10.1111/pme.12928}",
                                                        "doi          = {https://doi.org/10.1111/pme.12928}"),
                              ["includes/references.bib:{line}: entry 'engel2016': write the DOI without its prefix"],
                              page="bib", fault="doi          = {https://doi.org"),
    "bib-malformed-url": Case(default_pages(), bib_with("url          = {https://my.clevelandclinic.org",
                                                        "url          = {my.clevelandclinic.org"),
                              ["includes/references.bib:{line}: entry 'cleveland-rfn': 'my.clevelandclinic.org",
                               "is not a web address"], page="bib", fault="url          = {my.clevelandclinic"),
    # 7. Images
    "image-missing-markdown": Case(with_fault("![A diagram](assets/none.png)"), None,
                                   ["'index.md'", "'assets/none.png'", "not found"]),
    "image-missing-html": Case(with_fault('<img src="assets/none.png" alt="A diagram">'), None,
                               ["docs/index.md:{line}: image 'assets/none.png' does not exist"], fault="<img"),
    "image-without-alt": Case(with_fault("![](assets/ok.png)"), None,
                              ["docs/index.md:{line}: image 'assets/ok.png' has no alt text"], fault="![]"),
    # A glossary term broken over two lines loses its tooltip: named at its line in the file
    # (front matter counted), not in the Markdown MkDocs hands over without it
    "glossary-term-split": Case({**default_pages(), "second.md": front() + "# Second\n\nThe facet\njoint is small "
                                 "[@bogduk1979; @roberts2014; @cleveland-rfn]. Heat helps [@shealy1975].\n"}, None,
                                ["docs/second.md:9: the glossary term 'facet joint' is split over two lines"]),
    # Words a page says its text explains (left out of its printed words box): a word that is not in
    # the glossary, or one the page does not use, is named at the key's line
    "glossary-explained-not-a-term": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "next_review: 2027-01-10\n", "next_review: 2027-01-10\nwords_explained_in_text: [facet jiont]\n")},
        None, ["docs/second.md:5: 'facet jiont' in words_explained_in_text is not a term in the glossary"]),
    "glossary-explained-not-used": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "next_review: 2027-01-10\n", "next_review: 2027-01-10\nwords_explained_in_text:\n  - sacrum\n")},
        None, ["docs/second.md:5: 'sacrum' in words_explained_in_text is not used on this page"]),
    # 8. Front matter
    "frontmatter-missing": Case({**default_pages(), "second.md": "# Second\n\nText [@bogduk1979; @roberts2014; "
                                                               "@cleveland-rfn].\n"}, None,
                                ["docs/second.md:1: page has no front matter"]),
    "frontmatter-unreadable": Case({**default_pages(), "second.md": front().replace("description: A short test page.",
                                                                                    "description: Note: a: b") +
                                    default_pages()["second.md"].split("---\n\n", 1)[1]}, None,
                                   ["docs/second.md:2: front matter cannot be read"]),
    "frontmatter-no-description": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "description: A short test page.\n", "")}, None, ["docs/second.md:", "front matter needs a description"]),
    "frontmatter-bad-date": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "next_review: 2027-01-10", "next_review: 2027-13-01")}, None,
        ["docs/second.md:4: next_review '2027-13-01' is not a real date"]),
    "frontmatter-next-before-last": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "next_review: 2027-01-10", "next_review: 2025-01-10")}, None,
        ["docs/second.md:4: next_review (2025-01-10) must be after last_reviewed (2026-01-10)"]),
    "frontmatter-review-too-far": Case({**default_pages(), "second.md": default_pages()["second.md"].replace(
        "next_review: 2027-01-10", "next_review: 2030-01-10")}, None,
        ["docs/second.md:4: next_review (2030-01-10) is more than 3 years after last_reviewed"]),
    # The reference list needs its marker
    "bibliography-marker-missing": Case({**default_pages(), "references.md": front() + "# References\n\nThe list.\n"},
                                        None, ["docs/references.md", "no page has the line <!-- bibliography -->"]),
}


def _build(name, case, tmp_root, in_process=True):
    root = tmp_root / name
    config = make_site(root, case.pages, case.bib, extra_files={"assets/ok.png": PNG})
    return (build_in_process if in_process else run_mkdocs_build)(config, root / "site", PDF_EXPORT="0")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The good site through `mkdocs build --strict` itself, in a child process, so the command
    line an editor runs is built here too; then every planted-fault site in this process, one
    after another (build_in_process, tests/support/project.py)."""
    tmp_root = tmp_path_factory.mktemp("validation-sites")
    results = {"good": _build("good", Case(default_pages(), None, []), tmp_root, in_process=False)}
    results.update({name: _build(name, case, tmp_root) for name, case in CASES.items()})
    overdue_pages = default_pages()
    overdue_pages["second.md"] = overdue_pages["second.md"].replace("last_reviewed: 2026-01-10", "last_reviewed: 2020-01-10") \
                                                          .replace("next_review: 2027-01-10", "next_review: 2021-01-10")
    results["overdue"] = _build("overdue", Case(overdue_pages, None, []), tmp_root)
    results["_root"] = tmp_root
    return results


def _fault_line(case: Case) -> int:
    text = case.bib if case.page == "bib" else case.pages[case.page]
    assert text is not None
    return line_of(text, case.fault)


@pytest.mark.parametrize("name", list(CASES))
def test_fault_stops_the_build_with_a_clear_message(builds, name):
    case = CASES[name]
    assert_stopped_by(builds[name], case.expected, _fault_line(case), name)


def test_an_anchor_fault_is_reported_once_not_twice(builds):
    log = builds["link-missing-anchor"].stderr
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") and "no-such-part" in line]
    assert len(warnings) == 1, log


def test_good_fixture_site_builds_clean_with_numbers_and_sources(builds):
    result = builds["good"]
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    site = builds["_root"] / "good" / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    second = (site / "second" / "index.html").read_text(encoding="utf-8")
    references = (site / "references" / "index.html").read_text(encoding="utf-8")
    # Numbers in order of first citation: index.md (first in nav) cites shealy, ninds, engel.
    numbers = re.findall(r'href="references/#ref-([\w-]+)"[^>]*>(\d+)</a>', index)
    assert numbers == [("shealy1975", "1"), ("ninds-lbp", "2"), ("engel2016", "3")]
    numbers = re.findall(r'href="../references/#ref-([\w-]+)"[^>]*>(\d+)</a>', second)
    assert numbers == [("bogduk1979", "4"), ("roberts2014", "5"), ("cleveland-rfn", "6"), ("shealy1975", "1")]
    listed = re.findall(r'<li id="ref-([\w-]+)" value="(\d+)">', references)
    assert listed == [("shealy1975", "1"), ("ninds-lbp", "2"), ("engel2016", "3"), ("bogduk1979", "4"),
                      ("roberts2014", "5"), ("cleveland-rfn", "6")]
    assert '<a class="rfn-url" href="https://doi.org/10.3171/jns.1975.43.4.0448" translate="no">' in references
    # Each citing page ends with its own sources, and only its own.
    sources = second[second.index('<section class="rfn-sources"'):]
    assert re.findall(r'<li value="(\d+)">', sources) == ["1", "4", "5", "6"]
    assert "Engel" not in sources
    assert 'class="rfn-sources"' not in references
    assert 'href="#sources"' in second  # in the table of contents and the page's own link


def test_overdue_page_builds_with_a_notice_and_an_info_line(builds):
    result = builds["overdue"]
    assert result.returncode == 0, result.stderr
    assert re.search(r"INFO .*docs/second\.md:4: page is past its review date \(2021-01-10\)", result.stderr)
    html = (builds["_root"] / "overdue" / "site" / "second" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition warning rfn-review-overdue"' in html
    assert html.index("rfn-review-overdue") > html.index("</h1>")
    assert "January 10, 2021" in html
    index = (builds["_root"] / "overdue" / "site" / "index.html").read_text(encoding="utf-8")
    assert "rfn-review-overdue" not in index


# --- Review status, settings, glossary forms and locators: sites of their own ------------------

CLINICAL = "clinical_review:\n  reviewer: Test Reviewer\n  role: Test role\n  date: 2026-01-12\n"
REQUIRE_REVIEW = "extra:\n  review:\n    require_clinical_review: true\n"


def _reviewed(pages: dict[str, str], names: list[str]) -> dict[str, str]:
    return {name: text.replace("next_review: 2027-01-10\n", "next_review: 2027-01-10\n" + CLINICAL, 1)
            if name in names else text for name, text in pages.items()}


def test_review_setting_fails_a_page_without_a_clinical_review(tmp_path):
    pages = _reviewed(default_pages(), ["index.md", "references.md"])
    result = run_mkdocs_build(make_site(tmp_path, pages, settings=REQUIRE_REVIEW), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(lines) == 1, lines
    assert "docs/second.md:1: page has no clinical review" in lines[0]
    assert "extra.review.require_clinical_review" in lines[0]


def test_review_setting_passes_pages_with_a_clinical_review_and_shows_the_reviewer(tmp_path):
    pages = _reviewed(default_pages(), list(default_pages()))
    result = run_mkdocs_build(make_site(tmp_path, pages, settings=REQUIRE_REVIEW), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "second" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('class="rfn-review-dates"'):]).split())
    assert text.startswith('class="rfn-review-dates" aria-label="Review status"> Last checked against its sources: '
                           "January 10, 2026 . Next check due: January 10, 2027 .")
    assert "Reviewed by a clinician: Test Reviewer, Test role, on January 12, 2026 ." in text


def test_an_incomplete_clinical_review_fails_at_its_lines(tmp_path):
    pages = default_pages()
    pages["second.md"] = pages["second.md"].replace("next_review: 2027-01-10\n",
                                                    "next_review: 2027-01-10\nclinical_review:\n  reviewer: A Name\n"
                                                    "  date: soon\n", 1)
    result = run_mkdocs_build(make_site(tmp_path, pages), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/second.md:5: clinical_review needs role" in result.stderr
    assert "docs/second.md:7: clinical_review needs date" in result.stderr


def test_a_wrong_setting_is_one_clear_line_not_letters(tmp_path):
    config = make_site(tmp_path, settings="extra:\n  pdf:\n    back_matter: references.md\n")
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("mkdocs.yml: extra.pdf.back_matter must be a list of page files, e.g. [references.md, glossary.md], "
            "not 'references.md'") in result.stderr


def test_a_build_date_that_is_not_a_number_stops_the_build_with_how_to_fix_it(tmp_path):
    """SOURCE_DATE_EPOCH (the one date of a build) must be seconds since 1970; MkDocs would fail
    on a wrong one with a traceback, the build_date step stops first and says how to fix it."""
    config = make_site(tmp_path)
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0", SOURCE_DATE_EPOCH="yesterday")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("environment: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970: unset it or "
            "give a whole number") in result.stderr


def test_glossary_forms_and_page_locators_in_the_built_html(tmp_path):
    pages = default_pages()
    pages["index.md"] += ("\nFacet joints are small. A facet joint can hurt. The sacroiliac joints too. "
                          "Heat stops the signal [@shealy1975, p. 449].\n")
    pages["glossary.md"] = front() + "# Glossary\n\n<!-- glossary -->\n"
    # The guide's own glossary is copied in: its reading level is the real site's business, not this test's
    skip = "extra:\n  readability:\n    skip: [glossary.md]\n"
    result = run_mkdocs_build(make_site(tmp_path, pages, settings=skip), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    facet = "A small joint at the back of the spine, between two of its bones."
    for form in ("Facet joints", "facet joint", "sacroiliac joints"):
        assert re.search(rf'<abbr title="[^"]+">{form}</abbr>', index), form
    assert re.search(rf'<abbr title="{facet}[^"]*">Facet joints</abbr>', index)
    assert '>1</a><span class="rfn-cite-locator">(p. 449)</span></sup>' in index
    glossary = (tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<dt id="term-[^"]+">([^<]+)</dt>', glossary)
    assert "facet joint" in listed and len(listed) == len(set(term.casefold() for term in listed))
    assert not any(term in listed for term in ("facet joints", "Facet joints", "Radiofrequency neurotomy"))
