"""The bibliography: a BibTeX file read with pybtex, checked, and formatted Vancouver/AMA style.

parse_bibliography(text, filename) -> (references by key, findings). Findings cover BibTeX
syntax errors (at the line pybtex stopped), duplicate keys, fields an entry type needs, and
malformed DOIs, URLs and dates. format_reference(ref) gives the HTML of one numbered entry.

An entry's `note` field is for editors (why the entry is there, what was read in it): it is
never rendered, so it never reaches a page, a handout or the booklet. The reader sees only the
entry itself."""
from __future__ import annotations

import codecs
import html
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..dates import as_date, reference_date
from ..engine.build_cache import fingerprint, read_json, write_json
from ..engine.findings import Finding, line_of
from ..i18n import text as ui_text

RULE = "bibliography"
ARTICLE_TYPES = {"article"}
WEB_TYPES = {"online", "webpage", "electronic", "www", "misc"}
ARTICLE_REQUIRED = ("author", "title", "journal", "year", "volume", "pages")
WEB_REQUIRED = ("title", "url", "urldate")
WEB_ONE_OF = ("author", "organization", "publisher")
DATE_FIELDS = ("urldate", "reviewed")
ET_AL_AFTER = 6  # Vancouver: list six authors, then "et al."

# Where a printed web address may break, by the Chicago Manual of Style's rule as Emond's style
# guide gives it (style.emond.ca/hyphenation): after a slash ("//" whole); before ~ . , - _ ? # %;
# before or after = and &; never after a hyphen that is part of the address, where a reader
# typing it in would take it for a word broken in two (print review). Never between two of these
# marks ("--"), so no piece is a mark alone. On paper the address does not wrap elsewhere
# (print.css: a.rfn-url), so a <wbr> at each of these places is where its lines break.
_URL_MARKS = r"~.,\-_?#%=&"
URL_BREAK_RE = re.compile(rf"(?<=/)(?=[^/])|(?<=[^/{_URL_MARKS}])(?=[{_URL_MARKS}])|(?<=[=&])(?=[^{_URL_MARKS}])")
URL_LINK_START = '<a class="rfn-url" href="'  # an address's link (url_link), as an entry's text holds it
URL_PIECE_MAX = 30  # characters: a large-print line holds about 50 of an address
ENTRY_START_RE = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]*)", re.M)
NON_ENTRY_TYPES = {"comment", "preamble", "string"}
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
YEAR_RE = re.compile(r"^\d{4}$")
PAGES_RE = re.compile(r"^[A-Za-z]?\d+(?:\s*[-\u2013\u2014]{1,3}\s*[A-Za-z]?\d+)?$")


@dataclass
class Reference:
    key: str
    type: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)   # plain text (LaTeX decoded)
    authors: list[str] = field(default_factory=list)       # "Shealy CN" style
    groups: list[str] = field(default_factory=list)        # group authors, e.g. a society
    more_authors: bool = False  # the list ends "and others" (BibTeX): the source names more people


def latex_to_text(value: str) -> str:
    """Plain text of a BibTeX field: LaTeX accents decoded, protecting braces dropped."""
    import latexcodec  # noqa: F401  (registers the "ulatex" codec pybtex itself uses)

    try:
        value = str(codecs.decode(value, "ulatex"))  # type: ignore[call-overload]  # a text codec
    except Exception:  # an odd escape is shown as written rather than stopping the build
        pass
    return " ".join(value.replace("{", "").replace("}", "").split())


def _vancouver_name(person: Any) -> tuple[str, bool]:
    """('Shealy CN', False) for a person, ('Cleveland Clinic', True) for a group author."""
    last = latex_to_text(" ".join(person.prelast_names + person.last_names + person.lineage_names))
    given = person.first_names + person.middle_names
    if not given:
        return last, True
    initials = ""
    for name in given:
        for part in re.split(r"[\s.\-]+", latex_to_text(name)):
            if part:
                initials += part[0].upper()
    return f"{last} {initials}", False


def _entry_regions(text: str) -> list[tuple[str, str, int, int]]:
    """(type, key, start offset, end offset) of every entry in the raw text, in file order."""
    starts = [m for m in ENTRY_START_RE.finditer(text) if m.group(1).lower() not in NON_ENTRY_TYPES]
    regions = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        regions.append((m.group(1).lower(), m.group(2), m.start(), end))
    return regions


def _field_line(text: str, start: int, end: int, name: str) -> int:
    m = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=", re.M | re.I).search(text, start, end)
    return line_of(text, m.start() if m else start)


def load_bibliography(text: str, filename: str) -> tuple[dict[str, Reference], list[Finding]]:
    """parse_bibliography, kept in the build cache for the same text, rules and pybtex: importing
    pybtex and reading the file cost more than the other checks of a build together."""
    from importlib.metadata import version

    name = "bibliography-" + fingerprint(text, filename, Path(__file__).read_text(encoding="utf-8"),
                                         version("pybtex"), version("latexcodec")) + ".json"
    cached = read_json(name)
    try:
        return ({key: Reference(**ref) for key, ref in cached["references"].items()},
                [Finding(**finding) for finding in cached["findings"]])
    except (TypeError, KeyError):
        pass
    references, findings = parse_bibliography(text, filename)
    write_json(name, {"references": {key: asdict(ref) for key, ref in references.items()},
                      "findings": [asdict(finding) for finding in findings]})
    return references, findings


def parse_bibliography(text: str, filename: str = "includes/references.bib") -> tuple[dict[str, Reference], list[Finding]]:
    import pybtex.errors
    from pybtex.database.input.bibtex import Parser
    from pybtex.scanner import PybtexSyntaxError

    findings: list[Finding] = []
    refs: dict[str, Reference] = {}
    regions = _entry_regions(text)

    # Duplicate keys (BibTeX keys are case-insensitive), found on the raw text to give both lines.
    first_seen: dict[str, int] = {}
    duplicate_keys = set()
    for _type, key, start, _end in regions:
        if not key:
            findings.append(Finding(filename, line_of(text, start),
                                    "entry has no citation key: write it as @article{key, ...}"))
            continue
        line = line_of(text, start)
        if key.lower() in first_seen:
            duplicate_keys.add(key.lower())
            findings.append(Finding(filename, line,
                                    f"duplicate key '{key}' (first defined on line {first_seen[key.lower()]}): "
                                    "give one of the entries another key, or delete the copy"))
        else:
            first_seen[key.lower()] = line

    with pybtex.errors.capture() as errors:
        try:
            data = Parser().parse_string(text)
        except Exception as exc:  # pybtex gave up altogether: report, never a traceback
            findings.append(Finding(filename, getattr(exc, "lineno", None),
                                    f"BibTeX cannot be read ({exc}); check braces, quotes and commas", rule=RULE))
            return refs, [replace(finding, rule=RULE) for finding in findings]
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            detail = str(error).split(": ", 1)[-1]
            findings.append(Finding(filename, error.lineno,
                                    f"BibTeX syntax error: {detail}. Check this line and the one before it "
                                    "for a missing comma, brace or quote"))
        elif "repeated bibliography entry" not in str(error):
            findings.append(Finding(filename, None, f"BibTeX problem: {error}"))

    region_by_key = {key.lower(): (start, end) for _t, key, start, end in regions if key}
    for key, entry in data.entries.items():
        start, end = region_by_key.get(key.lower(), (0, len(text)))
        ref = Reference(key=key, type=entry.type.lower(), line=line_of(text, start))
        ref.fields = {name.lower(): latex_to_text(value) for name, value in entry.fields.items()}
        for person in entry.persons.get("author", []):
            if str(person) == "others":  # BibTeX's "and others": et al., not a person
                ref.more_authors = True
                continue
            name, is_group = _vancouver_name(person)
            (ref.groups if is_group else ref.authors).append(name)
        if key.lower() not in duplicate_keys:
            findings.extend(check_reference(ref, filename, text, start, end))
        refs[key] = ref
    return refs, [replace(finding, rule=RULE) for finding in findings]


def _is_iso_date(value: str) -> bool:
    return as_date(value) is not None


def check_reference(ref: Reference, filename: str, text: str = "", start: int = 0, end: int = 0) -> list[Finding]:
    """Fields the entry's type needs, and the shape of its DOI, URL, year, pages and dates."""
    findings = []
    has = lambda name: bool(ref.fields.get(name)) or (name == "author" and bool(ref.authors or ref.groups))  # noqa: E731

    def at(name: str) -> int:
        return _field_line(text, start, end, name) if text else ref.line

    if ref.type in ARTICLE_TYPES:
        missing = [name for name in ARTICLE_REQUIRED if not has(name)]
        kind = "a journal article (@article)"
    elif ref.type in WEB_TYPES:
        missing = [name for name in WEB_REQUIRED if not has(name)]
        if not any(has(name) for name in WEB_ONE_OF):
            missing.append("author or publisher")
        kind = "a web page (@online)"
    else:
        return [Finding(filename, ref.line,
                        f"entry '{ref.key}' has type @{ref.type}, which the reference list cannot format: "
                        "use @article for a journal article or @online for a web page")]
    if missing:
        findings.append(Finding(filename, ref.line,
                                f"entry '{ref.key}' is {kind} but has no {', '.join(missing)}: add "
                                + ("the field" if len(missing) == 1 else "these fields")))

    doi = ref.fields.get("doi", "")
    if doi:
        if DOI_PREFIX_RE.match(doi):
            findings.append(Finding(filename, at("doi"),
                                    f"entry '{ref.key}': write the DOI without its prefix, e.g. "
                                    f"doi = {{{DOI_PREFIX_RE.sub('', doi)}}}"))
        elif not DOI_RE.match(doi):
            findings.append(Finding(filename, at("doi"),
                                    f"entry '{ref.key}': '{doi}' is not a DOI; a DOI looks like 10.1111/pme.12928"))
    url = ref.fields.get("url", "")
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. an unmatched "[" in the host
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or re.search(r"\s", url):
            findings.append(Finding(filename, at("url"),
                                    f"entry '{ref.key}': '{url}' is not a web address; write the full "
                                    "address starting with https://"))
    year = ref.fields.get("year", "")
    if year and not YEAR_RE.match(year):
        findings.append(Finding(filename, at("year"), f"entry '{ref.key}': year '{year}' should be four digits, e.g. 1975"))
    pages = ref.fields.get("pages", "")
    if pages and not PAGES_RE.match(pages):
        findings.append(Finding(filename, at("pages"),
                                f"entry '{ref.key}': pages '{pages}' should look like 448--451"))
    for name in DATE_FIELDS:
        value = ref.fields.get(name, "")
        if value and not _is_iso_date(value):
            findings.append(Finding(filename, at(name),
                                    f"entry '{ref.key}': {name} '{value}' is not a date in the form YYYY-MM-DD"))
    return findings


# --- Formatting ------------------------------------------------------------------------------

def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _in_english(value: str, language: str) -> str:
    """Escaped text of a source's title or journal, marked English on a page in another language
    (the sources are English and keep their titles), so a screen reader says it in English."""
    return html.escape(value) if language == "en" or not value else f'<span lang="en">{html.escape(value)}</span>'


def author_list(ref: Reference, language: str = "en") -> str:
    """HTML of the authors: people (Vancouver, six then "et al"), then groups, whose English names
    are marked lang="en" in a translation."""
    more = len(ref.authors) > ET_AL_AFTER or (ref.more_authors and bool(ref.authors))
    people = ref.authors[:ET_AL_AFTER] + ([ui_text(language, "ref_et_al_list")] if more else [])
    names = html.escape(", ".join(people))
    groups = "; ".join(_in_english(group, language) for group in ref.groups)
    return "; ".join(part for part in (names, groups) if part)


def short_author(ref: Reference, language: str = "en") -> str:
    """Who wrote the entry, in a few words: 'Shealy', 'Ashton and others', 'Cleveland Clinic'."""
    who = ref.authors[0].rsplit(" ", 1)[0] if ref.authors else (ref.groups[0] if ref.groups else "")
    if len(ref.authors) == 2 and not ref.more_authors:
        who += f" {ui_text(language, 'and')} " + ref.authors[1].rsplit(" ", 1)[0]
    elif len(ref.authors) > 2 or (ref.more_authors and bool(ref.authors)):
        who += " " + ui_text(language, "ref_et_al")
    return who


def short_label(ref: Reference, language: str = "en") -> str:
    """A few words naming the entry, for a citation's tooltip: 'Shealy 1975', 'Cleveland Clinic'."""
    when = ref.fields.get("year") or ref.fields.get("reviewed", "")[:4]
    return " ".join(part for part in (short_author(ref, language), when) if part) or ref.fields.get("title", ref.key)


def url_link(url: str) -> str:
    """A link to `url` showing it whole, with a <wbr> wherever a printed line may break
    (URL_BREAK_RE), and within a piece longer than a large-print line every URL_PIECE_MAX
    characters. Its text is the address exactly, for a screen reader and for copying, and it is
    marked as not to be translated. (<wbr>, not an element around each piece: Chromium would
    make each such element a link of its own in the PDF, one stop a piece for a keyboard.)"""
    pieces = [chunk for piece in URL_BREAK_RE.split(url) if piece
              for chunk in (piece[at:at + URL_PIECE_MAX] for at in range(0, len(piece), URL_PIECE_MAX))]
    return f'{URL_LINK_START}{html.escape(url)}" translate="no">{"<wbr>".join(map(html.escape, pieces))}</a>'


def format_reference(ref: Reference, language: str = "en") -> str:
    """HTML of one entry, Vancouver/AMA style, without its number, with its boilerplate in
    `language` ("[revisado el ...; consultado el ...]. Disponible en:") and its English title
    marked lang="en"."""
    e = html.escape
    f = ref.fields
    parts = []
    authors = author_list(ref, language)
    if authors:
        parts.append(_sentence(authors))
    if ref.type in WEB_TYPES:
        parts.append(_in_english(f.get("title", ""), language) + " [Internet].")
        publisher = f.get("publisher") or f.get("organization")
        if publisher and publisher not in ref.groups:
            parts.append(_sentence(_in_english(publisher, language)))
        dates = []
        if f.get("reviewed"):
            dates.append(ui_text(language, "ref_reviewed", date=reference_date(f["reviewed"], language)))
        if f.get("urldate"):
            dates.append(ui_text(language, "ref_cited", date=reference_date(f["urldate"], language)))
        if dates:
            parts.append("[" + "; ".join(dates) + "].")
        if f.get("url"):
            parts.append(f'{ui_text(language, "ref_available")} {url_link(f["url"])}')
    else:
        parts.append(_in_english(_sentence(f.get("title", "")), language))
        journal = f.get("shortjournal") or f.get("journal", "")
        if journal:
            parts.append(f"<i>{_in_english(journal, language)}</i>.")
        where = e(f.get("year", ""))
        if f.get("volume"):
            where += ";" + e(f["volume"])
            if f.get("number"):
                where += f"({e(f['number'])})"
        if f.get("pages"):
            where += ":" + e(re.sub(r"\s*[-\u2013\u2014]+\s*", "-", f["pages"]))
        if where:
            parts.append(where + ".")
        if f.get("doi") and DOI_RE.match(f["doi"]):
            parts.append(url_link("https://doi.org/" + f["doi"]))
    # f["note"] is left out on purpose: it is for editors, never for patients (see the docstring)
    return " ".join(part for part in parts if part)
