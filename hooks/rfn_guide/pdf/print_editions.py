"""The print editions: the same pages printed for different readers (standard and large print).
An edition is a class on <html>, a stylesheet of its own beside this module, its margins and its
running header and footer; the exporter prints every edition by the same steps. (The language
editions, English and Spanish, are rfn_guide/editions/.)"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Edition:
    """One way of printing every page. The exporter prints each edition by the same steps; an
    edition only adds a class on <html>, its own stylesheet, and its margins and running text."""

    name: str  # "standard", "large-print"
    folder: str  # under handouts/: "" or "large-print"
    label: str  # how a reader names it
    html_class: str = ""  # added to <html> before printing ("" for none)
    stylesheet: str = ""  # file beside this module, injected before printing ("" for none)
    # Margins that print at 100 % on A4 and on US Letter: the text stays within the 210 x 279 mm
    # both sheets share, and the running header and footer sit 10 mm from the sheet's edge (most
    # office printers cannot print the outer 5 mm). print.css's @page says the same for Ctrl+P.
    margins: tuple[tuple[str, str], ...] = (("top", "18mm"), ("bottom", "18mm"), ("left", "16mm"), ("right", "16mm"))
    running_text_size: str = "8.5pt"  # header and footer
    running_text_inset: str = "10mm"  # from the sheet's top (header) and bottom (footer) edge
    header_has_site_name: bool = True  # large print keeps the header to the page title
    footer_has_words: bool = True  # large print keeps the footer to "Page N of M"
    keep_words_whole: bool = False  # never break a line inside a hyphenated word (js/keep-words-whole.js)

    @property
    def margin(self) -> dict[str, str]:
        return dict(self.margins)

    def stylesheet_text(self) -> str:
        return (HERE / self.stylesheet).read_text(encoding="utf-8") if self.stylesheet else ""


# The standard edition's class lets handout.css leave out what its footer already says.
STANDARD = Edition(name="standard", folder="", label="Standard print", html_class="rfn-standard-print")
# UK Association for Accessible Formats, G003 "Creating clear print and large print documents":
# text at least 16 pt (ideally 18), page numbers as large as the text. The running header and
# footer are furniture, not text to read: 16 pt (G003's least), dark grey, on one line, set apart
# from the body by a rule and a clear gap (the bottom margin leaves about 6 mm between the last
# line of text and the footer's rule). The footer holds only "Page N of M", which always fits
# one line; the review date is printed at the end of the handout.
LARGE_PRINT = Edition(
    name="large-print", folder="large-print", label="Large print", html_class="rfn-large-print",
    stylesheet="large-print.css",
    margins=(("top", "20mm"), ("bottom", "22mm"), ("left", "15mm"), ("right", "15mm")),
    running_text_size="16pt", header_has_site_name=False, footer_has_words=False, keep_words_whole=True,
)
EDITIONS: tuple[Edition, ...] = (STANDARD, LARGE_PRINT)
