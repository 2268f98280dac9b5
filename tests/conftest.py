"""Shared fixtures: builds of the real site (HTML, PDFs, both languages, the clinic edition, the
offline copy), a browser, and the fast tier's list of slow tests. Helpers a test imports live in
tests/support/ (project.py: paths and builds; browser.py; serve.py): tests never import this file."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

# Tests start Chromium as the PDF export does: same program, same closed-network flags.
from rfn_guide.pdf.browser import CLOSED_NETWORK_ARGS
from support.browser import VIEW_HEIGHT, find_chromium
from support.project import ROOT, TEST_OUTPUT, run_mkdocs_build
from support.serve import serve_directory


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder `make` fills once per test run, for a session fixture. Under pytest-xdist each
    worker is a session of its own: the first worker to ask makes it in the run's common temporary
    folder, under a lock, and the others wait for it and share it (pytest-xdist's pattern for
    session fixtures), so a build is never made twice in one run."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        target = tmp_path_factory.mktemp(name)
        make(target)
        return target
    common = tmp_path_factory.getbasetemp().parent  # this run's folder, above each worker's own
    target, done = common / name, common / f"{name}.done"
    with open(common / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)  # a failed attempt's leftovers
            target.mkdir()
            make(target)
            done.touch()
    return target


def _html_build(config: Path, site_dir: Path) -> None:
    result = run_mkdocs_build(config, site_dir, PDF_EXPORT="0")
    assert result.returncode == 0, f"mkdocs build --strict -f {config.name} failed:\n{result.stderr}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site built once with --strict (HTML only: PDF tests build their own)."""
    return shared_build(tmp_path_factory, "site", lambda folder: _html_build(ROOT / "mkdocs.yml", folder))


@pytest.fixture(scope="session")
def test_output() -> Path:
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT


# --- A real browser: Debian's Chromium through Playwright, never a downloaded one -------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=list(CLOSED_NETWORK_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the real site, served from 127.0.0.1 by the test itself."""
    with serve_directory(built_site) as base_url:
        yield base_url


# --- Shared by the Spanish tests and the browser gates ---------------------------------------

def _both(folder: Path, english: Path) -> None:
    shutil.copytree(english, folder / "site")  # the English build of built_site, not made again
    spanish = run_mkdocs_build(ROOT / "mkdocs.es.yml", folder / "site" / "es", PDF_EXPORT="0")
    assert spanish.returncode == 0, f"the Spanish build failed with --strict:\n{spanish.stderr}"
    assert "WARNING" not in spanish.stderr


@pytest.fixture(scope="session")
def both_sites(tmp_path_factory, built_site) -> Path:
    """English in site/ (built_site's), then Spanish built into site/es/, as scripts/build.sh
    does (no PDFs)."""
    return shared_build(tmp_path_factory, "both", lambda folder: _both(folder, built_site)) / "site"


@pytest.fixture(scope="module")
def views(browser):
    """(palette, width) -> a Page in its own context; made on first use, kept for the module."""
    made: dict[tuple[str, int], object] = {}

    def view(palette: str, width: int):
        if (palette, width) not in made:
            context = browser.new_context(viewport={"width": width, "height": VIEW_HEIGHT},
                                          color_scheme="dark" if palette == "dark" else "light",
                                          reduced_motion="reduce")
            made[(palette, width)] = context.new_page()
        return made[(palette, width)]

    yield view
    for page in made.values():
        page.context.close()


# --- The fast tier (`scripts/test.sh --fast`) -------------------------------------------------
# A test is "slow" when it starts Chromium (browser tests, PDF builds) or Java (the HTML
# checker), or times things: the fast tier leaves those out and keeps every rule, planted fault
# and in-site check that needs only MkDocs. Whole modules, by what they test; single tests, by
# the fixtures that build PDFs or open a browser.
SLOW_MODULES = {
    "test_benchmarks", "test_browser_gates", "test_html_validity", "test_offline", "test_pdf_accessibility",
    "test_pdf_engine", "test_pdfs", "test_spanish_browser", "test_spanish_offline",
    "test_properdocs",  # a second builder in its own venv: MkDocs already runs every rule in the fast tier
}
SLOW_FIXTURES = {  # Chromium (a browser, or the PDF export) or Java
    "browser", "views", "site_url", "served_site", "pdf_site", "spanish_pdf_site", "clinic_pdf_site", "plain_site",
    "clinic_es",
    "edition",  # test_paper.py: asks for pdf_site or spanish_pdf_site by name, so they are not in its closure
}
SLOW_TESTS = {
    "test_a_clinic_edition_shows_its_own_text_on_screen_and_in_the_handout",  # builds its PDFs
    "test_spanish_pages_are_valid_html_apart_from_listed_theme_errors",  # the HTML checker runs on Java
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: starts Chromium or Java; left out of scripts/test.sh --fast")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__ if isinstance(item, pytest.Function) else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if module in SLOW_MODULES or fixtures & SLOW_FIXTURES or item.name.split("[")[0] in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


# --- The offline copy (tests/test_offline.py, test_spanish_offline.py) -------------------------

def _offline(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_offline.py"), "--zip", str(out / "rfn-guide-offline.zip"),
         "--site-dir", str(out / "site")],
        cwd=ROOT, env={**os.environ, "PDF_EXPORT": "0", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"scripts/build_offline.py failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The zip made by scripts/build_offline.py, built without PDFs to save time."""
    return shared_build(tmp_path_factory, "offline", _offline) / "rfn-guide-offline.zip"


@pytest.fixture(scope="session")
def offline_copy(offline_zip, tmp_path_factory) -> Path:
    """The zip unpacked as a reader would; returns the folder holding index.html."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    [folder] = [path for path in target.iterdir() if path.is_dir()]
    return folder


# --- The PDF builds, each made once per run and shared by every test that reads them -------------

def _pdf_build(config: Path, site_dir: Path) -> None:
    result = run_mkdocs_build(config, site_dir, PDF_EXPORT="1", PDF_PAPER="")
    assert result.returncode == 0, f"mkdocs build --strict -f {config.name} with PDF export failed:\n{result.stderr}"
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory) -> Path:
    """The English guide built once with --strict and PDF export on (US Letter, the default)."""
    return shared_build(tmp_path_factory, "pdf-site", lambda folder: _pdf_build(ROOT / "mkdocs.yml", folder))


@pytest.fixture(scope="session")
def spanish_pdf_site(tmp_path_factory) -> Path:
    """The Spanish guide built once with --strict and PDF export on."""
    return shared_build(tmp_path_factory, "es-pdf-site", lambda folder: _pdf_build(ROOT / "mkdocs.es.yml", folder))


@pytest.fixture(scope="session")
def clinic_pdf_site(tmp_path_factory) -> Path:
    """examples/clinic/mkdocs.yml built from the guide's folder with PDFs (README's command,
    without the set-up step)."""
    return shared_build(tmp_path_factory, "clinic-edition",
                        lambda folder: _pdf_build(ROOT / "examples" / "clinic" / "mkdocs.yml", folder))
