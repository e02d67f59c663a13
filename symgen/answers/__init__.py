"""Is a student's answer right? Comparison, recognised mistakes, feedback."""

from __future__ import annotations

from symgen.answers.check import Verdict, check_answer

__all__ = ["Verdict", "check_answer"]
