"""Optimisation claims derived: ``argmax_θ L(θ) = θ̂`` and ``argmin_Q f = argmin_Q g``.

* Maximum likelihood (and MAP): the log keeps the maximiser, log rules turn the product over
  the n samples into a sum, and the root of the score equation dF/dθ = 0 is θ̂.
* Two optimisation problems with the same solution: the objectives differ by a term that
  does not depend on the variable (``H(P, Q) = H(P) + D_KL(P || Q)``), and that term is
  dropped.

>>> from symgen.notation.operators import ArgMax
>>> t, i, n = sp.Symbol("theta"), sp.Idx("i"), sp.Symbol("n", integer=True, positive=True)
>>> x = sp.IndexedBase("x")
>>> body = sp.Product(t ** x[i] * (1 - t) ** (1 - x[i]), (i, 1, n))
>>> d = derive_optimum(ArgMax(body, t), "=", sp.Sum(x[i], (i, 1, n)) / n)
>>> [s.rule for s in d.steps][0], [s.rule for s in d.steps][-1], all(d.rules_applied)
('argmin_of_monotone', 'solve_score_equation', True)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from symgen.notation.operators import ArgMax, ArgMin, OptimalDiscriminator
from symgen.notation.symbols import Entropy, is_distribution
from symgen.proof.derivation import Derivation, Step
from symgen.proof.rewrite import Context, rewrites
from symgen.proof.rewrite_check import algebra_equal, canonical
from symgen.proof.rewrite_operators import discriminator_problem, score_root, unfold_operators
from symgen.proof.search import DEFAULT_TIMEOUT, derive
from symgen.proof.search_inequality import _same_value

_OPTIMA = (ArgMax, ArgMin)
_LOG_RULES = ("log_of_product", "log_of_power", "log_of_quotient")


def derive_optimum(
    lhs: sp.Expr,
    op: str,
    rhs: sp.Expr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    clock: Callable[[], float] = time.monotonic,
) -> Derivation | None:
    """A derivation of an optimisation claim, or None when it is not one we can derive."""
    if op != "=":
        return None
    if isinstance(rhs, (*_OPTIMA, OptimalDiscriminator)) and not isinstance(lhs, _OPTIMA):
        lhs, rhs = rhs, lhs
    if isinstance(lhs, OptimalDiscriminator):
        steps = _discriminator_chain(lhs, rhs)
        return None if steps is None else _derivation(lhs, steps)
    if not isinstance(lhs, _OPTIMA):
        return None
    if isinstance(rhs, _OPTIMA):
        steps = _same_optimiser(lhs, rhs, timeout, clock)
    else:
        steps = _score_chain(lhs, rhs)
    return _derivation(lhs, steps) if steps else None


def _derivation(start: sp.Expr, steps: tuple[Step, ...]) -> Derivation:
    return Derivation(
        name="derived", topic="", title_en="Derivation", title_ko="유도", start=start, steps=steps
    )


def _discriminator_chain(node: sp.Expr, target: sp.Expr) -> tuple[Step, ...] | None:
    """D*(x) = argmax_D [p_data(x) log D + p_g(x) log(1 - D)] = the root of its score."""
    problem = discriminator_problem(node)
    root = score_root(problem)
    if root is None or not algebra_equal(root, target):
        return None
    return (Step(problem, "pointwise_maximum"), Step(target, "solve_score_equation"))


def _score_chain(node: sp.Expr, target: sp.Expr) -> tuple[Step, ...] | None:
    body, var = node.args
    steps: list[Step] = []
    line = node
    if not body.has(sp.log) and isinstance(node, ArgMax):
        line = ArgMax(sp.log(body), var)
        steps.append(Step(line, "argmin_of_monotone"))
    for _ in range(6):  # split the logs, one kind of move a step
        moved = False
        for rule in _LOG_RULES:
            found = rewrites(rule, line, Context())
            if found:
                line = found[-1]
                if steps and steps[-1].rule == rule:
                    steps[-1] = Step(line, rule)
                else:
                    steps.append(Step(line, rule))
                moved = True
        if not moved:
            break
    split = rewrites("split_sum", line, Context())
    if split:  # constants out of the sum over the samples
        line = split[-1]
        steps.append(Step(line, "split_sum"))
    root = score_root(line)
    if root is None or not algebra_equal(root, target):
        return None
    score = sp.diff(line.args[0], var)
    note = f"d/d{var}: {score} = 0"
    steps.append(Step(target, "solve_score_equation", note=note, note_ko=note))
    return tuple(steps)


def _same_optimiser(
    left: sp.Expr, right: sp.Expr, timeout: float, clock: Callable[[], float]
) -> tuple[Step, ...] | None:
    """argmin_v f = argmin_v g when f = c + g with c free of v."""
    if type(left) is not type(right) or left.args[1] != right.args[1]:
        return None
    f, var = left.args
    g = right.args[0]
    for const in _constants(f - g, var):
        if not _same_value(f - g, const):
            continue
        inner = derive(f, const + g, timeout=timeout, clock=clock)
        if inner is None:
            continue
        lifted = [Step(type(left)(s.expr, var), s.rule, reverse=s.reverse) for s in inner.steps]
        lifted.append(Step(right, "argmin_drop_constant"))
        return tuple(lifted)
    return None


def _constants(gap: sp.Expr, var: sp.Basic) -> list[sp.Expr]:
    laws = sorted(
        {s for s in unfold_operators(gap).free_symbols if is_distribution(s) and s != var},
        key=str,
    )
    found = [Entropy(sp.Tuple(), sp.Tuple(), law) for law in laws]
    if canonical(gap).free_symbols.isdisjoint({var}):
        found.insert(0, gap)
    return found
