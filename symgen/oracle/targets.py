"""What the oracle checks against: exact references, input domains and known mistakes.

A :class:`Target` bundles, for one measure, the reference evaluated with mpmath at
:data:`DIGITS` significant digits (every float input is read as the exact binary rational
it is), a seeded generator of valid inputs that puts the hard cases first (zeros in the
support, near-identical distributions, probabilities near 1e-12, huge logits), and the
*variants*: the same formula with one classic mistake, used to name a likely cause.

>>> t = TARGETS["kl_divergence"]
>>> t.arg_names, t.formula
(('p', 'q'), 'D_KL(p || q) = sum_i p_i log(p_i / q_i)   (natural log)')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np

from symgen.errors import SymgenError, UnknownIdentity

DIGITS = 50
Case = tuple[np.ndarray, ...]
MpFn = Callable[..., Any]
CaseMaker = Callable[[np.random.Generator, int], list[Case]]


class UnknownTarget(UnknownIdentity):
    """A target name, function or object that the oracle cannot check against."""


class InvalidCheck(SymgenError, ValueError):
    """Options that leave nothing to check (trials < 1, an expression with no valid inputs)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """The target formula with one known mistake; `cause` is a stable id."""

    cause: str
    message: str
    value: MpFn


def _never(case: Case) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Target:
    """One checkable formula: reference at high precision, input domain, known mistakes."""

    name: str
    formula: str
    arg_names: tuple[str, ...]
    reference: MpFn
    cases: CaseMaker
    variants: tuple[Variant, ...] = ()
    has_zero: Callable[[Case], bool] = field(default=_never)
    reduces: str = "the last axis"


# --- exact arithmetic helpers (mpmath, called inside mpmath.workdps(DIGITS)) ---------------


def to_mp(value: np.ndarray) -> Any:
    """Exact mpmath value(s) of a float array: a scalar, a list, or a list of rows."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return mpmath.mpf(float(arr))
    if arr.ndim == 1:
        return [mpmath.mpf(float(v)) for v in arr]
    return [to_mp(row) for row in arr]


def xlogy(x: Any, y: Any) -> Any:
    """x log y with the convention 0 log y = 0 (also for y = 0)."""
    return mpmath.mpf(0) if x == 0 else x * mpmath.log(y)


def _kl(p: Sequence[Any], q: Sequence[Any]) -> Any:
    return mpmath.fsum(xlogy(pi, pi) - xlogy(pi, qi) for pi, qi in zip(p, q, strict=True))


def _cross_entropy(p: Sequence[Any], q: Sequence[Any]) -> Any:
    return -mpmath.fsum(xlogy(pi, qi) for pi, qi in zip(p, q, strict=True))


def _entropy(p: Sequence[Any]) -> Any:
    return -mpmath.fsum(xlogy(pi, pi) for pi in p)


def _js(p: Sequence[Any], q: Sequence[Any], *, half: bool = True) -> Any:
    m = [(pi + qi) / 2 if half else pi + qi for pi, qi in zip(p, q, strict=True)]
    return (_kl(p, m) + _kl(q, m)) / 2


def _mutual_information(table: Sequence[Sequence[Any]]) -> Any:
    rows = [mpmath.fsum(row) for row in table]
    cols = [mpmath.fsum(col) for col in zip(*table, strict=True)]
    return mpmath.fsum(
        xlogy(pxy, pxy) - xlogy(pxy, rows[i] * cols[j])
        for i, row in enumerate(table)
        for j, pxy in enumerate(row)
    )


def _bce(y: Any, p: Any) -> Any:
    return -(xlogy(y, p) + xlogy(1 - y, 1 - p))


def _bce_logits(y: Any, z: Any) -> Any:
    # -y log s(z) - (1-y) log(1 - s(z)), each log written without cancellation
    return y * mpmath.log1p(mpmath.exp(-z)) + (1 - y) * mpmath.log1p(mpmath.exp(z))


def _logsumexp(z: Sequence[Any]) -> Any:
    top = max(z)
    return top + mpmath.log(mpmath.fsum(mpmath.exp(zi - top) for zi in z))


def _softmax_ce(y: Sequence[Any], z: Sequence[Any]) -> Any:
    return _logsumexp(z) - mpmath.fsum(yi * zi for yi, zi in zip(y, z, strict=True))


def _gaussian_kl(mu: Sequence[Any], sigma: Sequence[Any]) -> Any:
    terms = (s * s + m * m - 1 - mpmath.log(s * s) for m, s in zip(mu, sigma, strict=True))
    return mpmath.fsum(terms) / 2


def _gaussian_kl_logvar(mu: Sequence[Any], logvar: Sequence[Any]) -> Any:
    terms = (mpmath.exp(v) + m * m - 1 - v for m, v in zip(mu, logvar, strict=True))
    return mpmath.fsum(terms) / 2


# --- known mistakes -------------------------------------------------------------------------

_LOG2 = "uses log base 2 (bits) where the natural log (nats) was meant: use np.log"
_LOG10 = "uses log base 10 where the natural log was meant: use np.log"
_NEG = "has the wrong sign: the result is the negative of the true value"
_SWAP = "swaps the arguments: it computes {name}({swapped}) instead of {name}({args})"
_MEAN = "takes a mean over {what} where a sum was meant (divides by their number)"


def _nterms(arg: Any) -> int:
    if isinstance(arg, list) and arg and isinstance(arg[0], list):
        return sum(len(row) for row in arg)
    return len(arg) if isinstance(arg, list) else 1


def common_variants(f: MpFn, *, mean_over: str | None = None) -> tuple[Variant, ...]:
    """Sign, log base and (optionally) mean-instead-of-sum variants of f."""
    out = [
        Variant("sign", _NEG, lambda *a: -f(*a)),
        Variant("log_base", _LOG2, lambda *a: f(*a) / mpmath.log(2)),
        Variant("log_base", _LOG10, lambda *a: f(*a) / mpmath.log(10)),
    ]
    if mean_over:
        msg = _MEAN.format(what=mean_over)
        out.append(Variant("mean_instead_of_sum", msg, lambda *a: f(*a) / _nterms(a[0])))
    return tuple(out)


def swapped_variant(f: MpFn, name: str, args: tuple[str, str]) -> Variant:
    """f with its two arguments exchanged."""
    msg = _SWAP.format(name=name, args=", ".join(args), swapped=", ".join(reversed(args)))
    return Variant("arguments_swapped", msg, lambda a, b: f(b, a))


_EPSILONS = (1e-7, 1e-8, 1e-10, 1e-12, 1e-15)


def _clip(values: Any, eps: float) -> Any:
    lo, hi = mpmath.mpf(eps), 1 - mpmath.mpf(eps)
    if isinstance(values, list):
        return [_clip(v, eps) for v in values]
    return min(max(values, lo), hi)


def clipping_variants(f: MpFn, positions: tuple[int, ...], names: str) -> tuple[Variant, ...]:
    """f with the arguments at `positions` clipped to [eps, 1 - eps] (Keras uses 1e-7)."""

    def clipped(eps: float) -> MpFn:
        def value(*args: Any) -> Any:
            return f(*(_clip(a, eps) if i in positions else a for i, a in enumerate(args)))

        return value

    msg = "clips {names} to [{eps:g}, 1 - {eps:g}] before the log: wrong near 0 and 1"
    return tuple(
        Variant("epsilon_clipping", msg.format(names=names, eps=eps), clipped(eps))
        for eps in _EPSILONS
    )


# --- input domains --------------------------------------------------------------------------


def _arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / v.sum()


def random_pmf(rng: np.random.Generator, k: int, kind: str = "flat") -> np.ndarray:
    """A float pmf of k outcomes: flat/sparse/peaked Dirichlet, with zeros, tiny or one-hot."""
    if kind == "onehot":
        return np.eye(k)[rng.integers(k)]
    if kind == "uniform":
        return np.full(k, 1.0 / k)
    alpha = {"sparse": 0.3, "peaked": 5.0}.get(kind, 1.0)
    v = np.maximum(rng.dirichlet(np.full(k, alpha)), 1e-15)
    if kind == "zeros":
        v[rng.choice(k, size=int(rng.integers(1, k)), replace=False)] = 0.0
    if kind == "tiny":
        v[rng.integers(k)] = 1e-12 * rng.uniform(0.5, 2.0)
    return _normalise(v)


def _nudge(p: np.ndarray) -> np.ndarray:
    """p moved by 1e-8 between its two largest entries: a near-identical pmf."""
    q = p.copy()
    i, j = np.argsort(p)[-2:]
    q[i] -= 1e-8
    q[j] += 1e-8
    return q


_KS = (2, 3, 4, 5, 6, 7, 8, 11, 16, 33)  # sizes vary: code may break only at some k


def _pair(rng: np.random.Generator, k: int, kind: str) -> Case:
    """(p, q) with supp p inside supp q, so D_KL(p||q) and H(p, q) are finite."""
    if kind == "near":
        p = random_pmf(rng, k)
        return p, _nudge(p)
    if kind == "equal":
        p = random_pmf(rng, k, "sparse")
        return p, p.copy()
    if kind == "shared_zeros":
        p = random_pmf(rng, k, "zeros")
        q = random_pmf(rng, k) * ((p > 0) | (rng.random(k) < 0.5))
        return p, _normalise(q)
    pkind, qkind = {
        "p_zeros": ("zeros", "flat"),
        "tiny_p": ("tiny", "flat"),
        "tiny_q": ("flat", "tiny"),
        "onehot": ("onehot", "flat"),
    }.get(kind, (kind, kind))
    return random_pmf(rng, k, pkind), random_pmf(rng, k, qkind)


_PAIR_KINDS = ("flat", "p_zeros", "near", "tiny_p", "sparse", "shared_zeros", "tiny_q", "equal")


def _fill(
    fixed: Sequence[Case], n: int, rng: np.random.Generator, make: Callable[[int], Case]
) -> list[Case]:
    cases = list(fixed[:n])
    cases.extend(make(i) for i in range(n - len(cases)))
    return cases


def _kl_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25), _arr(0.125, 0.5, 0.375)),
        (_arr(0.5, 0.5, 0.0), _arr(0.25, 0.25, 0.5)),
        (_arr(0.75, 0.0, 0.25), _arr(0.5, 0.0, 0.5)),
        (_arr(0.25, 0.75), _arr(0.25, 0.75)),
        (_arr(0.5, 0.5), _arr(0.5 + 1e-8, 0.5 - 1e-8)),
        (_arr(1e-12, 1 - 1e-12), _arr(0.5, 0.5)),
        (_arr(0.5, 0.5), _arr(1e-12, 1 - 1e-12)),
    ]

    def make(i: int) -> Case:
        return _pair(rng, _KS[i % len(_KS)], _PAIR_KINDS[(i // len(_KS)) % len(_PAIR_KINDS)])

    return _fill(fixed, n, rng, make)


def _js_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25), _arr(0.125, 0.5, 0.375)),
        (_arr(0.5, 0.5, 0.0, 0.0), _arr(0.0, 0.0, 0.5, 0.5)),
        (_arr(0.5, 0.5, 0.0), _arr(0.25, 0.25, 0.5)),
        (_arr(0.25, 0.25, 0.5), _arr(0.5, 0.5, 0.0)),
    ]

    def make(i: int) -> Case:
        k = _KS[i % len(_KS)]
        if i % 5 == 4:
            return random_pmf(rng, k, "sparse"), random_pmf(rng, k, "zeros")
        return _pair(rng, k, _PAIR_KINDS[(i // len(_KS)) % len(_PAIR_KINDS)])

    return _fill(fixed, n, rng, make)


_ONE_KINDS = ("flat", "zeros", "tiny", "sparse", "onehot", "uniform", "peaked")


def _entropy_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25),),
        (_arr(0.5, 0.5, 0.0),),
        (_arr(1.0, 0.0),),
        (_arr(1e-12, 1 - 1e-12),),
        (_arr(0.125, 0.125, 0.25, 0.5),),
    ]

    def make(i: int) -> Case:
        kind = _ONE_KINDS[(i // len(_KS)) % len(_ONE_KINDS)]
        return (random_pmf(rng, _KS[i % len(_KS)], kind),)

    return _fill(fixed, n, rng, make)


_SHAPES = ((2, 2), (2, 3), (3, 2), (3, 4), (4, 5), (5, 2), (2, 7), (6, 6))


def _table(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> np.ndarray:
    a, b = shape
    if kind == "independent":
        return np.outer(random_pmf(rng, a), random_pmf(rng, b))
    if kind == "diagonal":
        t = np.zeros(shape)
        m = min(a, b)
        t[np.arange(m), np.arange(m)] = random_pmf(rng, m)
        return t
    return random_pmf(rng, a * b, kind).reshape(shape)


_TABLE_KINDS = ("flat", "zeros", "independent", "tiny", "diagonal", "sparse")


def _mi_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (np.array([[0.375, 0.125], [0.125, 0.375]]),),
        (np.array([[0.5, 0.0], [0.0, 0.5]]),),
        (np.array([[0.25, 0.25], [0.25, 0.25]]),),
        (np.array([[0.25, 0.0, 0.25], [0.125, 0.25, 0.125]]),),
    ]

    def make(i: int) -> Case:
        kind = _TABLE_KINDS[(i // len(_SHAPES)) % len(_TABLE_KINDS)]
        return (_table(rng, _SHAPES[i % len(_SHAPES)], kind),)

    return _fill(fixed, n, rng, make)


def _scalar_case(*values: float) -> Case:
    return tuple(np.array(v, dtype=float) for v in values)


def _bce_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [_scalar_case(*c) for c in ((1, 0.75), (0, 0.25), (0.25, 0.5), (0, 0.0), (1, 1.0))]
    fixed += [_scalar_case(*c) for c in ((1, 1e-12), (0, 1 - 1e-12), (1, 1 - 1e-12), (0.5, 1e-12))]

    def make(i: int) -> Case:
        y = (0.0, 1.0, float(rng.random()))[i % 3]
        p = (float(rng.random()), 10.0 ** -rng.uniform(6, 13), 1 - 10.0 ** -rng.uniform(6, 12))
        return _scalar_case(y, p[(i // 3) % 3])

    return _fill(fixed, n, rng, make)


def _bce_logits_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [_scalar_case(*c) for c in ((1, 2.0), (0, -1.5), (0.25, 0.5), (1, 0.0))]
    fixed += [_scalar_case(*c) for c in ((0, 40.0), (1, -40.0), (0, 800.0), (1, -800.0))]
    fixed += [_scalar_case(*c) for c in ((1, 800.0), (0, -800.0), (0.5, 1e-10), (1, 20.0))]

    def make(i: int) -> Case:
        y = (0.0, 1.0, float(rng.random()))[i % 3]
        scale = (1.0, 5.0, 30.0, 300.0)[(i // 3) % 4]
        return _scalar_case(y, float(rng.normal() * scale))

    return _fill(fixed, n, rng, make)


def _softmax_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(1.0, 0.0, 0.0), _arr(2.0, 1.0, 0.0)),
        (_arr(0.25, 0.75), _arr(-1.0, 1.0)),
        (_arr(0.0, 1.0, 0.0), _arr(1000.0, 0.0, -1000.0)),
        (_arr(0.5, 0.5, 0.0), _arr(800.0, 799.0, 0.0)),
    ]

    def make(i: int) -> Case:
        k = _KS[i % len(_KS)]
        kind = ("onehot", "flat", "zeros")[(i // len(_KS)) % 3]
        scale = (1.0, 10.0, 500.0)[(i // 15) % 3]
        return random_pmf(rng, k, kind), rng.normal(size=k) * scale

    return _fill(fixed, n, rng, make)


_DS = (1, 2, 3, 4, 5, 7, 8, 16)


def _gaussian_cases(rng: np.random.Generator, n: int, *, logvar: bool) -> list[Case]:
    def spread(d: int, sigma: np.ndarray) -> np.ndarray:
        return 2 * np.log(sigma) if logvar else sigma

    fixed = [
        (_arr(0.0), spread(1, _arr(1.0))),
        (_arr(1.0, -2.0), spread(2, _arr(0.5, 1.5))),
        (_arr(0.5, 0.0, -0.5), spread(3, _arr(1.0, 1.0, 1.0))),
        (_arr(1e-8, 0.0), spread(2, _arr(1.0 + 1e-8, 1.0 - 1e-8))),
        (_arr(100.0, -3.0), spread(2, _arr(1e-6, 1e3))),
    ]

    def make(i: int) -> Case:
        d = _DS[i % len(_DS)]
        scale = (1.0, 0.1, 3.0, 1e-4)[(i // len(_DS)) % 4]
        mu = rng.normal(size=d) * scale
        sigma = np.exp(rng.normal(size=d) * scale)
        return mu, spread(d, sigma)

    return _fill(fixed, n, rng, make)


# --- the registry ---------------------------------------------------------------------------


def _zero_in_any(case: Case) -> bool:
    return any(bool(np.any(a == 0)) for a in case)


def _bce_has_zero(case: Case) -> bool:
    return bool(case[1] == 0 or case[1] == 1)


def _kl_target() -> Target:
    variants = (
        swapped_variant(_kl, "D_KL", ("p", "q")),
        *common_variants(_kl, mean_over="the outcomes"),
        *clipping_variants(_kl, (1,), "q"),
        *clipping_variants(_kl, (0, 1), "p and q"),
    )
    return Target(
        "kl_divergence",
        "D_KL(p || q) = sum_i p_i log(p_i / q_i)   (natural log)",
        ("p", "q"),
        _kl,
        _kl_cases,
        variants,
        _zero_in_any,
    )


def _cross_entropy_target() -> Target:
    variants = (
        swapped_variant(_cross_entropy, "H", ("p", "q")),
        *common_variants(_cross_entropy, mean_over="the outcomes"),
        Variant(
            "kl_instead_of_cross_entropy",
            "computes D_KL(p || q) instead of H(p, q) = H(p) + D_KL(p || q)",
            _kl,
        ),
        *clipping_variants(_cross_entropy, (1,), "q"),
    )
    return Target(
        "cross_entropy",
        "H(p, q) = -sum_i p_i log q_i   (natural log)",
        ("p", "q"),
        _cross_entropy,
        _kl_cases,
        variants,
        _zero_in_any,
    )


def _entropy_target() -> Target:
    return Target(
        "entropy",
        "H(p) = -sum_i p_i log p_i   (natural log, 0 log 0 = 0)",
        ("p",),
        _entropy,
        _entropy_cases,
        (
            *common_variants(_entropy, mean_over="the outcomes"),
            *clipping_variants(_entropy, (0,), "p"),
        ),
        _zero_in_any,
    )


def _js_target() -> Target:
    unnormalised = Variant(
        "missing_normalisation",
        "uses the mixture m = p + q instead of m = (p + q) / 2 (off by log 2)",
        lambda p, q: _js(p, q, half=False),
    )
    double = Variant(
        "factor_of_two",
        "drops the factor 1/2: computes D_KL(p||m) + D_KL(q||m), twice the JSD",
        lambda p, q: 2 * _js(p, q),
    )
    one_sided = Variant(
        "missing_term",
        "keeps only one half, (1/2) D_KL(p || m), and drops (1/2) D_KL(q || m)",
        lambda p, q: _kl(p, [(a + b) / 2 for a, b in zip(p, q, strict=True)]) / 2,
    )
    return Target(
        "js_divergence",
        "JSD(p || q) = (D_KL(p || m) + D_KL(q || m)) / 2, m = (p + q) / 2   (natural log)",
        ("p", "q"),
        _js,
        _js_cases,
        (unnormalised, double, one_sided, *common_variants(_js, mean_over="the outcomes")),
        _zero_in_any,
    )


def _mi_target() -> Target:
    return Target(
        "mutual_information",
        "I(X; Y) = sum_xy p(x,y) log(p(x,y) / (p(x) p(y))) for a joint table p[x, y]",
        ("joint",),
        _mutual_information,
        _mi_cases,
        common_variants(_mutual_information, mean_over="the cells of the table"),
        _zero_in_any,
        "the last two axes",
    )


def _bce_target() -> Target:
    one_term = Variant(
        "missing_term",
        "drops the (1 - y) log(1 - p) term of the negative class",
        lambda y, p: -xlogy(y, p),
    )
    return Target(
        "binary_cross_entropy",
        "BCE(y, p) = -(y log p + (1 - y) log(1 - p)), target y first, 0 log 0 = 0",
        ("y", "p"),
        _bce,
        _bce_cases,
        (
            swapped_variant(_bce, "BCE", ("y", "p")),
            one_term,
            *common_variants(_bce),
            *clipping_variants(_bce, (1,), "p"),
        ),
        _bce_has_zero,
        "nothing (elementwise)",
    )


def _bce_logits_target() -> Target:
    logit_sign = Variant(
        "sign",
        "flips the sign of the logit: computes BCE(y, sigmoid(-z))",
        lambda y, z: _bce_logits(y, -z),
    )
    return Target(
        "binary_cross_entropy_with_logits",
        "BCE(y, sigmoid(z)) = y log(1 + e^-z) + (1 - y) log(1 + e^z), target y first",
        ("y", "z"),
        _bce_logits,
        _bce_logits_cases,
        (
            swapped_variant(_bce_logits, "BCE_logits", ("y", "z")),
            logit_sign,
            *common_variants(_bce_logits),
        ),
        reduces="nothing (elementwise)",
    )


def _softmax_target() -> Target:
    no_lse = Variant(
        "missing_normalisation",
        "drops the log-partition: uses -sum y z without the logsumexp(z) of the softmax",
        lambda y, z: -mpmath.fsum(a * b for a, b in zip(y, z, strict=True)),
    )
    return Target(
        "softmax_cross_entropy",
        "CE(y, softmax(z)) = logsumexp(z) - sum_i y_i z_i, target distribution y first",
        ("y", "z"),
        _softmax_ce,
        _softmax_cases,
        (no_lse, *common_variants(_softmax_ce, mean_over="the classes")),
    )


def _gaussian_variants(f: MpFn, *, logvar: bool) -> tuple[Variant, ...]:
    if logvar:

        def plus_log(m: Any, v: Any) -> Any:
            return f(m, v) + mpmath.fsum(v)

        def as_log_std(m: Any, v: Any) -> Any:
            return f(m, [2 * x for x in v])

        std_msg = "treats logvar as log sigma (uses exp(2 logvar) for the variance)"
    else:

        def plus_log(m: Any, v: Any) -> Any:
            return f(m, v) + mpmath.fsum(mpmath.log(s * s) for s in v)

        def as_log_std(m: Any, v: Any) -> Any:
            return f(m, [mpmath.sqrt(s) for s in v])

        std_msg = "treats sigma as the variance (uses sigma where sigma^2 was meant)"
        half_log = Variant(
            "std_vs_variance",
            "uses log sigma where log sigma^2 was meant",
            lambda m, v: f(m, v) + mpmath.fsum(mpmath.log(s) for s in v) / 2,
        )
        return (*_gaussian_common(f, plus_log, as_log_std, std_msg), half_log)
    return _gaussian_common(f, plus_log, as_log_std, std_msg)


def _gaussian_common(
    f: MpFn, plus_log: MpFn, as_log_std: MpFn, std_msg: str
) -> tuple[Variant, ...]:
    return (
        Variant(
            "sign", "adds log sigma^2 where it must be subtracted (sign of one term)", plus_log
        ),
        Variant("std_vs_variance", std_msg, as_log_std),
        Variant("factor_of_two", "drops the factor 1/2 of the closed form", lambda *a: 2 * f(*a)),
        *common_variants(f, mean_over="the latent dimensions"),
    )


def _gaussian_target(*, logvar: bool) -> Target:
    f: MpFn
    if logvar:
        name, args, f = "gaussian_kl_logvar", ("mu", "logvar"), _gaussian_kl_logvar
        formula = "KL(N(mu, e^logvar) || N(0, 1)) = 1/2 sum_j (e^logvar + mu^2 - 1 - logvar)"
    else:
        name, args, f = "gaussian_kl", ("mu", "sigma"), _gaussian_kl
        formula = "KL(N(mu, sigma^2) || N(0, 1)) = 1/2 sum_j (sigma^2 + mu^2 - 1 - log sigma^2)"

    def cases(rng: np.random.Generator, n: int) -> list[Case]:
        return _gaussian_cases(rng, n, logvar=logvar)

    return Target(name, formula, args, f, cases, _gaussian_variants(f, logvar=logvar))


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        _kl_target(),
        _cross_entropy_target(),
        _entropy_target(),
        _js_target(),
        _mi_target(),
        _bce_target(),
        _bce_logits_target(),
        _softmax_target(),
        _gaussian_target(logvar=False),
        _gaussian_target(logvar=True),
    )
}

ALIASES = {
    "kl": "kl_divergence",
    "jsd": "js_divergence",
    "jensen_shannon": "js_divergence",
    "bce": "binary_cross_entropy",
    "bce_with_logits": "binary_cross_entropy_with_logits",
    "vae_kl": "gaussian_kl",
}


def target_by_name(name: str) -> Target:
    """The registered target called `name` (or one of its aliases).

    >>> target_by_name("kl").name, target_by_name("Binary cross-entropy").name
    ('kl_divergence', 'binary_cross_entropy')
    """
    key = "_".join(name.strip().lower().replace("-", " ").split())
    key = ALIASES.get(key, key)
    if key not in TARGETS:
        known = ", ".join(sorted(TARGETS))
        raise UnknownTarget(f"unknown target {name!r}; known targets: {known}")
    return TARGETS[key]


# --- SymPy expressions as targets -----------------------------------------------------------

_PROBABILITY_VALUES = (0.5, 0.25, 0.75, 1e-12, 1 - 1e-12, 1e-8, 0.125, 0.9)
_POSITIVE_VALUES = (1.0, 2.0, 0.5, 1e-6, 1e3, 3.0, 0.1, 7.5)
_REAL_VALUES = (0.0, 1.0, -1.0, 0.5, -2.0, 1e-8, 30.0, -30.0)


def _symbol_kind(symbol: Any) -> str:
    from symgen.core.parameters import is_probability_symbol

    if is_probability_symbol(symbol):
        return "probability"
    if symbol.is_positive:
        return "positive"
    if symbol.is_nonnegative:
        return "nonnegative"
    return "real"


def _symbol_value(kind: str, rng: np.random.Generator, i: int, j: int) -> float:
    """The i-th trial value of the j-th argument: fixed hard values first, then random."""
    fixed = {
        "probability": _PROBABILITY_VALUES,
        "positive": _POSITIVE_VALUES,
        "nonnegative": (0.0, *_POSITIVE_VALUES),
        "real": _REAL_VALUES,
    }[kind]
    if i < 2 * len(fixed):
        return fixed[(i + 3 * j) % len(fixed)]
    if kind == "probability":
        return float(rng.random()) if i % 2 else float(10.0 ** -rng.uniform(0, 12))
    if kind in ("positive", "nonnegative"):
        return float(np.exp(rng.normal() * 3))
    return float(rng.normal() * (1.0, 10.0)[i % 2])


def _is_finite_real(value: Any) -> bool:
    return isinstance(value, mpmath.mpf) and bool(mpmath.isfinite(value))


def _valid_point(reference: MpFn, values: Sequence[float]) -> bool:
    """True when the expression is a finite real number at these values."""
    try:
        with mpmath.workdps(DIGITS):
            return _is_finite_real(reference(*map(mpmath.mpf, values)))
    except (ArithmeticError, TypeError, ValueError, NameError):
        return False


def _mp_function(expr: Any, symbols: Sequence[Any]) -> MpFn:
    import sympy as sp

    # the expression is a developer's own SymPy object, never untrusted text
    f = sp.lambdify(list(symbols), expr, modules="mpmath")

    def value(*args: Any) -> Any:
        out = f(*args)
        return out if isinstance(out, mpmath.mpf) else mpmath.mpf("nan")

    return value


def _expression_variants(expr: Any, symbols: Sequence[Any], kinds: Sequence[str]) -> list[Variant]:
    import sympy as sp

    f = _mp_function(expr, symbols)
    out = [
        Variant("sign", _NEG, lambda *a: -f(*a)),
        Variant("factor_of_two", "is off by a factor of 2", lambda *a: 2 * f(*a)),
        Variant("factor_of_two", "is off by a factor of 1/2", lambda *a: f(*a) / 2),
    ]
    if expr.has(sp.log):
        for base in (2, 10):
            rebased = expr.replace(sp.log, lambda *a, b=base: sp.log(*a) / sp.log(b))
            msg = f"uses log base {base} where the natural log was meant"
            out.append(Variant("log_base", msg, _mp_function(rebased, symbols)))
    pairs = [(a, b) for a in range(len(symbols)) for b in range(a + 1, len(symbols))]
    for i, j in pairs:
        if kinds[i] == kinds[j]:
            swapped = expr.xreplace({symbols[i]: symbols[j], symbols[j]: symbols[i]})
            msg = f"swaps the arguments {symbols[i]} and {symbols[j]}"
            out.append(Variant("arguments_swapped", msg, _mp_function(swapped, symbols)))
    return out


def _signature_symbols(expr: Any, signature: Sequence[Any] | None) -> list[Any]:
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if signature is None:
        return free
    by_name = {s.name: s for s in free}
    names = [getattr(s, "name", s) for s in signature]
    if sorted(names) != sorted(by_name):
        raise UnknownTarget(
            f"signature {names} must list exactly the free symbols {sorted(by_name)}"
        )
    return [by_name[n] for n in names]


def expression_target(expr: Any, *, signature: Sequence[Any] | None = None) -> Target:
    """A target from a SymPy expression: fn gets the symbols' values as positional arguments.

    The order is sorted by symbol name unless `signature` (names or symbols) gives it.
    Values come from each symbol's assumptions: probability symbols in (0, 1) including
    1e-12 and 1 - 1e-12, positive symbols over many decades, real symbols of both signs.

    >>> import sympy as sp
    >>> mu, s = sp.symbols("mu sigma", positive=True)
    >>> expression_target((s**2 + mu**2 - 1 - sp.log(s**2)) / 2).arg_names
    ('mu', 'sigma')
    """
    symbols = _signature_symbols(expr, signature)
    kinds = [_symbol_kind(s) for s in symbols]
    try:
        reference = _mp_function(expr, symbols)
    except (TypeError, NameError, SyntaxError) as exc:
        raise UnknownTarget(f"cannot evaluate {expr} numerically: {exc}") from exc

    def cases(rng: np.random.Generator, n: int) -> list[Case]:
        out: list[Case] = []
        for i in range(20 * n):
            if len(out) == n:
                break
            values = [_symbol_value(k, rng, i, j) for j, k in enumerate(kinds)]
            if _valid_point(reference, values):
                out.append(tuple(np.array(v) for v in values))
        if not out:
            raise InvalidCheck(f"no input makes {expr} a finite real number")
        return out

    return Target(
        f"expression {expr}",
        str(expr),
        tuple(s.name for s in symbols),
        reference,
        cases,
        tuple(_expression_variants(expr, symbols, kinds)),
        _zero_in_any,
        "nothing (elementwise)",
    )
