"""Points a checkout of the guide at the address it is published at, before the publishing build.

    python3 scripts/site_url.py https://owner.github.io/repo/

Rewrites, in the working tree only (the workflow never commits it): `site_url` in mkdocs.yml,
the same address plus `es/` in mkdocs.es.yml, and the two sitemap lines of docs/robots.txt. The
committed files keep the placeholder `rfn-guide.example.org`, which a build never prints on
paper (hooks/rfn_guide/addresses.py, placeholder_host). .github/workflows/publish.yml runs
this with the GitHub Pages address of the repository."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE_URL_LINE = re.compile(r"^site_url:.*$", re.MULTILINE)
SITEMAP_LINE = re.compile(r"^Sitemap: \S+?(?P<path>(?:es/)?sitemap\.xml)$", re.MULTILINE)


def normalised(url: str) -> str:
    """`url` with one trailing slash; an error message (SystemExit) when it is not a web address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SystemExit(f"site_url.py: {url!r} is not a web address: give one like https://owner.github.io/repo/")
    return url.strip().rstrip("/") + "/"


def rewrite(path: Path, pattern: re.Pattern[str], replace: str | None = None, url: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    if pattern is SITEMAP_LINE:
        new, count = pattern.subn(lambda m: f"Sitemap: {url}{m.group('path')}", text)
    else:
        new, count = pattern.subn(replace or "", text)
    if not count:
        raise SystemExit(f"site_url.py: {path.relative_to(ROOT)} has no line to rewrite ({pattern.pattern})")
    path.write_text(new, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    url = normalised(argv[0])
    rewrite(ROOT / "mkdocs.yml", SITE_URL_LINE, f"site_url: {url}")
    rewrite(ROOT / "mkdocs.es.yml", SITE_URL_LINE, f"site_url: {url}es/")
    rewrite(ROOT / "docs" / "robots.txt", SITEMAP_LINE, url=url)
    print(f"site_url: {url} (Spanish: {url}es/)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
