"""Step: the offline copy (OFFLINE=true), opened from disk, with search.

Material's `offline` plugin turns off directory URLs and inlines the search index into a
script. For search it also adds the iframe-worker shim (browsers refuse to start a Web Worker
from file://), but from a CDN. This step swaps that for the copy in vendor/iframe-worker/, so
the offline copy loads nothing from another origin. It runs after the plugin (hooks run after
plugins)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from ..engine.findings import Finding
from ..engine.site import Site

SHIM_SOURCE = Path(__file__).resolve().parents[3] / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


def on_config(site: Site) -> None:
    if site.offline:
        extra = site.config.extra
        polyfills = [url for url in extra.get("polyfills", []) if "iframe-worker" not in str(url)]
        extra["polyfills"] = [*polyfills, SHIM_URI]


def on_files(site: Site, files: Files) -> None:
    if not site.offline:
        return
    if not SHIM_SOURCE.is_file():
        site.report(Finding(site.shown_path(SHIM_SOURCE), None, "is missing, so search will not work in the offline "
                            "copy: restore it from git (see vendor/iframe-worker/README.md)", rule="offline"))
        return
    files.append(File.generated(site.config, SHIM_URI, abs_src_path=str(SHIM_SOURCE)))
