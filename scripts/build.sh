#!/usr/bin/env bash
# Sets up the machine, then builds the guide (HTML and PDF handouts), strictly.
# Usage: scripts/build.sh             both language editions: English (mkdocs.yml) into site/,
#                                     then Spanish (mkdocs.es.yml) into site/es/ (English goes
#                                     first: a build empties its own site folder, and site/es/
#                                     lies inside site/)
#        scripts/build.sh -f examples/clinic/mkdocs.yml   one config, e.g. a clinic's edition
#                                     (any mkdocs build options pass through)
#        scripts/build.sh serve       live preview of the English edition on http://127.0.0.1:8000
#        scripts/build.sh serve es    the same for the Spanish edition; `serve -f FILE` for another
#                                     config. Not strict, so a problem never stops the preview:
#                                     each page shows its problems. No PDFs unless PDF_EXPORT=1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
if [ "${1:-}" = "serve" ]; then
  shift
  if [ "${1:-}" = "es" ]; then
    shift
    set -- -f mkdocs.es.yml "$@"
  fi
  exec .venv/bin/mkdocs serve --no-strict "$@"
fi
if [ "${1:-}" = "build" ]; then
  shift
fi
if [ "$#" -gt 0 ]; then
  exec .venv/bin/mkdocs build --strict "$@"
fi
.venv/bin/mkdocs build --strict
exec .venv/bin/mkdocs build --strict -f mkdocs.es.yml
