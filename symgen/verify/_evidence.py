"""Numeric evidence on random exact models: agreement, counterexamples, local search."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from symgen.errors import InputTooLarge
from symgen.notation.symbols import Notation
from symgen.parsing.budget import checkpoint as _checkpoint
from symgen.verify._evaluate import evaluate, evaluate_tracked, exact_value
from symgen.verify.assumptions import Independence
from symgen.verify.expand import (
    _MAX_EXPANSION,
    _Context,
    _expand,
    _expansion_size,
    free_outcomes,
    literal_digits,
    normal_form,
)
from symgen.verify.models import (
    ADVERSARIAL_KINDS,
    KINDS,
    Model,
    ModelError,
    model_variables,
    random_model,
)
from symgen.verify.verdict import Counterexample, LinkVerdict, Status

__all__ = ["TRIALS", "constant_digits", "local_search", "numeric_check"]

TRIALS = 24
_TOL = mpmath.mpf(10) ** -30
_HIGH_DIGITS = 120  # precision of the second look at sides that agree to 50 digits
_GUARD_DIGITS = 30  # digits a true equality may lose to rounding at any precision
_MAX_DIGITS = 4000
_MAX_CONSTANTS = 24
_SEARCH_STEPS = 40
_EPS_NEAR = mpmath.mpf(10) ** -45


def _holds(relation: str, lhs: Any, rhs: Any, tol: Any = _TOL) -> bool | None:
    """Relation with a relative tolerance ``tol`` (1e-30 at 50 digits); None if undefined."""
    if mpmath.isnan(lhs) or mpmath.isnan(rhs):
        return None
    diff = None if mpmath.isinf(lhs) or mpmath.isinf(rhs) else lhs - rhs
    if relation == "=":
        return lhs == rhs if diff is None else abs(diff) <= tol * (1 + abs(lhs) + abs(rhs))
    if mpmath.im(lhs) != 0 or mpmath.im(rhs) != 0:
        return None  # log or sqrt of a negative value: the inequality means nothing here
    if diff is None:  # an infinite side: compare directly (oo >= oo, not oo > oo)
        if lhs == rhs:
            return relation in (">=", "<=")
        return bool({">=": lhs > rhs, ">": lhs > rhs, "<=": lhs < rhs, "<": lhs < rhs}[relation])
    slack = tol * (1 + abs(lhs) + abs(rhs))
    signed = diff if relation in (">=", ">") else -diff
    return signed >= -slack if relation in (">=", "<=") else signed > slack


def _close(lhs: Any, rhs: Any) -> bool:
    """The sides agree to within the 50-digit tolerance (an equality the check must confirm)."""
    if mpmath.isnan(lhs) or mpmath.isnan(rhs) or mpmath.isinf(lhs) or mpmath.isinf(rhs):
        return False
    return bool(abs(lhs - rhs) <= _TOL * (1 + abs(lhs) + abs(rhs)))


class _Unresolved(Exception):
    """The sides agree at every precision we are willing to use; the numbers cannot tell."""


def constant_digits(exprs: Iterable[sp.Basic]) -> int:
    """Digits needed to tell each constant (exp(exp(-300))) from the simple rational it is near.

    A constant within 10^-45 of a rational with denominator <= 10^6 that it does not equal
    would look equal to it at 50 digits; its gap is measured at rising precision. A constant
    no precision up to the limit separates, and that SymPy cannot show equal, is refused.

    >>> constant_digits([sp.exp(sp.exp(-300)) * sp.Symbol("x")]) > 130
    True
    """
    need = 0
    for const in _constants(exprs):
        with mpmath.workdps(70):
            v = _number(const, 60)
            if v is None or v == 0:
                continue
            near = Fraction(str(mpmath.nstr(v, 55))).limit_denominator(10**6)
            if abs(v - mpmath.mpf(near.numerator) / near.denominator) > _EPS_NEAR * (1 + abs(v)):
                continue
        need = max(need, _gap_digits(const, near))
    return need


def _constants(exprs: Iterable[sp.Basic]) -> list[sp.Expr]:
    """Numeric subexpressions that are not plain rationals: log(2), exp(exp(-300)), ..."""
    found = []
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if (
                isinstance(node, sp.Expr)
                and not isinstance(node, (sp.Rational, Notation))
                and not node.free_symbols
                and node.is_number
                and not node.has(Notation)
            ):
                found.append(node)
    return list(dict.fromkeys(found))[:_MAX_CONSTANTS]


def _number(const: sp.Expr, dps: int) -> Any:
    """``const`` at ``dps`` digits (inside a matching mpmath precision), None if unusable."""
    try:
        v = mpmath.mpmathify(sp.N(const, dps))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None
    if mpmath.im(v) != 0 or not mpmath.isfinite(v) or (v != 0 and abs(mpmath.mag(v)) > 10**4):
        return None
    return v


def _gap_digits(const: sp.Expr, near: Fraction) -> int:
    """Digits at which ``const`` shows its gap to ``near``; refuse when no precision does."""
    for dps in (200, 1000, _MAX_DIGITS):
        with mpmath.workdps(dps + 10):
            v = _number(const, dps)
            if v is None:
                return 0
            gap = abs(v - mpmath.mpf(near.numerator) / near.denominator)
            if gap > mpmath.mpf(10) ** -(dps - 20) * (1 + abs(v)):
                return _decimal_orders(-int(mpmath.mag(gap))) + 80
    try:
        same = sp.simplify(const - sp.Rational(near.numerator, near.denominator)) == 0
    except (TypeError, ValueError, RecursionError):
        same = False
    if same:
        return 0
    raise InputTooLarge(
        f"the constant {_short(const)} is within 10^-{_MAX_DIGITS - 20} of {near} but not "
        "shown equal to it: too close to decide"
    )


def _confirm(
    relation: str, exprs: tuple[sp.Expr, sp.Expr], model: Model, floor: int, need: int = 0
) -> bool:
    """Re-decide a relation whose sides agree at 50 digits, at enough digits to see a gap.

    Models are exact, so a true equality leaves a residue near 10^-digits at every precision,
    while a gap of 10^-40 (or a term lost next to a larger one) shows at 120 digits or more.
    ``need``: digits the 50-digit evaluation found necessary to keep every term of a sum.
    """
    # one second look: at higher precision the rounding residue of a true zero (a term that
    # is 0 up to noise) looks tiny again, so the digits asked for then are not trusted
    digits = max(floor, need)
    if digits > _MAX_DIGITS:
        raise _Unresolved(digits)
    lhs, rhs = (evaluate(e, model, digits=digits) for e in exprs)
    return bool(_holds(relation, lhs, rhs, mpmath.mpf(10) ** -(digits - _GUARD_DIGITS)))


def _models(
    exprs: Sequence[sp.Basic],
    assumes: Sequence[Independence],
    seed: int,
    trials: int,
    adversarial: bool = False,
):
    """``trials`` random models cycling through KINDS, then the adversarial ones if asked."""
    for i in range(trials):
        kind = KINDS[i % len(KINDS)]
        yield random_model(exprs, seed=seed * 7919 + i, kind=kind, assumes=assumes)
    if adversarial:
        for j, kind in enumerate(ADVERSARIAL_KINDS):
            yield random_model(exprs, seed=seed * 7919 + trials + j, kind=kind, assumes=assumes)


def numeric_check(
    before: sp.Expr,
    after: sp.Expr,
    *,
    relation: str = "=",
    assumes: Sequence[Independence] = (),
    seed: int = 0,
    trials: int = TRIALS,
) -> tuple[int, Model | None]:
    """Number of models where the relation was decided, and the smallest failing model.

    Sides that agree to 50 digits are compared again at a higher precision (at least 120
    digits, twice the longest number written in the link plus 80, and enough to resolve
    the smallest term of every sum): a difference of 10^-40 is a difference.
    """
    decided, worst = 0, None
    floor = max(_HIGH_DIGITS, 2 * literal_digits([before, after]) + 80)
    floor = max(floor, constant_digits([before, after]))
    if floor > _MAX_DIGITS:
        raise InputTooLarge(f"a number with about {floor // 2} digits (max {_MAX_DIGITS // 2})")
    for model in _models([before, after], assumes, seed, trials, adversarial=True):
        _checkpoint()
        try:
            (lhs, need_l), (rhs, need_r) = (evaluate_tracked(e, model) for e in (before, after))
            ok = _holds(relation, lhs, rhs)
            if ok is not None and _close(lhs, rhs):
                ok = _confirm(relation, (before, after), model, floor, max(need_l, need_r))
        except (ModelError, ZeroDivisionError, ValueError, TypeError, OverflowError):
            ok = None  # undefined on this model (or a number too large to represent)
        if ok is None:
            continue
        decided += 1
        if not ok and (worst is None or _cells(model) < _cells(worst)):
            worst = model
        if worst is not None and worst.kind.startswith("small"):
            break  # every support has size 2: no smaller counterexample to look for
    return decided, worst


def _cells(model: Model) -> int:
    return sum(len(t) for t in model.laws.values()) + len(model.params)


def _counterexample(before: sp.Expr, after: sp.Expr, model: Model) -> Counterexample:
    free = free_outcomes(before) | free_outcomes(after)
    shown = dataclasses.replace(
        model, assignment={v: i for v, i in model.assignment.items() if v in free}
    )
    try:  # show only the outcomes the sides depend on ...
        lhs, rhs = evaluate(before, shown), evaluate(after, shown)
        model = shown
    except ModelError:  # ... unless one was missed: then show them all
        lhs, rhs = evaluate(before, model), evaluate(after, model)
    shown_l, shown_r = _shown(lhs), _shown(rhs)
    if shown_l == shown_r:
        shown_l, shown_r = _resolved(before, after, model)
    try:
        exact_l, exact_r = exact_value(before, model), exact_value(after, model)
    except (ModelError, ZeroDivisionError, ValueError, TypeError):
        exact_l, exact_r = _as_float(lhs), _as_float(rhs)
    return Counterexample(model, exact_l, exact_r, shown_l, shown_r)


def _as_float(value: Any) -> sp.Expr:
    """A SymPy Float of an mpmath value (20 digits), or nan when its exponent is huge."""
    try:
        if mpmath.isfinite(value) and value != 0 and abs(mpmath.mag(value)) > 10**5:
            return sp.nan
        return sp.Float(mpmath.nstr(value, 20), 20)
    except (TypeError, ValueError):
        return sp.nan


def _shown(value: Any, digits: int = 20) -> str:
    """A value to ``digits`` digits; ``about 10^k`` when its exponent is huge (never slow)."""
    if mpmath.isfinite(value) and value != 0 and abs(mpmath.mag(value)) > 10**5:
        return _magnitude(value)
    return str(mpmath.nstr(value, digits))


def _resolved(before: sp.Expr, after: sp.Expr, model: Model) -> tuple[str, str]:
    """Both sides with enough digits to show where they differ (they agree to 20 digits)."""
    digits = max(_HIGH_DIGITS, 2 * literal_digits([before, after]) + 80)
    need = max(evaluate_tracked(e, model)[1] for e in (before, after))
    digits = min(_MAX_DIGITS, max(digits, need))
    lhs, rhs = (evaluate(e, model, digits=digits) for e in (before, after))
    if lhs == rhs:
        return _shown(lhs), _shown(rhs)
    size = max(abs(lhs), abs(rhs))
    need = 0 if size == 0 else _decimal_orders(int(mpmath.mag(size) - mpmath.mag(lhs - rhs))) + 6
    need = min(max(need, 20), digits)
    return _shown(lhs, need), _shown(rhs, need)


def _margin(before: sp.Expr, after: sp.Expr, relation: str, model: Model) -> Any:
    """How far the inequality is from failing on ``model`` (negative: fails); None: undefined."""
    try:
        lhs, rhs = evaluate(before, model), evaluate(after, model)
    except (ModelError, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    if not (mpmath.isfinite(lhs) and mpmath.isfinite(rhs)) or mpmath.im(lhs - rhs) != 0:
        return None
    return lhs - rhs if relation in (">=", ">") else rhs - lhs


def _moved(table: Any, rng: Any, step: float) -> dict[tuple[int, ...], Fraction]:
    """A nearby exact law: sharpened towards one random cell, or mixed with a random law."""
    cells = sorted(table)
    if rng.random() < 0.5:
        target = cells[int(rng.integers(0, len(cells)))]
        raw = {
            c: Fraction(table[c]) * (Fraction(1) - Fraction(step).limit_denominator(10**6))
            for c in cells
        }
        raw[target] += 1 - sum(raw.values())
    else:
        noise = rng.dirichlet([1.0] * len(cells))
        t = Fraction(step).limit_denominator(10**6)
        raw = {
            c: Fraction(table[c]) * (1 - t) + t * Fraction(float(w)).limit_denominator(10**6)
            for c, w in zip(cells, noise, strict=True)
        }
    raw = {c: max(p, Fraction(1, 10**15)).limit_denominator(10**15) for c, p in raw.items()}
    total = sum(raw.values())
    return {c: p / total for c, p in raw.items()}


def local_search(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    *,
    seed: int = 0,
    trials: int = TRIALS,
    steps: int = _SEARCH_STEPS,
) -> Model | None:
    """Hill-climb the laws of the tightest models to make an inequality fail.

    Starting from the three models where ``before RELATION after`` holds by the least, move
    one law at a time (sharpen it towards a cell, or mix in a random law) and keep moves that
    shrink the margin. Returns a model where the relation fails (re-checked at high
    precision), or None. Laws only: outcome values and parameters stay.
    """
    import numpy as np

    scored: list[tuple[Any, int, Model]] = []
    for model in _models([before, after], (), seed, trials, adversarial=True):
        margin = _margin(before, after, relation, model)
        if margin is not None:
            scored.append((margin, len(scored), model))
    rng = np.random.default_rng(seed + 104729)
    for margin, _, model in sorted(scored, key=lambda t: (t[0], t[1]))[:3]:
        for i in range(steps):
            _checkpoint()
            law = sorted(model.laws, key=str)[i % len(model.laws)]
            step = float(rng.choice([0.5, 0.1, 0.01]))
            moved = dataclasses.replace(
                model, laws={**model.laws, law: _moved(model.laws[law], rng, step)}, _cache={}
            )
            new = _margin(before, after, relation, moved)
            if new is None or new >= margin:
                continue
            model, margin = moved, new
            fails = not _holds(relation, *(evaluate(e, model) for e in (before, after)))
            if fails and not _confirm(relation, (before, after), model, _HIGH_DIGITS):
                return model
    return None


def _constant_gap(before: sp.Expr, after: sp.Expr, indeps: Sequence) -> sp.Expr | None:
    """``before - after`` when its normal form is a number known to be non-zero, else None.

    The normal form is a rewriting by definitions, so a non-zero number there (1e-40) is a
    proof that the sides differ by exactly that much on every model.
    """
    try:
        rvs = model_variables([before, after], indeps)
        diff = _expand(before - after, _Context(tuple(rvs), tuple(indeps)))
        if _expansion_size(diff) > _MAX_EXPANSION:
            return None
        form = normal_form(diff)
    except (ModelError, TypeError, ValueError, RecursionError, ZeroDivisionError):
        return None
    if form.free_symbols or form.has(Notation) or not form.is_number:
        return None
    return form if form.is_zero is False and form.is_extended_real and form.is_finite else None


def _gap_allows(relation: str, gap: sp.Expr) -> bool:
    """Does ``before - after = gap`` (a non-zero real number) satisfy the relation?"""
    if relation == "=":
        return False
    positive = bool(gap.is_positive)
    return positive if relation in (">=", ">") else not positive


def _refuted_by_gap(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    indeps: Sequence,
    notes: tuple[str, ...],
    seed: int,
    gap: sp.Expr,
    decided: int,
) -> LinkVerdict:
    """REFUTED: the sides differ by the constant ``gap`` on every model (shown on one)."""
    model = next(_models([before, after], indeps, seed, 1))
    cx = _counterexample(before, after, model)
    shown = _short(gap)
    why = (
        f"the sides differ by the constant {shown} on every model (symbolic normal form of "
        f"left - right); on one model: left = {cx.lhs_value}, right = {cx.rhs_value}"
    )
    return LinkVerdict(Status.REFUTED, why, cx, relation, max(decided, 1), True, notes)


def _decide_constant_gap(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    indeps: Sequence,
    notes: tuple[str, ...],
    seed: int,
    exc: _Unresolved,
) -> LinkVerdict:
    """The numbers cannot resolve the sides: a constant gap decides, or the input is refused."""
    gap = _constant_gap(before, after, indeps)
    if gap is not None and not _gap_allows(relation, gap):
        return _refuted_by_gap(before, after, relation, indeps, notes, seed, gap, 0)
    if gap is not None:
        why = f"the sides differ by the constant {_short(gap)} (symbolic normal form)"
        return LinkVerdict(Status.PROVED, why, None, relation, 0, True, notes)
    raise InputTooLarge(
        f"the sides agree to {_MAX_DIGITS} digits only after cancelling terms of very different "
        f"size (about {exc.args[0]} digits needed): cannot decide {before} {relation} {after}"
    )


def _short(value: sp.Expr) -> str:
    """A number as short text: exact when short, else about 10^k."""
    text = str(value)
    if len(text) <= 40:
        return text
    try:
        with mpmath.workdps(30):
            v = mpmath.mpmathify(sp.N(value, 30))
        return mpmath.nstr(v, 6) if abs(mpmath.mag(v)) < 10**5 else _magnitude(v)
    except (TypeError, ValueError, OverflowError):
        return text[:37] + "..."


def _decimal_orders(bits: int) -> int:
    """Decimal orders of magnitude in ``bits`` binary ones (integer arithmetic: no overflow)."""
    return bits * 30103 // 100000


def _magnitude(value: Any) -> str:
    """``about 10^k`` for a number too large or small to print in full (never slow).

    >>> _magnitude(mpmath.mpf(10) ** 300000)
    'about 10^300000'
    """
    sign = "-" if value < 0 else ""
    k = _decimal_orders(int(mpmath.mag(value)))
    if abs(k).bit_length() > 64:  # the exponent itself is too long to print
        return f"{sign}about 10^({'-' if k < 0 else ''}10^{_decimal_orders(abs(k).bit_length())})"
    return f"{sign}about 10^{k}"
