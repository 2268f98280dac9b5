"""The clinic's own details (`extra.clinic` in a clinic's mkdocs.yml): read, check, and render.

A clinic builds its own edition of the guide from one YAML file that INHERITs the guide's
mkdocs.yml and sets, under `extra.clinic`, its name, phone numbers (each with what it is for),
address, web address and logo. Phone numbers are parsed and formatted by `phonenumbers` for
the clinic's region. Every problem becomes a Finding that names the file and the setting and
says how to fix it; the clinic_edition step reports them, so `mkdocs build --strict` stops.

The HTML made here: the clinic panel printed on every handout and on the booklet cover (or,
without clinic details, a panel with lines for staff to write the clinic's name and phone
number by hand), the line under the footer on screen, and the "Call ..." lines of the
"When to get help" cards. No MkDocs events here: rfn_guide/clinic/step.py is the glue
(and rfn_guide/paper/step.py for the panel).
"""
from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.utils import get_relative_url

from rfn_guide.addresses import short_url
from rfn_guide.clinic.instructions import INSTRUCTION_KEYS, NUMBER_KEYS, unknown_key_message
from rfn_guide.engine.findings import Finding
from rfn_guide.i18n import text
from rfn_guide.paper.rules import care_card_spans

if TYPE_CHECKING:  # phonenumbers takes ~25 ms to import: only a build with a clinic needs it
    import phonenumbers

SETTING = "extra.clinic"
DEFAULT_REGION = "US"
DEFAULT_EMERGENCY = "911"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Where the logo is copied in the built site (its extension is kept).
LOGO_DIR = "assets/clinic"
PHONE_KEYS = ("number", "for")
EXAMPLE_PHONE = '{number: "(617) 555-0134", for: "Questions, weekdays 8 am to 5 pm"}'


# Reports one problem: the setting (e.g. "phones[0].number") and what is wrong with it
Problem = Callable[[str, str], None]


class ClinicSettings(Config):
    """The settings under `extra.clinic`; anything else is reported as unknown."""

    name = c.Optional(c.Type(str))
    region = c.Type(str, default=DEFAULT_REGION)
    phones = c.ListOfItems(c.Type(dict), default=[])
    emergency = c.Type((str, int), default=DEFAULT_EMERGENCY)  # YAML reads 911 as a number
    address = c.Optional(c.Type(str))
    web = c.Optional(c.URL())
    logo = c.Optional(c.Type(str))
    # The clinic's own words for the "your clinic will tell you" items (rfn_guide.clinic.instructions)
    instructions = c.Type(dict, default={})


@dataclass(frozen=True)
class Phone:
    display: str  # as a reader dials it in the clinic's country, e.g. "(617) 555-0134"
    e164: str  # for tel: links, e.g. "+16175550134"
    purpose: str  # what the number is for, in the clinic's words


@dataclass(frozen=True)
class Clinic:
    name: str
    phones: tuple[Phone, ...]
    emergency: str
    address: str = ""
    web: str = ""
    logo: Path | None = None  # the logo file on disk (SVG or PNG)
    # The clinic's own text for each "your clinic will tell you" item it sets, e.g. ("arrival", "...")
    instructions: tuple[tuple[str, str], ...] = ()

    @property
    def logo_uri(self) -> str | None:
        """Where the logo lands in the built site, e.g. assets/clinic/logo.svg."""
        return f"{LOGO_DIR}/logo{self.logo.suffix.lower()}" if self.logo else None


# --- Reading and checking --------------------------------------------------------------------

class SettingLocator:
    """Finds the file and line that set a setting, in a config file and the files it INHERITs.

    Only reads the YAML's structure (yaml.compose): tags such as !ENV are not run."""

    def __init__(self, config_path: Path, shown: str):
        self.files: list[tuple[str, object]] = []  # (name as shown, composed YAML node), child first
        path, name = Path(config_path), shown
        for _ in range(10):  # INHERIT chains are short; a loop would never end
            try:
                node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
            except (OSError, yaml.YAMLError):
                break
            self.files.append((name, node))
            parent = _child(node, "INHERIT")
            if parent is None or not isinstance(parent[1].value, str):
                break
            path = (path.parent / parent[1].value).resolve()
            name = os.path.relpath(path) if not os.path.isabs(name) else str(path)

    def where(self, parts: list[str | int]) -> tuple[str | None, int | None]:
        """(file, 1-based line) of a setting: the first file that sets all of `parts`, else the
        one that sets most of them (the line of the deepest part found); (None, None) when no
        file sets even the first part."""
        best: tuple[int, str | None, int | None] = (0, None, None)
        for name, node in self.files:
            depth, line = 0, None
            for part in parts:
                found = _child(node, part)
                if found is None:
                    break
                line, node = found
                depth += 1
            if depth == len(parts):
                return name, line
            if depth > best[0]:
                best = (depth, name, line)
        return best[1], best[2]


def _child(node: Any, part: str | int) -> tuple[int, Any] | None:
    """(1-based line, value node) under a mapping key or a sequence index, or None. The line is
    the key's, which is where an editor looks."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return key.start_mark.line + 1, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part].start_mark.line + 1, node.value[part]
    return None


def setting_parts(setting: str) -> list[str | int]:
    """"extra.clinic.phones[0].number" -> ["extra", "clinic", "phones", 0, "number"]."""
    return [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", setting)]


def read_clinic(raw: object, config_file: str, config_dir: Path,
                locator: SettingLocator | None = None) -> tuple[Clinic | None, list[Finding]]:
    """The clinic from the raw `extra.clinic` value, and every problem with it.

    `config_file` is the YAML file as the person building sees it (named in messages);
    `config_dir` is its folder, which a relative logo path starts from; `locator`, when given,
    finds the file and line of each faulty setting. Returns no clinic when anything is wrong,
    so a non-strict build falls back to the write-in panel."""
    if raw is None:
        return None, []
    import phonenumbers
    from phonenumbers import shortnumberinfo

    findings: list[Finding] = []

    def problem(setting: str, message: str) -> None:
        full = f"{SETTING}.{setting}" if setting else SETTING
        file, line = locator.where(setting_parts(full)) if locator else (None, None)
        findings.append(Finding(file or config_file, line, f"{full}: {message}"))

    if not isinstance(raw, dict):
        problem("", "must be a group of settings (name, phones, address, web, logo), not "
                    f"{type(raw).__name__}. See examples/clinic/mkdocs.yml.")
        return None, findings
    settings = ClinicSettings(config_file_path=str(config_dir / "mkdocs.yml"))
    settings.load_dict(raw)
    failed, unknown = settings.validate()
    known = ", ".join(key for key, _option in ClinicSettings._schema)
    for key, message in unknown:
        if message.startswith("Unrecognised"):
            problem(key, f"is not a clinic setting. Use only: {known} (check the spelling).")
        else:
            problem(key, message)
    for key, error in failed:
        problem(key, f"{error} Fix the value in {config_file}.")
    if failed:
        return None, findings
    if not (settings.name or "").strip():
        problem("name", "is missing: add the clinic's name as patients know it, e.g. "
                        "`name: Springfield Spine Clinic`.")
    region = (settings.region or "").strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        problem("region", f"{settings.region!r} is not a country code phonenumbers knows. Use the two-letter "
                          "code of the clinic's country, e.g. `region: US` or `region: CA`.")
        return None, findings
    phones = _read_phones(settings.phones, region, problem)
    emergency = str(settings.emergency).strip()
    if not shortnumberinfo.is_emergency_number(emergency, region):
        problem("emergency", f"{emergency!r} is not an emergency number in region {region}. Set the local "
                             f"emergency number (911 in the US and Canada), or leave the setting out for 911.")
    logo = _read_logo(settings.logo, config_dir, problem)
    web = (settings.web or "").strip()
    if web and urlsplit(web).scheme not in ("http", "https"):
        problem("web", f"{web!r} must start with https:// (or http://), e.g. `web: https://clinic.example.org`.")
    instructions = _read_instructions(settings.instructions, problem)
    if findings:
        return None, findings
    return Clinic(name=(settings.name or "").strip(), phones=tuple(phones), emergency=emergency,
                  address=(settings.address or "").strip(), web=web, logo=logo, instructions=instructions), []


def _read_instructions(items: dict, problem: Problem) -> tuple[tuple[str, str], ...]:
    """The clinic's own text for each known item; an unknown item or a text that is not words is a problem."""
    found = []
    for key, value in items.items():
        where = f"instructions.{key}"
        if key in NUMBER_KEYS:  # a number the pages name, not words: never steered into an instruction
            problem(where, f"'{key}' is not a clinic instruction: set the number as `extra.clinic.emergency` "
                           "(the pages' emergency number spans show it).")
        elif key not in INSTRUCTION_KEYS:
            problem(where, unknown_key_message(str(key)) + ".")
        elif not isinstance(value, str) or not value.strip():
            problem(where, f"must be the clinic's own words for patients, e.g. `{key}: \"Your words here.\"`, "
                           f"not {value!r}.")
        else:
            found.append((str(key), " ".join(value.split())))
    return tuple(found)


def _read_phones(items: list[dict], region: str, problem: Problem) -> list[Phone]:
    import phonenumbers

    phones: list[Phone] = []
    if not items:
        problem("phones", "lists no phone number. Add at least one, e.g. "
                          f"`phones: [{EXAMPLE_PHONE}]`, so patients know whom to call.")
    for index, item in enumerate(items):
        where = f"phones[{index}]"
        for key in item:
            if key not in PHONE_KEYS:
                problem(f"{where}.{key}", "is not a phone setting. Each phone has only `number` and `for` "
                                          f"(what it is for), e.g. {EXAMPLE_PHONE}.")
        number = str(item.get("number") or "").strip()
        purpose = str(item.get("for") or "").strip()
        if not purpose:
            problem(f"{where}.for", "is missing: say what the number is for, e.g. `for: Questions, weekdays "
                                    "8 am to 5 pm` or `for: Out of hours`.")
        elif "emergenc" in purpose.lower():
            problem(f"{where}.for", f"{purpose!r}: emergencies stay with the emergency number "
                                    "(extra.clinic.emergency, 911 by default). Give the clinic's numbers for "
                                    "questions and out of hours only.")
        if not number:
            problem(f"{where}.number", f"is missing: add the phone number, e.g. {EXAMPLE_PHONE}.")
            continue
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException as error:
            problem(f"{where}.number", f"{number!r} is not a phone number ({_reason(error)}). Write it with "
                                       f"its area code, e.g. \"(617) 555-0134\", or in international form.")
            continue
        if not phonenumbers.is_valid_number(parsed):
            problem(f"{where}.number", f"{number!r} is not a valid phone number for region {region}. Check "
                                       "the digits and include the area code, e.g. \"(617) 555-0134\".")
            continue
        # National format in the clinic's own country, international format for any other.
        style = (phonenumbers.PhoneNumberFormat.NATIONAL
                 if phonenumbers.region_code_for_number(parsed) == region
                 else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        phones.append(Phone(phonenumbers.format_number(parsed, style),
                            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), purpose))
    return phones


def _reason(error: phonenumbers.NumberParseException) -> str:
    """phonenumbers' reason without its error-type number: "(1) The string ..." -> "the string ..."."""
    text = str(error).split(") ", 1)[-1].rstrip(".")
    return text[:1].lower() + text[1:]


def _read_logo(value: str | None, config_dir: Path, problem: Problem) -> Path | None:
    if not value:
        return None
    path = Path(value) if Path(value).is_absolute() else config_dir / value
    if not path.is_file():
        problem("logo", f"the file {value!r} does not exist (looked at {path}). Put the logo next to the "
                        "clinic's YAML file, or fix the path (it is relative to that file).")
        return None
    if path.suffix.lower() not in LOGO_TYPES or not _content_matches(path):
        problem("logo", f"{value!r} is not an SVG or PNG picture. Save the logo as .svg (best: it stays sharp "
                        "on paper) or .png and point `logo:` at it.")
        return None
    return path


def _content_matches(path: Path) -> bool:
    """Whether the file really is what its name says (an SVG or a PNG), not only by name."""
    if path.suffix.lower() == ".png":
        return path.read_bytes()[:8] == PNG_SIGNATURE
    try:
        for _event, element in ElementTree.iterparse(path, events=("start",)):
            return element.tag.rsplit("}", 1)[-1] == "svg"
    except (ElementTree.ParseError, UnicodeDecodeError):
        return False
    return False


# --- HTML --------------------------------------------------------------------------------------

def _tel(phone: Phone) -> str:
    return f'<a href="tel:{phone.e164}">{html.escape(phone.display)}</a>'


PANEL_PLACES = {
    # at the top of a printed handout (the booklet has it on its cover instead)
    "top": "rfn-print-only rfn-handout-only",
    # just before the "When to get help" cards, where a worried patient looks: every print
    "cards": "rfn-print-only rfn-clinic-panel--cards",
    # on the booklet's cover (the booklet leaves out the top of each page's handout)
    "cover": "rfn-print-only",
}
PATIENT_LINES = ("write_in_doctor", "write_in_date")  # the same clinic, a different patient each time


def _write_in_lines(keys: tuple[str, ...], language: str) -> str:
    return "".join(
        f'<p class="rfn-write-in"><span class="rfn-write-in__label">{html.escape(text(language, key))}</span>'
        '<span class="rfn-write-in__line" aria-hidden="true"></span></p>'
        for key in keys)


def handout_panel(clinic: Clinic | None, logo_src: str | None, language: str = "en", place: str = "top") -> str:
    """The "who to call" panel of a printed page: the clinic's details, or lines to fill in. The
    panel by the cards also has lines for the patient's doctor and procedure date (never known
    when the guide is built).

    `place` "top": at the top of a printed handout (`rfn-handout-only`). "cover": the same panel
    on the booklet's cover (the PDF step hands it to the booklet). "cards": before the "When to
    get help" cards, in every print, the booklet too."""
    if clinic is None:
        return write_in_panel(language=language, place=place)
    esc = html.escape
    logo = (f'<img class="rfn-clinic-panel__logo" src="{esc(logo_src)}" alt="">' if logo_src else "")
    phones = "".join(f"<li><strong>{esc(phone.display)}</strong> – {esc(phone.purpose)}</li>"
                     for phone in clinic.phones)
    where = " · ".join(esc(part) for part in (clinic.address, short_url(clinic.web) if clinic.web else "") if part)
    return (
        f'<aside class="rfn-clinic-panel {PANEL_PLACES[place]}" aria-label="{esc(text(language, "clinic_label"))}">'
        f"{logo}<div class=\"rfn-clinic-panel__text\">"
        f'<p class="rfn-clinic-panel__name">{esc(clinic.name)}</p>'
        f'<ul class="rfn-clinic-panel__phones">{phones}</ul>'
        + (f'<p class="rfn-clinic-panel__where">{where}</p>' if where else "")
        + (_write_in_lines(PATIENT_LINES, language) if place == "cards" else "")
        + f'<p class="rfn-clinic-panel__emergency">{esc(text(language, "clinic_emergency", number=clinic.emergency))}</p>'
        "</div></aside>"
    )


def write_in_panel(emergency: str = DEFAULT_EMERGENCY, language: str = "en", place: str = "top") -> str:
    """Without clinic details: a clear panel with lines for staff to write on by hand."""
    patient = PATIENT_LINES if place == "cards" else ()
    lines = _write_in_lines(("write_in_clinic", "write_in_questions", "write_in_out_of_hours", *patient), language)
    return (
        f'<aside class="rfn-clinic-panel rfn-clinic-panel--write-in {PANEL_PLACES[place]}" '
        f'aria-label="{html.escape(text(language, "clinic_label"))}">'
        '<div class="rfn-clinic-panel__text">'
        f'<p class="rfn-clinic-panel__name">{html.escape(text(language, "write_in_title"))}</p>'
        f"{lines}"
        f'<p class="rfn-clinic-panel__emergency">{html.escape(text(language, "clinic_emergency", number=emergency))}</p>'
        "</div></aside>"
    )


def footer_note(clinic: Clinic, logo_src: str | None, language: str = "en") -> str:
    """The clinic's details above the site footer, on screen (hidden in print)."""
    esc = html.escape
    logo = f'<img class="rfn-clinic-footer__logo" src="{esc(logo_src)}" alt="">' if logo_src else ""
    phones = "".join(f"<li>{esc(phone.purpose)}: {_tel(phone)}</li>" for phone in clinic.phones)
    extra = []
    if clinic.address:
        extra.append(f"<p>{esc(clinic.address)}</p>")
    if clinic.web:
        extra.append(f'<p><a href="{esc(clinic.web)}">{esc(short_url(clinic.web))}</a></p>')
    return (
        f'<aside class="rfn-clinic-footer rfn-screen-only" aria-label="{esc(text(language, "clinic_label"))}">'
        f'<div class="rfn-clinic-footer__inner md-grid">{logo}<div>'
        f'<p class="rfn-clinic-footer__name">{esc(text(language, "clinic_footer_name", name=clinic.name))}</p>'
        f"<ul>{phones}</ul>{''.join(extra)}"
        f"<p>{esc(text(language, 'clinic_emergency', number=clinic.emergency))}</p>"
        "</div></div></aside>"
    )


def emergency_card_line(emergency: str, language: str = "en") -> str:
    """The line put at the end of every "emergency" card: the number to call, in every edition."""
    return f'<p class="rfn-care-call">{html.escape(text(language, "care_emergency_call", number=emergency))}</p>'


def care_card_lines(clinic: Clinic, language: str = "en") -> str:
    """The lines put at the end of a non-urgent or urgent "When to get help" card."""
    call = html.escape(text(language, "care_call", name=clinic.name))
    return "".join(
        f'<p class="rfn-care-call">{call} {_tel(phone)} ({html.escape(phone.purpose)})</p>'
        for phone in clinic.phones)


# --- The "When to get help" cards' lines ------------------------------------------------------

CARE_CLASSES_WITH_CLINIC = ("care-nonurgent", "care-urgent")  # the emergency card gets the emergency number
EMERGENCY_CARE_CLASS = "care-emergency"


def add_care_lines(content: str, lines_html: str, care_classes: tuple[str, ...] = CARE_CLASSES_WITH_CLINIC) -> str:
    """Puts `lines_html` at the end of every admonition whose class is one of `care_classes`."""
    if not lines_html:
        return content
    out: list[str] = []
    position = 0
    for card in care_card_spans(content, lambda classes: any(name in classes for name in care_classes)):
        out.append(content[position:card.close] + lines_html)
        position = card.close
    out.append(content[position:])
    return "".join(out)


def logo_src(clinic: Clinic | None, page_url: str) -> str | None:
    """The clinic's logo as a page at `page_url` refers to it (a relative address), or None."""
    return get_relative_url(clinic.logo_uri, page_url) if clinic and clinic.logo_uri else None
