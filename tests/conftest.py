"""Shared fixtures: one build of both study sheets and cheat sheets (.tex, PDF, .log) per session.

test_pdf.py and test_sheet_lint.py share it: the TeX build is the slow part of both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symgen.sheet.build import write_all
from symgen.sheet.pdf import build_pdf, require_tex


@pytest.fixture(scope="session")
def built_sheets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder holding symgen-{sheet,cheatsheet}-{ko,en}.{tex,pdf,log}."""
    require_tex()  # raises TexNotInstalled: a loud failure, not a skip
    out = tmp_path_factory.mktemp("sheets")
    for lang in ("ko", "en"):
        write_all(out, lang=lang, build=build_pdf)
    return out
