#!/usr/bin/env python3
"""Builds the offline copy of the guide and packs it as a zip, PDF handouts included.

The offline copy opens from disk or a USB stick with no server: unzip it, open index.html.
It is the normal site built with OFFLINE=true (Material's offline plugin, see mkdocs.yml), in
both languages as online: English, then Spanish (mkdocs.es.yml) into es/, each page linking to
the same page in the other language.

Usage: .venv/bin/python scripts/build_offline.py [--zip dist/rfn-guide-offline.zip] [--site-dir DIR]
       PDF_EXPORT=0 ... leaves out the PDF handouts (faster; tests do this)."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "rfn-guide"  # the one folder the zip unpacks into
# Files a reader of the offline copy never uses
LEAVE_OUT_NAMES = {"sitemap.xml", "sitemap.xml.gz", "robots.txt", "search_index.json"}
LEAVE_OUT_SUFFIXES = {".map"}


@dataclass
class Packed:
    files: int = 0
    bytes: int = 0
    pdfs: list[str] = field(default_factory=list)


def package(site_dir: Path, zip_path: Path, folder: str = FOLDER) -> Packed:
    """Zips `site_dir` into `zip_path` under one top folder, leaving out what a reader never uses."""
    packed = Packed()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site_dir.rglob("*")):
            if not path.is_file() or path.name in LEAVE_OUT_NAMES or path.suffix in LEAVE_OUT_SUFFIXES:
                continue
            relative = path.relative_to(site_dir).as_posix()
            archive.write(path, f"{folder}/{relative}")
            packed.files += 1
            if path.suffix.lower() == ".pdf":
                packed.pdfs.append(relative)
    packed.bytes = zip_path.stat().st_size
    return packed


# Each edition's config and its folder in the copy; English first (a build empties its folder,
# and es/ lies inside it), as scripts/build.sh builds them online.
EDITIONS = (("mkdocs.yml", ""), ("mkdocs.es.yml", "es"))


def build(site_dir: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    for config, folder in EDITIONS:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site_dir / folder)]
        result = subprocess.run(command, cwd=ROOT, env=env)
        if result.returncode != 0:
            sys.exit(f"The offline build of {config} failed: see the messages above (the same ones "
                     f"`mkdocs build --strict -f {config}` gives).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", type=Path, default=ROOT / "dist" / "rfn-guide-offline.zip")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where to build (default: a temporary folder, removed afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rfn-offline-") as temporary:
        site_dir = (args.site_dir or Path(temporary) / "site").resolve()
        build(site_dir)
        packed = package(site_dir, args.zip.resolve())
    pdf_export = os.environ.get("PDF_EXPORT", "1") != "0"
    print(f"Offline copy: {args.zip} ({packed.files} files, {packed.bytes / 1024:.0f} KiB), "
          f"{len(packed.pdfs)} PDF handout(s)")
    if pdf_export and not packed.pdfs:
        print("Warning: PDF export was on, but the build made no PDF handouts.", file=sys.stderr)
    print(f"To use it: unzip, then open {FOLDER}/index.html in a web browser.")


if __name__ == "__main__":
    main()
