"""Step: a clinic's edition (issue 11): its details, and its own rules where a page says "your
clinic will tell you".

- The clinic's details (`extra.clinic`, usually in a clinic's own YAML that INHERITs
  mkdocs.yml) are read and checked in on_config; each problem is a finding naming the file, the
  setting and the fix, so `mkdocs build --strict` stops. The logo is copied into the site.
- Each `<span data-clinic="key">general text</span>` in a page is checked (an unknown key is a
  finding at its line, in every edition), and in a clinic's edition that sets
  `extra.clinic.instructions.<key>` its text is replaced by the clinic's own; the emergency
  number's span (`emergency_number`) by the clinic's `extra.clinic.emergency`. This happens on
  the Markdown, before the page is rendered, so the page, search, the handouts and the booklet
  show the same words.
- The "When to get help" cards get a "Call <clinic>" line, and every edition's emergency card the
  number to call (on_page_content, so search finds it too).
- The footer shows the clinic's details on screen (overrides/main.html, `rfn_clinic_footer`).
The paper step (rfn_guide/paper/step.py) puts the clinic's panel at the top of each handout.
Rules: rfn_guide.clinic.rules and rfn_guide.clinic.instructions."""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..engine.site import Site
from . import rules as clinic_rules
from .instructions import EMERGENCY_KEY, apply_instructions, check_emergency_numbers, check_spans


def on_config(site: Site) -> None:
    raw = dict(site.config.extra or {}).get("clinic")
    config_path = Path(site.config.config_file_path or "mkdocs.yml").resolve()
    shown = site.shown_path(config_path)
    locator = clinic_rules.SettingLocator(config_path, shown) if raw is not None else None
    site.clinic, findings = clinic_rules.read_clinic(raw, shown, config_path.parent, locator)
    site.report_all(findings)


def on_files(site: Site, files: Files) -> None:
    clinic = site.clinic
    if clinic is not None and clinic.logo is not None and clinic.logo_uri is not None:
        files.append(File.generated(site.config, clinic.logo_uri, abs_src_path=str(clinic.logo)))


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    # Checked on the whole file, front matter included, so line numbers match the editor's
    site.report_all(check_spans(page.file.content_string, site.shown(page.file.src_uri)))
    site.report_all(check_emergency_numbers(page.file.content_string, site.shown(page.file.src_uri)))
    if site.clinic is None:
        return markdown
    return apply_instructions(markdown, {**dict(site.clinic.instructions), EMERGENCY_KEY: site.clinic.emergency})


def on_page_content(site: Site, html: str, page: Page) -> str:
    # Every edition's emergency card says which number to call: 911, or a clinic's own number.
    emergency = site.clinic.emergency if site.clinic is not None else clinic_rules.DEFAULT_EMERGENCY
    html = clinic_rules.add_care_lines(html, clinic_rules.emergency_card_line(emergency, site.language),
                                       care_classes=(clinic_rules.EMERGENCY_CARE_CLASS,))
    if site.clinic is None:
        return html
    return clinic_rules.add_care_lines(html, clinic_rules.care_card_lines(site.clinic, site.language))


def on_page_context(site: Site, context: TemplateContext, page: Page) -> None:
    clinic = site.clinic
    footer = clinic_rules.footer_note(clinic, clinic_rules.logo_src(clinic, page.url), site.language) if clinic else ""
    context["rfn_clinic_footer"] = footer  # type: ignore[typeddict-unknown-key]  # read by overrides/main.html


def on_template_context(site: Site, context: TemplateContext, template_name: str) -> None:
    """Pages made from a template alone (404.html) show the clinic in their footer too; without
    the logo, whose relative path depends on where the server shows that page."""
    footer = clinic_rules.footer_note(site.clinic, None, site.language) if site.clinic else ""
    context["rfn_clinic_footer"] = footer  # type: ignore[typeddict-unknown-key]  # read by overrides/main.html
