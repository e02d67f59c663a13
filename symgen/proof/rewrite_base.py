"""What every rule of :mod:`symgen.proof.rewrite` shares: the context and the notation helpers.

>>> Context.from_assumptions(["X -> Y -> Z"]).independences[0].given
frozenset({Y})
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from symgen.notation.laws import Independent, MarkovChain
from symgen.notation.symbols import (
    Covariance,
    Entropy,
    Expectation,
    MutualInformation,
    OutcomeSum,
    Prob,
    Variance,
    is_random_variable,
    outcome_symbol,
)
from symgen.verify.assumptions import Independence, parse_independence

_MEASURES = (Expectation, Variance, Covariance, Entropy, MutualInformation)


@dataclass(frozen=True)
class Context:
    """What a rule may assume: declared (conditional) independences of the default law P."""

    independences: tuple[Independence, ...] = ()

    @classmethod
    def from_assumptions(cls, assumes: Sequence[object] = ()) -> Context:
        """Read independence statements ("X ⊥ Y", "a ⊥ b | c"); other assumptions are ignored."""
        found = []
        for item in assumes:
            found.extend(_independences(item))
        return cls(tuple(found))


def _independences(item: object) -> list[Independence]:
    """Independence statements in an assumption: X ⊥ Y | Z, or a Markov chain X -> Y -> Z."""
    if isinstance(item, Independence):
        return [item]
    if isinstance(item, MarkovChain):  # past ⊥ future | present, for each inner link
        chain = list(item.args)
        return [
            Independence(frozenset(chain[:k]), frozenset(chain[k + 1 :]), frozenset({chain[k]}))
            for k in range(1, len(chain) - 1)
        ]
    if isinstance(item, Independent):
        left, right, given = (frozenset(part) for part in item.args)
        return [Independence(left, right, given)]
    text = str(item)
    names = [n.strip() for n in text.split("->")]
    if len(names) > 2 and all(n.isidentifier() for n in names):  # "X -> Y -> Z"
        return _independences(MarkovChain(*(sp.Symbol(n) for n in names)))
    ind = parse_independence(text)
    return [] if ind is None else [ind]


Local = Callable[[sp.Basic, Context], list[sp.Expr]]


# ---------------------------------------------------------------- helpers


def _out(sym: sp.Symbol) -> sp.Symbol:
    """``X -> x``; an outcome stays itself."""
    return outcome_symbol(sym) if is_random_variable(sym) else sym


def _prob(law: sp.Basic, variables: Sequence[sp.Basic], given: Sequence[sp.Basic] = ()) -> Prob:
    return Prob(law, sp.Tuple(*variables), sp.Tuple(*given))


def _joint(law: sp.Basic, outcomes: Sequence[sp.Basic]) -> Prob:
    """law(x, y, ...) with the outcomes in alphabetical order, as a textbook writes a joint."""
    return _prob(law, sorted(dict.fromkeys(outcomes), key=str))


def _sorted(outcomes: Sequence[sp.Symbol]) -> list[sp.Symbol]:
    return sorted(dict.fromkeys(outcomes), key=str)


def _osum(body: sp.Expr, over: Sequence[sp.Symbol]) -> sp.Expr:
    return OutcomeSum(body, sp.Tuple(*over)) if over else body


def _to_outcomes(expr: sp.Basic, rvs: set[sp.Symbol]) -> sp.Basic:
    """Random variables ``rvs`` replaced by their outcomes, except inside nested measures."""
    if isinstance(expr, sp.Symbol):
        return _out(expr) if expr in rvs else expr
    if isinstance(expr, _MEASURES) or not expr.args:
        return expr
    return expr.func(*(_to_outcomes(a, rvs) for a in expr.args))


def _law_outcomes(p: sp.Basic, q: sp.Basic) -> tuple[sp.Expr, sp.Expr, tuple[sp.Symbol, ...]]:
    """Two laws as values at their outcomes: P, Q -> P(x), Q(x); Prob terms stay."""
    if isinstance(p, Prob):
        return p, q, tuple(p.variables)
    x = sp.Symbol("x")
    return _prob(p, (x,)), _prob(q, (x,)), (x,)


def _symbols_outside_measures(expr: sp.Basic) -> set[sp.Basic]:
    """Symbols named outside nested measures (``E[X]`` inside a body is a number)."""
    if isinstance(expr, sp.Symbol):
        return {expr}
    if isinstance(expr, _MEASURES) or not expr.args:
        return set()
    return set().union(*(_symbols_outside_measures(a) for a in expr.args))


def plain_expand(expr: sp.Expr) -> sp.Expr:
    """Multiply out products and powers of sums (no log or power rewriting)."""
    return sp.expand(expr, log=False, power_exp=False, power_base=False)
