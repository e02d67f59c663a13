"""The language, read: untrusted text and LaTeX to SymPy, safely (a Lark grammar, never eval)."""

from __future__ import annotations

from symgen.parsing.parser import Claim, parse, parse_assumptions, parse_claim, parse_relation

__all__ = ["Claim", "parse", "parse_assumptions", "parse_claim", "parse_relation"]
