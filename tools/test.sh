#!/usr/bin/env bash
# Set up everything for the tests (see setup.sh: TeX, chromium, KaTeX, .venv-test), then run
# the linters, mypy and the whole test suite (browser and wheel tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test
export PATH="$PWD/.venv-test/bin:$PATH"
ruff check .
ruff format --check .
mypy symgen
python -m pytest -n 2 --dist loadgroup --doctest-modules symgen tests
