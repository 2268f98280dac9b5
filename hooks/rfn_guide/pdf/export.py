"""The export: decides what to print, prints it, finishes it, writes it into the site.

For each page and edition it asks the cache first; only what changed is printed. Chromium (and
the local server) start only when something has to be printed. Pages are printed by `tabs`
workers at once, each in its own browser context; a page is opened once and printed in every
edition it needs. A booklet starts once every page is open (it needs their articles) and is
filed once every page's PDF is (its key holds theirs). pypdf finishing runs on a thread beside
the printing."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as _dt
import json
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..i18n import UI_TEXT
from .booklet import booklet_order, front_matter_html, print_booklet
from .browser import Browser, chromium_identity
from .cache import PdfCache, code_digest, digest, place, site_file, write_new
from .finish import finish_booklet, finish_handout, pdf_date
from .handouts import apply_edition, open_page, print_tab, running_text
from .server import SiteServer
from .settings import (
    ENV_SWITCH,
    Edition,
    ExportResult,
    Page,
    PdfExportError,
    Settings,
    booklet_path,
    handout_path,
    paper_format,
    source_date,
)


def export_pdfs(settings: Settings, pages: list[Page], booklet: bool = True) -> ExportResult:
    """Prints (or takes from the cache) every page's handout in every edition and, unless
    booklet=False, the booklets, into <site_dir>/handouts/.

    Runs in a thread of its own: asyncio.run() and Playwright refuse a thread with a running
    event loop (a caller's, such as `mkdocs serve`'s), and a fresh thread never has one."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export") as pool:
        try:
            return pool.submit(lambda: asyncio.run(_Export(settings, pages, booklet).run())).result()
        except PdfExportError:
            raise
        except Exception as error:
            if not type(error).__module__.startswith("playwright"):
                raise
            # A browser that crashed or hung: say so in one line, not with Playwright's call log.
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise PdfExportError(
                f"Chromium stopped while printing ({first_line}). Build again; if it keeps happening, "
                f"build without PDF handouts ({ENV_SWITCH}=0) and report it.") from None


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


class _Export:
    def __init__(self, settings: Settings, pages: list[Page], booklet: bool):
        if not pages:
            raise PdfExportError("No pages in the navigation to print as PDF handouts.")
        settings.paper = paper_format(settings.paper)
        self.settings = settings
        self.pages = pages
        self.with_booklet = booklet
        self.site_dir = Path(settings.site_dir)
        self.moment: _dt.datetime = settings.date or source_date(self.site_dir.parent)
        self.finish_id = digest(pdf_date(self.moment))[:12]
        self.cache = PdfCache(settings.cache_dir, self.site_dir)
        self.result = ExportResult()
        self.keys: dict[tuple[str, str], str] = {}  # (edition, src_uri) -> cache key
        self.articles: dict[str, str] = {}  # src_uri -> article HTML (export origin)
        self.origin = ""
        self.finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-finish")
        self.finishing: list[Future[None]] = []
        # Everything but files that shapes every PDF.
        self.shared: dict[str, Any] = {
            "format": 1, "code": code_digest(), "chromium": chromium_identity(settings.chromium),
            "playwright": _package_version("playwright"), "pypdf": _package_version("pypdf"),
            "pikepdf": _package_version("pikepdf"),
            "paper": settings.paper, "site_url": settings.site_url, "site_name": settings.site_name,
            "site_description": settings.site_description, "language": settings.language,
            # The words the export writes (footers, cover) come from i18n, outside this package
            "words": digest(json.dumps(UI_TEXT.get(settings.language, {}), sort_keys=True)),
        }

    # --- recipes (what shapes a PDF besides the site's files) ----------------------------

    def _edition_recipe(self, edition: Edition) -> dict[str, Any]:
        return {**dataclasses.asdict(edition), "css": digest(edition.stylesheet_text())}

    def handout_recipe(self, page: Page, edition: Edition) -> dict[str, Any]:
        return {**self.shared, "kind": "handout", "edition": self._edition_recipe(edition),
                "page": dataclasses.asdict(page)}

    def booklet_recipe(self, edition: Edition, sections: list[Page]) -> dict[str, Any]:
        return {**self.shared, "kind": "booklet", "edition": self._edition_recipe(edition),
                "front": digest(front_matter_html(self.settings, sections)),
                "sections": [[p.src_uri, p.title, self.keys[(edition.name, p.src_uri)]] for p in sections]}

    # --- writing into the site -------------------------------------------------------------

    def _target(self, relative: str, edition: Edition, src: str | None) -> Path:
        target = self.site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if src is None:
            self.result.booklets[edition.name] = target
            if not edition.folder:
                self.result.booklet = target
        elif edition.folder:
            self.result.large_print[src] = target
        else:
            self.result.handouts[src] = target
        return target

    def _deliver(self, key: str, relative: str, target: Path, finish: Callable[[bytes], bytes]) -> None:
        """Writes the finished PDF of `key` into the site: copied when this date's finish is kept,
        else finished from Chromium's kept output (a new commit with no change to the page)."""
        kept = self.cache.finished(key, self.finish_id)
        if kept is not None:
            try:
                place(kept, target)
                self.result.cached.append(relative)
                return
            except OSError:  # removed meanwhile by another build sharing the cache: finish again
                pass
        pdf = finish(self.cache.raw(key))
        self.cache.store_finished(key, self.finish_id, pdf)
        write_new(target, pdf)
        self.result.refinished.append(relative)

    def _finish_fresh(self, name: str, recipe: dict[str, Any], deps: list[str], raw: bytes, article: str | None,
                      target: Path, finish: Callable[[bytes], bytes], extra: dict[str, Any] | None = None) -> str:
        key = self.cache.store(name, recipe, deps, raw, article, self.origin, extra)
        pdf = finish(raw)
        self.cache.store_finished(key, self.finish_id, pdf)
        write_new(target, pdf)
        return key

    # --- the run ---------------------------------------------------------------------------

    async def run(self) -> ExportResult:
        started = time.perf_counter()
        try:
            todo = self._plan_handouts()
            sections = booklet_order(self.pages, self.settings.back_matter)
            booklets: list[Edition] = []
            if not todo and self.with_booklet:
                booklets = self._plan_booklets(sections)
            if todo or booklets:
                await self._print(todo, sections, None if todo else booklets)
            for job in self.finishing:
                job.result()  # raises here if pypdf failed
        finally:
            self.finisher.shutdown(wait=True)
        self.cache.prune()
        self.result.seconds["total"] = time.perf_counter() - started
        return self.result

    def _plan_handouts(self) -> dict[str, list[Edition]]:
        """Takes every unchanged handout from the cache; returns what is left to print."""
        todo: dict[str, list[Edition]] = {}
        for page in self.pages:
            for edition in self.settings.editions:
                relative = handout_path(page.src_uri, edition)
                hit = self.cache.lookup(f"{edition.name}/{page.slug}", self.handout_recipe(page, edition))
                if hit is None:
                    todo.setdefault(page.src_uri, []).append(edition)
                    continue
                self.keys[(edition.name, page.src_uri)] = hit.key
                begun = time.perf_counter()
                self._deliver(hit.key, relative, self._target(relative, edition, page.src_uri),
                              partial(finish_handout, settings=self.settings, page=page, edition=edition,
                                      moment=self.moment))
                self.result.seconds[relative] = time.perf_counter() - begun
        return todo

    def _plan_booklets(self, sections: list[Page], editions: list[Edition] | None = None) -> list[Edition]:
        """Takes every unchanged booklet from the cache; returns the editions left to print."""
        todo = []
        for edition in self.settings.editions if editions is None else editions:
            relative = booklet_path(edition)
            hit = self.cache.lookup(f"{edition.name}/booklet", self.booklet_recipe(edition, sections))
            if hit is None:
                todo.append(edition)
                continue
            begun = time.perf_counter()
            starts = {str(k): int(v) for k, v in (hit.extra.get("starts") or {}).items()}
            self._deliver(hit.key, relative, self._target(relative, edition, None),
                          partial(self._finish_booklet_raw, edition=edition, sections=sections, starts=starts))
            if not edition.folder:
                self.result.booklet_starts = starts
            self.result.seconds[relative] = time.perf_counter() - begun
        return todo

    def _finish_booklet_raw(self, raw: bytes, edition: Edition, sections: list[Page], starts: dict[str, int]) -> bytes:
        return finish_booklet(raw, self.settings, sections, starts, edition, self.moment)

    async def _off_loop(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.finisher, partial(function, *args))

    async def _print(self, todo: dict[str, list[Edition]], sections: list[Page],
                     booklets: list[Edition] | None) -> None:
        """Starts the server and Chromium and prints, `tabs` jobs at a time: the pages in `todo`,
        then the booklets. A booklet that must change (one of its pages is printed again) starts
        as soon as every page is open (it needs their articles, not their PDFs), beside the page
        prints; a booklet that may be unchanged is looked up once the pages' keys are known."""
        begun = time.perf_counter()
        editions = self.settings.editions
        if booklets is not None:  # nothing in `todo`: the booklets were looked up already
            certain, later = booklets, []
        elif self.with_booklet:
            certain = [e for e in editions if any(e in wanted for wanted in todo.values())]
            later = [e for e in editions if e not in certain]
        else:
            certain, later = [], []
        jobs: list[Page | Edition] = [page for page in self.pages if page.src_uri in todo] + list(certain)
        self._to_open = {page.src_uri for page in self.pages if page.src_uri in todo}
        self._to_print = set(self._to_open)
        self._all_open = asyncio.Event()
        self._all_printed = asyncio.Event()
        if not self._to_open:
            self._all_open.set()
            self._all_printed.set()
        with SiteServer(self.site_dir) as origin:
            self.origin = origin
            async with Browser(self.settings.chromium, self.settings.language) as browser:
                self.result.browser_started = True
                count = max(1, min(self.settings.tabs, len(jobs) + len(later)))
                tabs = list(await asyncio.gather(*(browser.new_tab(origin) for _ in range(count))))
                self.result.seconds["browser"] = time.perf_counter() - begun
                queue: asyncio.Queue[Page | Edition] = asyncio.Queue()
                for job in jobs:
                    queue.put_nowait(job)
                await asyncio.gather(*(self._work(tab, queue, todo, sections) for tab in tabs))
                if later:
                    await asyncio.gather(*(asyncio.wrap_future(job) for job in self.finishing))
                    for edition in self._plan_booklets(sections, later):
                        queue.put_nowait(edition)
                    await asyncio.gather(*(self._work(tab, queue, todo, sections) for tab in tabs))
                self.result.blocked = sorted(set(browser.blocked))

    async def _work(self, tab: Any, queue: asyncio.Queue[Page | Edition], todo: dict[str, list[Edition]],
                    sections: list[Page]) -> None:
        """One tab's worker: takes the next job (a page, or a booklet's edition) until none is left."""
        while not queue.empty():
            job = queue.get_nowait()
            if isinstance(job, Page):
                await self._print_page(tab, job, todo[job.src_uri])
            else:
                await self._print_booklet(tab, job, sections)

    async def _print_page(self, tab: Any, page: Page, editions: list[Edition]) -> None:
        begun = time.perf_counter()
        article, used = await open_page(tab, self.origin, self.settings.link_base, page, self.settings.language)
        self.articles[page.src_uri] = article
        self._to_open.discard(page.src_uri)
        if not self._to_open:
            self._all_open.set()
        deps = sorted({*used, site_file(page.url)})
        for edition in editions:
            await apply_edition(tab, edition)
            header, footer = running_text(self.settings, page, edition)
            raw = await print_tab(tab, self.settings, edition, header, footer)
            relative = handout_path(page.src_uri, edition)
            target = self._target(relative, edition, page.src_uri)
            self.result.printed.append(relative)
            self.result.seconds[relative] = time.perf_counter() - begun
            begun = time.perf_counter()
            self.finishing.append(self.finisher.submit(
                self._finish_handout_fresh, page, edition, deps, raw, article, target))
        self._to_print.discard(page.src_uri)
        if not self._to_print:
            self._all_printed.set()

    def _finish_handout_fresh(self, page: Page, edition: Edition, deps: list[str], raw: bytes, article: str,
                              target: Path) -> None:
        key = self._finish_fresh(
            f"{edition.name}/{page.slug}", self.handout_recipe(page, edition), deps, raw, article, target,
            partial(finish_handout, settings=self.settings, page=page, edition=edition, moment=self.moment))
        self.keys[(edition.name, page.src_uri)] = key

    async def _fill_articles(self, tab: Any, sections: list[Page]) -> None:
        """Every section's article, for the booklet: printed this run, kept in the cache, or
        opened again (a cache without its article file)."""
        for page in sections:
            if page.src_uri in self.articles:
                continue
            kept = next((self.cache.article(self.keys[(e.name, page.src_uri)], self.origin)
                         for e in self.settings.editions if (e.name, page.src_uri) in self.keys), None)
            if kept is None:
                kept, _ = await open_page(tab, self.origin, self.settings.link_base, page, self.settings.language)
            self.articles[page.src_uri] = kept

    async def _print_booklet(self, tab: Any, edition: Edition, sections: list[Page]) -> None:
        await self._all_open.wait()
        await self._fill_articles(tab, sections)
        begun = time.perf_counter()
        # The layout of the last booklet is the first guess: right unless page breaks moved.
        guess = self.cache.previous_extra(f"{edition.name}/booklet") or None
        raw, layout, used, passes = await print_booklet(tab, self.origin, self.settings, edition, sections, self.articles,
                                                self._off_loop, guess)
        starts: dict[str, int] = layout["starts"]
        self.result.booklet_prints[edition.name] = passes
        relative = booklet_path(edition)
        target = self._target(relative, edition, None)
        if not edition.folder:
            self.result.booklet_starts = starts
        # Its cache key holds every page's key: wait until the pages' PDFs are filed.
        await self._all_printed.wait()
        await asyncio.gather(*(asyncio.wrap_future(job) for job in self.finishing))
        await self._off_loop(self._finish_fresh, f"{edition.name}/booklet", self.booklet_recipe(edition, sections),
                             used, raw, None, target,
                             partial(self._finish_booklet_raw, edition=edition, sections=sections, starts=starts),
                             layout)
        self.result.printed.append(relative)
        self.result.seconds[relative] = time.perf_counter() - begun
