"""Readability of a rendered page: Flesch-Kincaid grade of its text.

Headings, list items, table cells and captions are counted as sentences of their own (a
patient reads them that way), so each is closed with a full stop before scoring."""
from __future__ import annotations

from html.parser import HTMLParser

import textstat

# Elements whose text ends a sentence even without a full stop.
SENTENCE_ELEMENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "td", "th", "dt", "dd",
                     "figcaption", "summary", "caption", "blockquote"}
# Elements whose text a reader does not read as prose.
SKIPPED_ELEMENTS = {"script", "style", "svg", "code", "pre", "sup", "button", "nav"}
VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col"}


class _ProseExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        self.stack.append(tag)
        classes = dict(attrs).get("class") or ""
        if tag in SKIPPED_ELEMENTS or self.skip_depth or "headerlink" in classes:
            self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif open_tag in SENTENCE_ELEMENTS:
                self._end_sentence()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)

    def _end_sentence(self):
        text = "".join(self.parts).rstrip()
        if text and text[-1] not in ".!?:;":
            self.parts.append(".")
        self.parts.append(" ")


def prose_from_html(html: str) -> str:
    """The words of a rendered page, with every heading and list item ending a sentence."""
    extractor = _ProseExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def flesch_kincaid_grade(html: str) -> float:
    """Flesch-Kincaid grade level of a rendered page's prose (textstat, pyphen syllables)."""
    text = prose_from_html(html)
    return float(textstat.flesch_kincaid_grade(text)) if text else 0.0
