"""The built site as a reader meets it: every page, in order, with what each page promises."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from rfn_guide.glossary.rules import abbreviations, parse_glossary, term_variants
from rfn_guide.readability.rules import (
    grade_of,
    lexicon_count,
    prose_from_html,
    pyphen_syllable_count,
    sentences_from_html,
    smog_of,
    syllable_count,
)
from support.pages import built_page
from support.project import DOCS, HEADINGS, ROOT

# (source file, title in the navigation), in the order a patient meets them.
PAGES = [
    ("index.md", "What is radiofrequency neurotomy?"),
    ("how-it-works.md", "How it works"),
    ("who-it-can-help.md", "Who it can help"),
    ("risks-and-benefits.md", "Risks and benefits"),
    ("outlook.md", "Outlook"),
    ("questions.md", "Questions to ask your doctor"),
    ("before.md", "Before the procedure"),
    ("pain-diary.md", "Pain diary"),
    ("during.md", "During the procedure"),
    ("after.md", "After the procedure"),
    ("glossary.md", "Glossary"),
    ("references.md", "References"),
    ("about.md", "About this information"),
]
MAX_PAGE_GRADE = 6.0  # Flesch-Kincaid, issue 16 (extra.readability.max_grade)
MAX_PAGE_SMOG = 8.0   # SMOG, issue 16 (extra.readability.max_smog)
MAX_SITE_GRADE = 6.0  # textstat's own Flesch-Kincaid over the whole site


def soup_of(site: Path, source: str) -> BeautifulSoup:
    return BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")


def front_matter(source: str) -> dict:
    text = (DOCS / source).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def article_html(soup: BeautifulSoup) -> str:
    return str(soup.select_one("article.md-content__inner"))


def screen_article_html(soup: BeautifulSoup) -> str:
    """The article as a reader sees it on screen, as the build grades it: without the parts only
    paper shows (the clinic panel, "Words used in this handout", figures copied from other pages)."""
    article = soup.select_one("article.md-content__inner")
    assert article is not None
    for paper_only in article.select(".rfn-print-only, .rfn-handout-only"):
        paper_only.decompose()
    return str(article)


def test_navigation_lists_every_page_in_reading_order(built_site):
    soup = soup_of(built_site, "outlook.md")
    items = soup.select("nav.md-nav--primary > ul > li")
    titles = [" ".join(item.select_one(".md-ellipsis").get_text().split()) for item in items]
    assert titles == [title for _, title in PAGES]


@pytest.mark.parametrize("source, title", PAGES)
def test_page_has_title_description_and_review_dates(built_site, source, title):
    soup = soup_of(built_site, source)
    meta = front_matter(source)
    assert soup.h1 and " ".join(soup.h1.get_text().split()).rstrip("¶") == HEADINGS[source]
    assert soup.select_one('meta[name="description"]')["content"] == meta["description"]
    last, upcoming = date.fromisoformat(str(meta["last_reviewed"])), date.fromisoformat(str(meta["next_review"]))
    assert last < upcoming <= last.replace(year=last.year + 3)
    dates = soup.select_one(".rfn-review-dates")
    assert dates is not None, "the review dates are not shown on the page"
    shown = [time["datetime"] for time in dates.select("time")]
    assert shown == [last.isoformat(), upcoming.isoformat()]
    # Honest review status (issue 10): checked against sources, not a clinical review.
    text = " ".join(dates.get_text().split())
    assert "Last checked against its sources" in text and "Next check due" in text
    assert "Not yet reviewed by a clinician." in text  # no clinician has reviewed the guide yet


def test_risks_page_shows_benefits_side_effects_and_serious_risks(built_site):
    article = soup_of(built_site, "risks-and-benefits.md").select_one("article")
    boxes = {kind: article.select(f".admonition.{kind}") for kind in ("success", "warning", "danger")}
    assert len(boxes["success"]) == 1 and "not surgery" in boxes["success"][0].get_text()
    assert len(boxes["warning"]) >= 3
    assert any("sunburn" in box.get_text() for box in boxes["warning"])
    assert "permanent" in boxes["danger"][0].get_text()


def test_what_not_to_do_after_and_when_relief_may_not_come_are_boxed(built_site):
    after = soup_of(built_site, "after.md").select_one(".admonition.warning")
    assert after is not None and "Do not drive" in after.get_text()
    outlook = soup_of(built_site, "outlook.md").select_one(".admonition.info")
    assert outlook is not None and "couple of years" in outlook.get_text()


CONTENT_PAGES = [source for source, _ in PAGES[:PAGES.index(("glossary.md", "Glossary"))]]


@pytest.mark.parametrize("source", CONTENT_PAGES)
def test_content_pages_end_with_key_points(built_site, source):
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup_of(built_site, source).select("article h2")]
    assert "Key points" in headings


# --- Nothing from another origin ----------------------------------------------------------

RESOURCE_ATTRIBUTES = [("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"),
                       ("iframe", "src"), ("video", "src"), ("audio", "src"), ("object", "data")]
EXTERNAL_URL = re.compile(r"""url\(\s*['"]?(?:https?:)?//""")


def test_no_page_loads_anything_from_another_origin(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in RESOURCE_ATTRIBUTES:
            for element in soup.find_all(tag):
                value = element.get(attribute) or ""
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload", "manifest",
                                          "prefetch"} & set(element.get("rel") or []):
                    continue  # canonical and alternate links are not loaded
                if urlparse(value).netloc or value.startswith("//"):
                    offenders.append(f"{page.relative_to(built_site)}: <{tag} {attribute}={value}>")
        for style in soup.find_all("style"):
            if EXTERNAL_URL.search(style.get_text()):
                offenders.append(f"{page.relative_to(built_site)}: inline style loads a remote url()")
    for stylesheet in built_site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        if EXTERNAL_URL.search(text) or re.search(r"@import\s+(url\()?['\"]?https?:", text):
            offenders.append(f"{stylesheet.relative_to(built_site)} loads from another origin")
    assert offenders == []


# --- Glossary tooltips ----------------------------------------------------------------------

def glossary_terms():
    terms, problems = parse_glossary((ROOT / "includes" / "glossary.md").read_text(encoding="utf-8"))
    assert problems == []
    return terms


def test_plurals_follow_the_glossarys_language():
    """English rules made Spanish plurals such as "articulación facetarias", so the Spanish
    glossary needed a line for every plural; a Spanish plural changes the noun and its
    adjectives, before the first "de", "del", "para"..."""
    assert term_variants("facet joint") == ["facet joints", "Facet joint", "Facet joints"]
    assert term_variants("articulación facetaria", "es") == [
        "articulaciones facetarias", "Articulación facetaria", "Articulaciones facetarias"]
    for singular, plural in (("nervio del ramo lateral", "nervios del ramo lateral"),
                             ("medicina para diluir la sangre", "medicinas para diluir la sangre"),
                             ("anestésico local", "anestésicos locales"), ("sedación", "sedaciones"),
                             ("lumbar", "lumbares"), ("marcapasos", "marcapasos"),
                             ("mínimamente invasiva", "mínimamente invasivas")):
        assert (term_variants(singular, "es")[0] == plural) if plural != singular else \
            term_variants(singular, "es") == [singular.capitalize()]
    # Where the rules are not sure, no plural (a line of its own gives one): an accent to add
    # ("imágenes"), one that moves ("caracteres"), "mes" -> "meses", a loan word
    for unsure in ("imagen", "examen", "carácter", "mes", "stent", "stent lumbar"):
        assert term_variants(unsure, "es") == [unsure[:1].upper() + unsure[1:]], unsure
    assert term_variants("medicina que adormece", "es")[0] == "medicinas que adormece"
    assert term_variants("rayos X", "es") == ["Rayos X"]
    assert term_variants("nervio  medial", "es")[0] == "nervios mediales"  # a doubled space: no crash
    assert term_variants("Blutverdünner", "de") == []  # no rules: a plural needs its own line
    assert term_variants("RFN", "es") == []


def test_a_spanish_plural_the_build_makes_needs_no_line_of_its_own():
    text = ("*[bloqueo diagnóstico]: Una inyección de prueba.\n"
            "*[bloqueos diagnósticos]: Una inyección de prueba.\n")
    terms, findings = parse_glossary(text, "includes/glossary.es.md", "es")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (2, "'bloqueos diagnósticos' needs no line of its own")]
    assert abbreviations(terms[:1])["Bloqueos diagnósticos"] == "Una inyección de prueba."
    assert parse_glossary(text, "includes/glossary.md", "en")[1] == []  # English rules: "bloqueo diagnósticos"


def test_every_glossary_term_used_in_the_text_gets_a_tooltip(built_site):
    terms = {term.term: term.meaning for term in glossary_terms()}
    checked = 0
    for source, _ in PAGES:
        if source == "glossary.md":
            continue
        article = soup_of(built_site, source).select_one("article")
        # reference titles are quoted exactly, and the handout's word box spells the meanings out: neither is glossed
        for generated in article.select(".rfn-sources, .rfn-references, .rfn-handout-words"):
            generated.decompose()
        tooltips = {abbr.get_text(): abbr.get("title") for abbr in article.find_all("abbr")}
        prose = " ".join(article.get_text(" ").split())
        for term, meaning in terms.items():
            if re.search(rf"\b{re.escape(term)}\b", prose):
                assert tooltips.get(term) == meaning, f"{source}: '{term}' has no tooltip"
                checked += 1
    assert checked > 20  # the pages really do use the medical words


def test_every_glossary_entry_is_used_on_some_page(both_sites):
    """A glossary lists the words the guide uses, not words it no longer uses (a reader looking
    one up would never meet it): each meaning is a tooltip on at least one page, in each language."""
    for glossary, site in (("glossary.md", both_sites), ("glossary.es.md", both_sites / "es")):
        terms, _ = parse_glossary((ROOT / "includes" / glossary).read_text(encoding="utf-8"))
        used = {" ".join(abbr["title"].split())
                for page in site.glob("*/index.html") if page.parent.name not in ("glossary", "es")
                for abbr in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article abbr[title]")}
        used |= {" ".join(abbr["title"].split()) for abbr in BeautifulSoup(
            (site / "index.html").read_text(encoding="utf-8"), "html.parser").select("article abbr[title]")}
        unused = [term.term for term in terms if " ".join(term.meaning.split()) not in used]
        assert unused == [], f"includes/{glossary}: no page uses {unused}: delete these entries"


def test_spanish_plurals_get_the_tooltip_of_their_singular(both_sites):
    """The Spanish glossary has no line for "nervios del ramo lateral": the build makes it from
    "nervio del ramo lateral" by the Spanish rules, as the glossary step passes the language."""
    terms, _ = parse_glossary((ROOT / "includes" / "glossary.es.md").read_text(encoding="utf-8"), language="es")
    meaning = {term.term: term.meaning for term in terms}["nervio del ramo lateral"]
    assert "nervios del ramo lateral" not in {term.term for term in terms}
    page = BeautifulSoup((both_sites / "es" / "how-it-works" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert meaning in [abbr.get("title") for abbr in page.select("article abbr") if abbr.get_text() == "nervios del ramo lateral"]


def test_tooltips_are_switched_on_in_the_theme(built_site):
    config = (built_site / "index.html").read_text(encoding="utf-8")
    assert '"content.tooltips"' in config


def test_glossary_page_lists_each_meaning_once(built_site):
    terms = glossary_terms()
    listed = soup_of(built_site, "glossary.md").select("dl.rfn-glossary dt")
    assert len(listed) == len({term.meaning for term in terms})
    for must in ("facet joint", "sacroiliac joint", "medial branch nerve", "lateral branch nerve",
                 "fluoroscopy", "local anesthetic", "diagnostic block", "osteoarthritis", "cartilage",
                 "vertebrae", "ligament", "outpatient"):
        assert must in [dt.get_text() for dt in listed]


# --- Plain words ------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [source for source, _ in PAGES])
def test_each_page_reads_at_grade_6_and_smog_8_or_below(built_site, source):
    html = screen_article_html(soup_of(built_site, source))
    sentences = sentences_from_html(html)
    grade, smog = grade_of(sentences), smog_of(sentences)
    assert grade <= MAX_PAGE_GRADE, f"{source} reads at grade {grade:.1f}: use shorter sentences and words"
    assert smog <= MAX_PAGE_SMOG, f"{source} reads at SMOG {smog:.1f}: use fewer words of 3 or more syllables"


def test_whole_site_grade_cross_checked_with_textstat(built_site):
    """textstat 0.7.4 counts syllables with pyphen alone; the build counts with the CMU dictionary
    first (issue 16: pyphen calls "medicine" one syllable). So: the build's pyphen-only path must
    count exactly as textstat, the CMU count is never lower over the site, and the site stays
    within budget by textstat's own grade too."""
    import textstat

    prose = " ".join(prose_from_html(screen_article_html(soup_of(built_site, source))) for source, _ in PAGES)
    assert pyphen_syllable_count(prose) == textstat.syllable_count(prose)
    assert lexicon_count(prose) == textstat.lexicon_count(prose)
    assert syllable_count(prose) > pyphen_syllable_count(prose)
    assert textstat.flesch_kincaid_grade(prose) <= MAX_SITE_GRADE


def test_prose_counts_headings_and_list_items_as_sentences():
    text = prose_from_html("<h2>Key points</h2><ul><li>Rest at home</li><li>Do not drive</li></ul>")
    assert text == "Key points. Rest at home. Do not drive."


def test_markdown_sentences_stay_short():
    """NHS style: at most 20 words a sentence and 3 sentences a paragraph (list items apart)."""
    too_long = []
    for source, _ in PAGES:
        body = (DOCS / source).read_text(encoding="utf-8").split("---", 2)[2]
        for block in re.split(r"\n\s*\n", body):
            if block.strip().startswith("!!!"):  # an admonition: check its body
                block = block.strip().partition("\n")[2]
            if not block.strip() or block.strip().startswith(("<", "#", "|")):
                continue
            # Each list item is a unit of its own; so is a plain paragraph.
            for unit in re.split(r"\n\s*(?=[-*] |\d+\. )", block.strip()):
                text = re.sub(r"^([-*]|\d+\.)\s+", "", " ".join(unit.split()))
                text = re.sub(r"\[@[^\]]+\]|\]\([^)]*\)|\*\*|\[", "", text)
                text = re.sub(r"<[^>]+>", " ", text)  # an inline tag (a clinic's words, a write-in line) is no word
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
                if len(sentences) > 3:
                    too_long.append(f"{source}: {len(sentences)} sentences in one paragraph: {text[:50]}...")
                too_long += [f"{source}: {len(s.split())} words: {s[:60]}..." for s in sentences if len(s.split()) > 20]
    assert too_long == []


# --- Things a patient can do (issue 10): questions, getting ready, care cards ------------------

QUESTION_TOPICS = ["good could RFN do", "risks", "other treatments", "do not have any treatment", "levels",
                   "relax", "blood thinner", "eating and drinking", "test injections", "drive", "call"]


def tick_boxes(article) -> list:
    return article.select("li.task-list-item > label.task-list-control > input[type=checkbox]")


def test_questions_page_has_a_named_tick_box_for_every_question(built_site):
    article = soup_of(built_site, "questions.md").select_one("article")
    items = article.select(".rfn-write-answers li.task-list-item")
    questions = [" ".join(item.get_text().split()) for item in items]
    assert len(questions) >= 12
    for topic in QUESTION_TOPICS:
        assert any(topic in question for question in questions), f"no question about '{topic}'"
    boxes = tick_boxes(article)
    assert len(boxes) == len(items)
    for box, question in zip(boxes, questions, strict=True):
        assert box.get("disabled") is None, "the tick boxes must be usable on screen"
        assert box.get("aria-label") == question, f"tick box not named after its question: {box}"


def test_before_page_has_a_getting_ready_checklist_from_its_sources(built_site):
    article = soup_of(built_site, "before.md").select_one("article")
    heading = article.find("h2", id="getting-ready-for-the-day")
    assert heading is not None
    items = heading.find_next("ul", class_="task-list").select("li.task-list-item")
    texts = [" ".join(item.get_text().split()) for item in items]
    for must in ("drive you home", "rest for a day or two", "list of all the medicines", "Questions to ask your doctor"):
        assert any(must in text for text in texts), f"the checklist has no item about '{must}'"
    medicines = next(item for item in items if "list of all the medicines" in item.get_text())
    assert medicines.select("sup.rfn-cite"), "bringing a list of medicines needs its source"
    assert len(tick_boxes(article)) == len(items)


CARD_LABELS = {"care-nonurgent": "Non-urgent advice:", "care-urgent": "Urgent advice:", "care-emergency": "Emergency:"}


def test_after_page_has_care_cards_with_hidden_labels_and_cited_signs(built_site):
    article = soup_of(built_site, "after.md").select_one("article")
    heading = article.find("h2", id="when-to-get-help")
    assert heading is not None
    for card_type, label in CARD_LABELS.items():
        cards = article.select(f".admonition.{card_type}")
        assert len(cards) == 1, f"after.md should have one {card_type} card"
        title = cards[0].select_one(".admonition-title")
        hidden = title.select_one("span.rfn-visually-hidden")
        assert hidden is not None and hidden.get_text().strip() == label
        assert title.contents[0] == hidden, "the hidden label must come first in the title"
        signs = cards[0].select("li")
        assert signs, f"{card_type} card lists no signs"
        for sign in signs:
            assert sign.select("sup.rfn-cite"), f"sign without a source: {sign.get_text()[:60]}"


def test_after_page_says_how_long_not_to_drive(built_site):
    warning = soup_of(built_site, "after.md").select_one(".admonition.warning")
    text = " ".join(warning.get_text().split())
    assert re.search(r"Do not drive for 24 hours", text) and warning.select("sup.rfn-cite")


def test_visually_hidden_class_is_in_the_stylesheet():
    css = (DOCS / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    rule = re.search(r"\.rfn-visually-hidden\s*\{([^}]*)\}", css)
    assert rule and "clip: rect(0, 0, 0, 0)" in rule.group(1) and "position: absolute" in rule.group(1)
