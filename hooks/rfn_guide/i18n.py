"""Words the build itself writes on a page (not the Markdown), in each edition's language, and
the one date formatter every template and hook uses.

The language of a build is `theme.language` in its config (mkdocs.yml: en, mkdocs.es.yml: es).
A key missing in a language falls back to English, so a new language can start small; the tests
check that Spanish has every key. Dates go through Babel (pinned in requirements.txt; Material
already depends on it), with one explicit pattern per language so English keeps its
"24 November 2026" and Spanish reads "24 de noviembre de 2026"."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

DEFAULT_LANGUAGE = "en"

# Day-month-year in words; a language without a pattern here uses Babel's long format.
DATE_PATTERNS = {
    "en": "d MMMM y",
    "es": "d 'de' MMMM 'de' y",
}

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        # hooks
        "figure": "Figure",
        "sources": "Sources",
        "care-nonurgent": "Non-urgent advice:",
        "care-urgent": "Urgent advice:",
        "care-emergency": "Emergency:",
        # templates
        "review_dates": "Review dates",
        "last_reviewed": "Last reviewed:",
        "next_review": "Next review due:",
        "pdf_download": "Download this page as a PDF",
        "pdf_note": "Printable handout, {paper}",
        "online_label": "This page online",
        "online_text": "Scan the code or type the address to read this page online, with any updates:",
        "not_found_title": "Sorry, we can't find that page",
        "not_found_why": "The link may be old, or the address may have a typo.",
        "not_found_home": "Go to the start of this guide",
        "not_found_search": ", or use the search box at the top.",
        "switch_label": "Language",
        "switch_text": "Read this page in {name}",
        "procedure_name": "Radiofrequency neurotomy",
        "procedure_other_name": "Radiofrequency ablation",
        "translation_title": "Translation",
        # PDF handouts and booklet (rfn_guide/pdf_export.py)
        "pdf_last_reviewed": "Last reviewed {date}",
        "pdf_reviewed_between": "Pages last reviewed between {first} and {last}",
        "pdf_cover": "Cover",
        "pdf_kicker": "Patient information",
        "pdf_qr_label": "QR code: the guide online",
        "pdf_online": "Read this guide online, with any updates:",
        "pdf_contents": "Contents",
        "pdf_page_of": "Page {page} of {pages}",
        "translation_unreviewed": ("This page is a translation of the {source} guide. No medically "
                                   "qualified translator has reviewed it yet. If something is unclear, "
                                   "ask your doctor or read the {source} page."),
        "translation_reviewed": ("This page is a translation of the {source} guide. {reviewer} "
                                 "reviewed the translation on {date}."),
    },
    "es": {
        "figure": "Figura",
        "sources": "Fuentes",
        "care-nonurgent": "Consejo no urgente:",
        "care-urgent": "Consejo urgente:",
        "care-emergency": "Emergencia:",
        "review_dates": "Fechas de revisión",
        "last_reviewed": "Última revisión:",
        "next_review": "Próxima revisión:",
        "pdf_download": "Descargar esta página en PDF",
        "pdf_note": "Hoja para imprimir, {paper}",
        "online_label": "Esta página en internet",
        "online_text": ("Escanee el código o escriba la dirección para leer esta página en internet, "
                        "con los cambios más recientes:"),
        "not_found_title": "Lo sentimos, no encontramos esa página",
        "not_found_why": "Puede que el enlace sea viejo o que la dirección tenga un error.",
        "not_found_home": "Vaya al inicio de esta guía",
        "not_found_search": " o use el cuadro de búsqueda de arriba.",
        "switch_label": "Idioma",
        "switch_text": "Leer esta página en {name}",
        "procedure_name": "Neurotomía por radiofrecuencia",
        "procedure_other_name": "Ablación por radiofrecuencia",
        "translation_title": "Traducción",
        "pdf_last_reviewed": "Última revisión: {date}",
        "pdf_reviewed_between": "Páginas revisadas entre el {first} y el {last}",
        "pdf_cover": "Portada",
        "pdf_kicker": "Información para pacientes",
        "pdf_qr_label": "Código QR: la guía en internet",
        "pdf_online": "Lea esta guía en internet, con los cambios más recientes:",
        "pdf_contents": "Contenido",
        "pdf_page_of": "Página {page} de {pages}",
        "translation_unreviewed": ("Esta página es una traducción de la guía en {source}. Todavía no la "
                                   "ha revisado un traductor con formación médica. Si algo no está claro, "
                                   "pregunte a su médico o lea la página en {source}."),
        "translation_reviewed": ("Esta página es una traducción de la guía en {source}. {reviewer} "
                                 "revisó la traducción el {date}."),
    },
}

# How each language names the others, for "Read this page in ..." and the notice.
LANGUAGE_NAMES = {
    "en": {"en": "English", "es": "Spanish"},
    "es": {"en": "inglés", "es": "español"},
}
# A language's own name for itself, shown on the switch (in that language).
OWN_NAMES = {"en": "English", "es": "Español"}


def text(language: str, key: str, **values: str) -> str:
    """The words for `key` in `language` (English when that language lacks them), filled in."""
    words = UI_TEXT.get(language, {}).get(key) or UI_TEXT[DEFAULT_LANGUAGE][key]
    return words.format(**values) if values else words


def language_name(language: str, in_language: str) -> str:
    """The name of `language` as a reader of `in_language` says it ("inglés" for es readers)."""
    return LANGUAGE_NAMES.get(in_language, {}).get(language) or OWN_NAMES.get(language, language)


def long_date(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """A date in words: 24 November 2026 (en), 24 de noviembre de 2026 (es). Anything that is
    not a date (a front matter typo the page checks report) is shown as it is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return str(value)
    pattern = DATE_PATTERNS.get(language, "long")
    return format_date(value, format=pattern, locale=language)


def translation_review_problem(meta: dict) -> str | None:
    """What is wrong with a page's `translation_review` front matter, or None. Absent is fine
    (the page then says no medically qualified translator has reviewed it); present, it needs
    `reviewer` (name and qualification) and `date` (YYYY-MM-DD)."""
    review = meta.get("translation_review")
    if review is None:
        return None
    how = ("write translation_review: {reviewer: 'Name, qualification', date: YYYY-MM-DD}, "
           "or leave it out until a medically qualified translator has reviewed the page")
    if not isinstance(review, dict) or not str(review.get("reviewer") or "").strip():
        return f"translation_review needs a reviewer: {how}"
    date = review.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            return f"translation_review date '{date}' is not a date: {how}"
    if not isinstance(date, dt.date):
        return f"translation_review needs a date: {how}"
    return None
