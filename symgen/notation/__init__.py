"""The language, written: probability and information notation (P, H, D_KL, E) and its LaTeX."""

from __future__ import annotations

from symgen.notation.latex import to_latex
from symgen.notation.laws import *  # noqa: F403  (named laws, mixtures, assumptions)
from symgen.notation.laws import __all__ as _laws_all
from symgen.notation.operators import *  # noqa: F403  (E[X|Y], ELBO, V(G, D), argmax, ...)
from symgen.notation.operators import __all__ as _operators_all
from symgen.notation.symbols import *  # noqa: F403  (P, H, D_KL, E, Var, Cov, Sum)
from symgen.notation.symbols import __all__ as _symbols_all
from symgen.notation.tex import Latex, escape_latex, latex_of, repr_latex

__all__ = [
    *_symbols_all,
    *_laws_all,
    *_operators_all,
    "Latex",
    "escape_latex",
    "latex_of",
    "repr_latex",
    "to_latex",
]
