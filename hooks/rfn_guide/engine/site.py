"""The site model: everything one build knows, on one object, made afresh in on_config (where
MkDocs says build state belongs, so each `mkdocs serve` rebuild starts clean).

Findings go through Site.report, the one reporter: the build log (a warning stops
`mkdocs build --strict`), a GitHub annotation under GitHub Actions, and the live preview."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mkdocs.plugins import get_plugin_logger

from .annotations import github_annotation
from .findings import INFO, Finding

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from ..clinic.rules import Clinic
    from ..editions.step import Editions
    from ..review.rules import ReviewStatus
    from .config import GuideSettings

log = get_plugin_logger("rfn_guide")
StateT = TypeVar("StateT")


@dataclass
class Site:
    config: MkDocsConfig
    settings: GuideSettings
    command: str = "build"                    # "build", "serve" or "gh-deploy"
    today: date = field(default_factory=date.today)
    print_pdfs: bool | None = None            # None: as PDF_EXPORT and the command say (pdf/step.py)
    # The one date stamped on what the build makes (sitemap, PDFs), found once by the build_date
    # step and handed on here; None only before that step has run
    build_moment: datetime | None = None
    files: Files | None = None
    nav_order: list[str] = field(default_factory=list)           # src_uri of pages in nav order
    findings: list[Finding] = field(default_factory=list)        # ours, in the order found
    other_warnings: list[Finding] = field(default_factory=list)  # MkDocs' and plugins' own
    # Glossary: by page (url_key), the meanings of the terms its text explains itself
    # (words_explained_in_text), which its printed words box leaves out
    words_explained: dict[str, frozenset[str]] = field(default_factory=dict)
    # Citations: the References page (its src_uri), which printed pages point to
    bibliography_page: str | None = None
    # Review status, by page
    reviews: dict[str, ReviewStatus] = field(default_factory=dict)
    # Language editions (extra.editions): this build's, the others, the same page in each
    editions: Editions | None = None
    _shown: dict[str, str] = field(default_factory=dict, repr=False)  # src_uri -> shown path
    # Handouts: the clinic's details, and every page's finished content to copy figures from
    clinic: Clinic | None = None
    handout_contents: dict[str, str] = field(default_factory=dict)
    # The address printed on paper (QR codes, "online at" notes): site_url, or "" when that is a
    # placeholder (example.org, localhost) that leads a reader nowhere
    print_url: str = ""
    # Stylesheets only some pages link (actions.css, diary.css), by page, as the patient_actions
    # step chose them: the PDF step hands them to the booklet
    page_stylesheets: dict[str, list[str]] = field(default_factory=dict)
    # What one step keeps for itself between its events (its `State`): the fields above are
    # the facts steps hand each other
    _states: dict[type, object] = field(default_factory=dict, repr=False)

    def state(self, kind: type[StateT]) -> StateT:
        """A step's own state for this build: its dataclass `kind`, made empty on first use."""
        found = self._states.get(kind)
        if found is None:
            found = self._states[kind] = kind()
        if not isinstance(found, kind):  # never: the dict is keyed by each value's own class
            raise TypeError(f"{kind.__qualname__}: the state kept is a {type(found).__qualname__}")
        return found

    # --- Paths as an editor sees them -----------------------------------------------------

    @property
    def config_dir(self) -> Path:
        return Path(self.config.config_file_path or ".").resolve().parent

    @property
    def offline(self) -> bool:
        """Whether this is the offline copy (OFFLINE=true: Material's offline plugin is on)."""
        plugin = self.config.plugins.get("material/offline") or self.config.plugins.get("offline")
        return bool(plugin and getattr(plugin, "config", None) and plugin.config.enabled)

    @property
    def language(self) -> str:
        """This build's language (theme.language): en, or es for the Spanish edition."""
        return str(self.config.theme.get("language") or "en")

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir).resolve()

    def shown_path(self, path: Path | str) -> str:
        """A file's path as an editor finds it: relative to mkdocs.yml's folder, or else to the
        folder that holds docs_dir (scripts/check_docs.py on a docs folder elsewhere)."""
        path = Path(path).resolve()
        for root in (self.config_dir, self.docs_dir.parent):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return str(path)

    def shown(self, src_uri: str) -> str:
        """The shown path of a page or file in docs_dir, e.g. docs/index.md (worked out once a
        file: resolving paths is the slowest part of reporting)."""
        if src_uri not in self._shown:
            self._shown[src_uri] = self.shown_path(self.docs_dir / src_uri)
        return self._shown[src_uri]

    @property
    def docs_name(self) -> str:
        """How the docs folder is shown, e.g. docs."""
        return self.shown(".").rstrip("/.") or self.docs_dir.name

    def config_path(self, relative: str) -> Path:
        """A path written relative to mkdocs.yml."""
        return self.config_dir / relative

    # --- Pages ----------------------------------------------------------------------------

    def pages(self) -> dict[str, Page]:
        """Documentation pages by src_uri, in nav order, then the pages not in the nav."""
        if self.files is None:
            return {}
        found = {f.src_uri: f.page for f in self.files.documentation_pages() if f.page is not None}
        order = [src for src in self.nav_order if src in found] + [src for src in found if src not in self.nav_order]
        return {src: found[src] for src in order}

    # --- The one reporter -----------------------------------------------------------------

    def report(self, finding: Finding) -> None:
        self.findings.append(finding)
        if finding.level == INFO:
            log.info(str(finding))
            return
        log.warning(str(finding))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            title = f"RFN guide: {finding.rule}" if finding.rule else "RFN guide"
            print(github_annotation(finding.file, finding.line, title, finding.message), flush=True)

    def report_all(self, findings: list[Finding]) -> None:
        for finding in findings:
            self.report(finding)

    def problems(self) -> list[Finding]:
        """Everything that would stop `mkdocs build --strict`, ours and MkDocs' own."""
        return [f for f in self.findings if f.level != INFO] + self.other_warnings


class WarningCollector(logging.Handler):
    """Keeps the warnings MkDocs and other plugins log during a build (ours go through Site.report),
    so the live preview and scripts/check_docs.py show them too."""

    def __init__(self, site: Site) -> None:
        super().__init__(logging.WARNING)
        self.site = site

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(log.name) or record.name.startswith("mkdocs.plugins.rfn_guide"):
            return
        message = record.getMessage()
        self.site.other_warnings.append(Finding(_file_named_in(message, self.site), None, message, rule="mkdocs"))


def _file_named_in(message: str, site: Site) -> str:
    """The page a MkDocs warning is about ("Doc file 'x.md' contains ..."), else mkdocs.yml."""
    match = re.search(r"Doc file '([^']+)'", message) or re.search(r"'([^']+\.md)'", message)
    if match and (site.docs_dir / match.group(1)).is_file():
        return site.shown(match.group(1))
    return site.shown_path(site.config.config_file_path or "mkdocs.yml")

