"""The study sheets pass tools/sheet_lint.py: built as .tex and PDF, every category at 0.

tools/sheet_lint.py is an unchanged copy of the project's lint (../shared/tools), so a clean
clone can run it. The build keeps each PDF's .log beside it, so Overfull/Underfull boxes count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from symgen.sheet.pdf import require_tex

LINT = Path(__file__).resolve().parents[1] / "tools" / "sheet_lint.py"


def test_sheet_lint_passes_on_both_built_sheets(tmp_path):
    """Both languages, sheet and cheat sheet: lint --check exits 0 with 0 in every category."""
    from symgen.sheet.assemble import write_all
    from symgen.sheet.pdf import build_pdf

    require_tex()
    for lang in ("ko", "en"):
        write_all(tmp_path, lang=lang, build=build_pdf)
    done = subprocess.run(
        [sys.executable, str(LINT), str(tmp_path), "--check", "--summary"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    assert len(report["files"]) == 4, sorted(report["files"])
    assert done.returncode == 0, report["violations"]
    for name, sheet in report["files"].items():
        counts = sheet["categories"]
        assert counts["i_hbox"]["count"] == 0, name  # the .log was found and is clean
        limit = 4 if "cheatsheet" in name else 40
        assert 0 < counts["h_pages"]["count"] <= limit, name
