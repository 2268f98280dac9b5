"""The export: decides what to print, prints it, finishes it, writes it into the site.

For each page and edition it asks the cache first; only what changed is printed. Chromium (and
the local server) start only when something has to be printed. Pages are printed by `tabs`
workers at once, each in its own browser context; a page is opened once and printed in every
edition it needs. The booklets follow once every page's PDF is filed (their parts' keys hold the
pages' keys): of each, only the parts that changed are printed (booklet.py), then the parts are
merged (assemble.py). Finishing (pikepdf) runs on a thread beside the printing."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as _dt
import itertools
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..i18n import UI_TEXT
from .assemble import Part, merge_parts
from .booklet import (
    FRONT,
    NOTES,
    booklet_order,
    frame_digest,
    front_matter_html,
    notes_pages_needed,
    open_frame,
    page_count,
    print_furniture,
    print_part,
    section_stylesheets,
    starts_from_counts,
)
from .browser import Browser, WarmBrowser, chromium_identity
from .cache import PdfCache, code_digest, digest, place, site_file, write_new
from .finish import accessible_part, finish_booklet, finish_handout, pdf_date
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


def export_pdfs(settings: Settings, pages: list[Page], booklet: bool = True,
                warm: WarmBrowser | None = None) -> ExportResult:
    """Prints (or takes from the cache) every page's handout in every edition and, unless
    booklet=False, the booklets, into <site_dir>/handouts/.

    Runs in a thread of its own: asyncio.run() and Playwright refuse a thread with a running
    event loop (a caller's, such as `mkdocs serve`'s), and a fresh thread never has one. With
    `warm` (`mkdocs serve`), on that browser's own thread, with the Chromium it keeps running."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export") as pool:
        try:
            if warm is not None:
                return warm.run(_Export(settings, pages, booklet, warm).run())
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
    def __init__(self, settings: Settings, pages: list[Page], booklet: bool, warm: WarmBrowser | None = None):
        if not pages:
            raise PdfExportError("No pages in the navigation to print as PDF handouts.")
        settings.paper = paper_format(settings.paper)
        self.settings = settings
        self.pages = pages
        self.with_booklet = booklet
        self.warm = warm
        self.site_dir = Path(settings.site_dir)
        self.moment: _dt.datetime = settings.date or source_date(self.site_dir.parent)
        self.finish_id = digest(pdf_date(self.moment))[:12]
        self.cache = PdfCache(settings.cache_dir, self.site_dir)
        self.result = ExportResult()
        self.keys: dict[tuple[str, str], str] = {}  # (edition, src_uri) -> cache key
        self.key_ready: dict[tuple[str, str], asyncio.Future[str]] = {}  # the same, for pages printed now
        self.articles: dict[str, str] = {}  # src_uri -> article HTML (export origin)
        self.origin = ""
        self.finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-finish")
        # The booklets are merged on a thread of their own: a handout or a part finished meanwhile
        # does not wait for a whole booklet (0.2 s) to be merged first.
        self.merger = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-merge")
        self.finishing: list[Future[Any]] = []
        self._frames: dict[int, list[str]] = {}  # id(tab) -> site files of the booklet page the tab holds
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
                "frame": frame_digest(self.site_dir, sections[0]),
                "sections": [[p.src_uri, p.title, self.keys[(edition.name, p.src_uri)]] for p in sections]}

    def part_recipe(self, edition: Edition, sections: list[Page], part: str, **what: Any) -> dict[str, Any]:
        """A booklet part's recipe: besides its own inputs (`what`: the section's handout key, which
        holds its page's HTML and every file that page used, or the contents' page numbers, or the
        number of notes pages), everything the page it is laid out on gives it (that page's HTML
        less its article; the files it uses are the part's deps) and the sections' names,
        addresses and stylesheets (a link to another section is rewritten by them)."""
        return {**self.shared, "kind": "booklet-part", "edition": self._edition_recipe(edition), "part": part,
                "frame": frame_digest(self.site_dir, sections[0]),
                "stylesheets": section_stylesheets("http://rfn-export-origin/", sections),
                "sections": [[p.src_uri, p.slug, p.url, p.title] for p in sections], **what}

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
                job.result()  # raises here if finishing failed
        finally:
            self.finisher.shutdown(wait=True)
            self.merger.shutdown(wait=True)
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

    async def _off_loop(self, function: Callable[..., Any], *args: Any, pool: ThreadPoolExecutor | None = None) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool or self.finisher, partial(function, *args))

    async def _print(self, todo: dict[str, list[Edition]], sections: list[Page],
                     booklets: list[Edition] | None) -> None:
        """Starts the server and Chromium and prints, each tab taking the next job as soon as it
        is free: first the pages in `todo`, then the booklet parts, each of which is queued as
        soon as what it needs is known (a changed page's section once that page is open, not
        once every page is printed). The booklets are merged off the event loop while Chromium
        closes. `booklets`: the editions whose booklet is to be made (None: every edition's, as
        pages changed)."""
        begun = time.perf_counter()
        pages = [page for page in self.pages if page.src_uri in todo]
        loop = asyncio.get_running_loop()
        for page in pages:
            for edition in todo[page.src_uri]:
                self.key_ready[(edition.name, page.src_uri)] = loop.create_future()
        if booklets is None:
            booklets = list(self.settings.editions) if self.with_booklet else []
        plans = [_Booklet(edition) for edition in booklets]
        with SiteServer(self.site_dir) as origin:
            self.origin = origin
            async with self._browser() as browser:
                count = max(1, min(self.settings.tabs, len(pages) + 2 * len(booklets)))
                tabs = await browser.tabs(count, origin)
                self.result.seconds["browser"] = time.perf_counter() - begun
                jobs = _Jobs()
                page_jobs = [jobs.add(_Jobs.PAGE, partial(self._print_page, page=page, editions=todo[page.src_uri]))
                             for page in pages]
                if pages and plans:  # a changed page changes a booklet part: a tab left idle opens the
                    for _ in tabs:   # page the parts are laid out on meanwhile
                        jobs.add(_Jobs.FRAME, partial(self._frame, edition=self.settings.editions[0], sections=sections))
                workers = [asyncio.ensure_future(jobs.work(tab)) for tab in tabs]
                flows = [asyncio.ensure_future(self._booklet(plan, sections, jobs)) for plan in plans]
                try:
                    await asyncio.gather(*page_jobs, *flows)
                    jobs.stop(len(workers))
                    await asyncio.gather(*workers)
                    await jobs.all_done()  # a failed job nobody waited for (opening a frame) is raised here
                except BaseException:
                    for task in (*workers, *flows):
                        task.cancel()
                    await asyncio.gather(*workers, *flows, *(plan.assembly for plan in plans if plan.assembly),
                                         return_exceptions=True)
                    raise
                self.result.blocked = sorted(set(browser.blocked))
            # Chromium has closed meanwhile (the block's end); the merging went on beside it.
            await asyncio.gather(*(plan.assembly for plan in plans if plan.assembly))

    @asynccontextmanager
    async def _browser(self) -> AsyncIterator[Browser]:
        """A Chromium for this export: started for it and closed after, or the one `mkdocs serve`
        keeps running (only its tabs are closed after)."""
        if self.warm is None:
            async with Browser(self.settings.chromium, self.settings.language) as browser:
                self.result.browser_started = True
                yield browser
            return
        starts = self.warm.starts
        browser = await self.warm.browser(self.settings.chromium, self.settings.language)
        self.result.browser_started = self.warm.starts > starts
        try:
            yield browser
        finally:
            await self.warm.done(browser)

    @staticmethod
    async def _run(tabs: list[Any], jobs: list[Callable[[Any], Awaitable[Any]]]) -> None:
        """Runs the jobs, each tab taking the next one as soon as it is free."""
        queue: asyncio.Queue[Callable[[Any], Awaitable[Any]]] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def work(tab: Any) -> None:
            while not queue.empty():
                await queue.get_nowait()(tab)

        await asyncio.gather(*(work(tab) for tab in tabs))

    async def _print_page(self, tab: Any, page: Page, editions: list[Edition]) -> None:
        try:
            await self._print_page_editions(tab, page, editions)
        except BaseException as error:  # the booklet parts waiting for this page's keys fail with it
            for edition in editions:
                waiting = self.key_ready[(edition.name, page.src_uri)]
                if not waiting.done():
                    waiting.set_exception(error if isinstance(error, Exception) else PdfExportError("Printing stopped."))
            raise

    async def _print_page_editions(self, tab: Any, page: Page, editions: list[Edition]) -> None:
        begun = time.perf_counter()
        self._frames.pop(id(tab), None)
        article, used = await open_page(tab, self.origin, self.settings.link_base, page, self.settings.language)
        self.articles[page.src_uri] = article
        deps = sorted({*used, site_file(page.url)})
        for edition in editions:  # a key is a hash of what the page used: known before it is printed
            key = self.cache.key(self.handout_recipe(page, edition), deps)
            if key is not None:
                self._key_known(edition, page, key)
        for edition in editions:
            await apply_edition(tab, edition)
            header, footer = running_text(self.settings, page, edition)
            raw = await print_tab(tab, self.settings, edition, header, footer)
            relative = handout_path(page.src_uri, edition)
            target = self._target(relative, edition, page.src_uri)
            self.result.printed.append(relative)
            self.result.seconds[relative] = time.perf_counter() - begun
            begun = time.perf_counter()
            job = self.finisher.submit(self._finish_handout_fresh, page, edition, deps, raw, article, target)
            self.finishing.append(job)
            if (edition.name, page.src_uri) not in self.keys:  # a file it used is gone: keyed by its print
                self._key_known(edition, page, await asyncio.wrap_future(job))

    def _key_known(self, edition: Edition, page: Page, key: str) -> None:
        self.keys[(edition.name, page.src_uri)] = key
        waiting = self.key_ready.get((edition.name, page.src_uri))
        if waiting is not None and not waiting.done():
            waiting.set_result(key)

    async def _key(self, edition: Edition, page: Page) -> str:
        """A page's handout key in an edition: from the cache, or once the page is open."""
        if (edition.name, page.src_uri) not in self.keys:
            return await self.key_ready[(edition.name, page.src_uri)]
        return self.keys[(edition.name, page.src_uri)]

    def _finish_handout_fresh(self, page: Page, edition: Edition, deps: list[str], raw: bytes, article: str,
                              target: Path) -> str:
        return self._finish_fresh(
            f"{edition.name}/{page.slug}", self.handout_recipe(page, edition), deps, raw, article, target,
            partial(finish_handout, settings=self.settings, page=page, edition=edition, moment=self.moment))

    async def _article(self, tab: Any, page: Page) -> str:
        """A section's article, for its booklet part: printed this run, kept in the cache, or
        opened again (a cache without its article file)."""
        if page.src_uri not in self.articles:
            kept = next((self.cache.article(self.keys[(e.name, page.src_uri)], self.origin)
                         for e in self.settings.editions if (e.name, page.src_uri) in self.keys), None)
            if kept is None:
                self._frames.pop(id(tab), None)
                kept, _ = await open_page(tab, self.origin, self.settings.link_base, page, self.settings.language)
            self.articles[page.src_uri] = kept
        return self.articles[page.src_uri]

    # --- the booklets, from parts -----------------------------------------------------------

    async def _booklet(self, plan: _Booklet, sections: list[Page], jobs: _Jobs) -> None:
        """One booklet from its parts: every section (printed again only if its page changed, as
        soon as its page's key is known), then the cover and contents (again only if a
        section's first page moved), the notes pages and the running footer (again only if the
        page count changed); then merged, made accessible and finished off the event loop
        (plan.assembly), while the tabs go on with the other booklet's parts."""
        edition = plan.edition
        frame_file = site_file(sections[0].url)

        async def part(name: str, recipe: dict[str, Any], make: Callable[[Any], Awaitable[tuple[bytes, list[str]]]]) -> None:
            """Takes the part from the cache, or has a free tab print it."""
            cached_as = f"{edition.name}/booklet/{name or '(front)'}"
            hit = self.cache.lookup(cached_as, recipe)
            if hit is not None:
                plan.take(name, self.cache.raw(hit.key), hit.deps, int(hit.extra.get("pages") or 0), printed=False)
                return

            async def job(tab: Any) -> None:
                begun = time.perf_counter()
                raw, used = await make(tab)
                if name != FURNITURE:  # the costly accessibility fixes, once a part (kept so in the cache)
                    raw = await self._off_loop(accessible_part, raw, f"The {edition.label.lower()} booklet ({cached_as})")
                deps = sorted(set(used) - {frame_file})  # the page laid out on: by its frame digest
                pages = await self._off_loop(page_count, raw)
                await self._off_loop(partial(self.cache.store, cached_as, recipe, deps, raw, extra={"pages": pages}))
                plan.take(name, raw, deps, pages, printed=True)
                plan.seconds += time.perf_counter() - begun
            await jobs.add(_Jobs.PART, job)

        async def section(page: Page) -> None:
            recipe = self.part_recipe(edition, sections, page.slug, page=await self._key(edition, page))

            async def make(tab: Any) -> tuple[bytes, list[str]]:
                article = await self._article(tab, page)
                used = await self._frame(tab, edition, sections)
                return await print_part(tab, self.origin, self.settings, edition, sections, page.slug, article), used
            await part(page.slug, recipe, make)

        async def front() -> None:
            starts = dict(zip([p.src_uri for p in sections],
                              starts_from_counts(plan.front_guess, [plan.pages[p.slug] for p in sections]), strict=True))
            plan.starts = starts
            recipe = self.part_recipe(edition, sections, FRONT, front=digest(front_matter_html(self.settings, sections)),
                                      starts=starts)

            async def make(tab: Any) -> tuple[bytes, list[str]]:
                used = await self._frame(tab, edition, sections)
                return await print_part(tab, self.origin, self.settings, edition, sections, FRONT, starts=starts), used
            await part(FRONT, recipe, make)

        async def notes(tab: Any) -> tuple[bytes, list[str]]:
            used = await self._frame(tab, edition, sections)
            return await print_part(tab, self.origin, self.settings, edition, sections, NOTES, notes=plan.notes), used

        async def furniture(tab: Any) -> tuple[bytes, list[str]]:
            self._frames.pop(id(tab), None)
            return await print_furniture(tab, self.settings, edition, total), []

        await asyncio.gather(*(section(page) for page in sections))
        # The contents' page count: as last time (it cannot change with the numbers)
        plan.front_guess = int(self.cache.previous_extra(f"{edition.name}/booklet/(front)").get("pages") or 2)
        for _ in range(2):
            await front()
            if plan.pages[FRONT] == plan.front_guess:
                break
            plan.front_guess = plan.pages[FRONT]
        else:
            raise PdfExportError("The booklet's contents page did not keep its length after its numbers were filled in.")
        content = plan.pages[FRONT] + sum(plan.pages[p.slug] for p in sections)
        plan.notes = notes_pages_needed(content)
        total = content + plan.notes
        furniture_recipe = {**self.shared, "kind": "booklet-furniture", "edition": self._edition_recipe(edition),
                            "pages": total}
        await asyncio.gather(
            *([part(NOTES, self.part_recipe(edition, sections, NOTES, notes=plan.notes), notes)] if plan.notes else []),
            part(FURNITURE, furniture_recipe, furniture))
        plan.assembly = asyncio.ensure_future(self._off_loop(self._assemble, plan, sections, pool=self.merger))

    async def _frame(self, tab: Any, edition: Edition, sections: list[Page]) -> list[str]:
        """The site files of the booklet's page, opened in `tab` unless it holds it already."""
        if id(tab) not in self._frames:
            self._frames[id(tab)] = await open_frame(tab, self.origin, self.settings, edition, sections)
        return self._frames[id(tab)]

    def _assemble(self, plan: _Booklet, sections: list[Page]) -> None:
        """Merges a booklet's parts, finishes it, keeps it and writes it into the site."""
        begun = time.perf_counter()
        edition = plan.edition
        parts = [Part(plan.raw[FRONT])] + [Part(plan.raw[p.slug], p.slug) for p in sections]
        if plan.notes:
            parts.append(Part(plan.raw[NOTES]))
        merged = merge_parts(parts, plan.raw[FURNITURE])
        layout = {"starts": plan.starts, "notes": plan.notes}
        relative = booklet_path(edition)
        target = self._target(relative, edition, None)
        self._finish_fresh(f"{edition.name}/booklet", self.booklet_recipe(edition, sections), sorted(plan.deps),
                           merged, None, target,
                           partial(self._finish_booklet_raw, edition=edition, sections=sections, starts=plan.starts),
                           layout)
        if not edition.folder:
            self.result.booklet_starts = plan.starts
        self.result.printed.append(relative)
        self.result.booklet_parts[edition.name] = sorted(plan.printed, key=lambda part: (part in (FRONT, NOTES, FURNITURE), part))
        self.result.seconds[relative] = plan.seconds + time.perf_counter() - begun


FURNITURE = "(furniture)"  # the running footer, printed on empty pages


@dataclasses.dataclass
class _Booklet:
    """One booklet's parts as they are printed or taken from the cache."""
    edition: Edition
    raw: dict[str, bytes] = dataclasses.field(default_factory=dict)
    pages: dict[str, int] = dataclasses.field(default_factory=dict)
    deps: set[str] = dataclasses.field(default_factory=set)
    printed: list[str] = dataclasses.field(default_factory=list)
    starts: dict[str, int] = dataclasses.field(default_factory=dict)
    notes: int = 0
    front_guess: int = 2  # the contents' page count the numbers were worked out with
    seconds: float = 0.0
    assembly: asyncio.Future[None] | None = None  # the merging, once every part is there

    def take(self, part: str, raw: bytes, deps: list[str], pages: int, printed: bool) -> None:
        self.raw[part], self.pages[part] = raw, pages
        self.deps.update(deps)
        if printed:
            self.printed.append(part)


class _Jobs:
    """What the tabs print, taken by whichever tab is free, a page's handouts first, then the
    booklet's page opened in an idle tab, then booklet parts (in the order they were asked
    for). Each job's result or error goes to the future add() returned."""
    PAGE, FRAME, PART, STOP = range(4)

    def __init__(self) -> None:
        self._queue: asyncio.PriorityQueue[tuple[int, int, Callable[[Any], Awaitable[Any]] | None, Any]] = \
            asyncio.PriorityQueue()
        self._order = itertools.count()
        self._futures: list[asyncio.Future[Any]] = []

    def add(self, priority: int, job: Callable[[Any], Awaitable[Any]]) -> asyncio.Future[Any]:
        future = asyncio.get_running_loop().create_future()
        self._futures.append(future)
        self._queue.put_nowait((priority, next(self._order), job, future))
        return future

    def stop(self, workers: int) -> None:
        for _ in range(workers):
            self._queue.put_nowait((self.STOP, next(self._order), None, None))

    async def work(self, tab: Any) -> None:
        while True:
            _priority, _order, job, future = await self._queue.get()
            if job is None:
                return
            try:
                result = await job(tab)
            except Exception as error:  # to whoever waits for it; the tab goes on with the next job
                future.set_exception(error)
            else:
                future.set_result(result)

    async def all_done(self) -> None:
        await asyncio.gather(*self._futures)
