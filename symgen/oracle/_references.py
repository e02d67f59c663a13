"""The oracle's records and its exact references, evaluated with mpmath at DIGITS digits."""

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
