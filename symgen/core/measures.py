"""Information measures of finite distributions, exact and symbolic: entropy, KL, MI, JSD.

Every measure takes a ``Distribution`` or a plain ``{outcome: probability}`` mapping (values
exact: ints, Fractions, "1/8" strings, SymPy expressions). ``base`` is keyword-only: ``None``
is the natural log (nats, as in ML texts), ``2`` gives bits. Terms with P(x) = 0 are skipped
(0 log 0 = 0); KL and cross-entropy are ``oo`` when Q(x) = 0 < P(x), and
``kl_support_violation`` names the outcome.

For rational probabilities the result is the form a textbook prints: the logs are collected
over primes (``log(a/b)`` is split with a cached ``factorint``, the coefficients summed as
``Fraction``), so H(1/2, 1/4, 1/8, 1/8) is the Rational 7/4 in bits and a uniform pmf over
n outcomes has entropy ``log(n)``. Symbolic probabilities keep the textbook sum.

>>> entropy({"a": "1/2", "b": "1/4", "c": "1/8", "d": "1/8"}, base=2)
7/4
>>> entropy({k: "1/6" for k in range(6)})
log(6)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from functools import lru_cache
from math import gcd, lcm, log10
from typing import Any, NamedTuple

import sympy as sp

from symgen.core.exact import to_exact
from symgen.core.outcomes import sort_key
from symgen.core.parameters import is_probability_symbol
from symgen.core.validation import (
    exact_cells,
    has_float,
    require_normalised,
    require_probability,
)
from symgen.errors import (
    IncompatibleDistributions,
    InvalidDistribution,
    SymgenError,
    UnknownVariable,
)

__all__ = [
    "InvalidBase",
    "SupportViolation",
    "conditional_entropy",
    "cross_entropy",
    "entropy",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "kl_support_violation",
    "mutual_information",
    "self_information",
]

Cell = tuple
Table = dict[Cell, sp.Expr]
Names = tuple[Hashable, ...]

# factorint is fast below ~10^18 (worst case two 9-digit primes); above, only primes below
# 1000 are divided out and the cofactor stays one (possibly composite) atom: still exact,
# only less collected (factorint's own ``limit`` still runs costly tests on huge cofactors).
_FULL_FACTOR_BELOW = 10**18
_SMALL_PRIMES = tuple(sp.primerange(2, 1000))
# Collected logs print as one log(N) only while N is short: log(1000), not log(3240609120...).
_MAX_COMBINED_DIGITS = 8


class InvalidBase(SymgenError, ValueError):
    """A log base that is not None (natural log), e or an integer >= 2."""


class SupportViolation(NamedTuple):
    """Why D(P||Q) is infinite: an outcome with Q(x) = 0 < P(x)."""

    outcome: Hashable
    p_value: sp.Expr
    reason: str


# ----------------------------------------------------------------- collected logs
@lru_cache(maxsize=1 << 16)
def _factor(n: int) -> tuple[tuple[int, int], ...]:
    if n < _FULL_FACTOR_BELOW:
        return tuple(sp.factorint(n).items())
    factors = []
    for prime in _SMALL_PRIMES:
        power = 0
        while n % prime == 0:
            n //= prime
            power += 1
        if power:
            factors.append((prime, power))
    return (*factors, (n, 1)) if n > 1 else tuple(factors)


class _LogSum:
    """sum_a c_a log(a) over integer atoms (primes) with Fraction c_a, plus symbolic terms."""

    __slots__ = ("coeffs", "symbolic")

    def __init__(self) -> None:
        self.coeffs: dict[int, Fraction] = {}
        self.symbolic: list[sp.Expr] = []

    def add_log(self, coef: sp.Expr, value: sp.Expr) -> None:
        """Add ``coef * log(value)``; exact positive rationals are split over primes."""
        if coef == 0:
            return
        if isinstance(coef, sp.Rational) and isinstance(value, sp.Rational) and value > 0:
            c = Fraction(int(coef.p), int(coef.q))
            self._add_integer(c, int(value.p))
            self._add_integer(-c, int(value.q))
        else:  # factor_terms: (1 - p)/2 rather than 1/2 - p/2, log(2*(1 - e)) not log(2 - 2*e)
            tidy = sp.factor_terms(sp.together(value))
            self.symbolic.append(sp.factor_terms(coef) * sp.log(tidy))

    def _add_integer(self, c: Fraction, n: int) -> None:
        for atom, power in _factor(n):
            self.coeffs[atom] = self.coeffs.get(atom, Fraction(0)) + c * power

    def add_scaled(self, other: _LogSum, factor: Fraction) -> None:
        """Add ``factor * other``."""
        for atom, c in other.coeffs.items():
            self.coeffs[atom] = self.coeffs.get(atom, Fraction(0)) + factor * c
        scale = sp.Rational(factor.numerator, factor.denominator)
        self.symbolic.extend(scale * term for term in other.symbolic)

    def to_expr(self, base: int | None) -> sp.Expr:
        """The sum as one SymPy expression, in units of ``log(base)``."""
        if sp.oo in self.symbolic:  # finite terms beside oo would only clutter the result
            return sp.oo
        coeffs = {a: c for a, c in self.coeffs.items() if c != 0}
        rational = _split_base(coeffs, base)
        natural = _collect(coeffs) + sp.Add(*self.symbolic)
        if base is None:
            return natural
        return _rational(rational) + natural / sp.log(base)


def _rational(c: Fraction) -> sp.Rational:
    return sp.Rational(c.numerator, c.denominator)


def _split_base(coeffs: dict[int, Fraction], base: int | None) -> Fraction:
    """Remove the part of ``coeffs`` that is a rational multiple of log(base); return it."""
    if base is None:
        return Fraction(0)
    powers = dict(_factor(base))
    ratios = {coeffs.get(atom, Fraction(0)) / power for atom, power in powers.items()}
    if len(ratios) != 1:
        return Fraction(0)
    ratio = ratios.pop()
    for atom in powers:
        coeffs.pop(atom, None)
    return ratio


def _collect(coeffs: dict[int, Fraction]) -> sp.Expr:
    """sum c_a log(a), written as one ``g*log(N)`` when that is short, else term by term."""
    if not coeffs:
        return sp.Integer(0)
    single = _single_log(coeffs)
    if single is not None:
        return single
    return sp.Add(*(_rational(c) * sp.log(sp.Integer(a)) for a, c in sorted(coeffs.items())))


def _single_log(coeffs: dict[int, Fraction]) -> sp.Expr | None:
    values = list(coeffs.values())
    if len({c > 0 for c in values}) != 1:
        return None
    gcd_unit = Fraction(gcd(*(c.numerator for c in values)), lcm(*(c.denominator for c in values)))
    integral = all(c.denominator == 1 for c in values)
    for unit in (Fraction(1), gcd_unit) if integral else (gcd_unit,):
        powers = {a: abs(c / unit) for a, c in coeffs.items()}
        if sum(p * log10(a) for a, p in powers.items()) <= _MAX_COMBINED_DIGITS:
            number = math.prod(a ** int(p) for a, p in powers.items())
            sign = 1 if values[0] > 0 else -1
            return sign * _rational(unit) * sp.log(sp.Integer(number))
    return None


# ----------------------------------------------------------------- inputs
def _require_base(base: object) -> int | None:
    if base is None or base is sp.E:
        return None
    if isinstance(base, int | sp.Integer) and not isinstance(base, bool) and int(base) >= 2:
        return int(base)
    raise InvalidBase(f"log base must be None (natural log), e or an integer >= 2, not {base!r}")


def _is_distribution(obj: object) -> bool:
    return all(hasattr(obj, name) for name in ("to_pmf", "cells", "variables", "marginal"))


def _mapping_table(pmf: object) -> tuple[Names, Table]:
    """Variables (positions 0..k-1) and exact cells of a plain mapping; validated."""
    if not isinstance(pmf, Mapping):
        raise InvalidDistribution(
            f"expected a Distribution or an {{outcome: probability}} mapping, "
            f"not {type(pmf).__name__}"
        )
    keys = list(pmf)
    widths = {len(k) if isinstance(k, tuple) else 0 for k in keys}
    width = widths.pop() if len(widths) == 1 and 0 not in widths else 1
    cells = exact_cells(pmf, width) if width > 1 else _scalar_cells(pmf)
    cells = require_normalised(cells, floats=has_float(pmf))
    return tuple(range(width)), cells


def _scalar_cells(pmf: Mapping[Any, Any]) -> Table:
    return {(x,): px for (x,), px in exact_cells({(k,): v for k, v in pmf.items()}, 1).items()}


def _table(dist: object) -> tuple[Names, Table]:
    if _is_distribution(dist):
        return tuple(dist.variables), dict(dist.cells())  # type: ignore[attr-defined]
    return _mapping_table(dist)


def _pmf(dist: object) -> dict[Hashable, sp.Expr]:
    """``{outcome: p}``: scalar outcomes for one variable, tuples for several."""
    names, cells = _table(dist)
    if len(names) == 1:
        return {cell[0]: px for cell, px in cells.items()}
    return dict(cells)


def _as_names(spec: object) -> Names:
    if spec is None:
        return ()
    if isinstance(spec, str | int):
        return (spec,)
    if isinstance(spec, Iterable):
        return tuple(spec)
    raise UnknownVariable(f"variables must be a name or a sequence of names, not {spec!r}")


def _dedupe(names: Iterable[Hashable]) -> Names:
    return tuple(dict.fromkeys(names))


def _position(names: Names, name: Hashable) -> int:
    if name not in names:
        known = ", ".join(map(repr, names))
        raise UnknownVariable(f"no variable {name!r} in the distribution; it has {known}")
    return names.index(name)


def _projector(names: Names, wanted: Names) -> Callable[[Cell], Cell]:
    positions = [_position(names, w) for w in wanted]
    return lambda cell: tuple(cell[i] for i in positions)


def _marginal(names: Names, cells: Table, wanted: Names) -> Table:
    project = _projector(names, wanted)
    out: Table = {}
    for cell, px in cells.items():
        key = project(cell)
        out[key] = out[key] + px if key in out else px
    return out


def _joint_table(dist: object, wanted: Names) -> Table:
    """Cells of the marginal over ``wanted`` (in that order), keyed by outcome tuples."""
    if _is_distribution(dist):
        names = tuple(dist.variables)  # type: ignore[attr-defined]
        for name in wanted:
            _position(names, name)
        sub = dist.marginal(*wanted)  # type: ignore[attr-defined]
        return _marginal(tuple(sub.variables), dict(sub.cells()), wanted)
    names, cells = _mapping_table(dist)
    return _marginal(names, cells, wanted)


# ----------------------------------------------------------------- zero tests
def _is_zero(px: sp.Expr) -> bool:
    return px == 0 or px.is_zero is True


def _is_nonzero(px: sp.Expr) -> bool:
    """True when px != 0 is known; probability symbols count as lying in (0, 1)."""
    if px.is_zero is False:
        return True
    symbols = [s for s in px.free_symbols if is_probability_symbol(s)]
    if not symbols:
        return False
    inside = {s: 1 / (1 + sp.Dummy(positive=True)) for s in symbols}
    return sp.together(px.subs(inside)).is_zero is False


def _infinite_term(px: sp.Expr) -> sp.Expr:
    """The value of a term P(x) log(P(x)/0): oo, or a Piecewise when P(x) may be 0."""
    if _is_nonzero(px):
        return sp.oo
    return sp.Piecewise((sp.oo, sp.Ne(px, 0)), (0, True))


# ----------------------------------------------------------------- pairs of pmfs
def _kind(outcome: Hashable) -> str:
    if isinstance(outcome, tuple):
        return "(" + ", ".join(_kind(v) for v in outcome) + ")"
    if isinstance(outcome, str):
        return "text"
    if isinstance(outcome, int | Fraction | sp.Number):
        return "number"
    return type(outcome).__name__


def _require_comparable(p: object, q: object) -> None:
    if _is_distribution(p) and _is_distribution(q):
        pv, qv = tuple(p.variables), tuple(q.variables)  # type: ignore[attr-defined]
        if pv != qv:
            raise IncompatibleDistributions(
                f"P is a distribution of {pv} but Q of {qv}; compare distributions of the "
                f"same variables"
            )


def _require_same_kinds(p: Mapping[Hashable, Any], q: Mapping[Hashable, Any]) -> None:
    pk, qk = {_kind(x): x for x in p}, {_kind(x): x for x in q}
    if set(pk) != set(qk):
        raise IncompatibleDistributions(
            f"outcomes of P are {' and '.join(sorted(pk))} (e.g. {next(iter(p))!r}) but "
            f"outcomes of Q are {' and '.join(sorted(qk))} (e.g. {next(iter(q))!r})"
        )


def _aligned(p: object, q: object) -> list[tuple[Hashable, sp.Expr, sp.Expr]]:
    """``(x, P(x), Q(x))`` over the union of both supports (missing = 0), sorted."""
    _require_comparable(p, q)
    pp, qq = _pmf(p), _pmf(q)
    _require_same_kinds(pp, qq)
    zero = sp.Integer(0)
    outcomes = sorted(set(pp) | set(qq), key=sort_key)
    return [(x, pp.get(x, zero), qq.get(x, zero)) for x in outcomes]


# ----------------------------------------------------------------- log sums
def _entropy_sum(values: Iterable[sp.Expr]) -> _LogSum:
    total = _LogSum()
    for px in values:
        if not _is_zero(px):
            total.add_log(-px, px)
    return total


def _kl_sum(pairs: Iterable[tuple[Hashable, sp.Expr, sp.Expr]]) -> _LogSum:
    total = _LogSum()
    for _, px, qx in pairs:
        if _is_zero(px):
            continue
        if _is_zero(qx):
            total.symbolic.append(_infinite_term(px))
        else:
            total.add_log(px, px / qx)
    return total


# ----------------------------------------------------------------- measures
def self_information(dist: object, outcome: object = None, *, base: int | None = None) -> Any:
    """I(x) = -log P(x): of a probability value, or of ``outcome`` under a distribution.

    With a distribution and no outcome, returns ``{x: I(x)}`` for every outcome. An outcome
    of probability 0 carries infinite information (``oo``).

    >>> self_information("1/8", base=2), self_information({"H": "1/2", "T": "1/2"}, "H", base=2)
    (3, 1)
    """
    base = _require_base(base)
    if not (_is_distribution(dist) or isinstance(dist, Mapping)):
        return _information(require_probability(to_exact(dist), where="self_information"), base)
    pmf = _pmf(dist)
    if outcome is None:
        return {x: _information(px, base) for x, px in pmf.items()}
    return _information(pmf.get(outcome, sp.Integer(0)), base)


def _information(px: sp.Expr, base: int | None) -> sp.Expr:
    if _is_zero(px):
        return sp.oo
    total = _LogSum()
    total.add_log(sp.Integer(-1), px)
    return total.to_expr(base)


def entropy(dist: object, *, base: int | None = None) -> sp.Expr:
    """H(P) = -sum_x P(x) log P(x), the expected self-information; 0 log 0 = 0.

    A distribution of several variables gives their joint entropy.

    >>> entropy({0: "1/4", 1: "1/4", 2: "1/2", 3: 0}, base=2)
    3/2
    """
    base = _require_base(base)
    return _distribution_entropy(dist).to_expr(base)


def _distribution_entropy(dist: object) -> _LogSum:
    """H of all variables; a product of independent factors adds up the factors' entropies."""
    factors = getattr(dist, "factors", None) if _is_distribution(dist) else None
    if not factors:
        return _entropy_sum(_pmf(dist).values())
    total = _LogSum()
    for factor in factors:
        total.add_scaled(_entropy_sum(factor.cells.values()), Fraction(1))
    return total


def joint_entropy(dist: object, *variables: Hashable, base: int | None = None) -> sp.Expr:
    """H(X, Y, ...) of the named variables (all of them when none are named).

    Mappings with tuple outcomes name their variables by position 0, 1, ...

    >>> joint_entropy({(0, 0): "1/2", (1, 1): "1/2"}, 0, 1, base=2)
    1
    """
    base = _require_base(base)
    if _is_distribution(dist):
        for name in variables:
            _position(tuple(dist.variables), name)  # type: ignore[attr-defined]
        chosen = dist.marginal(*_dedupe(variables)) if variables else dist  # type: ignore[attr-defined]
        return _distribution_entropy(chosen).to_expr(base)
    wanted = _dedupe(variables) if variables else _table(dist)[0]
    return _entropy_sum(_joint_table(dist, wanted).values()).to_expr(base)


def conditional_entropy(
    dist: object, target: object, given: object, *, base: int | None = None
) -> sp.Expr:
    """H(T | G) = -sum p(t, g) log(p(t, g) / p(g)); ``target``, ``given``: names or sequences.

    >>> conditional_entropy({(0, 0): "1/2", (1, 1): "1/2"}, 0, 1)
    0
    """
    base = _require_base(base)
    cond = _as_names(given)
    union = _dedupe(_as_names(target) + cond)
    joint = _joint_table(dist, union)
    given_cells = _marginal(union, joint, cond)
    project = _projector(union, cond)
    total = _LogSum()
    for cell, pxy in joint.items():
        if not _is_zero(pxy):
            total.add_log(-pxy, pxy / given_cells[project(cell)])
    return total.to_expr(base)


def mutual_information(
    dist: object, a: object, b: object, *, given: object = (), base: int | None = None
) -> sp.Expr:
    """I(A; B | C) = sum p(a, b, c) log(p(a, b, c) p(c) / (p(a, c) p(b, c))); C empty by default.

    >>> mutual_information({(0, 0): "1/2", (1, 1): "1/2"}, 0, 1, base=2)
    1
    """
    base = _require_base(base)
    an, bn, cn = _as_names(a), _as_names(b), _as_names(given)
    union = _dedupe(an + bn + cn)
    joint = _joint_table(dist, union)
    parts = [_dedupe(an + cn), _dedupe(bn + cn), cn]
    tables = [_marginal(union, joint, part) for part in parts]
    projects = [_projector(union, part) for part in parts]
    total = _LogSum()
    for cell, pabc in joint.items():
        if _is_zero(pabc):
            continue
        pac, pbc, pc = (t[f(cell)] for t, f in zip(tables, projects, strict=True))
        total.add_log(pabc, pabc * pc / (pac * pbc))
    return total.to_expr(base)


def cross_entropy(p: object, q: object, *, base: int | None = None) -> sp.Expr:
    """H(P, Q) = -sum_x P(x) log Q(x) = H(P) + D(P||Q); ``oo`` when Q(x) = 0 < P(x).

    >>> half = {"H": "1/2", "T": "1/2"}
    >>> cross_entropy(half, half, base=2), cross_entropy(half, {"H": 1})
    (1, oo)
    """
    base = _require_base(base)
    total = _LogSum()
    for _, px, qx in _aligned(p, q):
        if _is_zero(px):
            continue
        if _is_zero(qx):
            total.symbolic.append(_infinite_term(px))
        else:
            total.add_log(-px, qx)
    return total.to_expr(base)


def kl_divergence(p: object, q: object, *, base: int | None = None) -> sp.Expr:
    """D(P||Q) = sum_x P(x) log(P(x) / Q(x)) >= 0; ``oo`` when Q(x) = 0 < P(x).

    Outcomes are aligned by value (an outcome missing from one side has probability 0 there);
    ``kl_support_violation`` says which outcome makes the divergence infinite.

    >>> d = kl_divergence({0: "1/2", 1: "1/2"}, {0: "1/4", 1: "3/4"}, base=2)
    >>> d == 1 - sp.log(3) / (2 * sp.log(2)), round(float(d), 6)
    (True, 0.207519)
    """
    base = _require_base(base)
    return _kl_sum(_aligned(p, q)).to_expr(base)


def kl_support_violation(p: object, q: object) -> SupportViolation | None:
    """The first outcome with Q(x) = 0 < P(x) (the reason D(P||Q) = oo), or None.

    >>> kl_support_violation({0: "1/2", 1: "1/2"}, {0: 1}).reason
    'Q(1) = 0 but P(1) = 1/2 > 0, so the term P(1) log(P(1)/Q(1)) is infinite'
    """
    for x, px, qx in _aligned(p, q):
        if _is_zero(qx) and not _is_zero(px):
            shown = repr(x) if isinstance(x, str) else str(x)
            reason = (
                f"Q({shown}) = 0 but P({shown}) = {px} > 0, "
                f"so the term P({shown}) log(P({shown})/Q({shown})) is infinite"
            )
            return SupportViolation(x, px, reason)
    return None


def js_divergence(p: object, q: object, *, base: int | None = None) -> sp.Expr:
    """JSD(P||Q) = D(P||M)/2 + D(Q||M)/2 with M = (P + Q)/2; finite, at most log 2.

    >>> js_divergence({0: 1}, {1: 1}, base=2)
    1
    """
    base = _require_base(base)
    rows = _aligned(p, q)
    mixture = [(x, px, qx, (px + qx) / 2) for x, px, qx in rows]
    total = _LogSum()
    half = Fraction(1, 2)
    total.add_scaled(_kl_sum((x, px, mx) for x, px, _, mx in mixture), half)
    total.add_scaled(_kl_sum((x, qx, mx) for x, _, qx, mx in mixture), half)
    return total.to_expr(base)
