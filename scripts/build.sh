#!/usr/bin/env bash
# Sets up the machine, then builds the site (HTML and PDF handouts) into site/.
# Usage: scripts/build.sh          build once, strictly
#        scripts/build.sh serve    live preview on http://127.0.0.1:8000 (no PDFs unless PDF_EXPORT=1);
#                                  not strict, so a problem never stops it: each page shows its problems
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
if [ "${1:-build}" = "serve" ]; then
  exec .venv/bin/mkdocs serve --no-strict "${@:2}"
fi
exec .venv/bin/mkdocs build --strict
