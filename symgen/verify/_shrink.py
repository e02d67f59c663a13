"""Shrinking counterexamples: the smallest, simplest model that still refutes a link.

A random model that refutes a claim has tables such as 897/1000 and labels 4, 6, -1. Before it
is shown, simpler models are tried in order: every variable with 2 outcomes labelled 0 and 1
(then 1, 2 and -1, 1), every law a table of halves, thirds, quarters ... up to twelfths (all
cells positive: models keep full support), parameters 1/2, 1/3, 2/3 ... The first one that
refutes the link replaces the random model. The search is deterministic and bounded by a
number of evaluations, not by time.

>>> import sympy as sp
>>> from symgen.notation.symbols import P
>>> from symgen.verify.models import random_model
>>> a, b = sp.symbols("a b")
>>> m = shrink(P(a, given=b), P(b, given=a), "=", random_model([P(a, b)], seed=3))
>>> m.sizes, sorted({pr.denominator for pr in m.laws[sp.Symbol("P")].values()})
((2, 2), [5])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from types import MappingProxyType

import mpmath
import sympy as sp

from symgen.parsing.budget import checkpoint
from symgen.verify._evaluate import evaluate
from symgen.verify._evidence import _holds
from symgen.verify.models import Model, ModelError

__all__ = ["shrink"]

MAX_DENOMINATOR = 12
_MAX_EVALUATIONS = 1000
_CONFIRM_DIGITS = 120
_MAX_CELLS = 8  # at most three variables of two outcomes
_LABELS: tuple[tuple[int, int], ...] = ((0, 1), (1, 2), (-1, 1))
_UNIT = (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4))
_POSITIVE = (Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3))
_REAL = (Fraction(1), Fraction(2), Fraction(-1), Fraction(1, 2))


def shrink(before: sp.Expr, after: sp.Expr, relation: str, model: Model) -> Model:
    """The simplest model (see the module docstring) that refutes the link, else ``model``."""
    if 2 ** len(model.variables) > _MAX_CELLS:
        return model
    budget = [_MAX_EVALUATIONS]
    for candidate in _candidates(model):
        checkpoint()
        if budget[0] <= 0:
            break
        budget[0] -= 1
        if _refutes(before, after, relation, candidate):
            return candidate
    return model


def _refutes(before: sp.Expr, after: sp.Expr, relation: str, model: Model) -> bool:
    """The link fails on ``model`` at 50 digits, and again at 120 with a far smaller slack."""
    try:
        lhs, rhs = evaluate(before, model), evaluate(after, model)
        if _holds(relation, lhs, rhs) is not False:
            return False
        lhs, rhs = (evaluate(e, model, digits=_CONFIRM_DIGITS) for e in (before, after))
        return _holds(relation, lhs, rhs, tol=mpmath.mpf(10) ** -90) is False
    except (ModelError, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False


def _candidates(model: Model) -> Iterator[Model]:
    """Models of 2 outcomes a variable, simplest first: labels, then denominators, then params."""
    variables = model.variables
    cells = list(itertools.product((0, 1), repeat=len(variables)))
    laws = sorted(model.laws, key=str)
    for labels, top in zip(_LABELS, (MAX_DENOMINATOR, 6, 6), strict=True):
        values = {v: tuple(Fraction(x) for x in labels) for v in variables}
        for params in itertools.islice(_param_choices(model.params), 4):
            for index in (0, 1) if model.assignment else (0,):
                assignment = dict.fromkeys(model.assignment, index)
                for tables in _table_choices(len(cells), len(laws), top):
                    yield Model(
                        variables,
                        (2,) * len(variables),
                        values,
                        {
                            law: MappingProxyType(dict(zip(cells, table, strict=True)))
                            for law, table in zip(laws, tables, strict=True)
                        },
                        assignment,
                        params,
                        "small",
                    )


def _param_choices(params: dict[sp.Symbol, Fraction]) -> Iterator[dict[sp.Symbol, Fraction]]:
    names = sorted(params, key=str)
    options = [_options(s) for s in names]
    for choice in itertools.product(*options):
        yield dict(zip(names, choice, strict=True))


def _options(sym: sp.Symbol) -> Sequence[Fraction]:
    if getattr(sym, "is_probability", False):
        return _UNIT
    if sym.is_integer:
        return (Fraction(2), Fraction(1), Fraction(3))
    if sym.is_positive or sym.is_nonnegative:
        return _POSITIVE
    return _REAL


def _table_choices(cells: int, laws: int, top: int) -> Iterator[tuple[tuple[Fraction, ...], ...]]:
    """Tuples of ``laws`` tables, ordered by their largest denominator (2, 3, ... ``top``)."""
    # within one denominator the most lopsided tables come first (bounds need extremes)
    by_den = {
        d: sorted(_tables(cells, d), key=lambda t: min(t) - max(t)) for d in range(cells, top + 1)
    }
    for d in range(cells, top + 1):
        smaller = [t for e in range(cells, d + 1) for t in by_den[e]]
        for combo in itertools.product(smaller, repeat=laws):
            if any(max(x.denominator for x in t) == d for t in combo) or laws == 0:
                yield combo


def _tables(cells: int, d: int) -> Iterator[tuple[Fraction, ...]]:
    """Tables of ``cells`` positive multiples of 1/d summing to 1, in lowest terms exactly d."""
    for cuts in itertools.combinations(range(1, d), cells - 1):
        parts = [b - a for a, b in zip((0, *cuts), (*cuts, d), strict=True)]
        if math.gcd(d, *parts) != 1:
            continue  # the same table has a smaller denominator
        yield tuple(Fraction(x, d) for x in parts)
