"""Runs the build's steps, in the order given, for each MkDocs event.

hooks/guide.py makes one Pipeline of every step and hands its events to MkDocs; a test site
can make one of a single step. The pipeline owns what every step shares: the site model (made
in on_config), the nav order, the words every template uses (i18n.template_words, so no
template depends on which steps run), the warning collector, and the guard that keeps a bug in
a step from stopping the build with a traceback (it is one warning line; `mkdocs build
--verbose` shows the traceback)."""
from __future__ import annotations

import logging
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..i18n import template_words
from .config import GuideSettings
from .findings import Finding
from .gc_freeze import freeze_at_exit, thaw
from .site import Site, WarningCollector, log

if TYPE_CHECKING:  # only for annotations: mkdocs.livereload imports watchdog, ~30 ms a build
    from mkdocs.livereload import LiveReloadServer


EVERY_OTHER_STEP = "*"


def step_name(step: ModuleType) -> str:
    """A step's name in another step's AFTER: its module, less the package and a final ".step"
    (rfn_guide.figures.step: "figures"; rfn_guide.assets.styles_step: "assets.styles_step")."""
    return step.__name__.removeprefix("rfn_guide.").removesuffix(".step")


def order_problems(steps: list[ModuleType]) -> list[str]:
    """What is wrong with the order of `steps`. A step's AFTER names the steps whose work it
    needs done first (EVERY_OTHER_STEP: it must be last); a step a pipeline leaves out (a test's
    pipeline of one step) is not asked for."""
    names = [step_name(step) for step in steps]
    problems = []
    for index, step in enumerate(steps):
        for needed in getattr(step, "AFTER", ()):
            if needed == EVERY_OTHER_STEP and index != len(steps) - 1:
                problems.append(f"'{names[index]}' must be the last step")
            elif needed in names and names.index(needed) > index:
                problems.append(f"'{names[index]}' must come after '{needed}'")
    return problems


class Pipeline:
    def __init__(self, steps: list[ModuleType]) -> None:
        self.steps = steps
        # Checked here, said in on_config: MkDocs then stops with the message, not a traceback
        self.order_problems = order_problems(steps)
        self.command = "build"
        self.today: date | None = None      # scripts/check_docs.py --today
        self.print_pdfs: bool | None = None  # False: no PDFs, whatever PDF_EXPORT says (check_docs.py)
        self.site: Site | None = None       # the current (or last) build
        self._collector: WarningCollector | None = None

    # --- Running the steps ----------------------------------------------------------------

    def _run(self, event: str, value: Any, *args: Any) -> Any:
        """Calls `event` of each step that has it, in order. Steps of a page event return the
        changed value; a step that fails logs one warning and leaves the value as it was."""
        site = self.site
        if site is None:
            return value
        for step in self.steps:
            handler = getattr(step, event, None)
            if handler is None:
                continue
            try:
                result = handler(site, value, *args) if value is not None else handler(site, *args)
            except PluginError:
                raise  # a setting the builder must fix (no site_url, no Chromium): stop with its message
            except Exception as error:  # a bug in a step: one line, the traceback under --verbose
                self._report_bug(step, event, error, args)
                continue
            if value is not None and result is not None:
                value = result
        return value

    def _report_bug(self, step: ModuleType, event: str, error: Exception, args: tuple[Any, ...]) -> None:
        page = next((arg for arg in args if isinstance(arg, Page)), None)
        name = step.__name__.rsplit(".", 1)[-1]
        message = (f"the step '{name}' ({event}) failed with {type(error).__name__}: {error}. "
                   "This is a bug in the guide's build code, not in the Markdown: please report it "
                   "(run `mkdocs build --verbose` to see where it happened)")
        if self.site is not None:  # reported like every finding: log, preview panel, check_docs.py
            where = self.site.shown(page.file.src_uri) if page is not None else self.site.shown_path(
                self.site.config.config_file_path or "mkdocs.yml")
            self.site.report(Finding(where, None, message, rule="bug"))
        log.debug(f"Traceback of the failed step '{name}'", exc_info=error)

    # --- MkDocs events (hooks/guide.py hands these to MkDocs) -------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        freeze_at_exit()  # the process's exit skips a last garbage collection (gc_freeze.py)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.order_problems:
            raise PluginError(f"The build's steps are out of order: {'; '.join(self.order_problems)}. Move them "
                              "in STEPS in hooks/guide.py (each step's AFTER names the steps it needs first).")
        self._stop_collecting()
        thaw()  # the last build's objects, frozen while its PDFs were made (gc_freeze.py)
        settings = GuideSettings(dict(config.extra or {}))  # a wrong setting stops here, with the reason
        self.site = Site(config=config, settings=settings, command=self.command, today=self.today or date.today(),
                         print_pdfs=self.print_pdfs)
        self._collector = WarningCollector(self.site)
        logging.getLogger("mkdocs").addHandler(self._collector)
        self._run("on_config", None)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is not None:
            self.site.files = files
        self._run("on_files", None, files)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.site is not None:
            self.site.nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return str(self._run("on_page_markdown", markdown, page))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return str(self._run("on_page_content", html, page))

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.site is not None:  # the words every template uses, whichever steps run
            template_globals, template_filters = template_words(self.site.language)
            env.globals.update(template_globals)
            env.filters.update(template_filters)
        self._run("on_env", None, env)
        return env

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        self._run("on_page_context", None, context, page)
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        self._run("on_template_context", None, context, template_name)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return str(self._run("on_post_page", output, page))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return str(self._run("on_post_template", output_content, template_name))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._run("on_post_build", None)
        self._stop_collecting()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_collecting()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        self._run("on_serve", None, server)
        return server

    def on_shutdown(self) -> None:
        try:
            self._run("on_shutdown", None)
        finally:
            thaw()

    def _stop_collecting(self) -> None:
        if self._collector is not None:
            logging.getLogger("mkdocs").removeHandler(self._collector)
            self._collector = None

    def events(self) -> dict[str, Any]:
        """The event functions for a hook module's globals."""
        return {name: getattr(self, name) for name in dir(self) if name.startswith("on_")}
