"""The real guide, built once (conftest's built_site): citations, reference list and Sources agree."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from rfn_guide.citations.bibliography import parse_bibliography
from rfn_guide.engine.check import check_docs
from rfn_guide.engine.findings import INFO
from support.project import DOCS, ROOT

# Every entry of the bibliography (each must be cited somewhere, so each is in the reference list)
KEYS = set(parse_bibliography((ROOT / "includes" / "references.bib").read_text(encoding="utf-8"))[0])


def _pages(site):
    return {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(site.rglob("index.html")) if "assets" not in path.parts}


def test_reference_list_has_every_entry_numbered_once(built_site):
    soup = BeautifulSoup((built_site / "references" / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ol.rfn-references > li")
    assert {li["id"].removeprefix("ref-") for li in items} == KEYS
    assert [int(li["value"]) for li in items] == list(range(1, len(KEYS) + 1))
    assert "<!-- bibliography -->" not in str(soup)
    for li in items:  # every article entry links its DOI
        if "doi" in li.get_text():
            assert li.find("a", href=re.compile(r"^https://doi\.org/10\."))


def test_citations_link_to_existing_entries_with_matching_numbers_and_pages_list_their_sources(built_site):
    references = BeautifulSoup((built_site / "references" / "index.html").read_text(encoding="utf-8"), "html.parser")
    number_of = {li["id"]: li["value"] for li in references.select("ol.rfn-references > li")}
    cited_anywhere = set()
    for path, soup in _pages(built_site).items():
        main = soup.select_one("article") or soup
        assert "[@" not in main.get_text(), f"{path}: a citation was left unconverted"
        cited_here = {}
        for link in main.select("sup.rfn-cite a"):
            anchor = link["href"].split("#")[1]
            assert anchor in number_of, f"{path}: citation links to missing #{anchor}"
            assert link.get_text() == number_of[anchor], f"{path}: #{anchor} numbered {link.get_text()}"
            cited_here[anchor] = number_of[anchor]
        cited_anywhere |= set(cited_here)
        sources = main.select_one("section.rfn-sources")
        if cited_here and path.parent.name != "references":
            assert sources is not None and sources.find("h2", id="sources"), f"{path}: no Sources section"
            listed = [li["value"] for li in sources.select("ol > li")]
            assert listed == sorted(cited_here.values(), key=int), f"{path}: Sources list {listed}"
        else:
            assert sources is None, f"{path}: Sources section on a page that cites nothing"
    assert cited_anywhere == {"ref-" + key for key in KEYS}


def test_command_line_check_agrees_that_the_docs_are_clean():
    problems = [str(f) for f in check_docs(DOCS) if f.level != INFO]
    assert problems == []
