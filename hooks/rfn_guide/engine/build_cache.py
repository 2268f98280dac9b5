"""The project's build cache: .cache/rfn_guide/ beside mkdocs.yml (ignored by git), as Material's
plugins keep theirs in .cache/. It only saves time: a missing, stale or unreadable file is
worked out again, and a folder that cannot be written is simply not used."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

CACHE_DIR = Path(__file__).resolve().parents[3] / ".cache" / "rfn_guide"


def fingerprint(*parts: str) -> str:
    """A short hash naming what a cached result was made from."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def read_json(name: str) -> Any:
    try:
        return json.loads((CACHE_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: builds running side by side never read half a file.
        partial = CACHE_DIR / f"{name}.{os.getpid()}.tmp"
        partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(partial, CACHE_DIR / name)
    except OSError:
        pass  # a read-only checkout: no cache, same results
