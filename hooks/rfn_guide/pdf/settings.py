"""What the PDF export needs to know, and nothing that runs a browser: the switches, the paper,
where Chromium is, where each PDF lands, and what the step hands over (the pages, the settings,
the date printed in every PDF). The print editions are in print_editions.py."""
from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..addresses import placeholder_host
from .print_editions import EDITIONS, STANDARD, Edition

ENV_SWITCH = "PDF_EXPORT"
ENV_CHROMIUM = "CHROMIUM_PATH"
ENV_PAPER = "PDF_PAPER"
HANDOUT_DIR = "handouts"
BOOKLET_NAME = "rfn-guide"
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
DEFAULT_PAPER = "Letter"  # the guide is written for US readers (911, US spelling); A4 by setting
# Chromium names to look for on the PATH, in order of preference.
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Debian's build of Chromium's headless shell (package chromium-headless-shell, from the same
# source and version as chromium): the same Blink, printing, fonts and tags, without the desktop
# browser around it. Preferred when installed: it starts in 0.07 s instead of 0.19 s, opens a tab
# in 0.07 s instead of 0.17 s and prints a page in about half the time (issue 21; the PDFs of a
# whole build were compared page by page: the same text and fonts, at most a pixel apart).
DEBIAN_HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
HOW_TO_FIX = (
    "Install Debian's Chromium with `apt-get install -y chromium-headless-shell chromium` "
    "(scripts/setup.sh does this), "
    f"or point {ENV_CHROMIUM} at a Chromium or Chrome program, "
    f"or build without PDF handouts: `{ENV_SWITCH}=0 mkdocs build`."
)


class PdfExportError(Exception):
    """A problem the person building the site can fix; the message says how."""


# --- Switches and settings ----------------------------------------------------------------

TABS = 2  # pages printed at once, each in its own tab (one a core on this 2-core machine)


def export_wanted(command: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to print PDFs: PDF_EXPORT=0 never, PDF_EXPORT=1 always, else only on `build`."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV_SWITCH) or "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    if value:
        raise PdfExportError(
            f"{ENV_SWITCH}={environ.get(ENV_SWITCH)!r} is not understood: use {ENV_SWITCH}=0 to turn "
            f"PDF handouts off or {ENV_SWITCH}=1 to make them even under `mkdocs serve`."
        )
    return command != "serve"


def paper_format(value: str | None) -> str:
    """Playwright's name for a paper size given as 'A4' or 'Letter' (any case); US Letter when
    none is given."""
    key = (value or DEFAULT_PAPER).strip().lower().replace("us ", "").replace("us-", "")
    if key not in PAPER_SIZES:
        raise PdfExportError(
            f"Unknown paper size {value!r} for PDF handouts: use A4 or Letter "
            f"(set {ENV_PAPER} or `extra: pdf: paper:` in mkdocs.yml)."
        )
    return PAPER_SIZES[key]


def find_chromium(environ: Mapping[str, str] | None = None,
                  which: Callable[[str], str | None] = shutil.which) -> str:
    """Path of the Chromium to print with: CHROMIUM_PATH, then Debian's headless shell, then
    Debian's chromium, then one on the PATH."""
    environ = os.environ if environ is None else environ
    wanted = (environ.get(ENV_CHROMIUM) or "").strip()
    if wanted:
        found = wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else which(wanted)
        if not found:
            raise PdfExportError(f"{ENV_CHROMIUM}={wanted!r} is not a program that can be run. {HOW_TO_FIX}")
        return found
    for debian in (DEBIAN_HEADLESS_SHELL, DEBIAN_CHROMIUM):
        if os.path.isfile(debian) and os.access(debian, os.X_OK):
            return debian
    for name in CHROMIUM_NAMES:
        found = which(name)
        if found:
            return found
    raise PdfExportError(f"No Chromium found to print the PDF handouts with. {HOW_TO_FIX}")


# --- Names and paths ----------------------------------------------------------------------

def handout_slug(src_uri: str) -> str:
    """File name (no extension) of a page's handout: `before.md` -> `before`, `a/b.md` -> `a-b`."""
    stem = re.sub(r"\.md$", "", src_uri.replace("\\", "/"))
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "index"


def handout_path(src_uri: str, edition: Edition = STANDARD) -> str:
    """Where a page's handout lands, relative to the site folder."""
    folder = f"{HANDOUT_DIR}/{edition.folder}/" if edition.folder else f"{HANDOUT_DIR}/"
    return f"{folder}{handout_slug(src_uri)}.pdf"


def booklet_path(edition: Edition = STANDARD) -> str:
    folder = f"{HANDOUT_DIR}/{edition.folder}/" if edition.folder else f"{HANDOUT_DIR}/"
    return f"{folder}{BOOKLET_NAME}.pdf"


# --- What the hook hands over -------------------------------------------------------------

@dataclass(frozen=True)
class PdfSwitches:
    """What the pdf step read, once, in on_config (PDF_EXPORT, PDF_PAPER, CHROMIUM_PATH,
    PDF_CACHE and mkdocs.yml), for its later events."""
    export: bool
    paper: str = DEFAULT_PAPER
    chromium: str = ""
    cache: Path | None = None
    sources: str = ""  # the editor's files' fingerprint, noted after a successful export (mkdocs build)


@dataclass(frozen=True)
class Page:
    """One page of the guide, as the hook hands it over (nav order is list order)."""

    src_uri: str  # docs-relative source, e.g. "before.md"
    url: str  # site-relative URL of the built page, e.g. "before/" ("" for the home page)
    title: str
    description: str = ""
    last_reviewed: _dt.date | None = None  # when the page was last checked against its sources
    clinically_reviewed: bool = False  # front matter has a clinical_review
    translation_reviewed: bool = False  # a translated page whose front matter has a translation_review
    # Site-relative stylesheets only this page links (the patient_actions step's choice, handed on
    # as data), which the booklet, laid out on another page, must link too
    stylesheets: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return handout_slug(self.src_uri)


@dataclass
class Settings:
    site_dir: Path
    site_url: str  # where the site is published, e.g. https://rfn-guide.example.org/
    site_name: str
    site_description: str = ""
    language: str = "en"
    translation_of: str = ""  # the language a translated edition comes from (extra.translation_of)
    paper: str = DEFAULT_PAPER
    chromium: str = DEBIAN_CHROMIUM
    # Pages that close the booklet, in this order (the reference list and the glossary).
    back_matter: tuple[str, ...] = ("references.md", "glossary.md")
    editions: tuple[Edition, ...] = EDITIONS
    # Where printed PDFs are kept between builds (None: no cache, print everything).
    cache_dir: Path | None = None
    # Stamped as the PDFs' CreationDate and ModDate (None: source_date() of the working folder).
    date: _dt.datetime | None = None
    # Pages printed at the same time, each in its own browser context.
    tabs: int = TABS
    # The booklet cover's "who to call" panel (the clinic's details, or lines to fill in), made by
    # the handout_print rules and handed on as HTML; "" for none
    cover_panel: str = ""
    # The "When to get help" cards of the guide (those of the page with the most, without citation
    # marks, and the pictures after them: pdf/step.back_cards), printed again on the booklet's
    # back page; "" for none
    back_cards: str = ""
    # The other languages the guide is built in (extra.editions): the cover says so in each
    other_languages: tuple[str, ...] = ()

    @property
    def online(self) -> bool:
        """Whether site_url is a real address to print (QR code, links); not a placeholder."""
        return placeholder_host(self.site_url) is None

    @property
    def link_base(self) -> str:
        """What links into the site point at on paper: the published site, or "" (no link) when
        its address is a placeholder."""
        return self.site_url.rstrip("/") + "/" if self.online else ""


@dataclass
class ExportResult:
    handouts: dict[str, Path] = field(default_factory=dict)  # src_uri -> standard PDF
    large_print: dict[str, Path] = field(default_factory=dict)  # src_uri -> large-print PDF
    booklet: Path | None = None  # standard booklet
    booklets: dict[str, Path] = field(default_factory=dict)  # edition name -> booklet
    booklet_starts: dict[str, int] = field(default_factory=dict)  # src_uri -> 1-based page (standard)
    seconds: dict[str, float] = field(default_factory=dict)  # "browser", "total", each PDF's site path
    printed: list[str] = field(default_factory=list)  # site paths Chromium printed this time
    booklet_parts: dict[str, list[str]] = field(default_factory=dict)  # edition name -> booklet parts printed
    cached: list[str] = field(default_factory=list)  # site paths copied from the cache
    refinished: list[str] = field(default_factory=list)  # from the cache, with new metadata only
    blocked: list[str] = field(default_factory=list)  # requests to other origins, refused
    browser_started: bool = False
