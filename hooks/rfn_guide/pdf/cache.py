"""PDFs kept between builds, so a build prints only what changed.

Each PDF has a recipe: everything that shapes it apart from files (settings, edition, paper,
Chromium's identity, the exporter's own code, the page's title and dates...). Its key is a hash
of the recipe and of the content of every site file the page used when it was last printed
(its HTML, stylesheets, scripts, pictures: the browser reports them). A lookup recomputes the
key from today's files; any change to any of them gives a new key, so a stale PDF is never
served. A key is printed once, then copied.

Layout of the cache folder (`.cache/pdf/` beside mkdocs.yml, ignored by git):
    entries/<language>/<edition>--<name>.json   {"key", "deps", "extra"} of the last print of
                                      that PDF (each language's apart: PdfCache's scope;
                                      older exporters' entries/<edition>--<name>.json are pruned)
    entries/<language>/<edition>--booklet--<part>.json   the same for each part of a booklet (a section,
                                      "(front)", "notes", "back", "(furniture)"), "extra" its page count
                                      and heading outline;
                                      a part's raw.pdf has had pdfua.fix_parts() and fix_structure() already
    blobs/<key>.raw.pdf               Chromium's output
    blobs/<key>.parts.json            a booklet's parts, by their keys, with their heading
                                      outlines (a booklet is merged and finished in one pass:
                                      its merged PDF is never written out)
    blobs/<key>.<finish>.pdf          the finished PDF (metadata, date, bookmarks)
    sources/<config>.json             what an editor's files looked like at the last export
                                      (sources_fingerprint), to start Chromium early or not
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CODE_DIR = Path(__file__).resolve().parent
RAW = "raw.pdf"  # the blob a print is kept as: Chromium's output
PARTS = "parts.json"  # the blob a booklet is kept as: its parts' keys


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def code_digest() -> str:
    """The exporter's own code, scripts and stylesheets: a change to any of them reprints all."""
    files = sorted(path for path in CODE_DIR.rglob("*") if path.suffix in (".py", ".js", ".css") and path.is_file())
    return digest(*(part for path in files for part in (path.name, path.read_bytes())))


def site_file(path: str) -> str:
    """A URL path under the site (`before/`, ``) as the file the server sends (`before/index.html`)."""
    path = path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass
class Hit:
    key: str
    deps: list[str]
    extra: dict[str, Any]


class PdfCache:
    """The cache of one export run. Without a folder it never hits and keeps nothing.

    `scope` (the site's language) keeps the entries of builds that share the folder apart: the
    English and Spanish builds name their PDFs alike ("standard/about"), and with one set of
    entries each build took the other's place, so `scripts/build.sh` printed every PDF of both
    languages every time. The blobs are shared (named by their key)."""

    def __init__(self, folder: Path | None, site_dir: Path, scope: str = ""):
        self.folder = Path(folder) if folder else None
        self.site_dir = Path(site_dir)
        self._file_digests: dict[str, str | None] = {}
        self._entries: Path | None = None
        if self.folder:
            self._entries = self.folder / "entries" / scope  # scope "": entries/ itself
            self._entries.mkdir(parents=True, exist_ok=True)
            (self.folder / "blobs").mkdir(parents=True, exist_ok=True)

    # --- keys -----------------------------------------------------------------------------

    def file_digest(self, path: str) -> str | None:
        """Hash of a site file's content (each file read once a run); None if it is gone."""
        if path not in self._file_digests:
            try:
                self._file_digests[path] = digest((self.site_dir / path).read_bytes())
            except OSError:
                self._file_digests[path] = None
        return self._file_digests[path]

    def key(self, recipe: dict[str, Any], deps: list[str]) -> str | None:
        # default=str: a date in a recipe (a page's last_reviewed) is keyed by its ISO form
        parts: list[str] = [json.dumps(recipe, sort_keys=True, ensure_ascii=False, default=str)]
        for path in sorted(set(deps)):
            found = self.file_digest(path)
            if found is None:
                return None
            parts += [path, found]
        return digest(*parts)

    def key_of(self, recipe: dict[str, Any], deps: list[str], raw: bytes) -> str:
        """The key a fresh print is kept under (store): of its recipe and the files it used, or,
        when one of them is gone, of its recipe and its bytes."""
        return self.key(recipe, deps) or digest(json.dumps(recipe, sort_keys=True, default=str), raw)

    # --- entries --------------------------------------------------------------------------

    def _entry_path(self, name: str) -> Path:
        assert self._entries is not None
        return self._entries / (name.replace("/", "--") + ".json")

    def lookup(self, name: str, recipe: dict[str, Any], kept: str = RAW) -> Hit | None:
        """The cached print of `name` if nothing that shapes it changed since, else None
        (`kept`: the blob it was kept as)."""
        if not self.folder:
            return None
        try:
            entry = json.loads(self._entry_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        deps = [str(path) for path in entry.get("deps", [])]
        key = self.key(recipe, deps)
        if key is None or key != entry.get("key") or not self.blob(key, kept).is_file():
            return None
        return Hit(key, deps, dict(entry.get("extra") or {}))

    def previous_extra(self, name: str) -> dict[str, Any]:
        """What the last print of `name` noted (the booklet's section starts), changed or not."""
        if not self.folder:
            return {}
        try:
            return dict(json.loads(self._entry_path(name).read_text(encoding="utf-8")).get("extra") or {})
        except (OSError, ValueError):
            return {}

    def store(self, name: str, recipe: dict[str, Any], deps: list[str], raw: bytes,
              extra: dict[str, Any] | None = None, kept: str = RAW) -> str:
        """Keeps a fresh print (as the blob `kept`); returns its key (hash of the recipe and of
        the files it used)."""
        deps = sorted(set(deps))
        key = self.key_of(recipe, deps, raw)
        if not self.folder:
            return key
        _write_atomic(self.blob(key, kept), raw)
        _write_atomic(self._entry_path(name), json.dumps({"key": key, "deps": deps, "extra": extra or {}}, indent=1).encode("utf-8"))
        return key

    def forget(self, name: str) -> None:
        """`name` is looked up afresh next time (its finishing failed); its blobs go when pruned."""
        if self.folder:
            self._entry_path(name).unlink(missing_ok=True)

    # --- blobs ----------------------------------------------------------------------------

    def blob(self, key: str, suffix: str) -> Path:
        assert self.folder is not None
        return self.folder / "blobs" / f"{key}.{suffix}"

    def raw(self, key: str, kept: str = RAW) -> bytes:
        return self.blob(key, kept).read_bytes()

    def finished(self, key: str, finish: str) -> Path | None:
        if not self.folder:
            return None
        path = self.blob(key, f"{finish}.pdf")
        return path if path.is_file() else None

    def store_finished(self, key: str, finish: str, pdf: bytes) -> None:
        if self.folder:
            _write_atomic(self.blob(key, f"{finish}.pdf"), pdf)

    def prune(self, min_age_seconds: float = 3600) -> None:
        """Drops blobs no entry points at any more (old prints), so the folder does not grow.
        Only blobs an hour old: another build sharing the folder may have just written one.
        A scoped cache also drops the entries that exporters before the scopes left directly in
        entries/ (an hour old too): nothing reads them, and their blobs would be kept for ever."""
        if not self.folder:
            return
        import time

        too_new = time.time() - min_age_seconds
        top = self.folder / "entries"
        live = set()
        for entry in top.rglob("*.json"):  # every scope's
            try:
                if self._entries != top and entry.parent == top and entry.stat().st_mtime < too_new:
                    entry.unlink()
                    continue
                live.add(json.loads(entry.read_text(encoding="utf-8"))["key"])
            except (OSError, ValueError, KeyError):
                continue
        for blob in (self.folder / "blobs").iterdir():
            if blob.name.split(".", 1)[0] in live:
                continue
            try:
                if blob.stat().st_mtime < too_new:
                    blob.unlink()
            except OSError:  # gone already (another build pruned it)
                continue


def sources_fingerprint(roots: list[Path]) -> str:
    """Every file under `roots` (folders, or files) by path, size and time, as one hash: a cheap
    guess, as a build begins, at whether it will print anything (an edit changes it). A guess
    only: the cache's keys decide what is printed."""
    parts = []
    for root in roots:
        files = sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else [root]
        for path in files:
            try:
                info = path.stat()
            except OSError:  # gone, or never there
                continue
            parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*parts)


def noted_sources(folder: Path | None, config: str) -> str:
    """The sources fingerprint noted after the last export of this config, or ""."""
    if folder is None:
        return ""
    try:
        return str(json.loads((folder / "sources" / f"{digest(config)}.json").read_text(encoding="utf-8"))["sources"])
    except (OSError, ValueError, KeyError):
        return ""


def note_sources(folder: Path | None, config: str, fingerprint: str) -> None:
    if folder is None:
        return
    try:
        (folder / "sources").mkdir(parents=True, exist_ok=True)
        _write_atomic(folder / "sources" / f"{digest(config)}.json",
                      json.dumps({"config": config, "sources": fingerprint}).encode("utf-8"))
    except OSError:  # a folder that cannot be written: Chromium simply starts when needed
        pass


def _write_atomic(path: Path, data: bytes) -> None:
    """Writes via a temporary file, so a build stopped half-way never leaves half a PDF."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def place(source: Path, target: Path) -> None:
    """Puts a kept file into the site: a hard link when the cache and the site share a disk (no
    copying), else a copy. The target is removed first, so writing a new file there later never
    writes through the link into the cache."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_new(target: Path, data: bytes) -> None:
    """Writes a fresh file (never through a hard link into the cache)."""
    target.unlink(missing_ok=True)
    target.write_bytes(data)
