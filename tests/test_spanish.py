"""The Spanish edition (issue 12): built with --strict beside the English site, parity with the
English pages, readability in Spanish, the language switch's addresses, hreflang in the head and
the sitemap, Spanish words and dates, the translation notice, planted parity faults, and a
Spanish PDF handout read back. Browser checks are in test_spanish_browser.py."""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat
import yaml

from rfn_guide import i18n
from rfn_guide.dates import long_date
from rfn_guide.editions.parity import check_editions, compare_pages
from rfn_guide.markup import front_matter_block
from rfn_guide.readability.rules import reading_ease_es, sentences_from_html, syllable_count
from support.pages import SITE_URL, SPANISH_PAGES, built_path
from support.project import ROOT, run_mkdocs_build

# The Spanish After's review dates, as its front matter gives them: the tests below plant beside
# them and look for them in print, and a page's dates move whenever it is checked again.
_AFTER_META = yaml.safe_load(front_matter_block((ROOT / "docs-es" / "after.md").read_text(encoding="utf-8")) or "")
AFTER_REVIEWED = str(_AFTER_META["last_reviewed"])
AFTER_NEXT_REVIEW = str(_AFTER_META["next_review"])


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: dict[str, str] = {}
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        # rel is a list of tokens (HTML): "alternate " is "alternate"
        if tag == "link" and "alternate" in (attrs.get("rel") or "").split() and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]


def head_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# --- Parity --------------------------------------------------------------------------------

def test_every_spanish_page_matches_its_english_page():
    assert [str(f) for f in check_editions(ROOT / "docs", ROOT / "docs-es")] == []


def test_spanish_nav_lists_the_same_pages_in_the_same_order():
    english = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    spanish = yaml.safe_load((ROOT / "mkdocs.es.yml").read_text())["nav"]
    assert [list(item.values())[0] for item in spanish] == [list(item.values())[0] for item in english]


ENGLISH = """---
description: x
---
# Title

## One

!!! info "Box"
    Text [@a].

<figure markdown id="fig-x">
</figure>

## Two

Text [@b; @c].

!!! warning "Careful"
    More [@d].
"""


def test_parity_passes_a_faithful_translation():
    spanish = ENGLISH.replace("Title", "Título").replace("Text", "Texto").replace('"Box"', '"Caja"')
    assert compare_pages(ENGLISH, spanish, "docs/p.md", "docs-es/p.md") == []


@pytest.mark.parametrize("fault, expected", [
    (lambda t: t.replace("## Two\n", "Two\n"), "docs-es/p.md:6: has 1 heading(s) of level 2"),
    (lambda t: t.replace('!!! info "Box"\n    Text [@a].\n', ""), "has admonition 'warning' where docs/p.md has 'info' (its line 8)"),
    (lambda t: t.replace("!!! warning", "!!! danger"), "docs-es/p.md:18: has admonition 'danger' where"),
    (lambda t: t.replace('id="fig-x"', 'id="fig-y"'), "docs-es/p.md:11: has figure 'fig-y' where"),
    (lambda t: t.replace("[@b; @c]", "[@b]"), "docs-es/p.md:19: has citation 'd' where docs/p.md has 'c'"),
    (lambda t: t.replace("[@b; @c]", "[@c; @b]"), "docs-es/p.md:16: has citation 'c' where docs/p.md has 'b'"),
    (lambda t: t.replace("More [@d].", "More."), "docs-es/p.md:16: is missing citation 'd' (line 19 of docs/p.md)"),
])
def test_parity_names_the_first_difference_with_its_line(fault, expected):
    findings = [str(f) for f in compare_pages(ENGLISH, fault(ENGLISH), "docs/p.md", "docs-es/p.md")]
    assert findings and any(expected in f for f in findings), findings


def test_parity_ignores_code_examples():
    spanish = ENGLISH + "\n```\n!!! danger \"shown, not a box\" [@z]\n```\n"
    assert compare_pages(ENGLISH, spanish, "docs/p.md", "docs-es/p.md") == []


# --- Planted faults in a copy of the project: the Spanish build stops, naming file and line ----
# Faults in different pages (or different lines of one) do not hide one another: every finding
# is reported before the build stops. So six are planted in one copy, built once (a whole
# Spanish build is 2-4 s); the two that need a build of their own (one that must pass, one
# that changes a setting for every page) have one each.

def copy_project(folder: Path) -> Path:
    for name in ("mkdocs.yml", "mkdocs.es.yml"):
        shutil.copy(ROOT / name, folder / name)
    for sub in ("docs", "docs-es", "includes"):
        shutil.copytree(ROOT / sub, folder / sub)
    for linked in ("hooks", "overrides"):
        (folder / linked).symlink_to(ROOT / linked)
    return folder


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


def build_spanish(project: Path):
    return run_mkdocs_build(project / "mkdocs.es.yml", project / "site-es", PDF_EXPORT="0")


def plant(path: Path, old: str, new: str) -> int:
    """Replaces `old` once in the file; returns the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@dataclasses.dataclass(frozen=True)
class Planted:
    stderr: str
    returncode: int
    lines: dict[str, int]  # where each fault is, by name

    def warns(self, message: str) -> bool:
        """Whether a WARNING line (what `--strict` stops on) holds `message`: each fault must stop
        the build by itself, not only ride along with the others."""
        return any(line.startswith("WARNING") and message in line for line in self.stderr.splitlines())


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Planted:
    project = copy_project(tmp_path_factory.mktemp("spanish-faults"))
    lines = {}
    risks = project / "docs-es" / "risks-and-benefits.md"
    plant(risks, '!!! warning "Alergia y azúcar en la sangre"\n    - Hay un riesgo pequeño de una reacción alérgica al tinte '
                 'de los rayos X (contraste) que se puede usar [@hull-mbb].\n    - Si tiene diabetes, su azúcar en la sangre '
                 'puede subir durante unos días [@wvu-pain-instructions].\n\n', "")
    lines["danger"] = risks.read_text(encoding="utf-8").splitlines().index('!!! danger "Riesgos poco comunes pero graves"') + 1
    outlook = project / "docs-es" / "outlook.md"
    plant(outlook, "cuando se hace una segunda vez [@nice-ng59-rfd-research].", "cuando se hace una segunda vez.")
    lines["citation"] = next(n for n, text in enumerate(outlook.read_text(encoding="utf-8").splitlines(), 1)
                             if "[@ashton2024]" in text)  # the next citation
    (project / "docs-es" / "who-it-can-help.md").unlink()
    shutil.copy(project / "docs-es" / "about.md", project / "docs-es" / "extra.md")
    after = project / "docs-es" / "after.md"
    plant(after, f"last_reviewed: {AFTER_REVIEWED}\n", f"last_reviewed: {AFTER_REVIEWED}\ntranslation_review: {{date: 2027-01-15}}\n")
    lines["care"] = plant(after, "!!! care-urgent", "!!! care-urgnet")
    result = build_spanish(project)
    return Planted(result.stderr, result.returncode, lines)


def test_planted_faults_stop_the_build_without_a_traceback(planted):
    assert planted.returncode != 0
    assert "Traceback" not in planted.stderr


def test_dropped_admonition_fails_the_build_with_file_and_line(planted):
    assert planted.warns(f"docs-es/risks-and-benefits.md:{planted.lines['danger']}: has admonition 'danger' where "
                         "docs/risks-and-benefits.md has 'warning'")


def test_dropped_citation_fails_the_build_with_file_and_line(planted):
    assert planted.warns(f"docs-es/outlook.md:{planted.lines['citation']}: has citation 'ashton2024' where "
                         "docs/outlook.md has 'nice-ng59-rfd-research'")


def test_missing_spanish_page_fails_the_build_naming_the_file(planted):
    assert planted.warns("docs/who-it-can-help.md: has no translation: add docs-es/who-it-can-help.md")


def test_spanish_page_without_english_page_fails_the_build(planted):
    assert planted.warns("docs-es/extra.md: has no page in docs/ to translate from")


def test_translation_review_without_reviewer_fails_with_file_and_line(planted):
    assert planted.warns("docs-es/after.md:4: translation_review needs a reviewer")


def test_misspelt_care_card_names_the_spanish_file(planted):
    assert planted.warns(f"docs-es/after.md:{planted.lines['care']}: unknown admonition type 'care-urgnet': "
                         "did you mean 'care-urgent'?")


def test_translation_review_in_front_matter_names_the_reviewer(project_copy):
    plant(project_copy / "docs-es" / "after.md", f"last_reviewed: {AFTER_REVIEWED}\n",
          f"last_reviewed: {AFTER_REVIEWED}\ntranslation_review: {{reviewer: 'Ana Pérez, RN, certified medical interpreter', "
          "date: 2027-01-15}\n")
    result = build_spanish(project_copy)
    assert result.returncode == 0, result.stderr
    html = (project_copy / "site-es" / "after" / "index.html").read_text(encoding="utf-8")
    assert "Ana Pérez, RN, certified medical interpreter revisó la traducción el 15 de enero de 2027." in html
    other = (project_copy / "site-es" / "before" / "index.html").read_text(encoding="utf-8")
    assert "Todavía no la ha revisado un traductor con formación médica" in other


def test_spanish_page_under_the_reading_ease_minimum_fails_the_build(project_copy):
    plant(project_copy / "mkdocs.es.yml", "min_fernandez_huerta: 70", "min_fernandez_huerta: 99")
    result = build_spanish(project_copy)
    assert result.returncode != 0
    assert re.search(r"docs-es/after\.md: scores \d+\.\d on Fernández-Huerta, under the minimum of 99", result.stderr)
    assert "Traceback" not in result.stderr


# --- The built Spanish site -----------------------------------------------------------------

def test_every_spanish_page_is_built_in_spanish(both_sites):
    for src in SPANISH_PAGES:
        html = (both_sites / "es" / built_path(src) / "index.html").read_text(encoding="utf-8")
        assert head_links(html).lang == "es", src
        assert ("Esta página es una traducción del original en inglés. Todavía no la ha revisado un traductor con "
                "formación médica. Si algo no está claro, pregunte a su médico o a su enfermera. Puede preguntar en "
                "su clínica si le pueden dar un intérprete.") in html, src
        assert "lea la página en inglés" not in html, src
        assert re.search(r'Comparada con sus fuentes por última vez: <time datetime="\d{4}-\d\d-\d\d">\d', html), src
        assert "Todavía no la ha revisado un profesional de la salud." in html, src


def test_english_pages_have_no_translation_notice(both_sites):
    html = (both_sites / "after" / "index.html").read_text(encoding="utf-8")
    assert "rfn-translation-notice" not in html
    assert re.search(r'Last checked against its sources: <time datetime="\d{4}-\d\d-\d\d">[A-Z][a-z]+ \d{1,2}, \d{4}</time>',
                     html)


def test_spanish_dates_words_figures_sources_and_care_cards(both_sites):
    html = (both_sites / "es" / "after" / "index.html").read_text(encoding="utf-8")
    assert f'<time datetime="{AFTER_REVIEWED}">{long_date(AFTER_REVIEWED, "es")}</time>' in html
    assert f'<time datetime="{AFTER_NEXT_REVIEW}">{long_date(AFTER_NEXT_REVIEW, "es")}</time>' in html
    assert '>Fuentes<a class="headerlink"' in html
    for label in ("Consejo no urgente:", "Consejo urgente:", "Emergencia:"):
        assert f'<span class="rfn-visually-hidden rfn-care-label">{label} </span>' in html
    how = (both_sites / "es" / "how-it-works" / "index.html").read_text(encoding="utf-8")
    assert '<span class="rfn-figure-number">Figura 1.</span>' in how
    assert ">Figura&nbsp;2</a>" in how
    not_found = (both_sites / "es" / "404.html").read_text(encoding="utf-8")
    assert "Lo sentimos, no encontramos esa página" in not_found


def test_spanish_has_every_ui_word():
    assert set(i18n.UI_TEXT["es"]) == set(i18n.UI_TEXT["en"])


def test_a_translation_review_is_shown_only_when_complete_and_right():
    """The page's notice and the booklet's cover read i18n.translation_review: a review with a
    bad date or no reviewer never prints as "reviewed" (the build also stops on it)."""
    import datetime as dt

    good = {"translation_review": {"reviewer": " Ana Pérez, RN ", "date": dt.date(2027, 1, 15)}}
    assert i18n.translation_review(good) == ("Ana Pérez, RN", dt.date(2027, 1, 15))
    assert i18n.translation_review({"translation_review": {"reviewer": "Ana", "date": "2027-01-15"}}) == \
        ("Ana", dt.date(2027, 1, 15))
    for bad in ({}, {"translation_review": {"date": "2027-01-15"}}, {"translation_review": "yes"},
                {"translation_review": {"reviewer": "Ana", "date": "2027-13-01"}}):
        assert i18n.translation_review(bad) is None, bad


def test_one_date_formatter_for_both_languages():
    assert long_date("2026-11-24", "es") == "24 de noviembre de 2026"
    assert long_date("2026-11-04", "en") == "November 4, 2026"
    assert long_date("not a date", "es") == "not a date"


@pytest.mark.parametrize("src", SPANISH_PAGES)
def test_spanish_page_reads_fairly_easily(both_sites, src):
    minimum = yaml.safe_load((ROOT / "mkdocs.es.yml").read_text())["extra"]["readability"]["min_fernandez_huerta"]
    assert minimum >= 70
    html = (both_sites / "es" / built_path(src) / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    assert reading_ease_es(sentences_from_html(article)) >= minimum


def test_fernandez_huerta_is_textstats_formula_with_its_spanish_syllables():
    text = "El calor destruye el nervio. Así el nervio deja de mandar señales de dolor al cerebro."
    sentences = sentences_from_html(f"<p>{text}</p>")
    score = reading_ease_es(sentences)
    textstat.set_lang("es")
    try:
        syllables, words = textstat.syllable_count(text), textstat.lexicon_count(text)
    finally:
        textstat.set_lang("en_US")
    assert syllables == syllable_count(text, "es") == 28 and words == 16 and len(sentences) == 2
    # textstat.fernandez_huerta rounds syllables per word to 1.8 first; the build does not
    assert abs(score - (206.84 - 60 * syllables / words - 1.02 * words / len(sentences))) < 0.06


def test_spanish_search_uses_the_spanish_stemmer(both_sites):
    index = json.loads((both_sites / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    assert (both_sites / "es" / "assets" / "javascripts" / "lunr" / "min" / "lunr.es.min.js").is_file()
    assert not (both_sites / "assets" / "javascripts" / "lunr" / "min" / "lunr.es.min.js").exists()


@pytest.mark.parametrize("src", ["index.md", "after.md", "glossary.md"])
def test_hreflang_links_in_the_head_of_both_editions(both_sites, src):
    path = built_path(src)
    expected = {"en": SITE_URL + path, "es": SITE_URL + "es/" + path, "x-default": SITE_URL + path}
    for html_file in (both_sites / path / "index.html", both_sites / "es" / path / "index.html"):
        assert head_links(html_file.read_text(encoding="utf-8")).alternates == expected, html_file


def test_language_switch_points_to_the_same_page(both_sites):
    english = (both_sites / "during" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../es/during/" hreflang="es" lang="es">.*?Leer esta página en español', english, re.S)
    spanish = (both_sites / "es" / "during" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../during/" hreflang="en" lang="en">.*?Read this page in English', spanish, re.S)
    home = (both_sites / "es" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../" hreflang="en" lang="en">' in home


@pytest.mark.parametrize("edition", ["", "es/"])
def test_sitemaps_pair_each_page_with_its_translation(both_sites, edition):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(both_sites / edition / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    assert len(urls) == len(SPANISH_PAGES)
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns)
        path = loc[len(SITE_URL + edition):]
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert links == {"en": SITE_URL + path, "es": SITE_URL + "es/" + path, "x-default": SITE_URL + path}


# --- A Spanish PDF handout ------------------------------------------------------------------

def test_spanish_handout_is_in_spanish(spanish_pdf_site, test_output):
    import subprocess

    from pypdf import PdfReader

    handout = spanish_pdf_site / "handouts" / "after.pdf"
    reader = PdfReader(handout)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    first = reader.pages[0].extract_text()
    assert "Esta página es una traducción del original en inglés" in first
    assert "Después de su tratamiento con radiofrecuencia" in first
    assert f"Comparada con sus fuentes: {long_date(AFTER_REVIEWED, 'es')}" in first
    assert "Página 1 de" in first
    assert "Read this page in English" not in first  # the language switch is screen-only
    # What paper adds is in Spanish too: the write-in panel, the words box, the copied figures
    during, how = (" ".join(" ".join(page.extract_text() for page in PdfReader(
        spanish_pdf_site / "handouts" / name).pages).split()) for name in ("during.pdf", "how-it-works.pdf"))
    for words in ("A quién llamar (pida a su clínica que lo complete)", "En caso de emergencia, llame al 911.",
                  "Figuras de otras hojas", "(impresa al final de esta hoja)"):
        assert words in during, words
    # (During's own text and its figures' keys explain each of its words: How it works has a box)
    assert "Palabras usadas en esta hoja" in how and "Words used in this handout" not in how
    for english in ("Who to call", "Words used in this handout", "Figures from other handouts", "in the booklet"):
        assert english not in during, english
    booklet = PdfReader(spanish_pdf_site / "handouts" / "rfn-guide.pdf")
    assert booklet.trailer["/Root"]["/Lang"] == "es"
    cover = " ".join(booklet.pages[0].extract_text().split())
    assert "información para pacientes" in cover.casefold()  # the kicker is set in capitals by CSS
    assert "Esta guía todavía no la ha revisado un profesional de la salud." in cover
    assert ("Esta guía es una traducción del original en inglés. Todavía no la ha revisado un traductor con "
            "formación médica.") in cover
    assert "Puede preguntar en su clínica si le pueden dar un intérprete." in cover
    assert "Contenido" in booklet.pages[1].extract_text()
    out = test_output / "pdf-pages"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(handout), str(out / "es-after")], check=True)


def test_spanish_pages_are_valid_html_apart_from_listed_theme_errors(both_sites):
    import shutil as _shutil
    import subprocess

    from support.html_check import allowed_by, vnu_jar

    java = _shutil.which("java")
    assert java, "Java is missing: run scripts/test.sh, which installs Debian's openjdk-17-jre-headless"
    pages = sorted((both_sites / "es").rglob("*.html"))
    result = subprocess.run([java, "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json", "--errors-only",
                             "--no-langdetect", *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    unexplained = [f"{m.get('url')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages
                   if m.get("type") in ("error", "non-document-error") and allowed_by(m) is None]
    assert unexplained == []


@pytest.fixture(scope="module")
def spanish_spelling(tmp_path_factory) -> list[str]:
    """'file: word' for each unknown word of the Spanish pages, copied with one planted typo: one
    run of the spell checker (about three seconds) answers both tests below."""
    from pyspelling import spellcheck

    root = tmp_path_factory.mktemp("spelling-es")
    shutil.copytree(ROOT / "docs-es", root / "docs-es", ignore=shutil.ignore_patterns("assets"))
    (root / "includes").mkdir()
    shutil.copy(ROOT / "includes" / "glossary.es.md", root / "includes" / "glossary.es.md")
    (root / "tests" / "spelling").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "spelling" / "wordlist.es.txt", root / "tests" / "spelling")
    shutil.copy(ROOT / ".pyspelling.es.yml", root)
    plant(root / "docs-es" / "after.md", "Podrá ir a casa a descansar", "Podrá ir a cassa a descansar")
    here = os.getcwd()
    os.chdir(root)
    try:
        return sorted({f"{r.context.split(': ')[0].split()[-1]}: {w}" for r in spellcheck(".pyspelling.es.yml")
                       for w in r.words})
    finally:
        os.chdir(here)


PLANTED_ES = "docs-es/after.md: cassa"


def test_spanish_edition_is_spelled_in_spanish(spanish_spelling):
    wrong = [word for word in spanish_spelling if word != PLANTED_ES]
    assert not wrong, ("unknown Spanish words (fix the spelling, or add a real name to "
                       "tests/spelling/wordlist.es.txt):\n" + "\n".join(wrong))


def test_spanish_spell_check_catches_a_typo(spanish_spelling):
    assert PLANTED_ES in spanish_spelling


def test_the_booklet_cover_names_another_language_only_in_its_own_words():
    """The cover's line for a reader of another language is in that language, tagged with it; a
    language the guide has no words for gets no line (not English words under a French tag)."""
    from rfn_guide.pdf.booklet import also_in_html

    assert also_in_html(("es",)) == ('<p class="rfn-cover-also" lang="es">Esta guía también está en español. '
                                     "Pregunte en su clínica.</p>")
    assert also_in_html(("en", "fr")) == '<p class="rfn-cover-also" lang="en">This guide is also in English. Ask at your clinic.</p>'
