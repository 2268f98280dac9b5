#!/usr/bin/env bash
# Sets up the machine, then builds both language editions (HTML and PDF handouts):
# English (mkdocs.yml) into site/, then Spanish (mkdocs.es.yml) into site/es/. English goes
# first because a build empties its own site folder, and site/es/ lies inside site/.
# Usage: scripts/build.sh             build both, strictly
#        scripts/build.sh serve       live preview of the English edition on http://127.0.0.1:8000
#        scripts/build.sh serve es    the same for the Spanish edition
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
if [ "${1:-build}" = "serve" ]; then
  if [ "${2:-en}" = "es" ]; then
    exec .venv/bin/mkdocs serve --strict -f mkdocs.es.yml
  fi
  exec .venv/bin/mkdocs serve --strict
fi
.venv/bin/mkdocs build --strict
exec .venv/bin/mkdocs build --strict -f mkdocs.es.yml
