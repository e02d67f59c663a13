"""The study sheets pass tools/sheet_lint.py: built as .tex and PDF, every category at 0.

tools/sheet_lint.py is an unchanged copy of the project's lint (../shared/tools), so a clean
clone can run it. The build keeps each PDF's .log beside it, so Overfull/Underfull boxes count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LINT = Path(__file__).resolve().parents[1] / "tools" / "sheet_lint.py"


def test_sheet_lint_passes_on_both_built_sheets(built_sheets):
    """Both languages, sheet and cheat sheet: lint --check exits 0 with 0 in every category."""
    done = subprocess.run(
        [sys.executable, str(LINT), str(built_sheets), "--check", "--summary"],
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


def test_sheet_tex_is_byte_identical_run_to_run(built_sheets, tmp_path):
    """Rebuilding the .tex of both sheets gives the same bytes as the session build."""
    from symgen.sheet.build import write_all

    write_all(tmp_path, lang="en")
    for name in ("symgen-sheet-en.tex", "symgen-cheatsheet-en.tex"):
        assert (tmp_path / name).read_bytes() == (built_sheets / name).read_bytes()


def test_cheatsheet_marks_the_notes_erratum(built_sheets):
    """The cheat sheet states the erratum H(P,Q) = D_KL(P||Q) as wrong, with the true relation."""
    tex = (built_sheets / "symgen-cheatsheet-ko.tex").read_text(encoding="utf-8")
    assert tex.count(r"\textbf{노트의 오류}") == 2 and r"\begin{multicols}{2}" in tex
    wrong = tex.index(r"H(P, Q) = D_{\mathrm{KL}}(P \,\|\, Q)")
    assert "정정" in tex[wrong : wrong + 400]
