"""The guide's web address as paper gives it to a reader: typed (short_url), scanned (qr_svg),
or not at all when it leads nowhere (placeholder_host). Shared by the clinic edition, the paper
end matter and the PDFs, so it lives with the other shared text tools, not in one feature."""
from __future__ import annotations

import io
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

ENV_PUBLISHING = "RFN_PUBLISHING"  # "1" in the publishing workflow: a placeholder site_url stops the build


def short_url(url: str) -> str:
    """A URL as a reader types it: no scheme, no `www.`, no trailing slash."""
    parts = urlsplit(url)
    text = parts.netloc.removeprefix("www.") + parts.path
    return text.rstrip("/")


# Addresses that lead nowhere a patient can go (RFC 2606 example domains, this machine).
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1", "::1")


def placeholder_host(url: str) -> str | None:
    """The placeholder domain `url` is on (`rfn-guide.example.org` -> "example.org"), or None
    for a real address. Paper must never send a reader to it: no QR code, no printed address."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return "no address"
    return next((name for name in PLACEHOLDER_HOSTS if host == name or host.endswith("." + name)), None)


def publishing(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this is the build that publishes the guide (RFN_PUBLISHING=1, set by
    .github/workflows/publish.yml): there a placeholder site_url is an error, not a note."""
    environ = os.environ if environ is None else environ
    return (environ.get(ENV_PUBLISHING) or "").strip().lower() in ("1", "true", "yes", "on")


def qr_svg(url: str, label: str = "QR code") -> str:
    """An inline SVG QR code that scans to `url` (segno; black on white, quiet zone kept). Kept
    in the build cache: making one takes about 8 ms, and every page has one."""
    from .engine.build_cache import fingerprint, read_json, write_json

    name = f"qr-{fingerprint(url, label, QR_STYLE)}.json"
    kept = read_json(name)
    if isinstance(kept, str):
        return kept
    import segno

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title=label,
              svgclass="rfn-qr", lineclass=None, omitsize=True, dark="#000", light="#fff")
    svg = buffer.getvalue().decode("utf-8")
    write_json(name, svg)
    return svg


QR_STYLE = "segno==1.6.6 error=m scale=4 border=4"  # change it when the drawing changes
