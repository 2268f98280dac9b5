"""The Spanish edition of a clinic's own guide, from one file (examples/clinic-es/mkdocs.yml,
INHERIT: ../../mkdocs.es.yml, the same invented clinic as examples/clinic/): built strictly as
README says, its details in Spanish on every Spanish handout, the booklet cover and the footer."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.project import ROOT

CONFIG = "examples/clinic-es/mkdocs.yml"
NAME = "Clínica de la Columna de Ejemplo (solo un ejemplo, no es una clínica real)"
NUMBERS = ("(617) 555-0134", "(617) 555-0188")


def _pdf_text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


@pytest.fixture(scope="module")
def clinic_es(tmp_path_factory) -> Path:
    """examples/clinic-es/mkdocs.yml built from the guide's folder with PDFs (README's command)."""
    site_dir = tmp_path_factory.mktemp("clinic-es") / "es"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", CONFIG, "-d", str(site_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"the Spanish clinic edition did not build:\n{result.stderr}"
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr
    return site_dir


def test_readme_says_how_a_clinic_makes_both_editions():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english = readme.index("scripts/build.sh -f examples/clinic/mkdocs.yml")
    assert readme.index(f"scripts/build.sh -f {CONFIG}") > english  # English first: Spanish lands inside it
    text = (ROOT / CONFIG).read_text(encoding="utf-8")
    assert text.startswith("#") and "\nINHERIT: ../../mkdocs.es.yml\n" in text


def test_clinic_phone_numbers_are_on_every_spanish_handout(clinic_es):
    pdfs = sorted((clinic_es / "handouts").rglob("*.pdf"))
    pages = [p for p in (ROOT / "docs-es").glob("*.md")]
    assert len(pdfs) == 2 * (len(pages) + 1), [p.name for p in pdfs]  # every page and the booklet, in both prints
    for pdf in pdfs:
        text = _pdf_text(pdf)
        for number in NUMBERS:
            assert number in text, f"{pdf.relative_to(clinic_es)}: {number}"
        assert "Su clínica" in text or NAME in text, pdf.name
        assert "Who to call" not in text and "A quién llamar (pida a su clínica" not in text, pdf.name
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(clinic_es / "handouts" / "rfn-guide.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    cover = " ".join(first.split())
    assert NAME in cover and NUMBERS[0] in cover and "Noches y fines de semana" in cover


def test_clinic_details_in_spanish_on_the_web_pages(clinic_es):
    after = (clinic_es / "after" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Su clínica"' in after
    assert "Preguntas, de lunes a viernes de 8 a. m. a 5 p. m." in after
    assert 'href="tel:+16175550134"' in after
    # The language switch leads to the same page of the clinic's English edition
    assert '<a href="../../after/" hreflang="en" lang="en">' in after
