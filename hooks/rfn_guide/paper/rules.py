"""Self-contained handouts: what a printed page needs that the web page gets from elsewhere.

On the web a reader follows a link to a figure on another page, hovers over a word for its
meaning, and clicks a link. On paper none of that works, so each page's HTML gets:

- the figures it refers to on other pages, copied to its end (numbers as on the web, ids
  prefixed so they stay unique, sources left to the page the figure comes from);
- "Words used in this handout": the plain meaning of each glossary term (the `abbr` tooltips)
  in the order the terms first appear;
- after each link, the words a reader can follow on paper: the page's title and that it is in
  the booklet, with its short web address.

Contract with the print styles: `.rfn-handout-only` shows only when one page is printed (Ctrl+P
or its PDF handout), never on screen nor in the booklet; `.rfn-print-only` shows in every print
and never on screen (docs/stylesheets/handout.css, rfn_guide/pdf/booklet.css).

Pure functions over HTML strings; the handout_print step calls them (and the clinic's rules use
care_card_spans to put its lines on the cards).
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..i18n import text
from ..links.rules import rebase_url, resolve_url, url_key
from ..markup import PRINT_ONLY, ElementSpan, element_re, element_spans, parse_attrs, plain_text, strip_citations

HANDOUT_ONLY = "rfn-handout-only"
BOOKLET_ONLY = "rfn-booklet-only"
COPY_PREFIX = "rfn-handout-"  # ids of copied figures: "fig-x" -> "rfn-handout-fig-x"
FIGURES_ID = "rfn-handout-figures"
WORDS_ID = "rfn-handout-words"

_ANCHOR = element_re("a")
_ABBR = element_re("abbr")
_FIGURE = element_re("figure")
_LIGHTBOX = re.compile(r"<a\b[^>]*class=\"[^\"]*\bglightbox\b[^\"]*\"[^>]*>(?P<inner>.*?)</a\s*>",
                       re.IGNORECASE | re.DOTALL)
_ID_LIKE = re.compile(r"\b(?P<name>id|for|aria-labelledby|aria-describedby|aria-controls)=\"(?P<value>[^\"]*)\"")
_URL_ATTR = re.compile(r"\b(?P<name>href|src)=\"(?P<value>[^\"]*)\"")
_CALLOUT_DATA = re.compile(r"\sdata-rfn-callouts=\"[^\"]*\"")
_SOURCES = re.compile(r"<section\b[^>]*class=\"[^\"]*\brfn-sources\b", re.IGNORECASE)


@dataclass(frozen=True)
class PageInfo:
    """A page of the site as links see it."""

    url: str  # site-relative URL as MkDocs gives it: "how-it-works/", "" for the home page
    title: str


# --- The "Who to call" panel at the top ----------------------------------------------------------

WHO_TO_CALL_KEY = "who_to_call"


def wants_top_panel(meta: Mapping[str, object]) -> tuple[bool, str | None]:
    """Whether a page's handout starts with the "Who to call" panel to fill in (front matter
    `who_to_call: false` leaves it out of background pages, such as About and the Glossary, that
    hold no care: the print review found it repeated there for nothing), and what is wrong with
    the setting (None when nothing is)."""
    value = meta.get(WHO_TO_CALL_KEY, True)
    if isinstance(value, bool):
        return value, None
    return True, (f"{WHO_TO_CALL_KEY}: {value!r} is not true or false. Write '{WHO_TO_CALL_KEY}: false' "
                  "to leave the 'Who to call' panel out of this page's handout, or remove the line.")


# --- Figures from other pages --------------------------------------------------------------------

def figure_by_id(content: str, figure_id: str) -> str | None:
    for match in _FIGURE.finditer(content):
        if parse_attrs(match.group("attrs")).get("id") == figure_id:
            return match.group(0)
    return None


def copy_figure(figure: str, from_url: str, to_url: str) -> str:
    """A figure from page `from_url`, ready to print at the end of page `to_url`.

    Ids (and what points at them) get a prefix, so the copy never repeats an id of the page;
    links and pictures are rebased; the lightbox link and the on-screen callout data go (paper
    needs neither); citation numbers go too, since the copying page's Sources do not list them
    (the end matter says where the figure's sources are)."""
    figure = strip_citations(figure)
    figure = _LIGHTBOX.sub(lambda m: m.group("inner"), figure)
    figure = _CALLOUT_DATA.sub("", figure)

    def prefix_ids(match: re.Match) -> str:
        value = " ".join(COPY_PREFIX + part for part in match.group("value").split())
        return f'{match.group("name")}="{value}"'

    def rebase_attr(match: re.Match) -> str:
        value = html.unescape(match.group("value"))
        if value.startswith("#"):
            value = "#" + COPY_PREFIX + value[1:]
        else:
            value = rebase_url(value, from_url, to_url)
        return f'{match.group("name")}="{html.escape(value)}"'

    figure = _ID_LIKE.sub(prefix_ids, figure)
    return _URL_ATTR.sub(rebase_attr, figure)


def referenced_figures(content: str, page_url: str) -> list[tuple[str, str]]:
    """(page URL key, figure id) of each figure on another page that `content` links to, once
    each, in order of first link."""
    found: list[tuple[str, str]] = []
    for match in _ANCHOR.finditer(content):
        target = resolve_url(page_url, parse_attrs(match.group("attrs")).get("href", ""))
        if target is None:
            continue
        path, fragment = target
        if fragment.startswith("fig-") and path != url_key(page_url) and (path, fragment) not in found:
            found.append((path, fragment))
    return found


def figures_end_matter(content: str, page_url: str, contents: dict[str, str],
                       pages: dict[str, PageInfo], language: str = "en") -> tuple[str, set[tuple[str, str]]]:
    """The end-matter section with every figure on another page that this page refers to, and
    which (page, figure id) it holds. `contents` and `pages` are keyed by url_key."""
    copies: list[str] = []
    copied: set[tuple[str, str]] = set()
    origins: list[str] = []
    for path, figure_id in referenced_figures(content, page_url):
        source = contents.get(path)
        figure = figure_by_id(source, figure_id) if source else None
        if figure is None:
            continue  # the link checker reports a link to a missing figure
        page = pages.get(path)
        copies.append(copy_figure(figure, page.url if page else path, page_url))
        copied.add((path, figure_id))
        if page and page.title not in origins:
            origins.append(page.title)
    if not copies:
        return "", copied
    where = f" {text(language, 'and')} ".join(f"“{html.escape(title)}”" for title in origins)
    note = text(language, "handout_figures_note_one" if len(origins) == 1 else "handout_figures_note_many",
                where=where)
    # The heading and its note go in one block with the first figure, so print never leaves
    # them alone at the foot of a sheet (a figure is most of a page).
    return (
        f'<section class="{HANDOUT_ONLY} rfn-handout-figures" aria-labelledby="{FIGURES_ID}">'
        '<div class="rfn-handout-figures__start">'
        f'<h2 id="{FIGURES_ID}">{html.escape(text(language, "handout_figures"))}</h2>'
        f"<p>{note}</p>"
        + copies[0] + "</div>" + "".join(copies[1:]) + "</section>",
        copied,
    )


# --- Words used in this handout ------------------------------------------------------------------

def glossary_words(content: str) -> list[tuple[str, str]]:
    """(term as first written, meaning) of each glossary term in `content`, in order of first
    appearance; forms that share a meaning (plural, capitalised) count once."""
    words: list[tuple[str, str]] = []
    seen: set[str] = set()
    for match in _ABBR.finditer(content):
        meaning = " ".join(parse_attrs(match.group("attrs")).get("title", "").split())
        term = plain_text(match.group("inner"))
        if meaning and term and meaning not in seen:
            seen.add(meaning)
            words.append((term, meaning))
    return words


@functools.cache
def _word(term: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(term)}\b", flags)


def without_short_forms(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`words` without a short form whose long form is listed too and names it ("RFN", when
    "radiofrequency neurotomy: ... Also called RFN" is there): one thing is explained once."""
    return [(term, meaning) for term, meaning in words
            if not any(len(other) > len(term) and _word(term).search(other_meaning)
                       and _word(other, re.IGNORECASE).search(meaning)
                       for other, other_meaning in words)]


def words_box(content: str, language: str = "en", explained: Collection[str] = ()) -> str:
    """The "Words used in this handout" box, or "" when the page uses no glossary term. Words
    whose meaning is in `explained` (the page's text explains them where it uses them) are left out."""
    words = [(term, meaning) for term, meaning in without_short_forms(glossary_words(content))
             if meaning not in explained]
    if not words:
        return ""
    # Each term with its meaning in a <div> (allowed in a <dl>), so print can keep them together.
    rows = "".join(f'<div class="rfn-word"><dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd></div>'
                   for term, meaning in words)
    return (f'<section class="{HANDOUT_ONLY} rfn-handout-words" aria-labelledby="{WORDS_ID}" data-search-exclude>'
            f'<h2 id="{WORDS_ID}" data-search-exclude>{html.escape(text(language, "handout_words"))}</h2><dl>{rows}</dl></section>')


# --- Links as words on paper ---------------------------------------------------------------------

def _address(text: str) -> str:
    """A web address kept on one line: broken at its hyphen it would read as two words."""
    return f'<span class="rfn-link-note__address">{html.escape(text)}</span>'


def _inside_citation(content: str, offset: int) -> bool:
    opened = content.rfind("<sup", 0, offset)
    return opened > content.rfind("</sup>", 0, offset) and "rfn-cite" in content[opened:opened + 60]


def annotate_links(content: str, page_url: str, pages: dict[str, PageInfo], site_url: str,
                   copied: set[tuple[str, str]], short_url: Callable[[str], str], language: str = "en") -> str:
    """After each link, the words that say on paper where it goes.

    - a figure on another page that is copied to the end: "(printed at the end of this
      handout)" in a handout; in the booklet, which has the figure in that page's section (20 and
      more pages away in large print), "(see “Title” in this booklet)";
    - another page of the guide, in a handout: "(see the handout “Title”, or online at
      site/page)", or "(a separate handout, or online at site/page)" when the link's words are the
      title; in the booklet: "(see “Title” in this booklet)" or "(in this booklet)";
    - another site, when the link's words are not its address already: "(site/path)".
    Citation numbers, permalinks, the lightbox and links within the page are left alone.
    `short_url` turns a full address into the one a reader types."""
    own = url_key(page_url)

    def note(css_class: str, words: str) -> str:
        return f'<span class="{css_class} rfn-link-note"> ({words})</span>'

    def annotate(match: re.Match) -> str:
        attrs = parse_attrs(match.group("attrs"))
        href = attrs.get("href", "")
        classes = attrs.get("class", "").split()
        if (not href or href.startswith("#") or "headerlink" in classes or "glightbox" in classes
                or _inside_citation(content, match.start())):
            return match.group(0)
        target = resolve_url(page_url, href)
        if target is None:
            parts = urlsplit(href)
            address = short_url(href)
            if parts.scheme not in ("http", "https") or plain_text(match.group("inner")) in (href, address):
                return match.group(0)
            return match.group(0) + note(PRINT_ONLY, _address(address))
        path, fragment = target
        if path == own:
            return match.group(0)
        page = pages.get(path)
        if (path, fragment) in copied:
            in_booklet = (note(BOOKLET_ONLY, text(language, "link_see_in_booklet", title=html.escape(page.title)))
                          if page is not None else "")
            return match.group(0) + note(HANDOUT_ONLY, text(language, "link_printed_at_end")) + in_booklet
        if page is None:
            return match.group(0)  # a file, not a page: nothing to say on paper
        # The title only when the link's own words are not the title already. A handout says the
        # page is a handout of its own; the booklet, that it is in this booklet.
        same = plain_text(match.group("inner")).casefold() == " ".join(page.title.split()).casefold()
        title = html.escape(page.title)
        in_handout = text(language, "link_handout") if same else text(language, "link_see_handout", title=title)
        in_booklet = text(language, "link_in_booklet") if same else text(language, "link_see_in_booklet", title=title)
        if site_url:
            address = _address(short_url(site_url.rstrip('/') + '/' + page.url.lstrip('/')))
            in_handout += text(language, "link_online_at", address=address)
        return match.group(0) + note(HANDOUT_ONLY, in_handout) + note(BOOKLET_ONLY, in_booklet)

    return _ANCHOR.sub(annotate, content)


# --- Putting it together -------------------------------------------------------------------------

def handout_end_matter(content: str, page_url: str, contents: dict[str, str], pages: dict[str, PageInfo],
                       site_url: str, short_url: Callable[[str], str], with_words: bool = True,
                       language: str = "en", explained: Mapping[str, Collection[str]] | None = None) -> str:
    """The page's content with its figure end matter and words box (before its Sources) and its
    links annotated for paper. `explained`: by page (url_key), the meanings of the words that
    page explains where it uses them (its words_explained_in_text); a figure copied from another
    page brings its page's explanations with it (its key and caption say them)."""
    figures, copied = figures_end_matter(content, page_url, contents, pages, language)
    content = annotate_links(content, page_url, pages, site_url, copied, short_url, language)
    explained = explained or {}
    said = {meaning for key in (url_key(page_url), *(path for path, _ in copied)) for meaning in explained.get(key, ())}
    words = words_box(content + figures, language, said) if with_words else ""
    # The figures first, then the words box: a figure never splits, so it goes where it fits,
    # and the words box (which may run on to the next sheet) fills what is left, keeping the
    # handout short (issue 18).
    end_matter = figures + words
    if not end_matter:
        return content
    sources = _SOURCES.search(content)
    at = sources.start() if sources else len(content)
    return content[:at] + end_matter + content[at:]


def care_card_spans(content: str, wanted: Callable[[list[str]], bool]) -> list[ElementSpan]:
    """The page's admonitions (div or details) whose classes `wanted` accepts, in order, each
    once (not what is inside one). Only a page that names a care card is parsed (one page of the
    guide has them; a parse is a few ms, and several steps ask on every page)."""
    if "care-" not in content:
        return []
    return element_spans(content, lambda tag, attrs: tag in ("div", "details")
                         and wanted(attrs.get("class", "").split()))


def _is_care_card(classes: list[str]) -> bool:
    return any(name.startswith("care-") for name in classes)


def first_care_card(content: str) -> int | None:
    """Offset of the page's first "When to get help" card, or None."""
    return next((card.start for card in care_card_spans(content, _is_care_card)), None)


_CLOSED_DETAILS = re.compile(r"<details\b(?![^>]*\bopen\b)", re.IGNORECASE)


def care_cards(content: str) -> list[str]:
    """Every "When to get help" card of a page, in order, for the booklet's back page
    (../shared/reviews/handouts.md: the warning signs on the back), where they stand apart from
    their page: without citation marks, links as plain words (the back page is laid out on
    another page, where a link's address would not hold), a collapsible card open."""
    return [_CLOSED_DETAILS.sub("<details open", _ANCHOR.sub(lambda link: link.group("inner"),
                                                            strip_citations(content[card.start:card.end])))
            for card in care_card_spans(content, _is_care_card)]


def figures_after_care_cards(content: str) -> list[str]:
    """The figures that follow a page's last "When to get help" card in the same section (up to
    the next h2), as they are on the page: on After, where new numbness is an emergency. The
    booklet's back page prints them under the cards (copy_figure makes each ready for it)."""
    cards = care_card_spans(content, _is_care_card)
    if not cards:
        return []
    after = cards[-1].end
    next_heading = content.find("<h2", after)
    section = content[after:next_heading if next_heading != -1 else len(content)]
    return [match.group(0) for match in _FIGURE.finditer(section)]


def before_first_care_card(content: str, panel_html: str) -> tuple[str, bool]:
    """`panel_html` (the "who to call" panel) just before the page's first "When to get help"
    card, so the number to call stands beside the cards that say "call"; the content unchanged
    when it has no card. Also whether it has one (the page is parsed once for both)."""
    at = first_care_card(content)
    return (content, False) if at is None else (content[:at] + panel_html + content[at:], True)
