"""Step: language editions (rules in rfn_guide/editions/parity.py and rfn_guide/i18n.py).

Each edition is its own MkDocs build: mkdocs.yml builds English into site/, mkdocs.es.yml
(INHERIT: mkdocs.yml) builds Spanish into site/es/. `extra.editions` in mkdocs.yml lists them;
`theme.language` says which one this build is; `extra.translation_of` marks a translation.
This step:

- lets a translation use the source edition's stylesheets and scripts (one copy of each);
- works out, for every page, the same page in the other editions (language switch, hreflang
  links in the head) and adds hreflang alternates to sitemap.xml after the build;
- in a translated build, checks parity with the source edition (rfn_guide.editions.parity) and each
  page's `translation_review` front matter, failing --strict with file and line."""
from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .. import i18n
from ..dates import long_date
from ..engine.findings import Finding
from ..engine.site import Site
from . import parity

# Folders of the source edition that a translation uses as they are (no translated copy).
SHARED_FOLDERS = ("stylesheets/", "javascripts/")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass
class Editions:
    language: str
    editions: dict[str, dict[str, Any]]
    root_url: str          # the site's address without this edition's path
    own_path: str          # this edition's path under it, e.g. "es/"
    source: str | None     # the edition this one translates, if any
    config_dir: Path
    alternates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # page URL -> editions

    def docs_dir(self, code: str) -> Path:
        return (self.config_dir / self.editions[code]["docs_dir"]).resolve()


def on_config(site: Site) -> None:
    config = site.config
    name = Path(config.config_file_path or "mkdocs.yml").name
    language = site.language
    extra = dict(config.extra or {})
    editions = extra.get("editions") or {language: {"docs_dir": config.docs_dir, "path": ""}}
    if not isinstance(editions, dict) or language not in editions:
        raise PluginError(f"{name}: extra.editions must map each language to its docs_dir and path, "
                          f"and include this build's theme.language '{language}'.")
    own_path = editions[language].get("path", "")
    site_url = config.site_url or ""
    if own_path and not site_url.endswith(own_path):
        raise PluginError(f"{name}: site_url must end with '{own_path}', the path of the '{language}' "
                          "edition in extra.editions.")
    source = extra.get("translation_of")
    if source and source not in editions:
        raise PluginError(f"{name}: extra.translation_of '{source}' is not one of extra.editions.")
    site.editions = Editions(language=language, editions=editions,
                             root_url=site_url[: len(site_url) - len(own_path)] if own_path else site_url,
                             own_path=own_path, source=source, config_dir=site.config_dir)


def on_files(site: Site, files: Files) -> None:
    state = site.editions
    if state is None or not state.source:
        return
    source_dir = state.docs_dir(state.source)
    present = {file.src_uri for file in files}
    for folder in SHARED_FOLDERS:
        for path in sorted((source_dir / folder).rglob("*")):
            src_uri = path.relative_to(source_dir).as_posix()
            if path.is_file() and src_uri not in present:
                files.append(File(src_uri, str(source_dir), site.config.site_dir, site.config.use_directory_urls))
    site.report_all(parity.check_editions(source_dir, site.docs_dir))


def _alternates(state: Editions, page: Page) -> list[dict[str, Any]]:
    """The same page in every edition that has it, this one included (current=True)."""
    depth = page.url.count("/")
    own_up = "../" * state.own_path.count("/")
    found = []
    for code, edition in state.editions.items():
        if not (state.docs_dir(code) / page.file.src_uri).is_file():
            continue
        path = edition.get("path", "")
        found.append({
            "lang": code,
            "current": code == state.language,
            "href": "../" * depth + own_up + path + page.url or "./",
            "url": state.root_url + path + page.url,
            "switch_text": i18n.text(code, "switch_text", name=i18n.language_name(code, code)),
        })
    return found


def on_page_context(site: Site, context: TemplateContext, page: Page) -> None:
    state = site.editions
    if state is None:
        return
    alternates = _alternates(state, page)
    shown = alternates if len(alternates) > 1 else []
    default = next(iter(state.editions))
    values: dict[str, Any] = {
        "rfn_alternates": shown,
        # The offline copy (scripts/build_offline.py) holds every edition, as online: the
        # switch's relative address works from file:// too (page.url is "after.html" there).
        "rfn_switch": shown,
        "rfn_default_url": next((alt["url"] for alt in alternates if alt["lang"] == default), None),
        # What the translation notice says (overrides/partials/translation-notice.html): the
        # reviewer and the date, only when the front matter is complete and right
        "rfn_translation_review": ({"reviewer": review[0], "date": long_date(review[1], state.language)}
                                   if state.source and (review := i18n.translation_review(page.meta)) else None),
    }
    context.update(values)  # type: ignore[typeddict-item]  # read by overrides/partials/*.html
    state.alternates[page.url] = alternates
    problem = i18n.translation_review_problem(dict(page.meta)) if state.source else None
    if problem:
        line = next((number for number, text in enumerate(page.file.content_string.splitlines(), 1)
                     if text.startswith("translation_review")), None)
        site.report(Finding(site.shown(page.file.src_uri), line, problem, rule="translation"))


def on_post_build(site: Site) -> None:
    state = site.editions
    sitemap = Path(site.config.site_dir) / "sitemap.xml"
    if state is None or not sitemap.is_file() or len(state.editions) < 2:
        return
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.parse(sitemap)
    own_url = site.config.site_url or ""
    default = next(iter(state.editions))
    for url in tree.getroot().findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        alternates = state.alternates.get(loc[len(own_url):]) if loc.startswith(own_url) else None
        if not alternates or len(alternates) < 2:
            continue
        for alt in alternates + [dict(a, lang="x-default") for a in alternates if a["lang"] == default]:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=alt["lang"], href=alt["url"])
    tree.write(sitemap, encoding="UTF-8", xml_declaration=True)
    # The same header date as MkDocs' own sitemap.xml.gz (the build_date step's moment), so two
    # builds of one commit stay byte-identical.
    moment = int(site.build_moment.timestamp()) if site.build_moment else 0
    with open(sitemap.with_suffix(".xml.gz"), "wb") as raw, gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=moment) as packed:
        packed.write(sitemap.read_bytes())
