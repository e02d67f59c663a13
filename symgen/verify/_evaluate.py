"""Evaluating notation on a model, exactly or to N significant digits."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    Notation,
    OutcomeSum,
    Prob,
    SelfInformation,
    Variance,
    random_variable,
)
from symgen.verify.models import _WIDE_DEN, DIGITS, Model, ModelError, _dedupe, averaged_variables

__all__ = [
    "EXACT",
    "NUMERIC",
    "Backend",
    "Env",
    "evaluate",
    "evaluate_tracked",
    "exact_value",
    "partial_prob",
]


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Backend:
    """Number system used by the evaluator: exact SymPy values or 50-digit mpmath floats."""

    name: str
    const: Callable[[Any], Any]
    log: Callable[[Any], Any]
    call: Callable[[sp.Basic, list[Any]], Any]


def _mp_const(value: Any) -> Any:
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, int):
        return mpmath.mpf(value)
    if value in (sp.oo, -sp.oo):
        return mpmath.inf if value == sp.oo else -mpmath.inf
    return _mp_number(value, mpmath.mp.dps)


@functools.lru_cache(maxsize=512)
def _mp_number(value: sp.Expr, dps: int) -> Any:
    """A SymPy constant (log 2, exp(exp(5))) at ``dps`` digits, cached: models repeat them."""
    return mpmath.mpmathify(sp.N(value, dps))


def _mp_log(value: Any) -> Any:
    if value == 0:
        return mpmath.mpf("-inf")
    return mpmath.log(value)


def _mp_call(expr: sp.Basic, args: list[Any]) -> Any:
    dps = mpmath.mp.dps  # the working precision of the current evaluation
    floats = [
        sp.Float(mpmath.nstr(a, dps), dps) if mpmath.im(a) == 0 else sp.sympify(complex(a))
        for a in args
    ]
    return mpmath.mpmathify(sp.N(expr.func(*floats), dps))


def _sp_const(value: Any) -> Any:
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.sympify(value) if isinstance(value, int) else value


NUMERIC = Backend("numeric", _mp_const, _mp_log, _mp_call)
EXACT = Backend("exact", _sp_const, sp.log, lambda expr, args: expr.func(*args))


@functools.lru_cache(maxsize=16)
def _numeric_backend(digits: int) -> Backend:
    """The mpmath backend at ``digits``; its own name keeps its cached tables apart."""
    if digits == DIGITS:
        return NUMERIC
    return Backend(f"numeric@{digits}", _mp_const, _mp_log, _mp_call)


def evaluate(expr: sp.Basic, model: Model, *, digits: int = DIGITS) -> Any:
    """Value of ``expr`` on ``model`` as an mpmath number to ``digits`` significant digits.

    Probabilities go in exactly; the work is done at ``digits + 10`` digits.
    """
    with mpmath.workdps(digits + 10):
        return _Evaluator(model, _numeric_backend(digits)).value(expr, {})


def evaluate_tracked(expr: sp.Basic, model: Model, *, digits: int = DIGITS) -> tuple[Any, int]:
    """:func:`evaluate`, and the digits needed so that no term of a sum is lost.

    A value computed at ``digits`` digits is trustworthy as far as cancellation goes only
    when ``digits`` is at least the second number: evaluate again at that precision.

    >>> import sympy as sp
    >>> from symgen.notation.symbols import H
    >>> from symgen.verify.models import random_model
    >>> m = random_model([H("X")], seed=0)
    >>> evaluate_tracked(H("X") + sp.Rational(1, 10**70), m)[1] > 70
    True
    """
    with mpmath.workdps(digits + 10):
        ev = _Evaluator(model, _numeric_backend(digits))
        return ev.value(expr, {}), ev.need


def exact_value(expr: sp.Basic, model: Model) -> sp.Expr:
    """Exact SymPy value of ``expr`` on ``model`` (rationals and logs of rationals)."""
    return sp.sympify(_Evaluator(model, EXACT).value(expr, {}))


Env = dict[sp.Symbol, int]
_NEED_GUARD = 60  # digits kept beyond the spread of a sum's terms
_TINY_ARGUMENT_BITS = 60  # |x| < 2^-60 inside exp/cos/...: 1 + x needs more digits


def _orders(bits: int) -> int:
    """Decimal orders of magnitude in ``bits`` binary ones (integer arithmetic)."""
    return bits * 30103 // 100000 + 1


_PLAIN = (sp.Sum, sp.Product, sp.Derivative, sp.Integral, sp.Piecewise, sp.Max, sp.Min)


class _Evaluator:
    """Recursive evaluator: ``env`` maps bound random variables to outcome indices."""

    def __init__(self, model: Model, backend: Backend) -> None:
        self.model = model
        self.b = backend
        self.zero = backend.const(0)
        self._tables: dict[tuple, tuple[Any, dict]] = model.cache().setdefault(backend.name, {})
        # decimal digits that keep every term of every sum visible next to the largest one
        # (a term 10^-60 added to 1 is lost at 50 digits); numeric backends only
        self.need = 0
        self.track = backend is not EXACT

    def note_terms(self, terms: Iterable[Any]) -> None:
        """Record how many digits separate the largest and smallest non-zero term of a sum."""
        if not self.track:
            return
        mags = [mpmath.mag(t) for t in terms if t != 0 and mpmath.isfinite(t)]
        if len(mags) > 1:
            self.need = max(self.need, _orders(int(max(mags) - min(mags))) + _NEED_GUARD)

    def note_arguments(self, args: Iterable[Any]) -> None:
        """exp(x), cos(x) of a tiny x is 1 + x or 1 - x^2/2: x must stay visible."""
        if not self.track:
            return
        for a in args:
            if a != 0 and mpmath.isfinite(a) and mpmath.mag(a) < -_TINY_ARGUMENT_BITS:
                self.need = max(self.need, 2 * _orders(-int(mpmath.mag(a))) + _NEED_GUARD)

    # -- leaves
    def index(self, sym: sp.Symbol, env: Env) -> int:
        rv = random_variable(sym)
        if rv in env:
            return env[rv]
        if rv not in self.model.assignment:
            raise ModelError(f"no outcome for {sym} in the model")
        return self.model.assignment[rv]

    def symbol(self, sym: sp.Symbol, env: Env) -> Any:
        if sym in self.model.params:
            return self.b.const(self.model.params[sym])
        rv = random_variable(sym)
        if rv in self.model.values:
            return self.b.const(self.model.values[rv][self.index(sym, env)])
        raise ModelError(f"no value for the symbol {sym} in the model")

    def prob(self, law: sp.Symbol, rvs: Sequence[sp.Symbol], idx: Sequence[int]) -> Any:
        key = (law, tuple(rvs))
        entry = self._tables.get(key)
        if entry is None:
            entry = self._tables[key] = self._table(law, rvs)
        order, table = entry
        if order is None:
            rvs, idx = _dedupe(rvs, idx)
            if rvs is None:
                return self.zero
            return self.prob(law, rvs, idx)
        return table.get(tuple(idx[i] for i in order), self.zero)

    def _table(self, law: sp.Symbol, rvs: Sequence[sp.Symbol]) -> tuple[Any, dict]:
        """Marginal of ``law`` over ``rvs`` in backend numbers, with the sort order used."""
        if len(set(rvs)) != len(rvs):
            return None, {}
        order = sorted(range(len(rvs)), key=lambda i: rvs[i].name)
        table = self.model.marginal(law, [rvs[i] for i in order])
        return order, {cell: self.b.const(pr) for cell, pr in table.items()}

    # -- dispatch
    def value(self, expr: sp.Basic, env: Env) -> Any:
        if isinstance(expr, Notation):
            return self.notation(expr, env)
        if isinstance(expr, sp.Symbol):
            return self.symbol(expr, env)
        if isinstance(expr, sp.Rational):
            return self.b.const(Fraction(int(expr.p), int(expr.q)))
        if expr.is_number and not expr.has(Notation):
            return self.b.const(expr)
        if isinstance(expr, _PLAIN) and not expr.has(Notation):
            return self.plain(expr, env)
        args = [self.value(a, env) for a in expr.args]
        if isinstance(expr, sp.Add):
            self.note_terms(args)
            total = args[0]
            for a in args[1:]:
                total = total + a
            return total
        if isinstance(expr, sp.Mul):
            prod = args[0]
            for a in args[1:]:
                prod = prod * a
            return prod
        if isinstance(expr, sp.Pow):
            return args[0] ** args[1]
        if isinstance(expr, sp.log):
            return self.b.log(args[0])
        if isinstance(expr, AppliedUndef):
            return self.b.const(self.undefined(expr, env))
        if isinstance(expr, (sp.Function, sp.Abs)):
            self.note_arguments(args)
            return self.b.call(expr, args)
        raise ModelError(f"cannot evaluate {type(expr).__name__} on a finite model")

    def undefined(self, expr: sp.Basic, env: Env) -> Fraction:
        """A value for an unknown function f(...): random but fixed per model and argument.

        Arguments are keyed by their exact value (to 40 digits when it is not rational), so
        f(x) is the same number wherever x has the same value, in either backend; values have
        a 61-bit prime denominator.
        """
        exact = self if self.b is EXACT else _Evaluator(self.model, EXACT)
        keys = []
        for arg in expr.args:
            v = sp.sympify(exact.value(arg, env))
            if v.is_Rational:
                keys.append(str(v))
                continue
            with mpmath.workdps(60):
                n = mpmath.mpmathify(sp.N(v, 60))
                if mpmath.im(n) != 0 or not mpmath.isfinite(n):
                    raise ModelError(f"{expr}: no value at a complex or infinite argument")
                keys.append(mpmath.nstr(n, 40))
        salt = self.model.cache().setdefault("salt", f"{self.model.kind}|{self.model.values}")
        text = f"{expr.func.__name__}({', '.join(keys)})|{salt}"
        digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
        return Fraction(-8) + Fraction(16 * (digest % _WIDE_DEN), _WIDE_DEN)

    def plain(self, expr: sp.Basic, env: Env) -> Any:
        """Notation-free expression with sums/derivatives: substitute exactly, then doit."""
        exact = _Evaluator(self.model, EXACT)
        subs = {s: exact.symbol(s, env) for s in expr.free_symbols}
        done = expr.doit().xreplace(subs) if expr.has(sp.Derivative) else expr.xreplace(subs)
        return done.doit() if self.b is EXACT else self.b.const(done.doit())

    def notation(self, expr: Notation, env: Env) -> Any:
        handler = getattr(self, "n_" + type(expr).__name__, None)
        if handler is None:
            raise ModelError(f"cannot evaluate {type(expr).__name__} on a finite model")
        return handler(expr, env)

    def n_SupportSize(self, expr: Notation, env: Env) -> Any:
        """|X|: the number of values of X in the model."""
        rv = expr.args[0]
        if rv not in self.model.variables:
            raise ModelError(f"{expr}: {rv} is not a random variable of the model")
        return self.b.const(Fraction(self.model.size(rv)))

    # -- probabilities
    def n_Prob(self, expr: Prob, env: Env) -> Any:
        both = [*expr.variables, *expr.given]
        rvs = [random_variable(s) for s in both]
        idx = [self.index(s, env) for s in both]
        num = self.prob(expr.dist, rvs, idx)
        if not expr.given:
            return num
        k = len(expr.variables)
        den = self.prob(expr.dist, rvs[k:], idx[k:])
        if den == 0:
            raise ModelError(f"{expr}: conditioning on an event of probability 0")
        return num / den

    def cells(self, rvs: Sequence[sp.Symbol], env: Env) -> Iterable[Env]:
        free = list(dict.fromkeys(rvs))
        for cell in itertools.product(*(range(self.model.size(v)) for v in free)):
            yield {**env, **dict(zip(free, cell, strict=True))}

    def sum_over(self, rvs: Sequence[sp.Symbol], env: Env, term: Callable[[Env], Any]) -> Any:
        total = self.b.const(0)
        terms = []
        for inner in self.cells(rvs, env):
            value = term(inner)
            terms.append(value)
            total = total + value
        self.note_terms(terms)
        return total

    # -- information measures of random variables
    def n_Entropy(self, expr: Entropy, env: Env) -> Any:
        law = expr.dist
        if not expr.variables:
            return self.law_entropy(law, law, env)
        head = [random_variable(s) for s in expr.variables]
        given = [random_variable(s) for s in expr.given]
        return -self.sum_over([*head, *given], env, lambda e: self.plogp(law, head, given, e))

    def plogp(self, law: sp.Symbol, head: list, given: list, env: Env) -> Any:
        joint = self.prob(law, [*head, *given], [env[v] for v in (*head, *given)])
        if joint == 0:
            return self.b.const(0)
        cond = joint / self.prob(law, given, [env[v] for v in given]) if given else joint
        return joint * self.b.log(cond)

    def n_MutualInformation(self, expr: MutualInformation, env: Env) -> Any:
        left = [random_variable(s) for s in expr.left]
        right = [random_variable(s) for s in expr.right]
        given = [random_variable(s) for s in expr.given]
        law = expr.dist

        def term(e: Env) -> Any:
            pr = partial_prob(self, law, e)
            joint = pr([*left, *right, *given])
            if joint == 0:
                return self.b.const(0)
            ratio = joint * pr(given) / (pr([*left, *given]) * pr([*right, *given]))
            return joint * self.b.log(ratio)

        return self.sum_over([*left, *right, *given], env, term)

    def n_SelfInformation(self, expr: SelfInformation, env: Env) -> Any:
        rvs = [random_variable(s) for s in expr.variables]
        return -self.b.log(self.prob(expr.dist, rvs, [self.index(s, env) for s in expr.variables]))

    # -- measures of two laws
    def laws_of(self, expr: Any) -> tuple[Callable[[Env], Any], Callable[[Env], Any], list]:
        p, q = expr.p, expr.q
        if isinstance(p, Prob) and isinstance(q, Prob):
            rvs = [random_variable(s) for s in p.variables]
            return (lambda e: self.n_Prob(p, e)), (lambda e: self.n_Prob(q, e)), rvs
        if isinstance(p, Prob) or isinstance(q, Prob):
            raise ModelError(f"{expr}: mix of a law and a Prob term")
        rvs = list(self.model.variables)

        def law_value(law: sp.Symbol) -> Callable[[Env], Any]:
            return lambda e: self.prob(law, rvs, [e[v] for v in rvs])

        return law_value(p), law_value(q), rvs

    def law_entropy(self, p: sp.Symbol, q: sp.Symbol, env: Env) -> Any:
        rvs = list(self.model.variables)

        def term(e: Env) -> Any:
            px = self.prob(p, rvs, [e[v] for v in rvs])
            return (
                self.b.const(0)
                if px == 0
                else px * self.b.log(self.prob(q, rvs, [e[v] for v in rvs]))
            )

        return -self.sum_over(rvs, env, term)

    def n_CrossEntropy(self, expr: CrossEntropy, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        return -self.sum_over(rvs, env, lambda e: _xlogy(self.b, p(e), q(e)))

    def n_KLDivergence(self, expr: KLDivergence, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        return self.sum_over(rvs, env, lambda e: _xlogy(self.b, p(e), p(e) / q(e)))

    def n_JSDivergence(self, expr: JSDivergence, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        half = self.b.const(Fraction(1, 2))

        def term(e: Env) -> Any:
            pe, qe = p(e), q(e)
            m = half * (pe + qe)
            return half * (_xlogy(self.b, pe, pe / m) + _xlogy(self.b, qe, qe / m))

        return self.sum_over(rvs, env, term)

    # -- sums and moments
    def n_OutcomeSum(self, expr: OutcomeSum, env: Env) -> Any:
        rvs = [random_variable(s) for s in expr.over]
        return self.sum_over(rvs, env, lambda e: self.value(expr.body, e))

    def n_Expectation(self, expr: Expectation, env: Env) -> Any:
        over = expr.over
        if isinstance(over, Prob):
            rvs = [random_variable(s) for s in over.variables]
            return self.sum_over(
                rvs, env, lambda e: self.n_Prob(over, e) * self.value(expr.body, e)
            )
        law = DEFAULT_DIST if over == sp.Tuple() else over
        # E binds every random variable of its body, also one an outer sum or E has bound:
        # in E[(X - E[X])^2] the inner E[X] is the mean, not the outer outcome
        rvs = sorted(averaged_variables(expr), key=str)
        return self.sum_over(
            rvs,
            env,
            lambda e: self.prob(law, rvs, [e[v] for v in rvs]) * self.value(expr.body, e),
        )

    def moment(self, rvs: list[sp.Symbol], env: Env, f: Callable[[Env], Any]) -> Any:
        return self.sum_over(
            rvs, env, lambda e: self.prob(DEFAULT_DIST, rvs, [e[v] for v in rvs]) * f(e)
        )

    def n_Variance(self, expr: Variance, env: Env) -> Any:
        rv = random_variable(expr.args[0])
        val = self.model.values[rv]
        mean = self.moment([rv], env, lambda e: self.b.const(val[e[rv]]))
        return self.moment([rv], env, lambda e: (self.b.const(val[e[rv]]) - mean) ** 2)

    def n_Covariance(self, expr: Covariance, env: Env) -> Any:
        x, y = (random_variable(s) for s in expr.args)
        vx, vy = self.model.values[x], self.model.values[y]
        mx = self.moment([x], env, lambda e: self.b.const(vx[e[x]]))
        my = self.moment([y], env, lambda e: self.b.const(vy[e[y]]))
        return self.moment(
            list(dict.fromkeys([x, y])),
            env,
            lambda e: (self.b.const(vx[e[x]]) - mx) * (self.b.const(vy[e[y]]) - my),
        )


def partial_prob(ev: _Evaluator, law: sp.Symbol, env: Env) -> Callable[[list], Any]:
    """P_law(rvs = env[rvs]) as a function of the list of random variables."""
    return lambda rvs: ev.prob(law, rvs, [env[v] for v in rvs]) if rvs else ev.b.const(1)


def _xlogy(backend: Backend, x: Any, y: Any) -> Any:
    """x log y with the convention 0 log(.) = 0."""
    return backend.const(0) if x == 0 else x * backend.log(y)
