"""Links and images in a Markdown page: where they point, and whether that place exists.

MkDocs 1.6 `validation:` already checks Markdown links to missing pages and (after a build)
anchors, but it gives no line numbers, does not look at links written as raw HTML, and only
knows anchors that exist when Markdown is rendered; hooks add some later (ref-<key>,
#sources, figure ids fig-...). These functions check from the text alone, with lines."""
from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from ..engine.findings import Finding, line_of
from ..markup import mask_code, mask_front_matter, parse_attrs

INLINE_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFDEF_RE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<target>[^\s>]+)>?", re.M)
TAG_RE = re.compile(r"<(?P<tag>a|img)\b(?P<attrs>[^>]*)>", re.I)
HTML_ID_RE = re.compile(r"""(?<![\w-])id\s*=\s*["']([^"']+)["']""")  # not data-id=
RULE = "links"
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Link:
    kind: str          # "link" or "image"
    target: str        # as written
    text: str          # link text, or an image's alt text (None-like "" when absent)
    line: int
    raw_html: bool = False
    has_alt: bool = True


def find_links(text: str) -> list[Link]:
    """Markdown links and images, reference definitions, and raw HTML <a href> and <img>."""
    masked = mask_front_matter(mask_code(text))
    links = []
    for m in INLINE_RE.finditer(masked):
        target = m.group("target").strip("<>")
        kind = "image" if m.group("bang") else "link"
        links.append(Link(kind, target, m.group("text").strip(), line_of(text, m.start())))
    for m in REFDEF_RE.finditer(masked):
        if m.group("label").startswith("^"):  # a footnote, not a link
            continue
        links.append(Link("link", m.group("target"), m.group("label"), line_of(text, m.start())))
    for m in TAG_RE.finditer(masked):
        attrs = parse_attrs(m.group("attrs"))
        if m.group("tag").lower() == "a":
            if "href" in attrs:
                links.append(Link("link", attrs["href"], "", line_of(text, m.start()), raw_html=True))
        else:
            links.append(Link("image", attrs.get("src", ""), attrs.get("alt", "").strip(), line_of(text, m.start()),
                              raw_html=True, has_alt="alt" in attrs))
    return links


def resolve(src_uri: str, target: str) -> tuple[str, str]:
    """(path relative to docs/, fragment) of a relative link from the page src_uri."""
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. an unmatched "[": read it as a plain path
        path, _, fragment = target.partition("#")
        parts = urlsplit("")._replace(path=path, fragment=fragment)
    path = unquote(parts.path)
    if not path:
        return src_uri, parts.fragment
    if path.startswith("/"):
        return path.lstrip("/"), parts.fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)), parts.fragment


# --- Built pages: a link in a page's HTML, by site URL ---------------------------------------------
# The one resolver for built HTML (the Markdown half is resolve() above): the figure numbers, the
# printed handouts' link notes and copied figures all read a page's links through these.

_BASE = "http://rfn.invalid/"  # resolves relative links; never leaves this module


def url_key(url: str) -> str:
    """A page URL compared without the home page's index.html: "", "before/", "before.html"."""
    path = url.lstrip("/")
    return path[: -len("index.html")] if path.endswith("index.html") else path


def resolve_url(page_url: str, href: str) -> tuple[str, str] | None:
    """(site path of the target, fragment) of a link inside the site on `page_url`; None for
    links elsewhere (another site, mailto:, tel:)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target = urlsplit(urljoin(_BASE + page_url.lstrip("/"), href))
    return url_key(target.path.lstrip("/")), target.fragment


def rebase_url(href: str, from_url: str, to_url: str) -> str:
    """A relative URL written on page `from_url` rewritten to work on page `to_url`."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")) or not href:
        return href
    target = urlsplit(urljoin(_BASE + from_url.lstrip("/"), href))
    start = posixpath.dirname(urlsplit(_BASE + to_url.lstrip("/")).path)
    relative = posixpath.relpath(target.path, start or "/")
    if target.path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


def check_links(src_uri: str, links: list[Link], anchors: Mapping[str, set[str] | None], filename: str,
                check_targets: bool = True, skip_prefixes: tuple[str, ...] = (),
                docs_name: str = "docs") -> list[Finding]:
    """Links to pages that do not exist (check_targets), raw HTML links to .md files, and links to
    anchors the target page does not have. anchors maps each page's src path to its ids.
    Anchors starting with one of skip_prefixes are left to another check."""
    findings = []
    for link in links:
        if link.kind != "link" or not link.target or EXTERNAL_RE.match(link.target):
            continue
        path, fragment = resolve(src_uri, link.target)
        if not path.endswith(".md"):
            continue
        if link.raw_html and link.target.split("#")[0]:
            findings.append(Finding(filename, link.line, rule=RULE, message=
                                    f"HTML link to '{link.target}': MkDocs does not convert .md addresses inside HTML. "
                                    f"Write it as a Markdown link: [text]({link.target})"))
            continue
        if path not in anchors:
            if check_targets or link.raw_html:
                findings.append(Finding(filename, link.line, rule=RULE, message=
                                        f"link to '{link.target}', but there is no page {docs_name}/{path}: "
                                        "correct the file name"))
            continue
        ids = anchors[path]
        if fragment and ids is not None and fragment not in ids and not fragment.startswith(skip_prefixes or "\0"):
            close = difflib.get_close_matches(fragment, sorted(ids), n=1)
            hint = f"did you mean '#{close[0]}'?" if close else "link to a heading or figure that is on that page"
            page = "this page" if path == src_uri else f"{docs_name}/{path}"
            findings.append(Finding(filename, link.line, rule=RULE, message=
                                    f"link to '{link.target}', but {page} has no anchor '#{fragment}': {hint}"))
    return findings


def check_images(src_uri: str, links: list[Link], exists: Callable[[str], bool], filename: str,
                 check_markdown_targets: bool = True, docs_name: str = "docs") -> list[Finding]:
    """Images need alt text, must be files in docs/ (the site loads nothing from other origins)."""
    findings = []
    for link in links:
        if link.kind != "image":
            continue
        if not link.text:
            findings.append(Finding(filename, link.line, rule=RULE, message=
                                    f"image '{link.target}' has no alt text: describe what it shows, "
                                    + ('e.g. <img alt="Diagram of ..." ...>' if link.raw_html
                                       else "e.g. ![Diagram of the facet joints](...)")))
        if not link.target:
            findings.append(Finding(filename, link.line, rule=RULE, message= "image has no file: give its path, e.g. assets/diagrams/x.svg"))
            continue
        if EXTERNAL_RE.match(link.target):
            if not link.target.startswith("data:"):
                findings.append(Finding(filename, link.line, rule=RULE, message=
                                        f"image '{link.target}' is on another website: save it under {docs_name}/assets/ "
                                        "and link to that copy (the site loads nothing from other websites)"))
            continue
        if not (check_markdown_targets or link.raw_html):
            continue
        path, _ = resolve(src_uri, link.target)
        if not exists(path):
            findings.append(Finding(filename, link.line, rule=RULE, message=
                                    f"image '{link.target}' does not exist (looked for {docs_name}/{path}): "
                                    "correct the path or add the file"))
    return findings
