"""The language, read: untrusted text and LaTeX to SymPy, safely (a Lark grammar, never eval)."""

from __future__ import annotations

from symgen.parsing.parser import parse, parse_relation

__all__ = ["parse", "parse_relation"]
