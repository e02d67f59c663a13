"""The language, written: probability and information notation (P, H, D_KL, E) and its LaTeX."""

from __future__ import annotations

from symgen.notation.latex import to_latex
from symgen.notation.symbols import *  # noqa: F403  (the notation's own __all__)
from symgen.notation.symbols import __all__ as _symbols_all
from symgen.notation.tex import Latex, escape_latex, latex_of, repr_latex

__all__ = [*_symbols_all, "Latex", "escape_latex", "latex_of", "repr_latex", "to_latex"]
