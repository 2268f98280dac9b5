"""Issue 16's build rules on fixture sites built with `mkdocs build --strict`, as an editor would:
each planted fault must stop the build with one warning line naming the file and line and saying
how to fix it, and no traceback. The sites inherit the real mkdocs.yml (tests/validation_site.py).
The rules themselves are unit-tested in tests/test_content_rules.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.project import ROOT, build_in_process, run_mkdocs_build
from validation_site import GOOD_BIB, Case, assert_stopped_by, default_pages, line_of, make_site, with_fault

CASES = {
    # A safety statement without a source: an item of a care card, a paragraph of a warning box
    "safety-item-uncited": Case(with_fault('!!! care-urgent "Call your clinic today if"\n'
                                           "    - a sign with its source [@shealy1975].\n"
                                           "    - a sign without one."), None,
                                ["docs/index.md:{line}: A safety statement needs a source: add [@key]",
                                 "'a sign without one.'", "'care-urgent' box"], fault="    - a sign without one."),
    "safety-paragraph-uncited": Case(with_fault('!!! warning "Do not drive"\n    Do not drive for a day.', "second.md"),
                                     None, ["docs/second.md:{line}: A safety statement needs a source",
                                            "'warning' box"], page="second.md", fault="    Do not drive"),
    # An admonition type outside the documented set
    "admonition-type-misspelt": Case(with_fault('!!! warnign "Careful"\n    Text [@shealy1975].'), None,
                                     ["docs/index.md:{line}: unknown admonition type 'warnign': did you mean "
                                      "'warning'?", "'Admonition types' in README.md"], fault="!!! warnign"),
    # "RFN" not spelled out at its first use on an English page (here the second page; its
    # handout is the same page)
    "rfn-not-spelled-out": Case(with_fault("RFN uses heat [@shealy1975]. Radiofrequency neurotomy (RFN) is a "
                                           "treatment.", "second.md"), None,
                                ["docs/second.md:{line}: first use of 'RFN' on this page: spell it out here as "
                                 "'radiofrequency neurotomy (RFN)'"], page="second.md", fault="RFN uses heat"),
    # A clinic instruction the guide does not know, in a page and in a clinic's settings
    "clinic-span-unknown-key": Case(with_fault('<span data-clinic="fastng">Your clinic will tell you when to stop '
                                               "eating.</span>"), None,
                                    ["docs/index.md:{line}: data-clinic='fastng' is not a clinic instruction: did you "
                                     "mean 'eating_and_drinking'?"], fault='<span data-clinic="fastng">'),
    "emergency-number-by-hand": Case(with_fault("If your legs get weak, call 911 [@shealy1975]."), None,
                                     ["docs/index.md:{line}: 911 is written by hand: write <span "
                                      'data-clinic="emergency_number">911</span>'], fault="call 911"),
    "clinic-setting-unknown-key": Case(default_pages(), None,
                                       ["mkdocs.yml:{line}: extra.clinic.instructions.arival: 'arival' is not a clinic "
                                        "instruction: did you mean 'arrival'?"], page="settings", fault="      arival:"),
}

CLINIC = ('extra:\n  pdf:\n    back_matter: [references.md]\n  clinic:\n    name: Test Clinic (invented)\n    phones:\n'
          '      - {number: "617-555-0134", for: "Questions"}\n')
SETTINGS = {"clinic-setting-unknown-key": CLINIC + "    instructions:\n      arival: Come early.\n"}


def _build(name: str, case: Case, tmp_root: Path, settings: str = "", in_process: bool = True):
    root = tmp_root / name
    config = make_site(root, case.pages, case.bib, settings=settings or SETTINGS.get(name, ""))
    return (build_in_process if in_process else run_mkdocs_build)(config, root / "site", PDF_EXPORT="0")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The good site by `mkdocs build --strict` in a child process; then the planted-fault sites
    in this process, one after another (build_in_process, tests/support/project.py)."""
    tmp_root = tmp_path_factory.mktemp("content-rule-sites")
    results = {"good": _build("good", Case(default_pages(), None, []), tmp_root, "", False)}
    results.update({name: _build(name, case, tmp_root) for name, case in CASES.items()})
    results["_root"] = tmp_root
    return results


def _fault_line(case: Case, name: str, root: Path) -> int:
    if case.page == "settings":  # the fixture's mkdocs.yml: its own lines, then the settings
        text = (root / name / "mkdocs.yml").read_text(encoding="utf-8")
    else:
        text = str(case.bib) if case.page == "bib" else case.pages[case.page]
    return line_of(text, case.fault)


@pytest.mark.parametrize("name", list(CASES))
def test_fault_stops_the_build_naming_file_and_line(builds, name):
    assert_stopped_by(builds[name], CASES[name].expected, _fault_line(CASES[name], name, builds["_root"]), name)


def test_the_good_fixture_builds_clean(builds):
    assert builds["good"].returncode == 0, builds["good"].stderr
    assert "WARNING" not in builds["good"].stderr


# --- A clinic's own words where a page says "your clinic will tell you" -------------------------

SPAN_PAGE = ('<span data-clinic="eating_and_drinking">Your clinic will tell you when to stop eating and '
             "drinking.</span> Heat helps [@shealy1975].\n")
CLINIC_TEXT = "Stop eating at midnight & drink <water> only [ask us]."


def _clinic_pages() -> dict[str, str]:
    pages = default_pages()
    pages["index.md"] += "\n" + SPAN_PAGE
    return pages


def _screen_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").split())


def test_a_page_shows_the_general_text_without_a_clinic(tmp_path):
    result = run_mkdocs_build(make_site(tmp_path, _clinic_pages()), tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    text = _screen_text((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Your clinic will tell you when to stop eating and drinking." in text


def test_a_clinic_edition_shows_its_own_text_on_screen_and_in_the_handout(tmp_path):
    from pypdf import PdfReader

    settings = CLINIC + f'    instructions:\n      eating_and_drinking: "{CLINIC_TEXT}"\n'
    result = run_mkdocs_build(make_site(tmp_path, _clinic_pages(), settings=settings), tmp_path / "site",
                              PDF_EXPORT="1", PDF_CACHE=str(tmp_path / "pdf-cache"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert ('<span data-clinic="eating_and_drinking">Stop eating at midnight &amp; drink &lt;water&gt; only '
            "[ask us].</span>") in html
    assert "Your clinic will tell you when to stop" not in _screen_text(html)
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(
        tmp_path / "site" / "handouts" / "index.pdf").pages)
    assert CLINIC_TEXT in pdf_text
    assert "Your clinic will tell you when to stop" not in pdf_text


def test_a_clinic_outside_the_us_puts_its_emergency_number_where_a_page_says_call_911(tmp_path):
    """A UK clinic's edition: the emergency card and the page's own "call 911" both say 999."""
    pages = default_pages()
    pages["index.md"] += ('\nCall <span data-clinic="emergency_number">911</span> if your legs get weaker.\n\n'
                          '!!! care-emergency "Get emergency help now if"\n    - your legs get weak [@shealy1975].\n')
    plain = run_mkdocs_build(make_site(tmp_path / "plain", pages), tmp_path / "plain" / "site", PDF_EXPORT="0")
    assert plain.returncode == 0, plain.stderr
    assert "Call 911 if your legs" in _screen_text((tmp_path / "plain" / "site" / "index.html").read_text(encoding="utf-8"))
    settings = CLINIC.replace("    phones:\n      - {number: \"617-555-0134\"", "    region: GB\n    emergency: \"999\"\n"
                              "    phones:\n      - {number: \"020 7946 0018\"")
    result = run_mkdocs_build(make_site(tmp_path / "uk", pages, settings=settings), tmp_path / "uk" / "site",
                              PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    text = _screen_text((tmp_path / "uk" / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Call 999 if your legs" in text and "Call 999 now" in text and "911" not in text


# --- Editors' notes in the bibliography are never rendered -------------------------------------

def _notes(bib: str) -> list[str]:
    return [" ".join(note.split()) for note in re.findall(r"^\s*note\s*=\s*\{(.*?)\},?\s*$", bib, re.M | re.S)]


def _visible_text_of_every_page(site: Path) -> str:
    pages = sorted(site.rglob("*.html"))
    assert pages
    return "\n".join(" ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split()) for page in pages)


def test_an_editors_note_is_not_in_any_page_of_the_fixture_site(builds):
    notes = _notes(GOOD_BIB)
    assert notes == ["The patient article this guide is based on"]  # cleveland-rfn, cited by second.md
    site = builds["_root"] / "good" / "site"
    references = (site / "references" / "index.html").read_text(encoding="utf-8")
    assert "Radiofrequency Neurotomy [Internet]" in references  # the entry itself is listed
    text = _visible_text_of_every_page(site)
    assert not [note for note in notes if note in text]


def test_no_editors_note_of_the_guide_is_in_the_built_site(built_site):
    notes = _notes((ROOT / "includes" / "references.bib").read_text(encoding="utf-8"))
    assert len(notes) >= 3
    text = _visible_text_of_every_page(built_site)
    assert not [note for note in notes if note in text]
