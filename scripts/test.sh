#!/usr/bin/env bash
# Sets up the machine with everything the tests need, checks the code with ruff and mypy
# (settings in pyproject.toml), then runs every test.
# Extra arguments go to pytest, e.g. scripts/test.sh -k citations
# scripts/test.sh --fast: the fast tier, every rule and planted fault that needs only MkDocs (no
# browser, no PDF, no Java; tests marked "slow" in tests/conftest.py are left out).
set -euo pipefail
cd "$(dirname "$0")/.."
fast=()
if [ "${1:-}" = "--fast" ]; then
  fast=(-m "not slow")
  shift
fi
scripts/setup.sh requirements-dev.txt
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check hooks scripts tests
.venv/bin/mypy
# One process a core (pytest-xdist; a test module stays in one process, and the builds the tests
# share are made once per run, tests/conftest.py shared_build)
exec .venv/bin/python -m pytest -n auto --dist loadfile "${fast[@]}" "$@"
