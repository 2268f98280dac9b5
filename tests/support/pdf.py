"""PDF helpers shared by the tests: the handouts of a build, their text read back with poppler, pages rendered in grey."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from rfn_guide.pdf.settings import handout_slug
from support.project import ROOT

A4_POINTS = (595.0, 842.0)  # Chromium writes 595.92 x 842.88
LETTER_POINTS = (612.0, 792.0)


def _nav_pages() -> list[tuple[str, str]]:
    """(source, nav title) in navigation order, from mkdocs.yml itself."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[tuple[str, str]] = []

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    else:
                        found.append((value, title))
            else:
                found.append((item, Path(item).stem))

    walk(config.nav or [])
    return found


NAV = _nav_pages()


def handout(site: Path, source: str) -> Path:
    return site / "handouts" / f"{handout_slug(source)}.pdf"


def booklet(site: Path) -> Path:
    return site / "handouts" / "rfn-guide.pdf"


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    return subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Text with no white space and no typographic variants, to compare PDF text with HTML."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    for fancy, plain in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", "", text)


def built_article(site: Path, source: str) -> Tag:
    stem = source.removesuffix(".md")
    path = site / "index.html" if stem == "index" else site / stem / "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    assert article is not None, f"{path} has no article"
    return article


XHTML = "{http://www.w3.org/1999/xhtml}"


def text_lines(pdf: Path, number: int) -> list[tuple[str, float, float, float, float]]:
    """(text, xMin, yMin, xMax, yMax) of each text line of a PDF page, in points from the top left."""
    import xml.etree.ElementTree as ET

    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    lines: list[tuple[str, float, float, float, float]] = []
    for line in ET.fromstring(layout).iter(f"{XHTML}line"):
        words = " ".join(word.text or "" for word in line.iter(f"{XHTML}word"))
        x_min, y_min, x_max, y_max = (float(line.get(k) or 0) for k in ("xMin", "yMin", "xMax", "yMax"))
        lines.append((words, x_min, y_min, x_max, y_max))
    return lines


class GreyPage:
    """A PDF page rendered in grey by poppler; look at it in points, from the top left."""

    def __init__(self, pdf: Path, number: int, folder: Path, dpi: int = 144):
        prefix = folder / f"{pdf.stem}-{number}-grey"
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number),
                        "-singlefile", str(pdf), str(prefix)], check=True)
        data = Path(f"{prefix}.pgm").read_bytes()
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert header, "pdftoppm wrote no binary PGM"
        self.width, self.height = int(header.group(1)), int(header.group(2))
        self.pixels = data[header.end():header.end() + self.width * self.height]
        self.scale = dpi / 72

    def dark(self, x: float, y: float) -> bool:
        column, row = int(x * self.scale), int(y * self.scale)
        return self.pixels[row * self.width + column] < 110

    def ink_box(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float] | None:
        """The smallest box (points) around the dark pixels in a region, or None."""
        found = [(column, row)
                 for row in range(int(top * self.scale), int(bottom * self.scale))
                 for column in range(int(left * self.scale), int(right * self.scale))
                 if self.pixels[row * self.width + column] < 110]
        if not found:
            return None
        columns, rows = [c for c, _ in found], [r for _, r in found]
        return (min(columns) / self.scale, min(rows) / self.scale,
                (max(columns) + 1) / self.scale, (max(rows) + 1) / self.scale)

    def ruled_rows(self, left: float, right: float, top: float, bottom: float) -> int:
        """How many separate horizontal rules run across at least 90 % of [left, right]."""
        return len(self.rule_tops(left, right, top, bottom))

    def rule_tops(self, left: float, right: float, top: float, bottom: float) -> list[float]:
        """Where (points from the top) each separate horizontal rule across at least 90 % of
        [left, right] starts."""
        tops, inside = [], False
        for row in range(int(top * self.scale), int(bottom * self.scale)):
            start = row * self.width
            ink = sum(1 for column in range(int(left * self.scale), int(right * self.scale))
                      if self.pixels[start + column] < 200)
            full = ink >= 0.9 * (right - left) * self.scale
            if full and not inside:
                tops.append(row / self.scale)
            inside = full
        return tops


def decode_qr(pdf: Path, page: int, tmp_path: Path) -> list[str]:
    from pyzbar.pyzbar import decode

    prefix = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "150", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                   check=True)
    image = next(tmp_path.glob(f"{prefix.name}*.pgm"))
    data = image.read_bytes()
    # Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte a pixel
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header, "pdftoppm wrote no binary PGM"
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end():header.end() + width * height]
    return [symbol.data.decode("utf-8") for symbol in decode((pixels, width, height))]
