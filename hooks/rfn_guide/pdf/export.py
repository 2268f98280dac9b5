"""The export: decides what to print, prints it, finishes it, writes it into the site.

For each page and edition it asks the cache first; only what changed is printed. Chromium (and
the local server) start only when something has to be printed (or were started early, while the
HTML was built: step.py). Free tabs take jobs from one queue (`_Jobs`): a changed page is opened
once and printed in every edition it needs, then its section of each booklet is laid out on it
and printed in the same tab (the page's key, a hash of what it used, is known once it is open).
An edit to one page so uses one tab: opening the page in a second tab to print its sections
there at the same time was slower on two cores (both opens at once take as long as two in a
row, and the second tab's open competed with the finishing). The booklets' other parts that
changed follow (booklet.py). The pikepdf work (finishing each PDF, each booklet part, merging
each booklet as soon as its parts are kept) runs in worker processes (workers.py), handed to them
from the event loop the moment a print is done: a handout's or a booklet's result is waited for
by a thread beside the printing, a part's on the event loop. A booklet goes on with a part's
page count as soon as a worker has made it accessible (this process never imports pikepdf:
jobs.py), and Chromium closes once nothing is left to print, while the booklets merge."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as _dt
import itertools
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..dates import SourceDateError, pdf_date, source_date
from ..i18n import UI_TEXT
from . import jobs
from .booklet import (
    BACK,
    FRONT,
    NOTES,
    back_page_html,
    booklet_order,
    frame_digest,
    front_matter_html,
    notes_pages_needed,
    open_frame,
    print_furniture,
    print_part,
    section_stylesheets,
    starts_from_counts,
)
from .browser import Browser, WarmBrowser, chromium_identity
from .cache import PARTS, RAW, PdfCache, code_digest, digest, place, site_file, write_new
from .cdp import BrowserError
from .handouts import apply_edition, open_page, print_tab, running_text, used_files
from .parts import Heading, Part
from .print_editions import Edition
from .server import SiteServer
from .settings import ENV_SWITCH, ExportResult, Page, PdfExportError, Settings, booklet_path, handout_path, paper_format
from .workers import Workers, shared


def export_pdfs(settings: Settings, pages: list[Page], booklet: bool = True,
                warm: WarmBrowser | None = None, workers: Workers | None = None) -> ExportResult:
    """Prints (or takes from the cache) every page's handout in every edition and, unless
    booklet=False, the booklets, into <site_dir>/handouts/.

    Runs in a thread of its own: asyncio.run() refuses a thread with a running event loop (a
    caller's, such as `mkdocs serve`'s), and a fresh thread never has one. With
    `warm` (a Chromium `mkdocs build` started early, or the one `mkdocs serve` keeps), on that
    browser's own thread, with its Chromium. The pikepdf work runs in `workers` (workers.py;
    by default this process's shared ones)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export") as pool:
        try:
            if warm is not None:
                return warm.run_export(_Export(settings, pages, booklet, warm, workers).run())
            return pool.submit(lambda: asyncio.run(_Export(settings, pages, booklet, workers=workers).run())).result()
        except PdfExportError:
            raise
        except BrokenProcessPool as error:  # a worker process died (killed, out of memory)
            (workers or shared()).close()  # the next export starts new ones
            raise PdfExportError(
                f"A worker process finishing the PDFs stopped ({error or 'killed'}). Build again; if it "
                f"keeps happening, build without PDF handouts ({ENV_SWITCH}=0) and report it.") from None
        except BrowserError as error:  # a browser that crashed or hung: said in one line
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
    def __init__(self, settings: Settings, pages: list[Page], booklet: bool, warm: WarmBrowser | None = None,
                 workers: Workers | None = None):
        if not pages:
            raise PdfExportError("No pages in the navigation to print as PDF handouts.")
        settings.paper = paper_format(settings.paper)
        self.settings = settings
        self.pages = pages
        self.with_booklet = booklet
        self.warm = warm
        self.site_dir = Path(settings.site_dir)
        try:
            self.moment: _dt.datetime = settings.date or source_date(self.site_dir.parent)
        except SourceDateError as error:
            raise PdfExportError(str(error)) from None
        self.finish_id = digest(pdf_date(self.moment))[:12]
        self.cache = PdfCache(settings.cache_dir, self.site_dir, scope=settings.language)
        self.result = ExportResult()
        self.keys: dict[tuple[str, str], str] = {}  # (edition, src_uri) -> cache key
        self.origin = ""
        self.workers = workers or shared()
        # Threads that hand the pikepdf work to the worker processes and wait for it, one a
        # worker: a handout or a part is finished while another is.
        self.finisher = ThreadPoolExecutor(max_workers=self.workers.count, thread_name_prefix="pdf-finish")
        # The booklets are handed to the workers by threads of their own: a handout or a part
        # finished meanwhile does not wait for a whole booklet (0.2 s) to be merged first.
        self.merger = ThreadPoolExecutor(max_workers=self.workers.count, thread_name_prefix="pdf-merge")
        self.finishing: list[Future[Any]] = []
        self._held: dict[int, _Held] = {}  # id(tab) -> the page the tab holds
        self.plans: list[_Booklet] = []  # the booklets made this run
        self.section_order: list[_Booklet] = []  # the order a page's sections of them are printed in
        self.frame = ""  # frame_digest() of the booklet's first page (cover and notes are laid out on it)
        # Everything but files that shapes every PDF.
        self.shared: dict[str, Any] = {
            "format": 1, "code": code_digest(), "chromium": chromium_identity(settings.chromium),
            "pypdf": _package_version("pypdf"),
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
                "back": digest(back_page_html(self.settings)),
                "frame": self.frame,
                "sections": [[p.src_uri, p.title, self.keys[(edition.name, p.src_uri)]] for p in sections]}

    def part_recipe(self, edition: Edition, sections: list[Page], part: str, **what: Any) -> dict[str, Any]:
        """A booklet part's recipe: besides its own inputs (`what`: for a section, its page's
        handout key, which holds the page's HTML and every file it used; for the cover and
        contents, the page numbers and the digest of the frame they are laid out on; for the
        notes, their number and that frame; for the back page, its digest and that frame), the
        sections' names, addresses and stylesheets (a link to another section is rewritten by
        them). The files the part used are its deps."""
        return {**self.shared, "kind": "booklet-part", "edition": self._edition_recipe(edition), "part": part,
                "stylesheets": section_stylesheets("http://rfn-export-origin/", sections),
                "sections": [[p.src_uri, p.slug, p.url, p.title] for p in sections], **what}

    def section_recipe(self, edition: Edition, sections: list[Page], page: Page) -> dict[str, Any]:
        """A section's part: laid out on its own page (that page's handout key holds it)."""
        return self.part_recipe(edition, sections, page.slug, page=self.keys[(edition.name, page.src_uri)])

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

    def _deliver(self, key: str, relative: str, target: Path, finish: Callable[[bytes], bytes], blob: str = RAW) -> None:
        """Writes the finished PDF of `key` into the site: copied when this date's finish is kept,
        else finished from what was kept of it, the cache's `blob` (Chromium's output; a booklet's
        parts): a new commit with no change to the page."""
        kept = self.cache.finished(key, self.finish_id)
        if kept is not None:
            try:
                place(kept, target)
                self.result.cached.append(relative)
                return
            except OSError:  # removed meanwhile by another build sharing the cache: finish again
                pass
        pdf = finish(self.cache.raw(key, blob))
        self.cache.store_finished(key, self.finish_id, pdf)
        write_new(target, pdf)
        self.result.refinished.append(relative)

    def _finish_fresh(self, name: str, recipe: dict[str, Any], deps: list[str], raw: bytes,
                      target: Path, finishing: Future[bytes], extra: dict[str, Any] | None = None,
                      blob: str = RAW) -> str:
        """Keeps a fresh print (`raw`) while a worker finishes it (`finishing`, submitted first:
        the keeping, 0.02 s on a busy machine, is then off the booklet's critical path), then
        keeps and writes the finished PDF."""
        try:
            key = self.cache.store(name, recipe, deps, raw, extra, blob)
        except BaseException:
            finishing.cancel()  # not wanted any more (a job already running finishes unread)
            raise
        try:
            pdf = finishing.result()
        except BaseException:
            self.cache.forget(name)  # not taken from the cache next time, to fail the same way
            raise
        self.cache.store_finished(key, self.finish_id, pdf)
        write_new(target, pdf)
        return key

    # --- the run ---------------------------------------------------------------------------

    async def run(self) -> ExportResult:
        started = time.perf_counter()
        # Beside the export (Chromium starts meanwhile): only blobs an hour old that no entry
        # points at go, so nothing this run reads or writes (what an entry moves on from now
        # goes next time).
        pruning = self.finisher.submit(self.cache.prune)
        try:
            todo = self._plan_handouts()
            sections = booklet_order(self.pages, self.settings.back_matter)
            self.frame = frame_digest(self.site_dir, sections[0])
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
        pruning.result()
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
                              self._in_worker(partial(jobs.finish_handout, settings=self.settings, page=page,
                                                      edition=edition, moment=self.moment)))
                self.result.seconds[relative] = time.perf_counter() - begun
        return todo

    def _plan_booklets(self, sections: list[Page], editions: list[Edition] | None = None) -> list[Edition]:
        """Takes every unchanged booklet from the cache; returns the editions left to print."""
        todo = []
        for edition in self.settings.editions if editions is None else editions:
            relative = booklet_path(edition)
            hit = self.cache.lookup(f"{edition.name}/booklet", self.booklet_recipe(edition, sections), kept=PARTS)
            if hit is None:
                todo.append(edition)
                continue
            begun = time.perf_counter()
            starts = {str(k): int(v) for k, v in (hit.extra.get("starts") or {}).items()}
            try:
                self._deliver(hit.key, relative, self._target(relative, edition, None),
                              partial(self._merge_kept, edition=edition, sections=sections, starts=starts), blob=PARTS)
            except OSError:  # a part's blob is gone (a build sharing the cache pruned it): print again
                todo.append(edition)
                continue
            if not edition.folder:
                self.result.booklet_starts = starts
            self.result.seconds[relative] = time.perf_counter() - begun
        return todo

    def _merge_kept(self, kept: bytes, edition: Edition, sections: list[Page], starts: dict[str, int]) -> bytes:
        """A booklet merged and finished again from its parts in the cache (`kept`, their keys):
        a new date, nothing else changed."""
        manifest = json.loads(kept)
        parts = [Part(self.cache.raw(key), slug, _headings(headings)) for slug, key, headings in manifest["parts"]]
        return self.workers.run(jobs.booklet_pdf, parts, self.cache.raw(manifest["furniture"]), self.settings, sections,
                                starts, edition, self.moment, int(manifest.get("back_pages") or 0))

    def _in_worker(self, finish: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
        """`finish` (a module-level function, or a partial of one) run in a worker process."""
        return partial(self.workers.run, finish)

    async def _off_loop(self, function: Callable[..., Any], *args: Any, pool: ThreadPoolExecutor | None = None) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool or self.finisher, partial(function, *args))

    async def _print(self, todo: dict[str, list[Edition]], sections: list[Page],
                     booklets: list[Edition] | None) -> None:
        """Starts the server and Chromium and prints, each tab taking the next job as soon as it
        is free: first the pages in `todo` (each page's handouts, then, on the same page, its
        sections of the booklets: one job a page), then the booklet parts that are left. The
        last parts are made accessible and the booklets merged while Chromium closes. `booklets`: the editions
        whose booklet is to be made (None: every edition's, as pages changed)."""
        begun = time.perf_counter()
        pages = [page for page in self.pages if page.src_uri in todo]
        if booklets is None:
            booklets = list(self.settings.editions) if self.with_booklet else []
        self.plans = [_Booklet(edition) for edition in booklets]
        self.section_order = sorted(self.plans, key=self._merge_length, reverse=True)
        loop = asyncio.get_running_loop()
        for plan in self.plans:
            plan.section_ready = {page.slug: loop.create_future() for page in pages}
        async with SiteServer(self.site_dir) as origin:
            self.origin = origin
            async with self._browser() as browser:
                count = max(1, min(self.settings.tabs, len(pages) or 2 * len(sections) * len(booklets)))
                tabs = await browser.tabs(count, origin)
                self.result.seconds["browser"] = time.perf_counter() - begun
                job_queue = _Jobs()
                page_jobs = [job_queue.add(_Jobs.PAGE, partial(self._print_page, page=page, editions=todo[page.src_uri],
                                                               sections=sections))
                             for page in pages]
                workers = [asyncio.ensure_future(job_queue.work(tab)) for tab in tabs]
                flows = [asyncio.ensure_future(self._booklet(plan, sections, job_queue)) for plan in self.plans]
                try:
                    await asyncio.gather(*page_jobs, *flows)
                    job_queue.stop(len(workers))
                    await asyncio.gather(*workers)
                    job_queue.errors_seen()
                except BaseException:
                    job_queue.errors_seen()
                    job_queue.close(len(workers))  # a worker that outlives its cancellation takes no new job
                    for task in (*workers, *flows):
                        task.cancel()
                    await asyncio.gather(*workers, *flows, *(plan.assembly for plan in self.plans if plan.assembly),
                                         *(kept for plan in self.plans for kept in plan.kept), return_exceptions=True)
                    raise
                self.result.blocked = sorted(set(browser.blocked))
        # Chromium has closed and the server stopped (its shutdown waits for its next poll, up
        # to 0.02 s, on a thread) while the last parts were made accessible and the booklets
        # merged; the export ends when they are.
        await asyncio.gather(*(plan.assembly for plan in self.plans if plan.assembly))

    @asynccontextmanager
    async def _browser(self) -> AsyncIterator[Browser]:
        """A Chromium for this export: started for it and closed after; or a WarmBrowser's, started
        early by `mkdocs build` (closed after) or kept by `mkdocs serve` (only its tabs closed)."""
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

    async def _open(self, tab: Any, page: Page) -> _Held:
        """Opens a page in the tab, readied for print (handouts.open_page)."""
        article, used = await open_page(tab, self.origin, self.settings.link_base, page, self.settings.language)
        self._held[id(tab)] = held = _Held(page.src_uri, article, used)
        return held

    async def _print_page(self, tab: Any, page: Page, editions: list[Edition], sections: list[Page]) -> None:
        """A page's handouts in `editions`, then its section of each booklet, laid out on the
        page as it is open (a section that did not change is taken from the cache)."""
        try:
            await self._print_handouts(tab, page, editions)
            await self._print_sections(tab, page, sections)
        except Exception as error:  # the booklets waiting for this page's sections fail with it
            for plan in self.plans:
                if not plan.section_ready[page.slug].done():
                    plan.section_ready[page.slug].set_exception(error)
            raise

    def _note_keys(self, page: Page, editions: list[Edition], held: _Held) -> list[str]:
        """The page's handout keys in `editions`, from the files it used when it was opened (a
        key is a hash of what the page used: known before it is printed); returns those files.
        A key that cannot be made (a file it used is gone) is left to the handout's print."""
        deps = sorted({*held.used, site_file(page.url)})
        for edition in editions:
            key = self.cache.key(self.handout_recipe(page, edition), deps)
            if key is not None:
                self.keys[(edition.name, page.src_uri)] = key
        return deps

    async def _print_sections(self, tab: Any, page: Page, sections: list[Page]) -> None:
        """The page's section of each booklet (from the cache if it did not change), laid out on
        the page the tab holds (its handouts were just printed, so its keys are known)."""
        for plan in self.section_order:
            recipe = self.section_recipe(plan.edition, sections, page)
            if not self._take_cached(plan, page.slug, recipe):
                await self._print_section(tab, plan, sections, page, recipe, plan.section_ready[page.slug])
            else:
                plan.section_ready[page.slug].set_result(None)

    def _merge_length(self, plan: _Booklet) -> int:
        """The booklet's length when it was last made (its last section's first page; 0 if never):
        a page's sections are printed longest booklet first, as the last section printed has its
        booklet merged after every print (the longer merge is started sooner, beside the other
        section's print)."""
        starts = self.cache.previous_extra(f"{plan.edition.name}/booklet").get("starts")
        try:
            return max((int(start) for start in starts.values()), default=0) if isinstance(starts, dict) else 0
        except (TypeError, ValueError):  # an entry an older exporter wrote: any order will do
            return 0

    async def _print_handouts(self, tab: Any, page: Page, editions: list[Edition]) -> None:
        """Opens the page and prints it in each of `editions` (the tab then holds it)."""
        begun = time.perf_counter()
        held = await self._open(tab, page)
        deps = self._note_keys(page, editions, held)
        for edition in editions:
            await apply_edition(tab, edition)
            header, footer = running_text(self.settings, page, edition)
            raw = await print_tab(tab, self.settings, edition, header, footer)
            relative = handout_path(page.src_uri, edition)
            target = self._target(relative, edition, page.src_uri)
            self.result.printed.append(relative)
            self.result.seconds[relative] = time.perf_counter() - begun
            begun = time.perf_counter()
            # Handed to a worker from here, at once: not after a thread is free to wait for it
            finishing = self.workers.submit(partial(jobs.finish_handout, settings=self.settings, page=page,
                                                    edition=edition, moment=self.moment), raw)
            job = self.finisher.submit(self._finish_fresh, f"{edition.name}/{page.slug}",
                                       self.handout_recipe(page, edition), deps, raw, target, finishing)
            self.finishing.append(job)
            if (edition.name, page.src_uri) not in self.keys:  # a file it used is gone: keyed by its print
                self.keys[(edition.name, page.src_uri)] = await asyncio.wrap_future(job)

    # --- the booklets, from parts -----------------------------------------------------------

    def _take_cached(self, plan: _Booklet, part: str, recipe: dict[str, Any]) -> bool:
        hit = self.cache.lookup(f"{plan.edition.name}/booklet/{part or '(front)'}", recipe)
        if hit is None:
            return False
        try:
            headings = _headings(hit.extra.get("headings") or [])
        except (TypeError, ValueError):  # an entry an older exporter wrote: printed again
            return False
        plan.take(part, hit.key, self.cache.raw(hit.key), hit.deps, int(hit.extra.get("pages") or 0), headings,
                  printed=False)
        return True

    async def _print_section(self, tab: Any, plan: _Booklet, sections: list[Page], page: Page,
                             recipe: dict[str, Any], ready: asyncio.Future[None]) -> None:
        """Lays out the page's section of the booklet on the page itself (open in the tab, or
        opened now) and prints it; `ready` is set once it is made accessible and counted (_keep_part)."""
        try:
            begun = time.perf_counter()
            held = self._held.get(id(tab))
            if held is None or held.src != page.src_uri:
                held = await self._open(tab, page)
            raw = await print_part(tab, self.origin, self.settings, plan.edition, sections, page.slug, held.article)
            fixing = self._fix_part(plan, page.slug, raw)
            used = await used_files(tab, self.origin)
            plan.seconds += time.perf_counter() - begun
        except Exception as error:
            ready.set_exception(error)
            raise
        self._keep_part(plan, page.slug, recipe, raw, fixing, used, ready)

    def _fix_part(self, plan: _Booklet, part: str, raw: bytes) -> Future[tuple[bytes, list[Heading], int]]:
        """A freshly printed part handed to a worker at once, to be made accessible (the costly
        fixes, once a part: kept so in the cache) and counted; the running footer (no tags) only
        counted."""
        if part == FURNITURE:
            return self.workers.submit(jobs.counted_part, raw)
        id_prefix = {FRONT: "rfn-front", NOTES: "rfn-notes", BACK: "rfn-back"}.get(part, f"rfn-s-{part}")
        what = f"The {plan.edition.label.lower()} booklet ({plan.edition.name}/booklet/{part or '(front)'})"
        return self.workers.submit(jobs.accessible_part, raw, what, id_prefix)

    def _keep_part(self, plan: _Booklet, part: str, recipe: dict[str, Any], raw: bytes,
                   fixing: Future[tuple[bytes, list[Heading], int]], used: list[str],
                   ready: asyncio.Future[None], pages: int = 0) -> None:
        """A freshly printed part counted and taken for the booklet once a worker has made it
        accessible (`fixing`): `ready` is then set, and the booklet goes on with its page count
        (and Chromium closes once nothing is left to print); it is merged once every part is
        (plan.kept), and written into the cache on a thread, beside the merging. `pages`: the
        count the part must have (the running footer's, one sheet a booklet page), checked
        before it is kept, so a wrong one is never taken from the cache again."""
        cached_as = f"{plan.edition.name}/booklet/{part or '(front)'}"

        async def keep() -> None:
            try:
                fixed, headings, count = await asyncio.wrap_future(fixing)
                if pages and count != pages:
                    raise PdfExportError(f"The booklet's running footer came out on {count} pages, not {pages}. "
                                         "Build again; if it keeps happening, report it.")
            except asyncio.CancelledError:  # the workers closed under it: whoever waits stops too
                ready.cancel()
                raise
            except Exception as error:  # the booklet waiting for the count fails with it
                if not ready.done():
                    ready.set_exception(error)
                raise
            plan.pages[part] = count
            if not ready.done():  # failed meanwhile with its page's other prints (_print_page)
                ready.set_result(None)
            key = self.cache.key_of(recipe, used, fixed)
            plan.take(part, key, fixed, used, count, tuple(headings), printed=True)
            self.finishing.append(self.finisher.submit(self.cache.store, cached_as, recipe, used, fixed,
                                                       {"pages": count, "headings": _as_kept(headings)}))

        plan.kept.append(asyncio.ensure_future(keep()))

    async def _booklet(self, plan: _Booklet, sections: list[Page], job_queue: _Jobs) -> None:
        """One booklet from its parts: every section (a page printed now brings its own; any
        other is taken from the cache or printed by a free tab) and the back page beside them
        (printed again only if its cards changed), then the cover and contents
        (again only if a section's first page moved), the notes pages and the running footer
        (again only if the page count changed); then merged, made accessible and finished off
        the event loop (plan.assembly), while the tabs go on with the other booklet's parts."""
        edition = plan.edition
        # The back page needs no page numbers: laid out beside the sections, so the notes can
        # count its pages.
        back_page = back_page_html(self.settings)
        back = ([self._booklet_part(plan, sections, job_queue, BACK,
                                  self.part_recipe(edition, sections, BACK, frame=self.frame, back=digest(back_page)),
                                  partial(self._print_on_frame, plan, sections, BACK))] if back_page else [])
        await asyncio.gather(*(self._section_part(plan, sections, job_queue, page) for page in sections), *back)
        await self._contents(plan, sections, job_queue)
        content = plan.pages[FRONT] + sum(plan.pages[p.slug] for p in sections) + plan.pages.get(BACK, 0)
        plan.notes = notes_pages_needed(content)
        total = content + plan.notes
        furniture = {**self.shared, "kind": "booklet-furniture", "edition": self._edition_recipe(edition), "pages": total}
        notes = self.part_recipe(edition, sections, NOTES, frame=self.frame, notes=plan.notes)
        await asyncio.gather(
            *([self._booklet_part(plan, sections, job_queue, NOTES, notes, partial(self._print_on_frame, plan, sections, NOTES, notes=plan.notes))]
              if plan.notes else []),
            self._booklet_part(plan, sections, job_queue, FURNITURE, furniture, partial(self._print_furniture, plan, total),
                             pages=total))
        plan.assembly = asyncio.ensure_future(self._assemble_when_kept(plan, sections))

    async def _contents(self, plan: _Booklet, sections: list[Page], job_queue: _Jobs) -> None:
        """The cover and contents, numbered from the sections' page counts. Its own length moves
        every number after it: worked out with last time's length, and once more if that changed."""
        edition = plan.edition
        plan.front_guess = int(self.cache.previous_extra(f"{edition.name}/booklet/(front)").get("pages") or 2)
        for _ in range(2):
            plan.starts = dict(zip([p.src_uri for p in sections],
                                   starts_from_counts(plan.front_guess, [plan.pages[p.slug] for p in sections]), strict=True))
            recipe = self.part_recipe(edition, sections, FRONT, frame=self.frame, starts=plan.starts,
                                      front=digest(front_matter_html(self.settings, sections)))
            await self._booklet_part(plan, sections, job_queue, FRONT, recipe, partial(self._print_on_frame, plan, sections, FRONT, starts=plan.starts))
            if plan.pages[FRONT] == plan.front_guess:
                return
            plan.front_guess = plan.pages[FRONT]
        raise PdfExportError("The booklet's contents page did not keep its length after its numbers were filled in.")

    async def _section_part(self, plan: _Booklet, sections: list[Page], job_queue: _Jobs, page: Page) -> None:
        """A page's section of the booklet: printed with its page's handouts this run, from the
        cache, or printed by a free tab."""
        if page.slug in plan.section_ready:  # printed with its page's handouts
            await plan.section_ready[page.slug]
            return
        recipe = self.section_recipe(plan.edition, sections, page)
        if self._take_cached(plan, page.slug, recipe):
            return
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        job_queue.add(_Jobs.PART, partial(self._print_section, plan=plan, sections=sections, page=page, recipe=recipe,
                                     ready=ready))
        await ready

    async def _booklet_part(self, plan: _Booklet, sections: list[Page], job_queue: _Jobs, part: str, recipe: dict[str, Any],
                          make: Callable[[Any], Awaitable[bytes]], pages: int = 0) -> None:
        """A part laid out on the booklet's first page (the cover, the notes, the back page) or on a page of
        its own (the running footer, of `pages` pages): from the cache, or printed by a free tab."""
        if self._take_cached(plan, part, recipe):
            return
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        frame_file = site_file(sections[0].url)

        async def job(tab: Any) -> None:
            begun = time.perf_counter()
            try:
                raw = await make(tab)
                fixing = self._fix_part(plan, part, raw)
                used = [] if part == FURNITURE else sorted(set(await used_files(tab, self.origin)) - {frame_file})
            except Exception as error:
                ready.set_exception(error)
                raise
            plan.seconds += time.perf_counter() - begun
            self._keep_part(plan, part, recipe, raw, fixing, used, ready, pages)
        job_queue.add(_Jobs.PART, job)
        await ready

    # The booklet's parts laid out on its first page (the frame), and its running footer
    async def _print_on_frame(self, plan: _Booklet, sections: list[Page], part: str, tab: Any, **options: Any) -> bytes:
        await self._frame(tab, plan.edition, sections)
        return await print_part(tab, self.origin, self.settings, plan.edition, sections, part, **options)

    async def _print_furniture(self, plan: _Booklet, total: int, tab: Any) -> bytes:
        self._held.pop(id(tab), None)
        return await print_furniture(tab, self.settings, plan.edition, total)

    async def _frame(self, tab: Any, edition: Edition, sections: list[Page]) -> None:
        """The booklet's first page, laid out as its frame (open_frame), in `tab` unless it holds it already."""
        if getattr(self._held.get(id(tab)), "src", None) != _FRAME:
            await open_frame(tab, self.origin, self.settings, edition, sections)
            self._held[id(tab)] = _Held(_FRAME, "", [])

    async def _assemble_when_kept(self, plan: _Booklet, sections: list[Page]) -> None:
        """Once every part is kept: the merging handed to a worker from here, and waited for
        (and the booklet kept and written) on a thread."""
        await asyncio.gather(*plan.kept)
        begun = time.perf_counter()
        order: list[tuple[str, str | None]] = [(FRONT, None), *((p.slug, p.slug) for p in sections),
                                               *([(NOTES, None)] if plan.notes else []),
                                               *([(BACK, None)] if BACK in plan.raw else [])]
        finishing = self.workers.submit(jobs.booklet_pdf, [Part(plan.raw[part], slug, plan.headings[part]) for part, slug in order],
                                        plan.raw[FURNITURE], self.settings, sections, plan.starts, plan.edition,
                                        self.moment, plan.pages.get(BACK, 0))
        await self._off_loop(self._assemble, plan, sections, order, finishing, begun, pool=self.merger)

    def _assemble(self, plan: _Booklet, sections: list[Page], order: list[tuple[str, str | None]],
                  finishing: Future[bytes], begun: float) -> None:
        """Keeps a booklet while a worker merges and finishes it (`finishing`), and writes it into the site."""
        edition = plan.edition
        # What is kept of the booklet is its parts' keys (each part is in the cache): a new date
        # with nothing else changed merges them again (_merge_kept).
        kept = json.dumps({"parts": [[slug, plan.keys[part], _as_kept(plan.headings[part])] for part, slug in order],
                           "furniture": plan.keys[FURNITURE], "back_pages": plan.pages.get(BACK, 0)}).encode("utf-8")
        layout = {"starts": plan.starts, "notes": plan.notes}
        relative = booklet_path(edition)
        target = self._target(relative, edition, None)
        self._finish_fresh(f"{edition.name}/booklet", self.booklet_recipe(edition, sections), sorted(plan.deps),
                           kept, target, finishing, layout, blob=PARTS)
        if not edition.folder:
            self.result.booklet_starts = plan.starts
        self.result.printed.append(relative)
        self.result.booklet_parts[edition.name] = sorted(plan.printed, key=lambda part: (part in (FRONT, NOTES, BACK, FURNITURE), part))
        self.result.seconds[relative] = plan.seconds + time.perf_counter() - begun


FURNITURE = "(furniture)"  # the running footer, printed on empty pages
_FRAME = "(frame)"  # what a tab holds once the booklet's first page is laid out as its frame


@dataclasses.dataclass(frozen=True)
class _Held:
    """The page a tab holds: its src_uri (or _FRAME), its article as it was opened (for its
    booklet section) and the site files it used."""
    src: str
    article: str
    used: list[str]


@dataclasses.dataclass
class _Booklet:
    """One booklet's parts as they are printed or taken from the cache."""
    edition: Edition
    raw: dict[str, bytes] = dataclasses.field(default_factory=dict)
    keys: dict[str, str] = dataclasses.field(default_factory=dict)  # each part's key in the cache
    pages: dict[str, int] = dataclasses.field(default_factory=dict)
    headings: dict[str, tuple[Heading, ...]] = dataclasses.field(default_factory=dict)  # each part's outline
    deps: set[str] = dataclasses.field(default_factory=set)
    printed: list[str] = dataclasses.field(default_factory=list)
    starts: dict[str, int] = dataclasses.field(default_factory=dict)
    notes: int = 0
    front_guess: int = 2  # the contents' page count the numbers were worked out with
    seconds: float = 0.0
    assembly: asyncio.Future[None] | None = None  # the merging, once every part is kept
    kept: list[asyncio.Future[None]] = dataclasses.field(default_factory=list)  # each part printed this
    # run: set once it is made accessible and kept
    section_ready: dict[str, asyncio.Future[None]] = dataclasses.field(default_factory=dict)  # slug ->
    # section made accessible and counted, for the pages printed this run (their handouts' job prints
    # their sections)

    def take(self, part: str, key: str, raw: bytes, deps: list[str], pages: int, headings: tuple[Heading, ...],
             printed: bool) -> None:
        self.raw[part], self.keys[part], self.pages[part], self.headings[part] = raw, key, pages, headings
        self.deps.update(deps)
        if printed:
            self.printed.append(part)


def _as_kept(headings: Iterable[Heading]) -> list[list[Any]]:
    """A part's heading outline as the cache keeps it (JSON): [depth, title, page] each."""
    return [[heading.depth, heading.title, heading.page] for heading in headings]


def _headings(kept: list[Any]) -> tuple[Heading, ...]:
    """A part's heading outline from what _as_kept() made of it."""
    return tuple(Heading(int(depth), str(title), int(page)) for depth, title, page in kept)


class _Jobs:
    """What the tabs print, taken by whichever tab is free: pages first (each page's handouts
    and its booklet sections), then the booklet parts that are left, in the order they were
    asked for. Each job's result or error goes to the future add() returned."""
    PAGE, PART, STOP = range(3)

    def __init__(self) -> None:
        self._queue: asyncio.PriorityQueue[tuple[int, int, Callable[[Any], Awaitable[Any]] | None, Any]] = \
            asyncio.PriorityQueue()
        self._order = itertools.count()
        self._futures: list[asyncio.Future[Any]] = []
        self._closed = False

    def add(self, priority: int, job: Callable[[Any], Awaitable[Any]]) -> asyncio.Future[Any]:
        future = asyncio.get_running_loop().create_future()
        self._futures.append(future)
        self._queue.put_nowait((priority, next(self._order), job, future))
        return future

    def stop(self, workers: int) -> None:
        for _ in range(workers):
            self._queue.put_nowait((self.STOP, next(self._order), None, None))

    def close(self, workers: int) -> None:
        """The export failed: every worker returns, whatever is still queued (a worker must not
        wait for a next job that never comes, which would hang the export)."""
        self._closed = True
        self.stop(workers)

    async def work(self, tab: Any) -> None:
        while True:
            _priority, _order, job, future = await self._queue.get()
            if job is None or self._closed:
                return
            try:
                result = await job(tab)
            except Exception as error:  # to whoever waits for it; the tab goes on with the next job
                future.set_exception(error)
            else:
                future.set_result(result)

    def errors_seen(self) -> None:
        """Marks the jobs' errors as seen: the error that stops the export is raised by whoever
        waited for it (a booklet waits for its part, not for the job that printed it)."""
        for future in self._futures:
            if future.done() and not future.cancelled():
                future.exception()
