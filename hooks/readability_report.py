"""MkDocs glue: a readability report in every build and `mkdocs serve`.

Logs each page's Flesch-Kincaid grade (INFO) and warns, which fails `mkdocs build --strict`,
when a page reads above the budget in mkdocs.yml:

    extra:
      readability:
        max_grade: 8        # default 8
        skip: [references.md]  # pages that are lists, not prose (optional)

The grade is computed on the rendered page text by rfn_guide.readability."""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from rfn_guide.readability import fernandez_huerta, flesch_kincaid_grade, hardest_sentences, hardest_sentences_es

log = get_plugin_logger(__name__)

DEFAULT_MAX_GRADE = 8.0


def _settings(config) -> tuple[float, set[str]]:
    settings = (config.extra or {}).get("readability") or {}
    if not isinstance(settings, dict):
        raise PluginError("mkdocs.yml: 'extra: readability:' must be a mapping, e.g. "
                          "'readability: {max_grade: 8}'.")
    max_grade = settings.get("max_grade", DEFAULT_MAX_GRADE)
    if isinstance(max_grade, bool) or not isinstance(max_grade, (int, float)) or max_grade <= 0:
        raise PluginError(f"mkdocs.yml: extra.readability.max_grade must be a positive number "
                          f"such as 8, not {max_grade!r}.")
    skip = settings.get("skip") or []
    if not isinstance(skip, list) or not all(isinstance(item, str) for item in skip):
        raise PluginError("mkdocs.yml: extra.readability.skip must be a list of page files, "
                          "e.g. [references.md].")
    return float(max_grade), set(skip)


def on_config(config):
    _settings(config)  # a bad setting stops the build at once, with the reason
    return config


@event_priority(-100)  # after the other hooks have changed the page's HTML
def on_page_content(html, page, config, files):
    max_grade, skip = _settings(config)
    source = page.file.src_uri
    if source in skip:
        log.info(f"Readability: {source} skipped (extra.readability.skip in mkdocs.yml)")
        return html
    if (config.theme.get("language") or "en") == "es":
        _check_spanish(html, page, config)
        return html
    grade = flesch_kincaid_grade(html)
    log.info(f"Readability: {source} reads at grade {grade:.1f} (budget {max_grade:g})")
    if grade > max_grade:
        hardest = "; ".join(f'"{_shorten(sentence)}" (grade {sentence_grade:.0f})'
                            for sentence_grade, sentence in hardest_sentences(html))
        log.warning(
            f"{_shown_path(page, config)}: reads at Flesch-Kincaid grade {grade:.1f}, over the budget of "
            f"{max_grade:g} (extra.readability.max_grade in mkdocs.yml). To fix: split long "
            f"sentences, use short everyday words, and explain medical words in the glossary. "
            f"Hardest sentences: {hardest or 'none of six words or more'}")
    return html


def _check_spanish(html, page, config) -> None:
    """Spanish pages: Fernández-Huerta reading ease at least extra.readability.min_fernandez_huerta."""
    minimum = ((config.extra or {}).get("readability") or {}).get("min_fernandez_huerta", 70)
    score = fernandez_huerta(html)
    log.info(f"Readability: {page.file.src_uri} scores {score:.1f} on Fernández-Huerta (minimum {minimum:g})")
    if score < minimum:
        hardest = "; ".join(f'"{_shorten(sentence)}" ({sentence_score:.0f})'
                            for sentence_score, sentence in hardest_sentences_es(html))
        log.warning(
            f"{_shown_path(page, config)}: scores {score:.1f} on Fernández-Huerta, under the minimum of "
            f"{minimum:g} (extra.readability.min_fernandez_huerta in mkdocs.es.yml). To fix: split long "
            f"sentences and use short everyday words. Hardest sentences: {hardest or 'none of six words or more'}")


def _shown_path(page, config) -> str:
    """The page's file as an editor finds it: relative to mkdocs.yml, e.g. docs/after.md."""
    try:
        return os.path.relpath(page.file.abs_src_path, os.path.dirname(config.config_file_path))
    except (TypeError, ValueError):
        return f"{config.docs_dir}/{page.file.src_uri}"


def _shorten(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
