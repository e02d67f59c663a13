"""Turn user-supplied probabilities into exact SymPy values (never floats)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from numbers import Integral

import sympy as sp

from symgen.errors import InvalidProbability

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?\s*$")
_RATIO = re.compile(r"^\s*([+-]?\d{1,400})\s*/\s*(\d{1,400})\s*$")
_MAX_TEXT = 1000


def to_exact(value: object) -> sp.Expr:
    """Exact SymPy value of an int, Fraction, "1/12"/"0.25" string, float or SymPy expression.

    Floats are converted through their shortest decimal repr, so ``0.1`` is 1/10 (the value
    the writer meant, not the binary double 0.1000000000000000055...). Strings accept only
    integers, decimals and ``a/b`` ratios; anything else is an error, never ``sympify``.

    >>> to_exact("1/12"), to_exact(0.25), to_exact(Fraction(2, 4))
    (1/12, 1/4, 1/2)
    """
    if isinstance(value, bool):
        raise InvalidProbability(f"probability must be a number, not the boolean {value!r}")
    if isinstance(value, sp.Basic):
        return _require_expr(value)
    if isinstance(value, Integral):
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, str):
        return _from_text(value)
    raise InvalidProbability(f"cannot use {type(value).__name__} {value!r} as a probability")


def _require_expr(value: sp.Basic) -> sp.Expr:
    if not isinstance(value, sp.Expr):
        raise InvalidProbability(f"probability must be a SymPy expression, got {value!r}")
    if value.has(sp.Float):  # the decimal as written: Float("0.333333") is 333333/10^6, not 1/3
        return value.xreplace({f: sp.Rational(str(f)) for f in value.atoms(sp.Float)})
    return value


def _from_float(value: float) -> sp.Expr:
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidProbability(f"probability {value!r} is not a finite number")
    return sp.Rational(repr(float(value)))  # float(): numpy scalars repr as "np.float64(...)"


def _from_text(text: str) -> sp.Expr:
    if len(text) > _MAX_TEXT:
        raise InvalidProbability(
            f"probability text is {len(text)} characters long (max {_MAX_TEXT})"
        )
    ratio = _RATIO.match(text)
    if ratio:
        numerator, denominator = int(ratio.group(1)), int(ratio.group(2))
        if denominator == 0:
            raise InvalidProbability(f"probability {text.strip()!r} divides by zero")
        return sp.Rational(numerator, denominator)
    if _NUMBER.match(text):
        return sp.Rational(text.strip())
    raise InvalidProbability(
        f"cannot read {text.strip()[:40]!r} as a probability; write an integer, a decimal or a/b"
    )


def exact_sum(values: Iterable[sp.Expr]) -> sp.Expr:
    """Sum of SymPy values; rationals are added as integers grouped by denominator.

    SymPy adds Rationals one gcd at a time; a table of 10^5 cells usually has a handful of
    denominators, so grouping makes the sum about ten times faster.

    >>> exact_sum([sp.Rational(1, 3), sp.Rational(1, 6), sp.Rational(1, 2), sp.Symbol("p")])
    p + 1
    """
    numerators: dict[int, int] = {}
    others = []
    for value in values:
        if isinstance(value, sp.Rational):
            q = int(value.q)
            numerators[q] = numerators.get(q, 0) + int(value.p)
        else:
            others.append(value)
    rational = sum((Fraction(n, q) for q, n in numerators.items()), Fraction(0))
    return sp.Add(sp.Rational(rational.numerator, rational.denominator), *others)
