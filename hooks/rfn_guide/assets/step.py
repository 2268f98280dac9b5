"""Step: only the assets a reader's browser needs, loaded when they are needed.

- Leaves out the search language packs Material's search worker never imports (all of them for
  English alone), about 1 MB of the offline zip.
- The image lightbox (mkdocs-glightbox) only on pages with an image it can open (a page can
  still force it with `glightbox: true`), its files fetched when a reader first reaches for a
  picture, and its 0.5.3 wrapping of the content undone (rfn_guide.assets.glightbox_053).
- Names Material's search dialog for screen readers, on pages and the 404 page.
- Keeps the theme's templates compiled between builds (Jinja's bytecode cache in
  .cache/rfn_guide/templates/): MkDocs compiles Material's 50 templates and our overrides anew on
  every build and every `mkdocs serve` rebuild; read back, they save about 0.1 s a build
  (scripts/bench.py, hook overhead)."""
from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from ..engine.build_cache import CACHE_DIR
from ..engine.site import Site
from ..i18n import text
from .glightbox_053 import has_lightbox_image, lightbox_on_demand, unwrap_fragment
from .rules import is_unused_search_pack
from .theme_fixes import label_search_dialog

LIGHTBOX_LOADER = "javascripts/lightbox-on-demand.js"  # in docs/: loads the lightbox when needed


def _search_languages(site: Site) -> list[str]:
    search = site.config.plugins.get("material/search") or site.config.plugins.get("search")
    if search is None or not getattr(search, "config", None):
        return []
    return list(search.config.get("lang") or [site.config.theme.get("language", "en")])


def on_files(site: Site, files: Files) -> None:
    languages = _search_languages(site)
    if languages:
        for file in list(files):
            if is_unused_search_pack(file.src_uri, languages):
                files.remove(file)


def on_env(site: Site, env: Environment) -> None:
    # Jinja files each template under a hash of its name and source, so an edited template is
    # compiled again; the cache only spares the compiling of unchanged ones.
    folder = CACHE_DIR / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def on_page_content(site: Site, html: str, page: Page) -> str:
    return unwrap_fragment(html)


def on_page_context(site: Site, context: TemplateContext, page: Page) -> None:
    # glightbox adds its CSS and script in on_post_page unless the page says `glightbox: false`
    if "glightbox" not in page.meta and not has_lightbox_image(page.content or ""):
        page.meta["glightbox"] = False


def on_post_page(site: Site, output: str, page: Page) -> str:
    loader = get_relative_url(LIGHTBOX_LOADER, page.url)
    return lightbox_on_demand(label_search_dialog(output, text(site.language, "search_label")), loader)


def on_post_template(site: Site, output: str, template_name: str) -> str:
    # The 404 page is a theme template, not a page, so on_post_page never sees it
    if template_name != "404.html":
        return output
    return label_search_dialog(output, text(site.language, "search_label"))
