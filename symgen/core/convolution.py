"""Exact convolution of pmfs: the distribution of a sum of independent variables.

Rational pmfs are convolved as integer polynomials over a common denominator (Python ints,
no SymPy in the loop), which keeps 100 dice well under a second; symbolic pmfs fall back
to SymPy arithmetic.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from math import lcm
from typing import Any

import sympy as sp

from symgen.core.outcomes import sorted_values, to_number
from symgen.errors import InvalidDistribution


def convolve(pmfs: Sequence[Mapping[Hashable, sp.Expr]]) -> dict[Hashable, sp.Expr]:
    """``{total: probability}`` for the sum of one draw from each pmf.

    >>> convolve([{0: sp.Rational(1, 2), 1: sp.Rational(1, 2)}] * 2)
    {0: 1/4, 1: 1/2, 2: 1/4}
    """
    numeric = [{_integer_value(v): p for v, p in pmf.items()} for pmf in pmfs]
    if all(p.is_Rational for pmf in numeric for p in pmf.values()):
        return _convolve_rational(numeric)
    return _convolve_symbolic(numeric)


def _integer_value(value: Hashable) -> Hashable:
    number = to_number(value, "summand")
    if not number.is_Rational:
        raise InvalidDistribution(f"sum_of() needs numeric outcomes, got {value!r}")
    return int(number) if number.is_Integer else number


def _convolve_rational(pmfs: Sequence[Mapping[Hashable, sp.Rational]]) -> dict:
    total: dict[Any, int] = {0: 1}
    denominator = 1
    for pmf in pmfs:
        scale = lcm(*(int(p.q) for p in pmf.values()))
        weights = {v: int(p.p) * (scale // int(p.q)) for v, p in pmf.items() if p != 0}
        step: dict[Any, int] = {}
        for a, wa in total.items():
            for b, wb in weights.items():
                step[a + b] = step.get(a + b, 0) + wa * wb
        total, denominator = step, denominator * scale
    return {v: sp.Rational(total[v], denominator) for v in sorted_values(total)}


def _convolve_symbolic(pmfs: Sequence[Mapping[Hashable, sp.Expr]]) -> dict:
    total: dict[Any, sp.Expr] = {0: sp.Integer(1)}
    for pmf in pmfs:
        step: dict[Any, sp.Expr] = {}
        for a, pa in total.items():
            for b, pb in pmf.items():
                step[a + b] = step.get(a + b, sp.Integer(0)) + pa * pb
        total = {v: sp.expand(p) for v, p in step.items()}
    return {v: total[v] for v in sorted_values(total)}
