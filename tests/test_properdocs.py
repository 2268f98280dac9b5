"""The guide also builds with ProperDocs, a continuation of MkDocs 1.x that keeps hooks (MkDocs 2.0
drops them, so requirements.txt pins MkDocs 1): the English guide builds strictly into the same
site as MkDocs builds, and planted faults stop the build with their file and line, as under MkDocs.

ProperDocs lives in a venv of its own, .venv-properdocs (requirements-properdocs.txt, made by
`scripts/setup.sh requirements-dev.txt`), so .venv keeps building with MkDocs itself. Its
`properdocs` command serves every `import mkdocs...` of Material and of hooks/ from ProperDocs."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.project import HEADINGS, ROOT, run_mkdocs_build
from validation_site import Case, assert_stopped_by, line_of, make_site, with_fault

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
# The one line MkDocs and ProperDocs write differently: who made the page
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')

# One planted fault per stage of the build: a page's Markdown, its citations, the links checked
# once every page is built (tests/test_validation_sites.py plants these and more under MkDocs)
FAULTS = {
    "admonition-type-misspelt": Case(with_fault('!!! warnign "Careful"\n    Text [@shealy1975].'), None,
                                     ["docs/index.md:{line}: unknown admonition type 'warnign': did you mean "
                                      "'warning'?"], fault="!!! warnign"),
    "citation-unknown-key": Case(with_fault("Text [@shealy1976]."), None,
                                 ["docs/index.md:{line}: citation key 'shealy1976' is not in the bibliography"],
                                 fault="[@shealy1976]"),
    "link-missing-anchor": Case(with_fault("[Part](second.md#no-such-part)"), None,
                                ["docs/index.md:{line}: link to 'second.md#no-such-part', but docs/second.md has no "
                                 "anchor '#no-such-part'"], fault="[Part]"),
}


@pytest.fixture(scope="module")
def properdocs() -> tuple[str, ...]:
    if not PROPERDOCS.is_file():
        pytest.fail(f"ProperDocs is not installed: {PROPERDOCS.relative_to(ROOT)} is missing. Make its venv with "
                    "`scripts/setup.sh requirements-dev.txt` (or: `python3 -m venv .venv-properdocs && "
                    ".venv-properdocs/bin/python -m pip install -r requirements-properdocs.txt`).")
    return (str(PROPERDOCS),)


@pytest.fixture(scope="module")
def properdocs_site(properdocs, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site, properdocs, PDF_EXPORT="0")
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return site


def _page(site: Path, name: str) -> BeautifulSoup:
    path = site / ("index.html" if name == "index.md" else f"{name.removesuffix('.md')}/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_properdocs_builds_every_page_with_the_work_of_the_hooks(properdocs_site):
    for name, heading in HEADINGS.items():
        soup = _page(properdocs_site, name)
        made_by = soup.find("meta", attrs={"name": "generator"})
        assert made_by and "ProperDocs" in str(made_by.get("content")), f"{name} was not made by ProperDocs"
        assert soup.h1 and " ".join(soup.h1.get_text().split()).rstrip("¶") == heading
    # The hooks' work a reader sees: glossary tooltips, numbered citations, each page's sources
    after = _page(properdocs_site, "after.md")
    assert after.h1 and after.h1.find("abbr", attrs={"title": True})
    assert after.select_one("section.rfn-sources li")
    assert len(_page(properdocs_site, "references.md").select('li[id^="ref-"][value]')) > 10


def test_properdocs_builds_the_same_site_as_mkdocs(properdocs_site, built_site):
    """Every hook ran the same under ProperDocs: each file equals MkDocs' own, but for the generator line."""
    mkdocs_files = sorted(path.relative_to(built_site) for path in built_site.rglob("*") if path.is_file())
    properdocs_files = sorted(path.relative_to(properdocs_site) for path in properdocs_site.rglob("*") if path.is_file())
    assert properdocs_files == mkdocs_files
    differ = [str(name) for name in mkdocs_files
              if GENERATOR.sub(b"", (built_site / name).read_bytes()) != GENERATOR.sub(b"", (properdocs_site / name).read_bytes())]
    assert not differ, ("ProperDocs built these files differently from MkDocs (are the packages of .venv and "
                        f".venv-properdocs the same versions? compare `pip freeze`): {differ}")


@pytest.fixture(scope="module")
def fault_builds(properdocs, tmp_path_factory):
    tmp_root = tmp_path_factory.mktemp("properdocs-faults")

    def build(name: str, case: Case):
        config = make_site(tmp_root / name, case.pages, case.bib)
        return run_mkdocs_build(config, tmp_root / name / "site", properdocs, PDF_EXPORT="0")

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(build, name, case) for name, case in FAULTS.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_planted_fault_stops_properdocs_naming_file_and_line(fault_builds, name):
    case = FAULTS[name]
    assert_stopped_by(fault_builds[name], case.expected, line_of(case.pages[case.page], case.fault), name)
