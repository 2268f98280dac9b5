#!/usr/bin/env python3
"""Checks docs/ with the build's own rules, in-process, and prints exactly what the build reports.
Usage: .venv/bin/python scripts/check_docs.py [docs] [--bib includes/references.bib] [--today YYYY-MM-DD]
Exit 1 when there is a problem `mkdocs build --strict` would stop on."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from rfn_guide.engine.check import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
