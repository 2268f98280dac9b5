"""Spell check of everything a reader sees in docs/*.md and includes/*.md, in US English.

pyspelling runs Debian's aspell (en_US) with the project's word list of medical and proper names
(tests/spelling/wordlist.txt), as configured in .pyspelling.yml: front matter, citation keys,
code, URLs, HTML comments and attributes (except alt text and titles) are left out. A British
form such as "anaesthetic" or a typo fails the test, naming the file and the word."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pyspelling import spellcheck

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ".pyspelling.yml"
WORDLIST = Path("tests/spelling/wordlist.txt")


def misspellings(root: Path) -> list[str]:
    """'file: word' for each unknown word under root (its .pyspelling.yml globs are relative)."""
    if shutil.which("aspell") is None:
        pytest.fail("aspell is not installed: run scripts/setup.sh (it installs Debian's aspell and aspell-en)")
    here = os.getcwd()
    os.chdir(root)
    try:
        found: list[str] = []
        for result in spellcheck(CONFIG):
            if result.error:
                pytest.fail(f"the spell checker could not read {result.context}: {result.error}")
            # context is e.g. "<url-free> docs/index.md: html>body>p": keep the file name
            where = result.context.split(": ")[0].split()[-1]
            found.extend(f"{where}: {word}" for word in result.words)
    finally:
        os.chdir(here)
    return sorted(set(found))


# One run of the spell checker over a copy of the guide with planted faults answers every test
# here (each run reads every page, about a second and a half): the planted words must be found,
# the planted places that are not prose must not, and no other word may be unknown, which is
# the check of the guide itself.
PLANTED = ["docs/before.md: anaesthetic", "docs/before.md: docter", "includes/glossary.md: bonne"]


@pytest.fixture(scope="module")
def checked_copy(tmp_path_factory) -> list[str]:
    """The unknown words of the pages, includes, word list and spelling settings copied to a
    temporary folder, with the faults of PLANTED and a page of things that are not prose."""
    root = tmp_path_factory.mktemp("spelling")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("assets", "*.js", "*.css"))
    shutil.copytree(ROOT / "includes", root / "includes")
    (root / WORDLIST).parent.mkdir(parents=True)
    shutil.copy(ROOT / WORDLIST, root / WORDLIST)
    shutil.copy(ROOT / CONFIG, root / CONFIG)
    page = root / "docs" / "before.md"
    text = page.read_text(encoding="utf-8")
    assert "local anesthetic" in text and "Your doctor will examine you and" in text
    page.write_text(text.replace("local anesthetic", "local anaesthetic")
                    .replace("Your doctor will examine you and", "Your docter will examine you and"), encoding="utf-8")
    glossary = root / "includes" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "*[tendon]: A cord that joins a muscle to a bonne.\n",
                        encoding="utf-8")
    (root / "docs" / "not-prose.md").write_text(
        "---\ndescription: Zzqx wurd.\n---\n\n# About\n\nRead this [@zzqx-abc; @qqxy2020].\n\n"
        "<!-- a commment -->\n\nSee <https://exampel.org/pathh>.\n\nText\n{ .rfn-scren-only }\n\n"
        "```\ncodde\n```\n", encoding="utf-8")
    return misspellings(root)


def test_guide_is_spelled_in_us_english(checked_copy):
    wrong = [word for word in checked_copy if word not in PLANTED]
    assert not wrong, ("unknown words (fix the spelling, use US English, or add a real medical term "
                       "to tests/spelling/wordlist.txt):\n" + "\n".join(wrong))


def test_word_list_is_sorted_and_has_one_word_a_line():
    words = (ROOT / WORDLIST).read_text(encoding="utf-8").split("\n")
    words = [word for word in words if word]
    assert all(len(word.split()) == 1 for word in words)
    assert words == sorted(words, key=str.lower), "keep tests/spelling/wordlist.txt in alphabetical order"


def test_a_british_spelling_and_a_typo_fail_naming_file_and_word(checked_copy):
    assert [word for word in checked_copy if word.startswith("docs/before.md")] == [
        "docs/before.md: anaesthetic", "docs/before.md: docter"]


def test_glossary_meanings_are_checked_too(checked_copy):
    assert [word for word in checked_copy if word.startswith("includes/")] == ["includes/glossary.md: bonne"]


def test_front_matter_citation_keys_code_and_addresses_are_not_checked(checked_copy):
    assert [word for word in checked_copy if word.startswith("docs/not-prose.md")] == []
