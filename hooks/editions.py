"""MkDocs glue for language editions (rules in rfn_guide/parity.py and rfn_guide/i18n.py).

Each edition is its own MkDocs build: mkdocs.yml builds English into site/, mkdocs.es.yml
(INHERIT: mkdocs.yml) builds Spanish into site/es/. `extra.editions` in mkdocs.yml lists them;
`theme.language` says which one this build is; `extra.translation_of` marks a translation.
This hook:

- gives templates `rfn_text(key)` and the `long_date` filter in the build's language;
- lets a translation use the source edition's stylesheets and scripts (one copy of each);
- works out, for every page, the same page in the other editions (language switch, hreflang
  links in the head) and adds hreflang alternates to sitemap.xml after the build;
- in a translated build, checks parity with the source edition (rfn_guide.parity) and each
  page's `translation_review` front matter, failing --strict with file and line."""
from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from rfn_guide import i18n, parity
from rfn_guide.guard import guarded

log = get_plugin_logger(__name__)

# Folders of the source edition that a translation uses as they are (no translated copy).
SHARED_FOLDERS = ("stylesheets/", "javascripts/")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

_state: dict = {}


def _editions(config) -> dict[str, dict]:
    editions = (config.extra or {}).get("editions") or {}
    language = config.theme.get("language") or i18n.DEFAULT_LANGUAGE
    if not editions:
        return {language: {"docs_dir": config.docs_dir, "path": ""}}
    if not isinstance(editions, dict) or language not in editions:
        raise PluginError(f"mkdocs.yml: extra.editions must map each language to its docs_dir and path, "
                          f"and include this build's theme.language '{language}'.")
    return editions


def on_config(config):
    config_dir = Path(config.config_file_path).parent
    editions = _editions(config)
    language = config.theme.get("language") or i18n.DEFAULT_LANGUAGE
    own_path = editions[language].get("path", "")
    site_url = config.site_url or ""
    if own_path and not site_url.endswith(own_path):
        raise PluginError(f"{Path(config.config_file_path).name}: site_url must end with '{own_path}', "
                          f"the path of the '{language}' edition in extra.editions.")
    root_url = site_url[: len(site_url) - len(own_path)] if own_path else site_url
    source = (config.extra or {}).get("translation_of")
    if source and source not in editions:
        raise PluginError(f"{Path(config.config_file_path).name}: extra.translation_of '{source}' is not "
                          "one of extra.editions.")
    _state.clear()
    _state.update(language=language, editions=editions, root_url=root_url, own_path=own_path,
                  source=source, config_dir=config_dir, urls={})
    return config


def _docs_dir(code: str) -> Path:
    return (_state["config_dir"] / _state["editions"][code]["docs_dir"]).resolve()


def on_env(env, config, files):
    language = _state["language"]
    env.globals["rfn_text"] = lambda key, **values: i18n.text(language, key, **values)
    env.globals["rfn_language_name"] = lambda code: i18n.language_name(code, language)
    env.filters["long_date"] = lambda value: i18n.long_date(value, language)
    return env


def on_files(files, config):
    source = _state.get("source")
    if not source:
        return files
    source_dir = _docs_dir(source)
    present = {file.src_uri for file in files}
    for folder in SHARED_FOLDERS:
        for path in sorted((source_dir / folder).rglob("*")):
            src_uri = path.relative_to(source_dir).as_posix()
            if path.is_file() and src_uri not in present:
                files.append(File(src_uri, str(source_dir), config.site_dir, config.use_directory_urls))
    return files


def on_pre_build(config):
    source = _state.get("source")
    if not source:
        return
    for finding in parity.check_editions(_docs_dir(source), Path(config.docs_dir)):
        log.warning(str(finding))


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _alternates(page, config) -> list[dict]:
    """The same page in every edition that has it, this one included (current=True)."""
    depth = page.url.count("/")
    own_up = "../" * _state["own_path"].count("/")
    found = []
    for code, edition in _state["editions"].items():
        if not (_docs_dir(code) / page.file.src_uri).is_file():
            continue
        path = edition.get("path", "")
        found.append({
            "lang": code,
            "current": code == _state["language"],
            "href": "../" * depth + own_up + path + page.url or "./",
            "url": _state["root_url"] + path + page.url,
            "switch_text": i18n.text(code, "switch_text", name=i18n.language_name(code, code)),
        })
    return found


@guarded(log, returns_arg="context")
def on_page_context(context, page, config, nav):
    alternates = _alternates(page, config)
    context["rfn_alternates"] = alternates if len(alternates) > 1 else []
    # The offline copy (OFFLINE=true) holds one edition only: no switch to pages it lacks.
    context["rfn_switch"] = [] if _offline_enabled(config) else context["rfn_alternates"]
    context["rfn_default_url"] = next((alt["url"] for alt in alternates
                                       if alt["lang"] == next(iter(_state["editions"]))), None)
    _state["urls"][page.url] = alternates
    problem = i18n.translation_review_problem(page.meta) if _state.get("source") else None
    if problem:
        line = next((n for n, text in enumerate(page.file.content_string.splitlines(), 1)
                     if text.startswith("translation_review")), None)
        where = f"{Path(config.docs_dir).name}/{page.file.src_uri}" + (f":{line}" if line else "")
        log.warning(f"{where}: {problem}")
    return context


def on_post_build(config):
    sitemap = Path(config.site_dir) / "sitemap.xml"
    if not sitemap.is_file() or len(_state["editions"]) < 2:
        return
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.parse(sitemap)
    own_url = config.site_url or ""
    default = next(iter(_state["editions"]))
    for url in tree.getroot().findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        alternates = _state["urls"].get(loc[len(own_url):]) if loc.startswith(own_url) else None
        if not alternates or len(alternates) < 2:
            continue
        for alt in alternates + [dict(a, lang="x-default") for a in alternates if a["lang"] == default]:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=alt["lang"], href=alt["url"])
    tree.write(sitemap, encoding="UTF-8", xml_declaration=True)
    with gzip.open(sitemap.with_suffix(".xml.gz"), "wb") as packed:
        packed.write(sitemap.read_bytes())
