#!/usr/bin/env bash
# Set up what the sheet needs (see setup.sh: TeX, and .venv with the runtime dependencies only),
# then build the full study sheet, Korean and English, as .tex and PDF into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
symgen sheet --lang ko --pdf -o output
symgen sheet --lang en --pdf -o output
ls -l output
