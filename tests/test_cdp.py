"""The export's own line to Chromium (rfn_guide/pdf/cdp.py, issue 21): a real Chromium, driven
over its DevTools pipe, as the export drives it. What a user meets: pages load and print, a
script's error says what failed, a page that is not there is seen as such, a Chromium that dies
fails the export at once with a clear message instead of hanging, and nothing is left running."""
from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from threading import Thread

import pytest
from pypdf import PdfReader

from rfn_guide.pdf.browser import Browser
from rfn_guide.pdf.cdp import BrowserError, inches
from rfn_guide.pdf.server import LocalServer
from support.browser import find_chromium


@pytest.fixture()
def origin(tmp_path):
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>T</title></head><body><h1>Printed here</h1>'
        "<p>One paragraph.</p></body></html>", encoding="utf-8")
    server = LocalServer(("127.0.0.1", 0), lambda *a: SimpleHTTPRequestHandler(*a, directory=str(tmp_path)))
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def running_in_group(group: int) -> list[str]:
    """The processes of a process group still running (Chromium's helpers are in its group).
    Zombies are not counted: Chromium's zygote leaves its children to the system's first
    process to collect, which in some containers never does."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            running.append(stat.parent.name)
    return running


def run(coroutine):
    """On a thread of its own, as the export runs (a sync Playwright test in the same worker
    leaves an event loop running on the main thread)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, 60)).result()


def test_margins_are_converted_as_playwright_converted_them():
    """The PDFs break pages where they did when Playwright printed them: its units (3.78 px a mm)."""
    assert inches("18mm") == pytest.approx(18 * 3.78 / 96)
    assert inches("1in") == 1.0 and inches("96px") == 1.0 and inches("96") == 1.0


def test_a_page_loads_prints_and_the_browser_leaves_nothing_behind(origin, tmp_path):
    async def go():
        async with Browser(find_chromium(), "en") as browser:
            tab = (await browser.tabs(1, origin))[0]
            response = await tab.goto(origin + "page.html")
            heading = await tab.evaluate("() => document.querySelector('h1').textContent")
            pdf = await tab.pdf(format="A4", margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                                print_background=True, tagged=True, outline=True, display_header_footer=False,
                                header_template="", footer_template="", prefer_css_page_size=False)
            missing = await tab.goto(origin + "nowhere.html")
            connection = browser._connection
        return response, heading, pdf, missing, connection, running_in_group(connection.process.pid)

    response, heading, pdf, missing, connection, left = run(go())
    assert response.ok and heading == "Printed here"
    reader = PdfReader(io.BytesIO(pdf))
    assert "Printed here" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the print is not tagged"
    assert not missing.ok and missing.status == 404
    assert connection.process.returncode is not None and not left, f"Chromium still runs after the browser closed: {left}"
    assert not connection.profile.exists(), "Chromium's user data folder was left behind"


def test_a_script_error_in_the_page_says_what_failed(origin):
    async def go():
        async with Browser(find_chromium(), "en") as browser:
            tab = (await browser.tabs(1, origin))[0]
            await tab.goto(origin + "page.html")
            await tab.evaluate("() => { throw new Error('the booklet frame is missing'); }")

    with pytest.raises(BrowserError, match="the booklet frame is missing"):
        run(go())


def test_a_chromium_that_dies_fails_what_waits_for_it_at_once(origin):
    """Killed mid-export (out of memory, a crash): the command waiting for it fails within
    seconds with a clear error, and the browser reports itself gone (the next export starts one)."""
    async def go():
        async with Browser(find_chromium(), "en") as browser:
            tab = (await browser.tabs(1, origin))[0]
            browser._connection.kill()
            began = time.perf_counter()
            with pytest.raises(BrowserError, match="Chromium"):
                await tab.evaluate("() => new Promise(() => {})")  # would never answer by itself
            return time.perf_counter() - began, browser.connected

    waited, connected = run(go())
    assert waited < 10 and not connected


def test_a_program_that_is_no_chromium_gives_its_own_words(tmp_path):
    from rfn_guide.pdf.settings import PdfExportError

    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'chromium: cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(PdfExportError, match=r"would not start \(chromium: cannot open display\)"):
        run(Browser(str(fake), "en").start())


def test_chromium_starts_when_its_pipes_get_the_descriptors_it_looks_for():
    """A process whose descriptors 3 and 4 are free (closed, or freed by another thread that
    forks meanwhile, as `mkdocs build` did when it started its workers beside Chromium) gets them for the
    pipes; Chromium still finds its ends there. Before the fix, half the early starts of
    `mkdocs build` failed so and Chromium was started a second time, when the export began."""
    hooks = Path(__file__).resolve().parents[1] / "hooks"
    program = f"""
import asyncio, os, sys
sys.path.insert(0, {str(hooks)!r})
from rfn_guide.pdf.browser import Browser
held = [os.open(os.devnull, os.O_RDONLY) for _ in range(3, 10)]  # 3 to 9, so the event loop gets others
assert held == list(range(3, 10)), held  # else this would test nothing
async def go():
    for fd in held:  # free again: the pipes get 3, 4, 5 and 6
        os.close(fd)
    async with Browser({find_chromium()!r}, "en") as browser:
        print((await browser._connection.send("Browser.getVersion"))["product"])
asyncio.run(go())
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-800:]
    assert "Chrom" in done.stdout


def test_the_export_server_takes_every_connection_two_tabs_open_at_once(tmp_path):
    """The export's server queues as many connections as two tabs open at once (each asks for a
    page's styles, pictures and fonts on up to six). With socketserver's default queue of 5 the
    system dropped the rest, Chromium tried again a second later, and a page took 1.1 s to open.
    Here nothing accepts, as when the server's thread is busy: 40 connections must still be
    taken at once (a dropped one would wait for the 1 s retry)."""
    import socket

    from rfn_guide.pdf.server import SiteServer

    server = SiteServer.make_server(tmp_path)
    try:
        address = server.server_address
        connections = [socket.create_connection(address, timeout=0.5) for _ in range(40)]
        for connection in connections:
            connection.close()
    finally:
        server.server_close()
