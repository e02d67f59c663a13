#!/usr/bin/env bash
# Set up symgen on a fresh Debian machine (as root, or through sudo).
# Usage: bash tools/setup.sh [web|test]
#   (none)  TeX for the PDF sheet, and .venv with symgen and its runtime dependencies only
#   web     the same, plus the [web] extra and KaTeX in .venv, for `symgen serve`
#   test    TeX, Debian's chromium and chromium-driver, KaTeX, and a separate .venv-test with
#           the test extras (pytest, ruff, mypy, playwright, ...); .venv stays runtime-only
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
case "$mode" in
  "" | web | test) ;;
  *) echo "usage: bash tools/setup.sh [web|test]" >&2; exit 2 ;;
esac
KATEX_VERSION="0.16.47"   # npm's katex, copied into symgen/web/static/katex (git-ignored)

DEBS=(latexmk texlive-latex-base texlive-latex-recommended texlive-latex-extra
      texlive-lang-korean texlive-pictures poppler-utils)
if [ "$mode" = test ]; then DEBS+=(chromium chromium-driver); fi
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

missing=()
for pkg in "${DEBS[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ -n "$mode" ] && ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

install_katex() {
  local dest=symgen/web/static/katex tmp
  if [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$KATEX_VERSION" ]; then return; fi
  echo "setup: installing KaTeX $KATEX_VERSION (npm) into $dest" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "katex@$KATEX_VERSION" >/dev/null && tar xzf "katex-$KATEX_VERSION.tgz")
  rm -rf "$dest"
  mkdir -p "$dest/fonts"
  cp "$tmp/package/dist/katex.min.js" "$tmp/package/dist/katex.min.css" "$tmp/package/LICENSE" "$dest/"
  cp "$tmp/package/dist/fonts/"*.woff2 "$dest/fonts/"
  echo "$KATEX_VERSION" > "$dest/VERSION"
  rm -rf "$tmp"
}

venv=.venv
target="."
case "$mode" in
  web) target=".[web]" ;;
  test) venv=.venv-test; target=".[test,dask]" ;;
esac
if [ -n "$mode" ]; then install_katex; fi
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$target"
