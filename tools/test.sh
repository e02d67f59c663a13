#!/usr/bin/env bash
# Set up everything (see setup.sh), then run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test
export PATH="$PWD/.venv/bin:$PATH"
ruff check .
ruff format --check .
mypy symgen
python -m pytest -n 2 --doctest-modules symgen tests
