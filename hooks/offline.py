"""MkDocs glue for the offline copy (OFFLINE=1): the site opened from disk, with search.

Material's `offline` plugin (mkdocs.yml) turns off directory URLs and inlines the search
index into a script. For search it also adds the iframe-worker shim (browsers refuse to start
a Web Worker from file://), but from a CDN. This hook swaps that for the copy in
vendor/iframe-worker/, so the offline copy loads nothing from another origin and works with no
network at all."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

log = get_plugin_logger(__name__)

SHIM_SOURCE = Path(__file__).resolve().parent.parent / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-50)  # after the offline plugin has added the CDN copy
def on_config(config):
    if not _offline_enabled(config):
        return config
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
    config.extra["polyfills"] = [*polyfills, SHIM_URI]
    return config


def on_files(files, config):
    if not _offline_enabled(config):
        return files
    if not SHIM_SOURCE.is_file():
        log.warning(f"{SHIM_SOURCE} is missing, so search will not work in the offline copy. "
                    "Restore it from git (see vendor/iframe-worker/README.md).")
        return files
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SOURCE)))
    return files
