"""MkDocs glue for handouts a clinic can hand over as they are (issue 11).

- The clinic's details (`extra.clinic`, usually in a clinic's own YAML that INHERITs
  mkdocs.yml) are checked in on_config; each problem is a warning naming the file, the
  setting and the fix, so `mkdocs build --strict` stops. The logo is copied into the site.
- The "When to get help" cards (non-urgent, urgent) get a "Call <clinic>" line (on_page_content,
  so search finds it too).
- After every page is numbered by hooks/figures.py (on_env, priority -50), each page gets what
  paper needs: figures it refers to on other pages, "Words used in this handout", link notes,
  and the clinic panel at the top. This happens in on_page_context after the search plugin
  has indexed the page, so search results never show print-only text.
- The footer shows the clinic's details on screen (overrides/main.html, `rfn_clinic_footer`).

The rules live in rfn_guide/clinic.py and rfn_guide/handout_print.py."""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from rfn_guide import clinic as clinic_rules
from rfn_guide import handout_print as rules
from rfn_guide.pdf_export import short_url

log = get_plugin_logger(__name__)

GLOSSARY_PAGE_MARK = 'class="rfn-glossary"'  # the Glossary page lists every word already

# State of one build (reset in on_config, so `mkdocs serve` rebuilds start clean).
_state: dict = {}


def _shown_path(config) -> str:
    """The config file as the person building sees it (relative to where they stand)."""
    path = config.config_file_path or "mkdocs.yml"
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path


def on_config(config):
    _state.clear()
    raw = (config.extra or {}).get("clinic")
    config_path = Path(config.config_file_path or "mkdocs.yml").resolve()
    locator = clinic_rules.SettingLocator(config_path, _shown_path(config)) if raw is not None else None
    clinic, findings = clinic_rules.read_clinic(raw, _shown_path(config), config_path.parent, locator)
    for finding in findings:
        log.warning(str(finding))
    _state.update(clinic=clinic, contents={}, pages={})
    return config


def on_files(files, config):
    clinic = _state.get("clinic")
    if clinic is not None and clinic.logo is not None:
        files.append(File.generated(config, clinic.logo_uri, abs_src_path=str(clinic.logo)))
    return files


def on_page_content(html, page, config, files):
    clinic = _state.get("clinic")
    if clinic is None:
        return html
    return rules.add_care_lines(html, clinic_rules.care_card_lines(clinic))


@event_priority(-90)  # after hooks/figures.py numbers the figures (-50)
def on_env(env, config, files):
    """Keeps every page's finished content and title, to copy figures from."""
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        key = rules.url_key(page.url)
        _state["contents"][key] = page.content
        _state["pages"][key] = rules.PageInfo(url=page.url, title=page.title or "")
    return env


@event_priority(-90)  # after the search plugin indexed the page as it is on screen
def on_page_context(context, page, config, nav):
    clinic = _state.get("clinic")
    logo_src = get_relative_url(clinic.logo_uri, page.url) if clinic and clinic.logo_uri else None
    content = page.content or ""
    if content:
        content = rules.handout_end_matter(
            content, page.url, _state.get("contents", {}), _state.get("pages", {}), config.site_url or "",
            short_url, with_words=GLOSSARY_PAGE_MARK not in content)
        page.content = clinic_rules.handout_panel(clinic, logo_src) + content
    context["rfn_clinic_footer"] = clinic_rules.footer_note(clinic, logo_src) if clinic else ""
    return context


def on_template_context(context, template_name, config):
    """Pages made from a template alone (404.html) show the clinic in their footer too; without
    the logo, whose relative path depends on where the server shows that page."""
    clinic = _state.get("clinic")
    context["rfn_clinic_footer"] = clinic_rules.footer_note(clinic, None) if clinic else ""
    return context
