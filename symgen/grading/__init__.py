"""A class's answers (CSV) to verdicts and reports, on local workers or on Dask."""

from __future__ import annotations

from symgen.grading.grade import grade_file

__all__ = ["grade_file"]
