"""Handouts a clinic can hand over as they are (issue 11): self-contained, with the clinic's details.

- Self-contained: a handout prints every figure its page refers to (with number, legend and
  caption), the meaning of every glossary word its page uses, and links as words on paper.
- The clinic's details: the worked example (examples/clinic/mkdocs.yml, an invented clinic) is
  built as README says, and its name and formatted numbers are read back from every handout,
  the booklet cover and every page's footer; bad settings stop `--strict` with file, setting
  and fix; the guide's own edition carries a panel to fill in by hand.

The PDFs are read back with poppler (pdftotext, pdftoppm); pages for a person to look at land
in test-output/handouts/."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rfn_guide.addresses import short_url
from rfn_guide.citations.bibliography import url_link
from rfn_guide.clinic import rules as clinic_rules
from rfn_guide.glossary.rules import EXPLAINED_KEY, Term, explained_meanings, parse_glossary
from rfn_guide.links.rules import rebase_url
from rfn_guide.markup import front_matter_block, load_yaml
from rfn_guide.paper import rules
from support.pdf import NAV, built_article, handout, pdftotext, squeeze
from support.project import ROOT, run_mkdocs_build
from support.serve import serve_directory
from validation_site import default_pages, front, make_site

EXAMPLE = ROOT / "examples" / "clinic" / "mkdocs.yml"
EXAMPLE_NAME = "Example Spine Clinic (example only — not a real clinic)"
EXAMPLE_NUMBERS = ["(617) 555-0134", "(617) 555-0188"]
GLOSSARY_PAGE = "glossary.md"
SITE_URL = "https://rfn-guide.example.org/"


# --- The clinic's settings, without a build ----------------------------------------------------

def read(raw, tmp_path: Path):
    return clinic_rules.read_clinic(raw, "clinic.yml", tmp_path)


def test_phone_numbers_are_checked_and_formatted_for_the_region(tmp_path):
    clinic, findings = read({"name": "A clinic", "region": "US", "phones": [
        {"number": "617-555-0134", "for": "Questions"},
        {"number": "+1 617 555 0188", "for": "Out of hours"},
        {"number": "+44 20 7946 0018", "for": "Our London office"}]}, tmp_path)
    assert findings == []
    assert [phone.display for phone in clinic.phones] == ["(617) 555-0134", "(617) 555-0188", "+44 20 7946 0018"]
    assert [phone.e164 for phone in clinic.phones] == ["+16175550134", "+16175550188", "+442079460018"]
    assert clinic.emergency == "911"


def test_the_example_numbers_are_valid_fictional_ones():
    """555-0100 to 555-0199 are set aside for fiction in North America, and phonenumbers
    accepts them, so the example builds and rings nobody."""
    import yaml

    settings = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["extra"]["clinic"]
    clinic, findings = read(settings, EXAMPLE.parent)
    assert findings == []
    assert "example only" in clinic.name and "not a real clinic" in clinic.name
    for phone in clinic.phones:
        assert re.fullmatch(r"\+1\d{3}55501\d\d", phone.e164), phone.e164
    assert clinic.logo is not None and clinic.logo.suffix == ".svg"


@pytest.mark.parametrize("raw, setting, words", [
    ({"name": "A", "phones": [{"number": "555-0100", "for": "Questions"}]}, "extra.clinic.phones[0].number",
     "not a valid phone number for region US"),
    ({"name": "A", "phones": [{"number": "call us", "for": "Questions"}]}, "extra.clinic.phones[0].number",
     "is not a phone number"),
    ({"name": "A", "phone": "617-555-0134"}, "extra.clinic.phone", "is not a clinic setting"),
    ({"name": "A", "phones": [{"number": "617-555-0134", "for": "Questions", "hours": "9-5"}]},
     "extra.clinic.phones[0].hours", "is not a phone setting"),
    ({"name": "A", "phones": [{"number": "617-555-0134"}]}, "extra.clinic.phones[0].for", "say what the number is for"),
    ({"name": "A", "phones": [{"number": "617-555-0134", "for": "Emergencies"}]}, "extra.clinic.phones[0].for",
     "emergencies stay with the emergency number"),
    ({"name": "A", "region": "XX", "phones": []}, "extra.clinic.region", "two-letter code"),
    ({"name": "A", "emergency": "1234", "phones": [{"number": "617-555-0134", "for": "Q"}]},
     "extra.clinic.emergency", "not an emergency number"),
    ({"phones": [{"number": "617-555-0134", "for": "Q"}]}, "extra.clinic.name", "is missing"),
    ({"name": "A", "phones": [{"number": "617-555-0134", "for": "Q"}], "logo": "nowhere.svg"}, "extra.clinic.logo",
     "does not exist"),
    ("Just a name", "extra.clinic", "must be a group of settings"),
])
def test_each_bad_setting_names_the_file_the_setting_and_the_fix(tmp_path, raw, setting, words):
    clinic, findings = read(raw, tmp_path)
    assert clinic is None
    messages = [str(finding) for finding in findings]
    assert any(m.startswith(f"clinic.yml: {setting}: ") and words in m for m in messages), messages


def test_a_bad_setting_is_found_in_the_file_that_sets_it(tmp_path):
    (tmp_path / "guide.yml").write_text("site_name: Guide\nextra:\n  clinic:\n    name: X\n    region: ZZ\n",
                                        encoding="utf-8")
    (tmp_path / "clinic").mkdir()
    child = tmp_path / "clinic" / "mkdocs.yml"
    child.write_text("INHERIT: ../guide.yml\ndocs_dir: !ENV [DOCS, docs]\nextra:\n  clinic:\n    phones:\n"
                     '      - {number: "617-555-0134", for: Questions}\n      - number: "12"\n        for: Out of hours\n',
                     encoding="utf-8")
    locator = clinic_rules.SettingLocator(child, "clinic/mkdocs.yml")
    assert locator.where(clinic_rules.setting_parts("extra.clinic.phones[1].number")) == ("clinic/mkdocs.yml", 7)
    assert locator.where(clinic_rules.setting_parts("extra.clinic.region"))[1] == 5
    assert locator.where(clinic_rules.setting_parts("extra.clinic.region"))[0].endswith("guide.yml")
    assert locator.where(clinic_rules.setting_parts("extra.clinic.logo")) == ("clinic/mkdocs.yml", 4)


def test_a_logo_must_really_be_svg_or_png(tmp_path):
    (tmp_path / "logo.jpg").write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    (tmp_path / "fake.png").write_text("not a png")
    (tmp_path / "fake.svg").write_text("<html>not a drawing</html>")
    (tmp_path / "real.png").write_bytes(clinic_rules.PNG_SIGNATURE + b"rest")
    (tmp_path / "real.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    base = {"name": "A", "phones": [{"number": "617-555-0134", "for": "Q"}]}
    for bad in ("logo.jpg", "fake.png", "fake.svg"):
        clinic, findings = read({**base, "logo": bad}, tmp_path)
        assert clinic is None and "is not an SVG or PNG picture" in str(findings[0]), bad
    for good in ("real.png", "real.svg"):
        clinic, findings = read({**base, "logo": good}, tmp_path)
        assert findings == [] and clinic.logo_uri == f"assets/clinic/logo{Path(good).suffix}"


# --- Handout HTML, without a build ---------------------------------------------------------------

FIGURE_PAGE = """<p>Intro</p><figure class="rfn-diagram" id="fig-a">
<div class="rfn-diagram__stage" data-rfn-callouts="[]"><a class="glightbox" href="../assets/a.svg"><img alt="A" src="../assets/a.svg"></a></div>
<ol class="rfn-legend" id="fig-a-legend"><li id="fig-a-note-1">The <abbr title="A small joint.">facet joint</abbr><sup class="rfn-cite"><a href="../references/#ref-x">2</a></sup>.</li></ol>
<figcaption><span class="rfn-figure-number">Figure 1.</span> A joint.</figcaption></figure>"""


def test_a_figure_on_another_page_is_copied_with_unique_ids_and_working_paths():
    pages = {"how/": rules.PageInfo("how/", "How it works"), "during/": rules.PageInfo("during/", "During")}
    content = ('<p><a href="../how/#fig-a">Figure&nbsp;1</a> shows it. <abbr title="A live X-ray.">fluoroscopy</abbr>'
               ' and <a href="../how/#fig-a">Figure&nbsp;1</a> again.</p>')
    result = rules.handout_end_matter(content, "during/", {"how/": FIGURE_PAGE, "during/": content}, pages,
                                      SITE_URL, short_url)
    soup = BeautifulSoup(result, "html.parser")
    copies = soup.select(".rfn-handout-figures figure")
    assert len(copies) == 1, "a figure linked twice is printed once"
    copy = copies[0]
    assert copy["id"] == "rfn-handout-fig-a" and copy.select_one("ol")["id"] == "rfn-handout-fig-a-legend"
    assert copy.select_one("img")["src"] == "../assets/a.svg"
    assert "Figure 1." in copy.get_text() and "The facet joint" in copy.get_text()
    assert not copy.select(".glightbox, sup.rfn-cite, [data-rfn-callouts]")
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert "How it works" in soup.select_one(".rfn-handout-figures p").get_text()
    notes = [note.get_text() for note in soup.select(".rfn-handout-only.rfn-link-note")]
    assert notes == [" (printed at the end of this handout)"] * 2
    # The booklet has the figure in its page's section: the reader is told which one
    in_booklet = [note.get_text() for note in soup.select(".rfn-booklet-only.rfn-link-note")]
    assert in_booklet == [" (see “How it works” in this booklet)"] * 2
    # The words box: in order of first appearance, the figure's words after the page's own
    words = [dt.get_text() for dt in soup.select(".rfn-handout-words dt")]
    assert words == ["fluoroscopy", "facet joint"]


def test_glossary_words_count_each_meaning_once_in_order_of_first_appearance():
    content = ('<abbr title="Joint meaning.">facet joints</abbr> <abbr title="RFN meaning.">RFN</abbr> '
               '<abbr title="Joint meaning.">facet joint</abbr> <abbr title="X-ray.">fluoroscopy</abbr>')
    assert rules.glossary_words(content) == [("facet joints", "Joint meaning."), ("RFN", "RFN meaning."),
                                             ("fluoroscopy", "X-ray.")]
    assert rules.words_box("<p>No terms</p>") == ""


def test_the_word_box_explains_a_short_form_once():
    long = '<abbr title="A treatment with heat. Also called RFN.">radiofrequency neurotomy</abbr>'
    short = '<abbr title="Short for radiofrequency neurotomy.">RFN</abbr>'
    box = BeautifulSoup(rules.words_box(f"<p>{long} and {short}</p>"), "html.parser")
    assert [dt.get_text() for dt in box.select("dt")] == ["radiofrequency neurotomy"]
    alone = BeautifulSoup(rules.words_box(f"<p>{short}</p>"), "html.parser")
    assert [dt.get_text() for dt in alone.select("dt")] == ["RFN"], "alone, the short form is explained"


def test_links_get_words_for_paper():
    pages = {"": rules.PageInfo("", "Home"), "after/": rules.PageInfo("after/", "After the procedure")}
    content = ('<p><a href="../after/">After the procedure</a>, <a href="../after/#pain">how pain settles</a>, '
               '<a href="#local">here</a>, <a class="headerlink" href="#x">¶</a>'
               '<sup class="rfn-cite"><a href="../references/#ref-a">1</a></sup> '
               '<a href="https://example.org/a/b">a study</a> <a href="https://doi.org/1">https://doi.org/1</a> '
               '<a href="tel:+16175550134">(617) 555-0134</a> '
               # a source's address, with a <wbr> where a printed line may break: its words are its address
               + url_link("https://example.org/c-d") + '</p>')
    soup = BeautifulSoup(rules.annotate_links(content, "before/", pages, SITE_URL, set(), short_url), "html.parser")
    notes = [n.get_text() for n in soup.select(".rfn-link-note:not(.rfn-booklet-only)")]
    assert notes == [" (a separate handout, or online at rfn-guide.example.org/after)",
                     " (see the handout “After the procedure”, or online at rfn-guide.example.org/after)",
                     " (example.org/a/b)"]
    # The booklet says where in the booklet, and never "a separate handout"
    assert [n.get_text() for n in soup.select(".rfn-booklet-only")] == [
        " (in this booklet)", " (see “After the procedure” in this booklet)"]


def test_rebase_moves_relative_links_between_pages():
    assert rebase_url("../assets/a.svg", "how/", "during/") == "../assets/a.svg"
    assert rebase_url("assets/a.svg", "", "during/") == "../assets/a.svg"
    assert rebase_url("../references/#ref-a", "a/b/", "") == "a/references/#ref-a"
    assert rebase_url("https://x.org/a", "a/", "b/") == "https://x.org/a"


def test_care_cards_get_the_clinics_numbers_but_the_emergency_card_keeps_911(tmp_path):
    clinic, _ = read({"name": "Springfield Spine", "phones": [{"number": "617-555-0134", "for": "Questions"}]},
                     tmp_path)
    content = ('<div class="admonition care-nonurgent"><p class="admonition-title">Call us</p><div><p>x</p></div></div>'
               '<div class="admonition care-urgent"><p>y</p></div>'
               '<div class="admonition care-emergency"><p>Call 911</p></div>')
    result = BeautifulSoup(clinic_rules.add_care_lines(content, clinic_rules.care_card_lines(clinic)), "html.parser")
    line = "Call Springfield Spine: (617) 555-0134 (Questions)"
    for name in ("care-nonurgent", "care-urgent"):
        card = result.select_one(f".{name}")
        assert card.select("p")[-1].get_text() == line, name
        assert card.select_one(".rfn-care-call a")["href"] == "tel:+16175550134"
    assert "Springfield" not in result.select_one(".care-emergency").get_text()


# --- Fixture sites: the hook in a real build ---------------------------------------------------

CARE_PAGE = front() + """# When to get help

!!! care-nonurgent "Call your clinic in working hours"
    Ring if the sore place stays sore [@ninds-lbp].

!!! care-urgent "Call your clinic today"
    Ring today if you have a fever [@ninds-lbp].

!!! care-emergency "Get emergency help now"
    Call <span data-clinic="emergency_number">911</span> if you cannot move your legs [@ninds-lbp].
"""


def clinic_site(root: Path, clinic_yaml: str, pages: dict[str, str] | None = None,
                logo: tuple[str, bytes] | None = None) -> Path:
    """A small fixture site of the guide with `extra.clinic` set in its mkdocs.yml."""
    config = make_site(root, pages=pages)
    if logo:
        (root / logo[0]).write_bytes(logo[1])
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  clinic:\n"
                      + "".join(f"    {line}\n" for line in clinic_yaml.strip().splitlines()), encoding="utf-8")
    return config


GOOD_CLINIC = """
name: Springfield Spine (example)
phones:
  - number: "617-555-0134"
    for: Questions
"""


def test_care_cards_in_a_built_site_name_the_clinic(tmp_path):
    pages = default_pages() | {"help.md": CARE_PAGE}
    config = clinic_site(tmp_path, GOOD_CLINIC, pages=pages)
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "help" / "index.html").read_text(encoding="utf-8"), "html.parser")
    line = "Call Springfield Spine (example): (617) 555-0134 (Questions)"
    assert [p.get_text() for p in soup.select(".care-nonurgent .rfn-care-call, .care-urgent .rfn-care-call")] == [line] * 2
    # The emergency card names no clinic: it ends with the emergency number, in every edition.
    assert [p.get_text() for p in soup.select(".care-emergency .rfn-care-call")] == [
        "Call 911 now, or have someone else drive you to the nearest emergency room."]
    assert "Call 911 if you cannot move your legs" in soup.select_one(".care-emergency").get_text()


def test_the_emergency_card_gives_a_clinics_own_emergency_number(tmp_path):
    pages = default_pages() | {"help.md": CARE_PAGE}
    config = clinic_site(tmp_path, 'name: Leeds Spine (example)\nregion: GB\nemergency: "999"\n'
                                   'phones:\n  - {number: "0113 496 0000", for: Questions}', pages=pages)
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "help" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [p.get_text() for p in soup.select(".care-emergency .rfn-care-call")] == [
        "Call 999 now, or have someone else drive you to the nearest emergency room."]
    assert "Call 999 if you cannot move your legs" in soup.select_one(".care-emergency").get_text()


def test_without_a_clinic_the_emergency_card_says_911(tmp_path):
    config = make_site(tmp_path, pages=default_pages() | {"help.md": CARE_PAGE})
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "help" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".care-emergency .rfn-care-call").get_text() == (
        "Call 911 now, or have someone else drive you to the nearest emergency room.")


@pytest.mark.parametrize("clinic_yaml, logo, setting, words", [
    ('name: A\nphones:\n  - {number: "555-0100", for: Questions}', None,
     "extra.clinic.phones[0].number", "not a valid phone number"),
    ('name: A\ntelephone: "617-555-0134"\nphones:\n  - {number: "617-555-0134", for: Questions}', None,
     "extra.clinic.telephone", "is not a clinic setting"),
    ('name: A\nlogo: missing.svg\nphones:\n  - {number: "617-555-0134", for: Questions}', None,
     "extra.clinic.logo", "does not exist"),
    ('name: A\nlogo: logo.gif\nphones:\n  - {number: "617-555-0134", for: Questions}', ("logo.gif", b"GIF89a..."),
     "extra.clinic.logo", "is not an SVG or PNG picture"),
], ids=["invalid-number", "unknown-setting", "missing-logo", "gif-logo"])
def test_bad_clinic_settings_stop_a_strict_build_without_a_traceback(tmp_path, clinic_yaml, logo, setting, words):
    config = clinic_site(tmp_path, clinic_yaml, logo=logo)
    result = run_mkdocs_build(config, tmp_path / "site", PDF_EXPORT="0")
    assert result.returncode != 0, "the build should have stopped"
    assert "Traceback" not in result.stderr
    line = next((line for line in result.stderr.splitlines() if setting in line), "")
    # file:line of the setting in the clinic's YAML, then the setting, what is wrong and the fix
    match = re.search(rf"mkdocs\.yml:(\d+): {re.escape(setting)}: ", line)
    assert match and words in line, result.stderr
    written = config.read_text(encoding="utf-8").splitlines()[int(match.group(1)) - 1]
    assert setting.rsplit(".", 1)[-1] in written, f"line {match.group(1)} is {written!r}"


# --- The example clinic's edition, built as README says --------------------------------------

def test_readme_gives_the_one_command_for_a_clinic_edition():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/build.sh -f examples/clinic/mkdocs.yml" in readme
    assert '"$@"' in (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8"), "build.sh must pass -f through"


def test_clinic_name_and_numbers_are_on_every_handout_and_the_booklet_cover(clinic_pdf_site):
    pdfs = sorted((clinic_pdf_site / "handouts").glob("*.pdf"))
    assert len(pdfs) == len(NAV) + 1
    for pdf in pdfs:
        first_page = " ".join(pdftotext(pdf, 1, 1).split())  # the cover, for the booklet
        assert EXAMPLE_NAME in first_page, pdf.name
        for number in EXAMPLE_NUMBERS:
            assert number in first_page, f"{pdf.name}: {number}"
        assert "In an emergency, call 911." in first_page
        assert "ask your clinic to fill this in" not in pdftotext(pdf)
    booklet = pdftotext(clinic_pdf_site / "handouts" / "rfn-guide.pdf")
    # The full panel (with the address) on the cover and again just before the When to get help
    # cards (issue 18), with lines for the doctor and the date; the cards also name the clinic
    assert booklet.count("100 Example Street") == 2, "the booklet shows the clinic's panel on its cover and by the cards"
    assert "Call Example Spine Clinic" in " ".join(booklet.split()), "the care cards name the clinic to call"
    # The back page: the cards again, each that says "call your clinic" with the clinic's numbers
    # (from the last page that starts "When to get help": in this edition the cards take two)
    pages = [" ".join(page.split()) for page in booklet.split("\f") if page.strip()]
    back = " ".join(pages[max(i for i, page in enumerate(pages) if page.startswith("When to get help")):])
    assert back.count("Call Example Spine Clinic") >= 2, back[:300]
    assert all(number in back for number in EXAMPLE_NUMBERS), "the back page lacks a clinic number"
    after = " ".join(pdftotext(clinic_pdf_site / "handouts" / "after.pdf").split())
    by_cards = after[after.index("When to get help"):]
    assert by_cards.index("100 Example Street") < by_cards.index("Non-urgent advice"), "no panel before the cards"
    assert "Your doctor:" in by_cards and "Date of your procedure:" in by_cards


def test_clinic_details_are_in_every_page_footer(clinic_pdf_site):
    for source, _ in NAV:
        stem = source.removesuffix(".md")
        page = clinic_pdf_site / ("index.html" if stem == "index" else f"{stem}/index.html")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one("aside.rfn-clinic-footer")
        assert footer is not None, source
        text = " ".join(footer.get_text().split())
        assert EXAMPLE_NAME in text and all(number in text for number in EXAMPLE_NUMBERS), source
        assert [a["href"] for a in footer.select('a[href^="tel:"]')] == ["tel:+16175550134", "tel:+16175550188"]
        logo = footer.select_one("img")["src"]
        assert (page.parent / logo).resolve().is_file(), f"{source}: logo {logo} missing"


def test_the_not_found_page_names_the_clinic_too(clinic_pdf_site):
    footer = BeautifulSoup((clinic_pdf_site / "404.html").read_text(encoding="utf-8"),
                           "html.parser").select_one("aside.rfn-clinic-footer")
    assert footer is not None and EXAMPLE_NAME in footer.get_text()


def test_during_handout_prints_figures_1_and_2_with_their_legends(clinic_pdf_site):
    text = squeeze(pdftotext(handout(clinic_pdf_site, "during.md")))
    assert "printedattheendofthishandout" in text
    figures = built_article(clinic_pdf_site, "how-it-works.md").select("figure[id^=fig-]")
    assert [figure["id"] for figure in figures] == ["fig-facet-joint", "fig-sacroiliac-joint"]
    for number, figure in enumerate(figures, start=1):
        caption = figure.select_one("figcaption")
        assert caption.get_text().startswith(f"Figure {number}.")
        # Citation numbers stay with the page the figure comes from
        for cite in figure.select("sup.rfn-cite"):
            cite.decompose()
        for part in [caption, *figure.select("ol.rfn-legend > li")]:
            assert squeeze(part.get_text()) in text, f"during.pdf lacks: {part.get_text()[:60]}"


def test_every_handout_explains_each_glossary_word_its_page_uses(clinic_pdf_site):
    for source, _ in NAV:
        if source == GLOSSARY_PAGE:  # the Glossary page is the full list already
            continue
        article = built_article(clinic_pdf_site, source)
        # A short form beside its long form ("RFN" with "radiofrequency neurotomy") is explained once
        words = [(abbr.get_text(), " ".join(abbr["title"].split())) for abbr in article.select("abbr[title]")]
        # ...except the words the page's own text explains where it uses them (its front matter
        # says which): those are printed in the text, and only there
        # (a figure copied from another page brings that page's explanations: its key says them)
        url = "" if source == "index.md" else source.removesuffix(".md") + "/"
        copied_from = {path for path, _ in rules.referenced_figures(str(article), url)}
        explained = page_explains(source).union(
            *(page_explains("index.md" if path == "" else path.rstrip("/") + ".md") for path in copied_from))
        meanings = {meaning for _, meaning in rules.without_short_forms(words)} - explained
        text = pdftotext(handout(clinic_pdf_site, source))
        for term, meaning in words:
            if meaning in explained:
                assert squeeze(term) in squeeze(text), f"{source}: {term!r} is explained in the text but not printed"
        if not meanings:
            assert "Words used in this handout" not in text
            continue
        assert "Words used in this handout" in text, source
        box = squeeze(text.split("Words used in this handout", 1)[1])
        for meaning in meanings:
            assert squeeze(meaning) in box, f"{source}: the meaning {meaning[:50]!r} is not printed"
        for meaning in explained:
            assert squeeze(meaning) not in box, f"{source}: {meaning[:50]!r} is explained twice"


def page_explains(source: str) -> frozenset[str]:
    """The meanings of the words docs/<source> says its text explains (words_explained_in_text)."""
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    terms, _ = parse_glossary((ROOT / "includes" / "glossary.md").read_text(encoding="utf-8"))
    value = (load_yaml(front_matter_block(text) or "") or {}).get(EXPLAINED_KEY)
    meanings, findings = explained_meanings(value, terms, text, source, 1)
    assert findings == []
    return meanings


def test_links_print_as_words_and_are_not_underlined(clinic_pdf_site, browser):
    index = " ".join(pdftotext(handout(clinic_pdf_site, "index.md")).split())
    # The guide's site_url is a placeholder, so paper names no web address (issue 18)
    assert "How it works (a separate handout)" in index and "rfn-guide.example.org" not in index
    with serve_directory(clinic_pdf_site) as base_url:
        tab = browser.new_page()
        tab.goto(base_url)
        assert not tab.locator(".rfn-link-note").first.is_visible(), "link notes shown on screen"
        tab.emulate_media(media="print")
        assert tab.locator(".rfn-link-note").first.is_visible()
        decorations = tab.eval_on_selector_all(
            "article a[href]", "links => links.map(a => getComputedStyle(a).textDecorationLine)")
        assert decorations and set(decorations) == {"none"}, decorations
        tab.close()


def test_handout_parts_show_only_where_they_belong(clinic_pdf_site, browser):
    with serve_directory(clinic_pdf_site) as base_url:
        tab = browser.new_page()
        tab.goto(base_url + "during/")
        assert tab.locator(".rfn-clinic-footer").is_visible(), "clinic footer missing on screen"
        for selector in (".rfn-clinic-panel", ".rfn-handout-words", ".rfn-handout-figures"):
            assert not tab.locator(selector).is_visible(), f"{selector} shown on screen"
        tab.emulate_media(media="print")
        assert not tab.locator(".rfn-clinic-footer").is_visible(), "screen footer printed"
        for selector in (".rfn-clinic-panel", ".rfn-handout-words", ".rfn-handout-figures"):
            assert tab.locator(selector).is_visible(), f"{selector} not printed"
        # In the booklet, handout-only parts stay hidden
        tab.evaluate("() => document.documentElement.classList.add('rfn-booklet')")
        assert not tab.locator(".rfn-handout-words").is_visible()
        tab.close()
        # Before's lines to write the driver and the arrival time on: paper only
        tab = browser.new_page()
        tab.goto(base_url + "before/")
        write_ins = tab.locator(".rfn-checklist .rfn-write-in")
        assert write_ins.count() == 2, "Before's checklist should have two write-in lines"
        assert not any(line.is_visible() for line in write_ins.all()), "a write-in line shown on screen"
        tab.emulate_media(media="print")
        assert all(line.is_visible() for line in write_ins.all()), "a write-in line not printed"
        tab.close()


def test_each_drawing_says_it_opens_larger_on_screen_but_not_on_paper(clinic_pdf_site, browser):
    """On a phone a drawing's labels are smaller than the text: a line under each one says it
    opens larger (glightbox). Paper has nothing to tap."""
    with serve_directory(clinic_pdf_site) as base_url:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(base_url + "how-it-works/")
        hints = tab.locator("figure.rfn-diagram .rfn-enlarge-hint")
        assert hints.count() == tab.locator("figure.rfn-diagram a.glightbox").count() == 2
        for index in range(2):
            assert hints.nth(index).is_visible()
            assert hints.nth(index).inner_text() == "Tap or click the drawing to see it larger."
        tab.emulate_media(media="print")
        assert not hints.first.is_visible()
        tab.close()
    for page in ("how-it-works.md", "during.md"):
        assert "Tap or click" not in pdftotext(handout(clinic_pdf_site, page))


def test_copied_figures_carry_their_web_numbers(clinic_pdf_site):
    numbers, copies = {}, []
    for source, _ in NAV:
        article = built_article(clinic_pdf_site, source)
        for figure in article.select("figure[id]"):
            number = figure.select_one(".rfn-figure-number").get_text()
            if figure.find_parent(class_="rfn-handout-figures"):
                copies.append((source, figure["id"].removeprefix(rules.COPY_PREFIX), number))
            else:
                numbers[figure["id"]] = number
    assert ("during.md", "fig-facet-joint", "Figure 1.") in copies
    assert ("during.md", "fig-sacroiliac-joint", "Figure 2.") in copies
    for source, figure_id, number in copies:
        assert numbers[figure_id] == number, f"{source}: copy of {figure_id} is {number}, on the web {numbers[figure_id]}"


def test_copied_figures_keep_every_id_unique(clinic_pdf_site):
    for page in sorted(clinic_pdf_site.rglob("*.html")):
        ids = [tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")]
        repeated = sorted({value for value in ids if ids.count(value) > 1})
        assert not repeated, f"{page.relative_to(clinic_pdf_site)}: ids used twice: {repeated}"


def test_clinic_pages_have_no_axe_violations(clinic_pdf_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    from support.browser import AXE_TAGS, axe_report

    with serve_directory(clinic_pdf_site) as base_url:
        for width in (375, 1280):
            tab = browser.new_page(viewport={"width": width, "height": 800})
            tab.goto(base_url + "during/")
            violations = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                                 "resultTypes": ["violations"]}).response["violations"]
            tab.close()
            assert violations == [], f"during/ at {width}px:\n{axe_report(violations)}"


def test_clinic_pages_are_valid_html(clinic_pdf_site):
    import json
    import shutil

    from support.html_check import allowed_by, vnu_jar

    pages = [clinic_pdf_site / "index.html", clinic_pdf_site / "during" / "index.html"]
    result = subprocess.run([shutil.which("java"), "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json",
                             "--errors-only", "--no-langdetect", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    unexplained = [m for m in messages if allowed_by({**m, "page": "index.html"}) is None]
    assert unexplained == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in unexplained)


# --- Without clinic details (the guide's own edition): a panel to fill in by hand ------------------

@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    """A small site of the guide without clinic details, built with PDFs (a second build of
    the whole guide would only repeat test_pdfs.py's)."""
    root = tmp_path_factory.mktemp("no-clinic")
    config = make_site(root)
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  pdf:\n    back_matter: [references.md]\n",
                      encoding="utf-8")
    result = run_mkdocs_build(config, root / "site", PDF_EXPORT="1", PDF_PAPER="")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_without_clinic_details_every_handout_has_a_panel_to_fill_in(plain_site):
    """... but the list of sources, which holds no care (its lines took a sheet of their own)."""
    pdfs = sorted((plain_site / "handouts").glob("*.pdf"))
    assert len(pdfs) == 4, "three handouts and the booklet"
    sources = plain_site / "handouts" / "references.pdf"
    assert "Your clinic:" not in pdftotext(sources) and "References" in pdftotext(sources, 1, 1)
    for pdf in (pdf for pdf in pdfs if pdf != sources):
        first_page = " ".join(pdftotext(pdf, 1, 1).split())  # the booklet: its cover
        for words in ("Who to call (ask your clinic to fill this in)", "Your clinic:", "Phone for questions:",
                      "After-hours phone:", "In an emergency, call 911."):
            assert words in first_page, f"{pdf.name}: {words!r} missing"
    assert pdftotext(plain_site / "handouts" / "rfn-guide.pdf").count("ask your clinic to fill this in") == 1
    assert not (plain_site / "assets" / "clinic").exists()
    assert "rfn-clinic-footer" not in (plain_site / "index.html").read_text(encoding="utf-8")


def test_render_clinic_and_write_in_handouts_for_review(clinic_pdf_site, plain_site, test_output):
    """Pages for a person to look at: a clinic handout's first page, the During handout's
    figures and words, the booklet cover, and the write-in panel of the guide's own edition."""
    out = test_output / "handouts"
    out.mkdir(exist_ok=True)
    during = handout(clinic_pdf_site, "during.md")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(during)], capture_output=True,
                                                             text=True, check=True).stdout).group(1))
    jobs = [(handout(clinic_pdf_site, "after.md"), 1, "clinic-after-first"),
            (clinic_pdf_site / "handouts" / "rfn-guide.pdf", 1, "clinic-booklet-cover"),
            (handout(plain_site, "second.md"), 1, "write-in-first")]
    jobs += [(during, number, f"clinic-during-{number}") for number in range(1, pages + 1)]
    for pdf, number, name in jobs:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile",
                        str(pdf), str(out / name)], check=True)
        assert (out / f"{name}.png").stat().st_size > 5_000, name


# --- Words a page explains in its own text ---------------------------------------------------------

TERMS = [Term("blood thinner", "A medicine that changes how your blood clots.", 3),
         Term("flare-up", "A time when your pain gets worse for a while.", 4)]


def test_words_explained_in_text_are_read_as_meanings_in_any_form():
    prose = "You take blood thinners. A Flare-up, when pain gets worse, may come."
    meanings, findings = explained_meanings(["Blood thinners", "flare-up"], TERMS, prose, "docs/after.md", 5)
    assert findings == [] and meanings == {TERMS[0].meaning, TERMS[1].meaning}
    assert explained_meanings(None, TERMS, prose, "docs/after.md", 1) == (frozenset(), [])


@pytest.mark.parametrize("value, message", [
    ("blood thinner", "words_explained_in_text must be a list of glossary terms"),
    (["blood thiner"], "'blood thiner' in words_explained_in_text is not a term in the glossary"),
    (["flare-up"], "'flare-up' in words_explained_in_text is not used on this page"),
])
def test_words_explained_in_text_faults_are_findings_at_the_key(value, message):
    meanings, findings = explained_meanings(value, TERMS, "Ask about a blood thinner.", "docs/after.md", 5)
    assert meanings == frozenset() and [(f.file, f.line) for f in findings] == [("docs/after.md", 5)]
    assert message in findings[0].message


def test_the_words_box_leaves_out_words_the_text_explains():
    content = ('<p><abbr title="A medicine that changes how your blood clots.">blood thinner</abbr> and '
               '<abbr title="A time when your pain gets worse for a while.">flare-up</abbr></p>')
    box = rules.words_box(content, explained={TERMS[0].meaning})
    assert "flare-up" in box and "blood thinner" not in box
    assert rules.words_box(content, explained={TERMS[0].meaning, TERMS[1].meaning}) == ""
