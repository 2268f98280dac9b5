"""Problems in the live preview, seen in real Chromium: `mkdocs serve` (as `scripts/build.sh
serve` runs it) shows a planted problem on its page and on every page's count, and the next
automatic reload after the fix shows the page clean. A built site never carries the panel."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rfn_guide.engine.annotations import github_annotation
from rfn_guide.engine.findings import Finding
from rfn_guide.preview.rules import add_to_page
from support.project import ROOT, run_mkdocs_build
from support.serve import ServeLog, free_port
from validation_site import default_pages, make_site

PLANTED = "A planted citation [@shealy1976]."


def _serve_command() -> list[str]:
    """The serve command of scripts/build.sh, run from this project's virtual environment."""
    script = (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8")
    match = re.search(r"exec \.venv/bin/mkdocs (serve [^\n\"]*)", script)
    assert match, "scripts/build.sh has no `mkdocs serve` command"
    return [sys.executable, "-m", "mkdocs", *match.group(1).split()]


@pytest.fixture()
def served_site(tmp_path):
    pages = default_pages()
    pages["second.md"] += "\n" + PLANTED + "\n"
    config = make_site(tmp_path, pages)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "0"}
    server = subprocess.Popen([*_serve_command(), "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    ServeLog(server).wait_for("Serving on", within=120)  # logged once it listens
    yield tmp_path, url
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def test_live_preview_shows_the_problem_on_its_page_and_clears_after_the_fix(served_site, browser, test_output):
    folder, url = served_site
    page = browser.new_page()
    try:
        page.goto(url + "second/")
        panel = page.locator("#rfn-problems")
        expect(panel).to_be_visible(timeout=60_000)
        line = default_pages()["second.md"].count("\n") + 2
        expect(panel).to_contain_text("docs/second.md")
        expect(panel).to_contain_text(f"line {line}")
        expect(panel).to_contain_text("citation key 'shealy1976' is not in the bibliography")
        expect(panel).to_contain_text("correct the key")
        page.screenshot(path=str(test_output / "preview-problem-panel.png"))
        # Every page counts the site's problems and links to them.
        page.goto(url)
        bar = page.locator("details.rfn-preview-bar")
        expect(bar).to_contain_text("The site has 1 problem")
        expect(page.locator("#rfn-problems")).to_have_count(0)  # the home page itself is fine
        bar.locator("summary").click()
        bar.locator("a").first.click()
        expect(page).to_have_url(re.compile(r"/second/#rfn-problems$"))
        # Fix the Markdown: the page reloads by itself and is clean.
        source = folder / "docs" / "second.md"
        source.write_text(source.read_text(encoding="utf-8").replace("[@shealy1976]", "[@shealy1975]"),
                          encoding="utf-8")
        expect(page.locator("#rfn-problems")).to_have_count(0, timeout=60_000)
        expect(page.locator("details.rfn-preview-bar")).to_have_count(0)
        expect(page.locator("article")).to_contain_text("A planted citation")
    finally:
        page.close()


@pytest.fixture(scope="module")
def strict_build_of_a_planted_fault(tmp_path_factory):
    """`mkdocs build --strict` of the fixture site with PLANTED in it, as under GitHub Actions
    (one build for the two tests below)."""
    root = tmp_path_factory.mktemp("planted")
    pages = default_pages()
    pages["second.md"] += "\n" + PLANTED + "\n"
    return run_mkdocs_build(make_site(root / "bad", pages), root / "bad-site", GITHUB_ACTIONS="true")


def test_a_built_site_fails_on_the_same_problem_and_never_carries_the_panel(tmp_path, strict_build_of_a_planted_fault):
    result = strict_build_of_a_planted_fault
    assert result.returncode != 0 and "citation key 'shealy1976' is not in the bibliography" in result.stderr
    pages = default_pages()
    pages["second.md"] += "\n" + PLANTED + "\n"
    make_site(tmp_path / "bad2", pages)
    no_strict = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f",
                                str(tmp_path / "bad2" / "mkdocs.yml"), "-d", str(tmp_path / "loose")],
                               cwd=tmp_path / "bad2", env={**os.environ, "PDF_EXPORT": "0", "NO_MKDOCS_2_WARNING": "1"},
                               capture_output=True, text=True)
    assert no_strict.returncode == 0, no_strict.stderr
    for html in Path(tmp_path / "loose").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "rfn-problems" not in text and "rfn-preview" not in text, html


def test_panel_html_escapes_and_goes_at_the_top_of_the_content():
    finding = Finding("docs/a.md", 3, "citation '<b>' is wrong: fix it")
    from rfn_guide.preview.rules import ShownFinding

    out = add_to_page('<body><article class="md-content__inner">x</article></body>', [finding],
                      [ShownFinding(finding, "")])
    assert out.index("rfn-preview-bar") < out.index('id="rfn-problems"') < out.index(">x</article>")
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert '<a href="#rfn-problems">' in out
    assert add_to_page("<body>x</body>", [], []) == "<body>x</body>"


@pytest.mark.parametrize("file, line, title, message, expected", [
    ("docs/index.md", 12, "RFN guide: citations", "citation key 'x' is not in the bibliography",
     "::error file=docs/index.md,line=12,title=RFN guide%3A citations::citation key 'x' is not in the bibliography"),
    ("docs/a,b.md", None, "T", "50% done\nnext: line\r",
     "::error file=docs/a%2Cb.md,title=T::50%25 done%0Anext: line%0D"),
])
def test_github_annotation_escapes_as_github_documents(file, line, title, message, expected):
    assert github_annotation(file, line, title, message) == expected


def test_findings_are_annotations_under_github_actions(strict_build_of_a_planted_fault):
    result = strict_build_of_a_planted_fault
    line = default_pages()["second.md"].count("\n") + 2
    assert (f"::error file=docs/second.md,line={line},title=RFN guide%3A citations::citation key 'shealy1976' "
            "is not in the bibliography") in result.stdout
