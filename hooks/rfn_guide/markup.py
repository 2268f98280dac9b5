"""Reading Markdown source as written: one code masker, one front-matter reader, one HTML
attribute parser. Every rule uses these, so all rules agree on what is prose.

Masking blanks the parts that are not prose (front matter, code, HTML comments) with spaces,
keeping every offset and line break, so a match in the masked text maps to the right line of
the file an editor has open."""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import yaml

# A fence may be indented (inside an admonition or a list); it closes with the same fence.
FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]*\2[`~]*[ \t]*$|\Z)", re.M | re.S)
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# The same rule MkDocs uses to find a page's YAML front matter.
FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
ATTR_RE = re.compile(r"""([A-Za-z_:][-\w:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
TAG_RE = re.compile(r"<[^>]+>")
WBR_RE = re.compile(r"<wbr\s*/?>", re.IGNORECASE)
# A citation mark as the citations step writes it (<sup class="rfn-cite">1,2</sup>)
CITATION_RE = re.compile(r"<sup\b[^>]*class=\"[^\"]*\brfn-cite\b[^\"]*\"[^>]*>.*?</sup\s*>", re.IGNORECASE | re.DOTALL)
# libyaml's loader when present (as MkDocs uses): the same results, several times faster.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str, comments: bool = True) -> str:
    """Same length and line breaks as text; fenced code, inline code (and comments) as spaces."""
    text = FENCE_RE.sub(_blank, text)
    text = INLINE_CODE_RE.sub(_blank, text)
    if comments:
        text = COMMENT_RE.sub(_blank, text)
    return text


def mask_front_matter(text: str) -> str:
    """Blanks the YAML front matter block."""
    return FRONT_MATTER_RE.sub(_blank, text, count=1)


def prose_lines(text: str, comments: bool = False) -> list[str]:
    """The lines of a Markdown source with front matter and code (and comments) blanked."""
    return mask_front_matter(mask_code(text, comments=comments)).split("\n")


def front_matter_block(text: str) -> str | None:
    """The YAML text between the --- lines at the top of a page, or None when there is none.
    Line 1 of the block is line 2 of the file."""
    match = FRONT_MATTER_RE.match(text)
    return (match.group(1) or "") if match else None


def front_matter_key_line(block: str, key: str, after: int = 0, indented: bool = False) -> int:
    """File line of `key:` in a front matter block from front_matter_block() (the block starts
    on line 2 of the file); 1 when the key is not there."""
    indent = r"[ \t]+" if indented else ""
    m = re.compile(rf"^{indent}{re.escape(key)}[ \t]*:", re.M).search(block, after)
    return block.count("\n", 0, m.start()) + 2 if m else 1


def load_yaml(block: str) -> Any:
    """The YAML block read as MkDocs reads it (raises yaml.YAMLError or ValueError)."""
    return yaml.load(block, Loader=YAML_LOADER)


def parse_attrs(text: str) -> dict[str, str]:
    """Attributes of an HTML start tag's inside, e.g. ` id="x" markdown class='a b'`."""
    attrs = {}
    for name, value in ATTR_RE.findall(text):
        value = value[1:-1] if value[:1] in "\"'" else value
        attrs[name.lower()] = html.unescape(value)
    return attrs


def strip_citations(fragment: str) -> str:
    """The HTML without its citation marks (a figure copied onto another page, a care card on
    the booklet's back page, a tick box's name)."""
    return CITATION_RE.sub("", fragment)


def plain_text(fragment: str) -> str:
    """Text of an HTML or Markdown fragment without tags, whitespace collapsed. A <wbr> (where a
    line may break, as in a printed web address) is no space: the words around it are one."""
    return " ".join(html.unescape(TAG_RE.sub(" ", WBR_RE.sub("", fragment))).split())


PRINT_ONLY = "rfn-print-only"  # handout.css: shown on paper, never on screen
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _ScreenWords(HTMLParser):
    """The text of an HTML fragment less every element marked PRINT_ONLY, nested ones included
    (Python's own HTML parser: a pattern cannot match a span inside a span)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0  # depth inside a print-only element
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        if self.hidden or PRINT_ONLY in (dict(attrs).get("class") or "").split():
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag not in _VOID_TAGS:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.append(data)


def screen_text(fragment: str) -> str:
    """The words of an HTML fragment as the screen shows them: tags dropped, entities decoded,
    whitespace collapsed, and paper's own parts (PRINT_ONLY: a line to write on) left out."""
    parser = _ScreenWords()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.words).split())


@dataclass(frozen=True)
class ElementSpan:
    """Where one element is in a page's HTML, as offsets."""
    start: int  # its opening tag
    close: int  # its closing tag
    end: int  # just after its closing tag


class _Spans(HTMLParser):
    """The outermost elements `wanted` accepts, by tag and attributes, with their offsets (an
    element of the same tag inside one is counted, so its own closing tag does not end it)."""

    def __init__(self, text: str, wanted: Callable[[str, dict[str, str]], bool]) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.wanted = wanted
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.open: tuple[str, int] | None = None  # the wanted element's tag and start, while it is open
        self.depth = 0  # elements of its tag open inside it, itself included
        self.spans: list[ElementSpan] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        if self.open is None:
            if self.wanted(tag, {name: value or "" for name, value in attrs}):
                self.open, self.depth = (tag, self._offset()), 1
        elif tag == self.open[0]:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.open is None or tag != self.open[0]:
            return
        self.depth -= 1
        if self.depth == 0:
            close = self._offset()
            self.spans.append(ElementSpan(self.open[1], close, self.text.index(">", close) + 1))
            self.open = None


def element_spans(text: str, wanted: Callable[[str, dict[str, str]], bool]) -> list[ElementSpan]:
    """Each outermost element of `text` that `wanted(tag, attributes)` accepts, in order, found by
    Python's own HTML parser (elements nested in it are not looked at; one left open is not given)."""
    parser = _Spans(text, wanted)
    parser.feed(text)
    parser.close()
    return parser.spans


@functools.cache
def element_re(tag: str) -> re.Pattern[str]:
    """`<tag ...>inner</tag>` in built HTML, with groups `attrs` (read them with parse_attrs) and
    `inner`: the one pattern for an element the build's HTML never nests (a, abbr, figure,
    figcaption, sup), so every step finds a link or a figure the same way."""
    return re.compile(rf"<{tag}\b(?P<attrs>[^>]*)>(?P<inner>.*?)</{tag}\s*>", re.IGNORECASE | re.DOTALL)
