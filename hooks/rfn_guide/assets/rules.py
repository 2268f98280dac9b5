"""Which of the theme's files the site really uses, so the build can leave out the rest.

Material copies a search language pack for every language it supports into each build
(about 1 MB under assets/javascripts/lunr/). Its search worker imports only the packs for the
languages in the search plugin's `lang` setting, and none at all for English alone."""
from __future__ import annotations

import rcssmin

SEARCH_PACK_DIR = "assets/javascripts/lunr/"


def search_pack_files(languages: list[str]) -> set[str]:
    """The files under SEARCH_PACK_DIR that Material's search worker imports for `languages`
    (the same rule as the worker in Material 9.x)."""
    needed: set[str] = set()
    for language in languages:
        if language == "ja":
            needed.add("tinyseg.js")
        if language in ("hi", "th"):
            needed.add("wordcut.js")
        if language != "en":
            needed.add(f"min/lunr.{language}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return {SEARCH_PACK_DIR + name for name in needed}


def is_unused_search_pack(src_uri: str, languages: list[str]) -> bool:
    """True for a search language pack file that the search worker never imports."""
    return src_uri.startswith(SEARCH_PACK_DIR) and src_uri not in search_pack_files(languages)


OWN_STYLESHEETS = "stylesheets/"  # the guide's own stylesheets (docs/stylesheets/), not the theme's


def is_own_stylesheet(src_uri: str) -> bool:
    return src_uri.startswith(OWN_STYLESHEETS) and src_uri.endswith(".css")


def minified_css(source: str) -> str:
    """A stylesheet as a reader's browser needs it: without the comments that explain it to
    editors and without spare white space (rcssmin, which leaves strings and `/*! */` comments
    as they are). The guide's own stylesheets are two-thirds comments: a first visit fetches
    6 KiB less (gzip) of them."""
    return str(rcssmin.cssmin(source))
