#!/usr/bin/env bash
# Set up symgen on a fresh Debian machine: TeX (for the PDF sheet), a virtualenv, the package.
# Usage: bash tools/setup.sh [test]   ("test" adds the test/reference-library extras)
set -euo pipefail
cd "$(dirname "$0")/.."

TEX_PACKAGES=(latexmk texlive-latex-base texlive-latex-recommended texlive-latex-extra
              texlive-lang-korean texlive-pictures poppler-utils)
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

missing=()
for pkg in "${TEX_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
extras="dev"
[ "${1:-}" = "test" ] && extras="test"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extras}]"
