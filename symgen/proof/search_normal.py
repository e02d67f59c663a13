"""A second strategy for the step search: both sides written out in full, rule by rule.

Where the best-first search (:mod:`symgen.proof.search`) runs out of time, each side is
rewritten by a fixed order of rules, each applied at every place it matches: definitions
first, then conditionals as quotients, logs split, sums split, variables summed out. Every
rewrite that changes the line is one step. When both sides end on the same line (up to
plain algebra) the chain is the left side's steps, then the right side's read backwards.

>>> from symgen.notation.symbols import H
>>> X, Y, Z = sp.symbols("X Y Z")
>>> chain = normal_chain(H(X, Y, Z), H(X) + H(Y, given=(X,)) + H(Z, given=(X, Y)))
>>> chain is not None and chain[-1].expr == H(X) + H(Y, given=(X,)) + H(Z, given=(X, Y))
True
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from symgen.proof.rewrite import Context, rewrites
from symgen.proof.rewrite_check import algebra_equal, canonical, shown_value

# the order in which a line is written out; each rule at every place it matches
NORMAL_ORDER = (
    "def_elbo",
    "gan_value",
    "pointwise_maximum",
    "def_entropy",
    "def_cross_entropy",
    "def_kl",
    "def_jsd",
    "def_mutual_information",
    "def_self_information",
    "def_variance",
    "def_covariance",
    "linearity_of_expectation",
    "def_expectation",
    "def_conditional",
    "log_of_quotient",
    "log_of_product",
    "log_of_power",
    "split_sum",
    "marginalisation",
    "normalisation",
)
MAX_STEPS = 40


class _Found:
    """One line and its rule (the same shape as :class:`symgen.proof.search.Found`)."""

    def __init__(self, expr: sp.Expr, rule: str, reverse: bool = False) -> None:
        self.expr, self.rule, self.reverse = expr, rule, reverse


def written_out(
    expr: sp.Expr,
    ctx: Context,
    *,
    deadline: float = float("inf"),
    clock: Callable[[], float] = time.monotonic,
) -> list[tuple[sp.Expr, str]]:
    """(line, rule) for every rule application that changes the line, in NORMAL_ORDER."""
    steps: list[tuple[sp.Expr, str]] = []
    line = expr
    changed = True
    while changed and len(steps) < MAX_STEPS and clock() < deadline:
        changed = False
        for rule in NORMAL_ORDER:
            if clock() > deadline:
                break
            found = rewrites(rule, shown_value(line), ctx)
            if not found:
                continue
            new = found[-1]  # at every place at once when it matches more than once
            if canonical(new) != canonical(line):
                steps.append((new, rule))
                line, changed = new, True
    return steps


def normal_chain(
    lhs: sp.Expr,
    rhs: sp.Expr,
    *,
    ctx: Context | None = None,
    deadline: float = float("inf"),
    clock: Callable[[], float] = time.monotonic,
) -> list[_Found] | None:
    """The chain lhs -> written out <- rhs, or None when the two written-out lines differ."""
    ctx = ctx or Context()
    left = written_out(lhs, ctx, deadline=deadline, clock=clock)
    right = written_out(rhs, ctx, deadline=deadline, clock=clock)
    if clock() > deadline:
        return None
    here = left[-1][0] if left else lhs
    there = right[-1][0] if right else rhs
    if not algebra_equal(here, there):
        return None
    chain = [_Found(e, r) for e, r in left]
    if here != there and sp.latex(here) != sp.latex(there):
        chain.append(_Found(there, "algebra"))
    lines = [rhs, *(e for e, _ in right)]
    for k in range(len(right), 0, -1):  # line k-1 from line k by rule k, right to left
        chain.append(_Found(lines[k - 1], right[k - 1][1], reverse=True))
    return chain
