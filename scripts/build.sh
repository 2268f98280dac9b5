#!/usr/bin/env bash
# Sets up the machine, then builds the site (HTML and PDF handouts) into site/.
# Usage: scripts/build.sh          build once, strictly
#        scripts/build.sh -f examples/clinic/mkdocs.yml   a clinic's edition (any mkdocs build options pass through)
#        scripts/build.sh serve [-f FILE]   live preview on http://127.0.0.1:8000 (no PDFs unless PDF_EXPORT=1);
#                                  not strict, so a problem never stops it: each page shows its problems
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
if [ "${1:-}" = "serve" ]; then
  shift
  exec .venv/bin/mkdocs serve --no-strict "$@"
fi
if [ "${1:-}" = "build" ]; then
  shift
fi
exec .venv/bin/mkdocs build --strict "$@"
