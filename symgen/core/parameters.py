"""Symbols for parameters: probabilities in (0, 1) and other declared quantities."""

from __future__ import annotations

import sympy as sp


class ProbabilitySymbol(sp.Symbol):
    """A SymPy symbol known to lie strictly inside (0, 1).

    SymPy has no interval assumption, so the symbol is declared ``positive`` (which lets
    ``log`` rules fire) and the class itself marks the upper bound: numeric checks sample
    it from (0, 1) and ``1 - p`` is treated as positive.
    """

    is_probability = True

    def __new__(cls, name: str, **assumptions: bool) -> ProbabilitySymbol:
        assumptions.setdefault("positive", True)
        return super().__new__(cls, name, **assumptions)  # type: ignore[no-any-return]


def is_probability_symbol(symbol: sp.Basic) -> bool:
    """True for symbols made by ``symbols(..., probability=True)``."""
    return getattr(symbol, "is_probability", False) is True


def symbols(names: str, *, probability: bool = False, positive: bool = False):
    """Like ``sympy.symbols``; ``probability=True`` makes symbols in (0, 1).

    >>> p, q = symbols("p q", probability=True)
    >>> p.is_positive, is_probability_symbol(q)
    (True, True)
    """
    if probability:
        return sp.symbols(names, cls=ProbabilitySymbol)
    if positive:
        return sp.symbols(names, positive=True)
    return sp.symbols(names, real=True)
