"""Claims about the maximiser of a likelihood: ``argmax_θ prod_{i=1}^n f(x_i; θ) = g(x, n)``.

MLE and MAP claims over n samples with a symbolic n. Two independent checks:

* **instances**: n = 2 ... 5 samples with values 0/1 (and prior parameters 2, 3, 5/2 ...);
  the objective is maximised over θ in (0, 1) by a grid and golden-section search, and
  compared with the claimed value. A disagreement refutes the claim (the instance is shown).
* **stationarity**: the log-objective (log of a product is a sum of logs) is differentiated
  and the derivative is 0 at the claimed value, symbolically, for every n and x.

A claim that passes both holds with status NUMERIC_ONLY (the maximum is checked on instances,
not proved); one that passes the instances only is not proved (``holds`` None).

>>> from symgen.parsing.parser import parse_relation
>>> lhs, op, rhs = parse_relation(r"argmax_θ \\prod_{i=1}^n θ^{x_i} (1-θ)^{1-x_i} = 1/n")
>>> optimum_claim(lhs, op, rhs).holds
False
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from symgen.notation.operators import ArgMax, ArgMin
from symgen.parsing.budget import checkpoint
from symgen.verify.verdict import ClaimVerdict, Status

__all__ = ["optimum_claim"]

_INSTANCES = 6
_GRID = 48
_GOLDEN_STEPS = 60
_TOL = 1e-6
_PRIOR = (Fraction(2), Fraction(3), Fraction(5, 2), Fraction(4))


def optimum_claim(lhs: sp.Expr, op: str, rhs: sp.Expr) -> ClaimVerdict | None:
    """A verdict for ``argmax_θ f = g`` (either side), or None when the claim is not one."""
    if op != "=":
        return None
    if isinstance(rhs, (ArgMax, ArgMin)) and not isinstance(lhs, (ArgMax, ArgMin)):
        lhs, rhs = rhs, lhs
    if not isinstance(lhs, (ArgMax, ArgMin)) or rhs.has(ArgMax, ArgMin):
        return None
    text = f"{lhs} = {rhs}"
    theta, body = lhs.variable, lhs.body
    sign = 1 if isinstance(lhs, ArgMax) else -1
    objective = _log(body) if isinstance(lhs, ArgMax) and not _is_sum(body) else body
    rng = random.Random(0)
    decided = 0
    for k in range(_INSTANCES):
        checkpoint()
        values, shown = _instance(rng, k, sp.Tuple(objective, rhs), theta)
        f, claimed = (_at(e, values) for e in (objective, rhs))
        if not claimed.is_real or claimed.free_symbols or f.free_symbols - {theta}:
            return None
        best = _best(f, theta, sign)
        if best is None:
            continue
        decided += 1
        if abs(best - float(claimed)) > 1e-4:
            return _refuted(text, shown, best, sp.N(claimed, 30))
    if decided < _INSTANCES // 2:
        return None
    stationary = _stationary(objective, theta, rhs)
    how = "the derivative of the log-objective vanishes there for every n and x"
    en = f"The claim {text} " + (
        f"holds on {_INSTANCES} instances and {how}; the maximum itself is checked "
        "numerically, not proved."
        if stationary
        else f"is not proved: it holds on {_INSTANCES} instances only."
    )
    ko = f"주장 {text} 은(는) " + (
        f"{_INSTANCES}개의 사례에서 성립하고, 모든 n과 x에 대해 로그 목적함수의 도함수가 그 점에서 "
        "0입니다. 최댓값 자체는 수치로만 확인했습니다."
        if stationary
        else f"증명되지 않았습니다: {_INSTANCES}개의 사례에서만 성립합니다."
    )
    reason = "stationary point (symbolic); maximiser on instances" if stationary else "instances"
    return ClaimVerdict(
        text,
        True if stationary else None,
        Status.NUMERIC_ONLY,
        reason,
        "numeric",
        explanation_en=en,
        explanation_ko=ko,
        notes=("the maximum is checked on instances, not proved",),
    )


def _is_sum(expr: sp.Expr) -> bool:
    return isinstance(expr, (sp.Add, sp.Sum))


def _log(expr: sp.Expr) -> sp.Expr:
    """log of a positive product: a sum of logs (a product over i becomes a sum over i)."""
    if isinstance(expr, sp.Mul):
        return sp.Add(*(_log(a) for a in expr.args))
    if isinstance(expr, sp.Pow):
        return expr.exp * _log(expr.base)
    if isinstance(expr, sp.Product):
        return sp.Sum(_log(expr.function), *expr.limits)
    if isinstance(expr, sp.exp):
        return expr.args[0]
    return sp.log(expr)


def _instance(rng: random.Random, k: int, exprs: sp.Basic, theta: sp.Symbol) -> tuple[dict, str]:
    """Values for n, the samples x_i (0 or 1, not all equal) and the other constants."""
    values: dict[sp.Basic, sp.Basic] = {}
    shown: list[str] = []
    n_value = 3 + k % 3
    limits = [lim for s in exprs.atoms(sp.Sum, sp.Product) for lim in s.limits]
    uppers = {lim[2] for lim in limits if isinstance(lim[2], sp.Symbol)}
    for n in sorted(uppers, key=str):
        values[n] = sp.Integer(n_value)
        shown.append(f"{n} = {n_value}")
    bases = sorted({i.base for i in exprs.atoms(sp.Indexed)}, key=str)
    for base in bases:
        ones = 1 + k % (n_value - 1)  # 1 ... n - 1 successes, in a random order
        bits = [1] * ones + [0] * (n_value - ones)
        rng.shuffle(bits)
        for j, bit in enumerate(bits, start=1):
            values[base[j]] = sp.Integer(bit)
        shown.append(f"{base} = ({', '.join(map(str, bits))})")
    rest = exprs.free_symbols - {theta, *uppers, *bases, *(b.label for b in bases)}
    rest = {s for s in rest if isinstance(s, sp.Symbol) and not _bound_index(s, limits)}
    for s in sorted(rest, key=str):
        value = _PRIOR[(k + len(shown)) % len(_PRIOR)]
        values[s] = sp.Rational(value.numerator, value.denominator)
        shown.append(f"{s} = {value}")
    return values, ", ".join(shown)


def _at(expr: sp.Expr, values: dict) -> sp.Expr:
    """``expr`` on one instance: n first (sums and products unrolled), then the samples."""
    sizes = {k: v for k, v in values.items() if not isinstance(k, sp.Indexed)}
    return sp.expand(expr.subs(sizes).doit().subs(values))


def _bound_index(sym: sp.Symbol, limits: Sequence) -> bool:
    return any(lim[0] == sym for lim in limits)


def _value(f: sp.Expr, theta: sp.Symbol, t: float) -> float | None:
    try:
        with mpmath.workdps(30):
            v = _mp(f, theta, mpmath.mpf(t))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if mpmath.im(v) != 0 or not mpmath.isfinite(v):
        return None
    return float(mpmath.re(v))


def _mp(expr: sp.Basic, theta: sp.Symbol, t: Any) -> Any:
    """The value of an expression of θ alone, in mpmath (no SymPy evaluation in the loop)."""
    if expr == theta:
        return t
    if isinstance(expr, sp.Rational):
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_number:
        return mpmath.mpmathify(sp.N(expr, 30))
    args = [_mp(a, theta, t) for a in expr.args]
    if isinstance(expr, sp.Add):
        return mpmath.fsum(args)
    if isinstance(expr, sp.Mul):
        return mpmath.fprod(args)
    if isinstance(expr, sp.Pow):
        return args[0] ** args[1]
    if isinstance(expr, sp.log):
        return mpmath.log(args[0])
    if isinstance(expr, sp.exp):
        return mpmath.exp(args[0])
    raise TypeError(f"cannot evaluate {type(expr).__name__} in a likelihood")


def _best(f: sp.Expr, theta: sp.Symbol, sign: int) -> float | None:
    """The maximiser (sign 1) or minimiser (sign -1) of f over (0, 1): grid, then golden."""
    points = [(i + 0.5) / _GRID for i in range(_GRID)]
    scored = [(v * sign, t) for t in points if (v := _value(f, theta, t)) is not None]
    if len(scored) < _GRID // 2:
        return None
    _, t0 = max(scored)
    lo, hi = max(t0 - 1 / _GRID, 1e-12), min(t0 + 1 / _GRID, 1 - 1e-12)
    ratio = (5**0.5 - 1) / 2
    for _ in range(_GOLDEN_STEPS):
        checkpoint()
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        fa, fb = _value(f, theta, a), _value(f, theta, b)
        if fa is None or fb is None:
            return None
        if fa * sign >= fb * sign:
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def _refuted(text: str, shown: str, best: float, claimed: sp.Expr) -> ClaimVerdict:
    got, said = mpmath.nstr(mpmath.mpf(best), 4), mpmath.nstr(mpmath.mpf(str(claimed)), 6)
    return ClaimVerdict(
        text,
        False,
        Status.REFUTED,
        f"with {shown} the optimum is at {got}, not {said}",
        "counterexample",
        explanation_en=(
            f"The claim {text} is false: with {shown} the optimum is at about {got}, "
            f"while the right side is {said}."
        ),
        explanation_ko=(
            f"주장 {text} 은(는) 거짓입니다: {shown} 일 때 최적점은 약 {got} 이지만 "
            f"우변은 {said} 입니다."
        ),
    )


def _stationary(objective: sp.Expr, theta: sp.Symbol, value: sp.Expr) -> bool:
    """d/dθ objective = 0 at θ = value, for every n and x (sums split, then simplified)."""
    try:
        score = sp.diff(objective, theta)
        at = _split_sums(sp.expand(score.subs(theta, value)))
        sums = sorted(at.atoms(sp.Sum), key=str)
        names = {s: sp.Dummy(f"s{k}") for k, s in enumerate(sums)}
        return bool(sp.simplify(at.xreplace(names)) == 0)
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return False


def _split_sums(expr: sp.Expr) -> sp.Expr:
    """Sum(a + c b) = Sum(a) + c Sum(b) for c free of the index; Sum(1, (i, 1, n)) = n."""

    def split(s: sp.Sum) -> sp.Expr:
        (i, lo, hi), *more = s.limits
        if more:
            return s
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(s.function)):
            const, dep = term.as_independent(i, as_Add=False)
            total += const * ((hi - lo + 1) if dep == 1 else sp.Sum(dep, (i, lo, hi)))
        return total

    return sp.expand(expr.replace(lambda e: isinstance(e, sp.Sum), split))
