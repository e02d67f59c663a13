"""Check one link ``before = after`` (or ``>=``) symbolically and, independently, numerically.

Three verdicts, as in ``Expr.equals``: ``PROVED`` (the symbolic normal form of
``before - after`` is 0 *and* the numeric check agrees), ``NUMERIC_ONLY`` (equal on every
random model, no symbolic proof: a failed simplification proves nothing) and ``REFUTED``
(a random model where the sides differ: its exact tables and both values are returned).

Symbolic check: :func:`expand_measures` rewrites notation by definitions on a *symbolic*
finite model: ``P(a | b) -> P(a, b) / P(b)``, every measure as a sum over outcomes of joint
probabilities; then :func:`normal_form` splits logs of positive quantities (every ``Prob``
is positive; no ``force=True``, so ``log(p q)`` of signed reals stays whole), pulls constants
out of sums, marginalises (``sum_b P(a, b) -> P(a)``, ``sum_a P(a) -> 1``), applies declared
conditional independences (of the law ``P``) and splits sums into independent factors.
An inequality ``lhs >= rhs`` is proved when ``lhs - rhs`` has the normal form of 0, of a
positive number, or of one non-negative measure (D_KL, JSD, I, H, Var: Gibbs and its
relatives). A normal form that is a non-zero *number* (``H(X) = H(X) + 1e-40``) refutes.

Numeric check: 24 seeded random models from :mod:`symgen.verify.models` plus the adversarial kinds
(supports of 8-16 outcomes, cells down to 10^-50, values and parameters with 61-bit prime
denominators), 50 significant digits. Sides that agree to 50 digits are compared again at a
higher precision (>= 120 digits; more when the link writes long numbers, or when the
evaluator saw a sum whose terms differ by many orders of magnitude or exp/cos of a tiny
value), so a gap of 10^-40 is never taken for equality; a constant no precision up to 4000
digits separates from a rational is refused (InputTooLarge). An inequality no model breaks
and nothing proves gets a short local search (:func:`local_search`) for a counterexample.
:func:`time_budget` bounds a whole claim or chain (CheckTimeout).

NUMERIC_ONLY is evidence, not proof: :mod:`symgen.proof.claims` reports an inequality with that
status as not proved (``holds=None``); an equality keeps ``holds=True`` with the note
"numeric evidence only".

>>> import sympy as sp
>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> check_link(P(a, b), P(a, given=b) * P(b)).status.name
'PROVED'
>>> check_link(P(a, b), P(a) * P(b)).status.name
'REFUTED'
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from symgen.errors import InputTooLarge, ParseError
from symgen.notation.symbols import (
    Expectation,
    OutcomeSum,
    Prob,
    is_random_variable,
    outcome_symbol,
)
from symgen.parsing.budget import checkpoint as _checkpoint
from symgen.parsing.budget import time_budget
from symgen.verify._bounds import Witness, find_witness
from symgen.verify._evidence import (
    TRIALS,
    _constant_gap,
    _counterexample,
    _decide_constant_gap,
    _gap_allows,
    _refuted_by_gap,
    _Unresolved,
    local_search,
    numeric_check,
)
from symgen.verify._lower import lower
from symgen.verify._shrink import shrink
from symgen.verify.expand import (
    _Context,
    _expand,
    _independences,
    expand_measures,
    free_outcomes,
    normal_form,
    symbolic_zero,
)
from symgen.verify.models import (
    ModelError,
    averaged_variables,
    model_variables,
)
from symgen.verify.verdict import RELATIONS, Counterexample, LinkVerdict, Status

__all__ = [
    "Counterexample",
    "LinkVerdict",
    "Status",
    "as_expression",
    "check_chain",
    "check_link",
    "expand_measures",
    "local_search",
    "normal_form",
    "time_budget",
]
_LINK_CACHE: dict[tuple, LinkVerdict] = {}
_LINK_CACHE_SIZE = 512


# --------------------------------------------------------------------------- the check
def as_expression(value: Any) -> sp.Expr:
    """An expression from a SymPy object, a number, or *text read by the safe parser*.

    Text never reaches ``sympify`` (which calls ``eval``).
    """
    if isinstance(value, str):
        from symgen.parsing.parser import parse

        return parse(value)
    if isinstance(value, bool):
        raise TypeError(f"expected an expression, got the boolean {value!r}")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, sp.Expr):
        return value
    raise TypeError(f"expected an expression, got {type(value).__name__}")


def check_link(
    before: sp.Expr,
    after: sp.Expr,
    *,
    assumes: Sequence[Any] = (),
    seed: int = 0,
    trials: int = TRIALS,
    relation: str = "=",
) -> LinkVerdict:
    """Verdict for ``before RELATION after``: PROVED, NUMERIC_ONLY or REFUTED.

    ``assumes``: conditional independences ``"a ⊥ b | c"`` (built into the models and the
    symbolic rewrite); other side conditions are recorded in ``notes`` (every model has
    strictly positive probabilities, so positivity conditions always hold).
    """
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}; use one of {RELATIONS}")
    before, after = lower(as_expression(before)), lower(as_expression(after))
    _require_unambiguous_expectations(before, after)
    _checkpoint()
    key = (before, after, relation, tuple(map(str, assumes)), seed, trials)
    if key in _LINK_CACHE:  # chains repeat links; a verdict depends on nothing else
        return _LINK_CACHE[key]
    try:
        verdict = _check_link(before, after, assumes, seed, trials, relation)
    except (OverflowError, RecursionError) as exc:
        raise InputTooLarge(f"numbers too large to check {before} {relation} {after}") from exc
    except ValueError as exc:
        if "integer string conversion" not in str(exc) and "too many digits" not in str(exc):
            raise
        raise InputTooLarge(f"numbers too large to check {before} {relation} {after}") from exc
    if len(_LINK_CACHE) >= _LINK_CACHE_SIZE:
        _LINK_CACHE.clear()
    _LINK_CACHE[key] = verdict
    return verdict


def _require_unambiguous_expectations(before: sp.Expr, after: sp.Expr) -> None:
    """``E_q[log p(x, z) - log q(z | x)]`` next to a free ``x``: over which outcomes?

    An expectation over a law whose body names no random variable averages over the
    outcomes it names (E_{x~P}[x] = E[X]). When such an outcome is also used outside the
    expectation, the text means something else (the ELBO fixes x): refuse rather than guess.
    """
    free = free_outcomes(before) | free_outcomes(after)
    for side in (before, after):
        for e in side.atoms(Expectation):
            if isinstance(e.over, Prob) or any(map(is_random_variable, e.body.atoms(sp.Symbol))):
                continue
            clash = sorted(v.name for v in averaged_variables(e) & free)
            if clash:
                names = ", ".join(str(outcome_symbol(sp.Symbol(n))) for n in clash)
                raise ParseError(
                    f"{e}: the expectation would average over {names}, which is also used "
                    "outside it; say which outcomes are averaged, e.g. E_{q(z|x)}[...]"
                )


def _check_link(
    before: sp.Expr,
    after: sp.Expr,
    assumes: Sequence[Any],
    seed: int,
    trials: int,
    relation: str,
) -> LinkVerdict:
    indeps, other = _independences(assumes)
    notes = tuple(f"side condition not modelled: {o}" for o in other)
    try:
        decided, bad = numeric_check(
            before, after, relation=relation, assumes=indeps, seed=seed, trials=trials
        )
    except _Unresolved as exc:
        return _decide_constant_gap(before, after, relation, indeps, notes, seed, exc)
    # when the numbers already refute, the symbolic side only looks for a disagreement (a bug),
    # so the costly simplify() fallback is skipped
    _checkpoint()
    symbolic, witness = _symbolic(before, after, relation, indeps, simplify=bad is None)
    if bad is None and not symbolic:
        gap = _constant_gap(before, after, indeps)
        if gap is not None and not _gap_allows(relation, gap):
            return _refuted_by_gap(before, after, relation, indeps, notes, seed, gap, decided)
        symbolic = gap is not None  # a constant gap of the right sign proves an inequality
    searched = False
    if bad is None and not symbolic and relation != "=" and not indeps:
        bad = local_search(before, after, relation, seed=seed, trials=trials)
        searched = bad is not None
    if bad is not None:
        if not indeps:  # a simpler model must keep the independences: only without them
            bad = shrink(before, after, relation, bad)
        cx = _counterexample(before, after, bad)
        where = "a model found by local search" if searched else "a random model"
        why = f"fails on {where}: left = {cx.lhs_value}, right = {cx.rhs_value}"
        if symbolic:
            why += " (the symbolic check disagreed: report this as a bug)"
        return LinkVerdict(Status.REFUTED, why, cx, relation, decided, symbolic, notes)
    if decided < max(1, trials // 2):
        raise ModelError(
            f"cannot check {before} {relation} {after}: only {decided} of {trials} random models "
            "give both sides a value"
        )
    if symbolic:
        reason = f"symbolic normal form agrees; numeric check on {decided} models agrees"
        return LinkVerdict(Status.PROVED, reason, None, relation, decided, True, notes, witness)
    reason = f"holds on {decided} random models; no symbolic proof found"
    return LinkVerdict(Status.NUMERIC_ONLY, reason, None, relation, decided, False, notes)


def _symbolic(
    before: sp.Expr, after: sp.Expr, relation: str, indeps: Sequence, *, simplify: bool = True
) -> tuple[bool, Witness | None]:
    """Symbolic side: equality by normal form; ``>=`` by a named non-negative quantity."""
    try:
        rvs = model_variables([before, after], indeps)
        ctx = _Context(tuple(rvs), tuple(indeps))
        diff = _expand(before - after, ctx)
        if relation == "=":
            return symbolic_zero(diff, simplify=simplify), None
        if relation in (">", "<"):
            return False, None
        sign = 1 if relation == ">=" else -1
        if symbolic_zero(sign * diff, simplify=simplify):
            return True, None
        witness = find_witness(before, after, relation, indeps)
        if witness is not None:
            return True, witness
        return _known_nonnegative(sign * (before - after)), None
    except (ModelError, TypeError, ValueError, RecursionError, ZeroDivisionError):
        return False, None


def _known_nonnegative(expr: sp.Expr) -> bool:
    """SymPy's assumptions show ``expr >= 0`` from the notation's signs (H, D_KL, I, Var >= 0).

    Only for non-strict relations: a probability is "positive" only on full-support models.
    """
    if expr.has(OutcomeSum, Expectation, sp.Derivative):  # their signs are left to the rest
        return False
    return bool(expr.is_nonnegative)


def check_chain(
    exprs: Sequence[sp.Expr], *, assumes: Sequence[Any] = (), seed: int = 0
) -> list[LinkVerdict]:
    """One verdict per consecutive pair of a chain of equalities."""
    return [check_link(a, b, assumes=assumes, seed=seed) for a, b in itertools.pairwise(exprs)]
