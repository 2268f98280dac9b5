"""What a first visit to a page costs: the bytes a browser downloads, compressed as a
gzip-serving web server sends them. Used by the performance-budget test and scripts/bench.py.

The list of requests comes from a real browser (see `record_first_visit`); each same-origin
URL is mapped back to its file in the built site and sized here."""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from support.browser import RequestsInFlight

BUDGET_BYTES = 120 * 1024  # 120 KiB per first visit, everything together

# Web servers compress text; images and fonts in these formats are compressed already.
COMPRESSIBLE = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ico", ".map"}


def transfer_size(path: Path) -> int:
    """Bytes sent for `path` by a server that gzips text (level 6, the usual server default)."""
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSIBLE:
        return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))
    return len(data)


@dataclass
class Resource:
    url: str
    path: Path | None  # None when the URL is not a file of the built site
    size: int  # compressed transfer size in bytes (0 if unknown)


@dataclass
class Visit:
    page_url: str
    resources: list[Resource]
    foreign: list[str]  # requests to another origin (the site must make none)

    @property
    def total(self) -> int:
        return sum(resource.size for resource in self.resources)

    @property
    def missing(self) -> list[str]:
        return [resource.url for resource in self.resources if resource.path is None]


def site_file(url: str, base_url: str, site_dir: Path) -> Path | None:
    """The file in `site_dir` that a same-origin `url` (under `base_url`) serves, or None."""
    path = unquote(urlsplit(url).path)
    base_path = urlsplit(base_url).path
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path):]
    candidate = (site_dir / relative).resolve()
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if site_dir.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def same_origin(url: str, base_url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def size_visit(page_url: str, requested: list[str], base_url: str, site_dir: Path) -> Visit:
    """Sizes every request of one visit; inline data: URLs cost nothing extra (they are in the HTML)."""
    resources: list[Resource] = []
    foreign: list[str] = []
    seen: set[str] = set()
    for url in requested:
        if url in seen or url.startswith(("data:", "blob:", "about:")):
            continue
        seen.add(url)
        if not same_origin(url, base_url):
            foreign.append(url)
            continue
        path = site_file(url, base_url, site_dir)
        resources.append(Resource(url, path, transfer_size(path) if path else 0))
    return Visit(page_url, resources, foreign)


def record_first_visit(browser: Any, url: str) -> list[str]:
    """URLs a fresh browser profile requests when it opens `url`, once the network has gone quiet
    (this includes the search worker and its index) and every request started has ended.
    `browser` is a Playwright Browser."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        in_flight = RequestsInFlight(page)
        page.goto(url, wait_until="networkidle")
        in_flight.wait_until_all_ended()
        return requested
    finally:
        context.close()


def sitemap_pages(site_dir: Path) -> list[str]:
    """Every page of the built site as listed in its sitemap.xml (absolute URLs on site_url)."""
    import xml.etree.ElementTree as ElementTree

    tree = ElementTree.parse(site_dir / "sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [loc.text.strip() for loc in tree.iter(f"{namespace}loc") if loc.text]


def local_page_urls(site_dir: Path, site_url: str, base_url: str) -> list[str]:
    """The sitemap's pages, moved from the published `site_url` to a local server at `base_url`."""
    return [base_url + url[len(site_url):] for url in sitemap_pages(site_dir) if url.startswith(site_url)]


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"
