"""MkDocs glue: keeps only the assets a reader's browser loads.

- Leaves out the search language packs the search worker never imports (all of them for
  English), about 1 MB of the offline zip.
- Loads the image lightbox (glightbox, about 18 KiB compressed) only on pages that have an
  image it can open. A page can still force it with `glightbox: true` in its front matter."""
from __future__ import annotations

from mkdocs.plugins import event_priority, get_plugin_logger

from rfn_guide.assets import has_lightbox_image, is_unused_search_pack

log = get_plugin_logger(__name__)


def _search_languages(config) -> list[str]:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not getattr(search, "config", None):
        return []
    languages = search.config.get("lang") or [config.theme.get("language", "en")]
    return list(languages)


@event_priority(-50)  # after the theme and the plugins have added their files
def on_files(files, config):
    languages = _search_languages(config)
    if not languages:
        return files
    for file in list(files):
        if is_unused_search_pack(file.src_uri, languages):
            files.remove(file)
    return files


def on_page_context(context, page, config, nav):
    # glightbox adds its CSS and script in on_post_page unless the page says `glightbox: false`
    if "glightbox" not in page.meta and not has_lightbox_image(page.content or ""):
        page.meta["glightbox"] = False
    return context
