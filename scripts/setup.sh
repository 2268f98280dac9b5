#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: Debian packages (Chromium and its headless
# shell for PDFs and browser tests, poppler and zbar for reading PDFs back, Java for the HTML
# checker, aspell with its US English and Spanish dictionaries for the spell checks), then a
# virtual environment in .venv. With the test requirements it also makes .venv-properdocs: ProperDocs, for
# tests/test_properdocs.py, in a venv of its own so .venv keeps building with MkDocs.
# Usage: scripts/setup.sh [requirements file]   (default requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

debian_packages=(chromium poppler-utils libzbar0 openjdk-17-jre-headless aspell aspell-en aspell-es)
# Wanted, not needed: the PDFs print faster with it, and with Debian's chromium without it.
optional_packages=(chromium-headless-shell)
not_installed() { for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || echo "$package"; done; }
mapfile -t missing < <(not_installed "${debian_packages[@]}")
mapfile -t missing_optional < <(not_installed "${optional_packages[@]}")
if [ "$((${#missing[@]} + ${#missing_optional[@]}))" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    $sudo_cmd apt-get update -qq
    if [ "${#missing[@]}" -gt 0 ]; then
      echo "Installing Debian packages: ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if [ "${#missing_optional[@]}" -gt 0 ]; then
      echo "Installing Debian packages: ${missing_optional[*]}"
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing_optional[@]}" >/dev/null ||
        echo "Note: ${missing_optional[*]} could not be installed; the PDFs are printed with chromium instead (slower)." >&2
    fi
  else
    echo "Please install these packages with your system's package manager: ${missing[*]} ${missing_optional[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  # Debian's own python3 needs the python3-venv package before it can make a venv.
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" 2>/dev/null; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv .venv
fi
# pip is asked only when a requirements file changed since the last install into this venv
# (a stamp of their contents): a second run, e.g. each `scripts/test.sh --fast`, saves two
# seconds of pip resolving what is there already.
stamp() { cat requirements*.txt | sha256sum | cut -d" " -f1; }
install() {  # install VENV REQUIREMENTS
  local stamp_file
  stamp_file="$1/.installed-$(basename "$2" .txt)"
  if [ "$(cat "$stamp_file" 2>/dev/null)" != "$(stamp)" ]; then
    "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
    stamp > "$stamp_file"
  fi
}
install .venv "$requirements"

if [ "$requirements" = "requirements-dev.txt" ]; then
  [ -x .venv-properdocs/bin/python ] || python3 -m venv .venv-properdocs
  install .venv-properdocs requirements-properdocs.txt
fi

# The hooks' bytecode, compiled ahead: MkDocs imports about 60 modules of hooks/ on every build,
# and where PYTHONDONTWRITEBYTECODE is set (as on our CI machines) Python would compile them
# from source each time, about 45 ms a build, a quarter of the hooks' whole cost. compileall
# writes only what is missing or older than its source; Python reads it whatever that setting.
.venv/bin/python -m compileall -q hooks >/dev/null
