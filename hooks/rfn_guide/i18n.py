"""Words the build itself writes on a page (not the Markdown), in each edition's language.

The language of a build is `theme.language` in its config (mkdocs.yml: en, mkdocs.es.yml: es).
A key missing in a language falls back to English, so a new language can start small; the tests
check that Spanish has every key. Dates: rfn_guide.dates.long_date, the one date formatter."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .dates import as_date, long_date

DEFAULT_LANGUAGE = "en"

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        # hooks
        "figure": "Figure",
        "figure_enlarge_hint": "Tap or click the drawing to see it larger.",
        "sources": "Sources",
        "care-nonurgent": "Non-urgent advice:",
        "care-urgent": "Urgent advice:",
        "care-emergency": "Emergency:",
        # templates
        "review_status": "Review status",
        "last_checked": "Last checked against its sources:",
        "next_check": "Next check due:",
        "clinical_reviewed_by": "Reviewed by a clinician:",
        "clinical_reviewed_on": "on",
        "not_clinically_reviewed": "Not yet reviewed by a clinician.",
        "pdf_download": "Download this page as a PDF",
        "pdf_large_print": "Large print PDF",
        "pdf_note": "Printable handout, {paper}",
        "pdf_large_print_note": "; large print has text of 16 points or more",
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
        # Handouts: the clinic panel, the end matter and link notes (rfn_guide/clinic/rules.py, rfn_guide/paper/rules.py)
        "search_label": "Search",
        "qr_label": "QR code: {address}",
        "clinic_label": "Your clinic",
        "clinic_emergency": "In an emergency, call {number}.",
        "care_emergency_call": "Call {number} now, or have someone else drive you to the nearest emergency room.",
        "clinic_footer_name": "Your clinic: {name}",
        "care_call": "Call {name}:",
        "write_in_title": "Who to call (ask your clinic to fill this in)",
        "write_in_clinic": "Your clinic:",
        "write_in_questions": "Phone for questions:",
        "write_in_out_of_hours": "After-hours phone:",
        "write_in_doctor": "Your doctor:",
        "write_in_date": "Date of your procedure:",
        "handout_figures": "Figures from other handouts",
        "handout_figures_note_one": "These figures are from {where} (a separate handout).",
        "handout_figures_note_many": "These figures are from {where} (separate handouts).",
        "and": "and",
        "handout_words": "Words used in this handout",
        "link_printed_at_end": "printed at the end of this handout",
        "link_handout": "a separate handout",
        "link_see_handout": "see the handout “{title}”",
        "link_in_booklet": "in this booklet",
        "link_see_in_booklet": "see “{title}” in this booklet",
        "link_online_at": ", or online at {address}",
        # PDF handouts and booklet (rfn_guide/pdf/)
        "pdf_last_checked": "Last checked against its sources: {date}",
        "pdf_checked_between": "Pages last checked against their sources between {first}, and {last}",
        "pdf_all_reviewed": "Every page reviewed by a clinician.",
        "pdf_some_unreviewed": "{count} of {total} pages not yet reviewed by a clinician.",
        "pdf_cover": "Cover",
        "pdf_kicker": "Patient information",
        # On the cover of another language's booklet, in this language, for a reader of this one
        "pdf_also_in": "This guide is also in English. Ask at your clinic.",
        # On the standard-print booklet's cover (a large-print one is made with it)
        "pdf_also_large_print": "This guide also comes in large print. Ask at your clinic.",
        "pdf_qr_label": "QR code: the guide online",
        "pdf_online": "Read this guide online, with any updates:",
        "pdf_contents": "Contents",
        "pdf_notes": "Notes",
        "pdf_back_title": "When to get help",
        "pdf_back_numbers": "Your clinic's phone numbers are on the front cover.",
        "pdf_toc_back": "at the back of the booklet",  # where the contents list sends a reader for the cards
        "pdf_page_of": "Page {page} of {pages}",
        "pdf_link_page": "Go to page {page}",  # where a link inside a PDF goes, for screen readers
        "translation_unreviewed": ("This page is a translation of the original in {source}. No medically "
                                   "qualified translator has reviewed it yet. If something is unclear, "
                                   "ask your doctor or nurse. You can ask your clinic if they can give you "
                                   "an interpreter."),
        "translation_reviewed": ("This page is a translation of the original in {source}. {reviewer} "
                                 "reviewed the translation on {date}."),
        # The booklet's cover, in a translated edition
        "translation_cover_unreviewed": ("This guide is a translation of the original in {source}. No medically "
                                         "qualified translator has reviewed it yet. If something is unclear, "
                                         "ask your doctor or nurse. You can ask your clinic if they can give "
                                         "you an interpreter."),
        "translation_cover_reviewed": ("This guide is a translation of the original in {source}. A medically "
                                       "qualified translator has reviewed every page."),
        "pdf_none_reviewed": "Not yet reviewed by a clinician.",
        "edition_large-print": "large print",
        "paper_letter": "Letter size",
        # Reference lists and citations (rfn_guide/citations/: bibliography.py, rules.py)
        "ref_cite_label": "Reference {number}: {label}",
        "ref_unknown": "Unknown reference {name}",
        "ref_et_al": "and others",  # a short label a patient reads: "Perolat and others 2018"
        "ref_et_al_list": "et al",
        # A page's Sources (rfn_guide.citations.rules.render_sources) and the source-number switch
        "sources_intro": "This page is based on the {count} sources listed here.",
        "sources_list": "Show the {count} sources",
        "sources_intro_one": "This page is based on the source listed here.",
        "sources_list_one": "Show the source",
        "sources_details": "Details",
        "sources_numbers_show": "Show source numbers in the text",
        "sources_numbers_hide": "Hide source numbers in the text",
        "sources_where": "The References handout and the booklet list each source in full.",
        "sources_where_booklet": "References, at the end of this booklet, lists each source in full.",
        "abbr_NHS": "the public health service in England.",  # the trusts cited are English
        "abbr_CT": "a kind of scan that uses X-rays to make pictures.",
        "ref_reviewed": "reviewed {date}",
        "ref_cited": "cited {date}",
        "ref_available": "Available from:",
        "permalink": "Permanent link",
        # A page past its next_review date (rfn_guide/review/rules.py)
        "overdue_title": "This page is due for review",
        "overdue_text": ("It was due to be checked again on {date}. Some details may be out of date. "
                         "Ask your care team if you are not sure."),
        # Words the guide's scripts write (javascripts/*.js read them from the page; {n} is a number)
        "js_note": "Note {n}",
        "js_menu": "Menu",
        "js_close": "Close",
        "js_next": "Next",
        "js_previous": "Previous",
    },
    "es": {
        "figure": "Figura",
        "figure_enlarge_hint": "Toque o haga clic en el dibujo para verlo más grande.",
        "sources": "Fuentes",
        "care-nonurgent": "Consejo no urgente:",
        "care-urgent": "Consejo urgente:",
        "care-emergency": "Emergencia:",
        "review_status": "Estado de la revisión",
        "last_checked": "Comparada con sus fuentes por última vez:",
        "next_check": "Próxima comparación:",
        "clinical_reviewed_by": "Revisada por un profesional de la salud:",
        "clinical_reviewed_on": "el",
        "not_clinically_reviewed": "Todavía no la ha revisado un profesional de la salud.",
        "pdf_download": "Descargar esta página en PDF",
        "pdf_large_print": "PDF en letra grande",
        "pdf_note": "Hoja para imprimir, {paper}",
        "pdf_large_print_note": "; la letra grande es de 16 puntos o más",
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
        "search_label": "Buscar",
        "qr_label": "Código QR: {address}",
        "clinic_label": "Su clínica",
        "clinic_emergency": "En caso de emergencia, llame al {number}.",
        "care_emergency_call": "Llame al {number} ahora, o pida a otra persona que maneje hasta la sala de emergencias.",
        "clinic_footer_name": "Su clínica: {name}",
        "care_call": "Llame a {name}:",
        "write_in_title": "A quién llamar (pida a su clínica que lo complete)",
        "write_in_clinic": "Su clínica:",
        "write_in_questions": "Teléfono para preguntas:",
        "write_in_out_of_hours": "Teléfono si está cerrada:",  # la clínica (one line in large print)
        "write_in_doctor": "Su médico:",
        "write_in_date": "Fecha de su procedimiento:",
        "handout_figures": "Figuras de otras hojas",
        "handout_figures_note_one": "Estas figuras son de {where} (otra hoja).",
        "handout_figures_note_many": "Estas figuras son de {where} (otras hojas).",
        "and": "y",
        "handout_words": "Palabras usadas en esta hoja",
        "link_printed_at_end": "impresa al final de esta hoja",
        "link_handout": "otra hoja",
        "link_see_handout": "vea la hoja “{title}”",
        "link_in_booklet": "en este folleto",
        "link_see_in_booklet": "vea “{title}” en este folleto",
        "link_online_at": ", o en internet en {address}",
        "pdf_last_checked": "Comparada con sus fuentes: {date}",  # short: one line in large print
        "pdf_checked_between": "Páginas comparadas con sus fuentes entre el {first} y el {last}",
        "pdf_all_reviewed": "Todas las páginas revisadas por un profesional de la salud.",
        "pdf_some_unreviewed": "{count} de {total} páginas todavía sin revisar por un profesional de la salud.",
        "pdf_cover": "Portada",
        "pdf_kicker": "Información para pacientes",
        "pdf_also_in": "Esta guía también está en español. Pregunte en su clínica.",
        "pdf_also_large_print": "Esta guía también está en letra grande. Pregunte en su clínica.",
        "pdf_qr_label": "Código QR: la guía en internet",
        "pdf_online": "Lea esta guía en internet, con los cambios más recientes:",
        "pdf_contents": "Contenido",
        "pdf_notes": "Notas",
        "pdf_back_title": "Cuándo pedir ayuda",
        "pdf_back_numbers": "Los números de teléfono de su clínica están en la portada.",
        "pdf_toc_back": "al final del folleto",
        "pdf_page_of": "Página {page} de {pages}",
        "pdf_link_page": "Ir a la página {page}",
        "translation_unreviewed": ("Esta página es una traducción del original en {source}. Todavía no la "
                                   "ha revisado un traductor con formación médica. Si algo no está claro, "
                                   "pregunte a su médico o a su enfermera. Puede preguntar en su clínica si "
                                   "le pueden dar un intérprete."),
        "translation_reviewed": ("Esta página es una traducción del original en {source}. {reviewer} "
                                 "revisó la traducción el {date}."),
        "translation_cover_unreviewed": ("Esta guía es una traducción del original en {source}. Todavía no la "
                                         "ha revisado un traductor con formación médica. Si algo no está claro, "
                                         "pregunte a su médico o a su enfermera. Puede preguntar en su clínica "
                                         "si le pueden dar un intérprete."),
        "translation_cover_reviewed": ("Esta guía es una traducción del original en {source}. Un traductor con "
                                       "formación médica revisó cada página."),
        "pdf_none_reviewed": "Esta guía todavía no la ha revisado un profesional de la salud.",
        "edition_large-print": "letra grande",
        "paper_letter": "tamaño carta",
        "ref_cite_label": "Referencia {number}: {label}",
        "ref_unknown": "Referencia desconocida: {name}",
        "ref_et_al": "y otros",
        "ref_et_al_list": "y otros",
        "sources_intro": "Esta página se basa en las {count} fuentes que se indican aquí.",
        "sources_list": "Ver las {count} fuentes",
        "sources_intro_one": "Esta página se basa en la fuente que se indica aquí.",
        "sources_list_one": "Ver la fuente",
        "sources_details": "Detalles",
        "sources_numbers_show": "Mostrar los números de las fuentes en el texto",
        "sources_numbers_hide": "Ocultar los números de las fuentes en el texto",
        "sources_where": "La hoja de Referencias y el folleto tienen cada fuente completa.",
        "sources_where_booklet": "Referencias, al final de este folleto, tiene cada fuente completa.",
        "abbr_NHS": "el servicio público de salud de Inglaterra.",
        "abbr_CT": "un tipo de estudio que usa rayos X para tomar imágenes.",
        "ref_reviewed": "revisado el {date}",
        "ref_cited": "consultado el {date}",
        "ref_available": "Disponible en:",
        "permalink": "Enlace permanente a esta sección",
        "overdue_title": "Esta página necesita una revisión",
        "overdue_text": ("Debía revisarse otra vez el {date}. Puede que algunos datos ya no estén al día. "
                         "Si tiene dudas, pregunte a su equipo de atención médica."),
        "js_note": "Nota {n}",
        "js_menu": "Menú",
        "js_close": "Cerrar",
        "js_next": "Siguiente",
        "js_previous": "Anterior",
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


def script_words(language: str) -> dict[str, str]:
    """The words the guide's scripts write (keys js_*, without the prefix), for a page in another
    language than English: partials/script-words.html puts them in the page as JSON, and each
    script keeps its English words as the fallback, so English pages carry nothing extra."""
    if language == DEFAULT_LANGUAGE:
        return {}
    return {key[3:]: text(language, key) for key in UI_TEXT[DEFAULT_LANGUAGE] if key.startswith("js_")}


def language_name(language: str, in_language: str) -> str:
    """The name of `language` as a reader of `in_language` says it ("inglés" for es readers)."""
    return LANGUAGE_NAMES.get(in_language, {}).get(language) or OWN_NAMES.get(language, language)


def translation_review(meta: Mapping[str, object]) -> tuple[str, date] | None:
    """(reviewer, date) of a page's `translation_review` front matter when it is complete and
    right (translation_review_problem finds nothing), else None: what the page's notice and the
    booklet's cover say, decided once."""
    review = meta.get("translation_review")
    if not isinstance(review, dict) or translation_review_problem(meta) is not None:
        return None
    when = as_date(review.get("date"))
    return (str(review["reviewer"]).strip(), when) if when is not None else None


def translation_review_problem(meta: Mapping[str, object]) -> str | None:
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
    written = review.get("date")
    if as_date(written) is None:
        if isinstance(written, str):
            return f"translation_review date '{written}' is not a date: {how}"
        return f"translation_review needs a date: {how}"
    return None


def template_words(language: str) -> tuple[dict[str, object], dict[str, object]]:
    """What every template of the guide uses, in the build's language: globals (`rfn_text(key)`,
    `rfn_language_name(code)`, `rfn_script_words`) and filters (`long_date`). The pipeline adds
    them before any step runs, so no template depends on which steps a build has."""
    return (
        {
            "rfn_text": lambda key, **values: text(language, key, **values),
            "rfn_language_name": lambda code: language_name(code, language),
            "rfn_script_words": script_words(language),
        },
        {"long_date": lambda value: long_date(value, language)},
    )
