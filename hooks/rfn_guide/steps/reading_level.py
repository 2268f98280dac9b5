"""Step: the reading level. Logs each page's score and reports a page that reads too hard:
English by its Flesch-Kincaid grade, at most `extra.readability.max_grade` (default 8); Spanish
(theme.language es) by its Fernández-Huerta reading ease, at least
`extra.readability.min_fernandez_huerta` (default 70). `skip:` lists pages that are lists, not
prose. Runs on the page's HTML after every other step has changed it. Also plain language in the
Markdown: an abbreviation (RFN) spelled out at its first use on every page.
Rules: rfn_guide.readability, rfn_guide.abbreviations."""
from __future__ import annotations

import importlib.metadata
from pathlib import Path

from mkdocs.structure.pages import Page

from ..cache import fingerprint, read_json, write_json
from ..findings import Finding
from .site import Site, log

# What a cached score depends on besides the page: the grading code and the hyphenation patterns
GRADER = fingerprint((Path(__file__).resolve().parent.parent / "readability.py").read_text(encoding="utf-8"),
                     importlib.metadata.version("pyphen"))


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    from ..abbreviations import check_first_use

    # The whole file, front matter included, so line numbers match the editor's
    site.report_all(check_first_use(page.file.content_string, site.shown(page.file.src_uri), site.language))
    return markdown


def _shorten(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def on_page_content(site: Site, html: str, page: Page) -> str:
    from ..readability import (
        MIN_WORDS_TO_GRADE,
        grade_of,
        hardest_of,
        hardest_of_es,
        lexicon_count,
        reading_ease_es,
        sentences_from_html,
    )

    settings = site.settings.readability
    src = page.file.src_uri
    if src in settings.skip:
        log.info(f"Readability: {src} skipped (extra.readability.skip in mkdocs.yml)")
        return html
    spanish = site.language == "es"
    # A page's score only changes when its text does: kept in the build cache by the HTML's hash
    cached = read_json(cache_name := f"grade-{site.language}-{fingerprint(html, GRADER)}.json")
    if isinstance(cached, dict) and {"words", "score"} <= cached.keys():
        words, score = int(cached["words"]), float(cached["score"])
        sentences = None
    else:
        sentences = sentences_from_html(html)
        words = lexicon_count(" ".join(sentences))
        if words < MIN_WORDS_TO_GRADE:
            score = 0.0
        else:
            score = reading_ease_es(sentences) if spanish else grade_of(sentences)
        write_json(cache_name, {"words": words, "score": score})
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
    log.info(f"Readability: {src} reads at grade {score:.1f} (budget {settings.max_grade:g})")
    if score > settings.max_grade:
        sentences = sentences if sentences is not None else sentences_from_html(html)
        hardest = "; ".join(f'"{_shorten(sentence)}" (grade {sentence_grade:.0f})'
                            for sentence_grade, sentence in hardest_of(sentences))
        site.report(Finding(site.shown(src), None,
                            f"reads at Flesch-Kincaid grade {score:.1f}, over the budget of {settings.max_grade:g} "
                            "(extra.readability.max_grade in mkdocs.yml). To fix: split long sentences, use short "
                            "everyday words, and explain medical words in the glossary. "
                            f"Hardest sentences: {hardest or 'none of six words or more'}", rule="readability"))
    return html


def on_post_build(site: Site) -> None:
    from ..readability import save_syllable_cache

    save_syllable_cache()
