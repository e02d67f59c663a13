"""One entry point for any claim ``lhs op rhs``: which derivation strategy fits it.

* ``=`` with an argmax/argmin or D* on a side: :func:`symgen.proof.search_optimum.derive_optimum`;
* ``=`` otherwise: the step search :func:`symgen.proof.search.derive`;
* ``<=``, ``>=``, ``<``, ``>``: :func:`symgen.proof.search_inequality.derive_inequality`.

The library (a claim that states a known identity) is matched a layer up, in the CLI.

>>> from symgen.notation.symbols import H
>>> X, Y = sp.symbols("X Y")
>>> d = derive_claim(H(X, Y), ">=", H(X))
>>> d.relation, all(d.rules_applied)
('>=', True)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from symgen.notation.operators import ArgMax, ArgMin, OptimalDiscriminator
from symgen.proof.derivation import Derivation
from symgen.proof.search import DEFAULT_TIMEOUT, derive
from symgen.proof.search_inequality import derive_inequality
from symgen.proof.search_optimum import derive_optimum
from symgen.proof.step_evidence import refuted_link

_OPTIMUM = (ArgMax, ArgMin, OptimalDiscriminator)


def derive_claim(
    lhs: sp.Expr,
    op: str,
    rhs: sp.Expr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    assumes: tuple[object, ...] = (),
    clock: Callable[[], float] = time.monotonic,
) -> Derivation | None:
    """A derivation of ``lhs op rhs`` by rules, or None (not found within ``timeout``).

    Every link of the chain found is also evaluated on random models
    (:func:`symgen.proof.step_evidence.refuted_link`); a chain with a false link is dropped.
    """
    found = _search(lhs, op, rhs, timeout=timeout, assumes=assumes, clock=clock)
    if found is not None and refuted_link(found, assumes) is not None:
        return None  # a rule produced a false line: show no derivation rather than a wrong one
    return found


def _search(
    lhs: sp.Expr,
    op: str,
    rhs: sp.Expr,
    *,
    timeout: float,
    assumes: tuple[object, ...],
    clock: Callable[[], float],
) -> Derivation | None:
    if op == "=" and (isinstance(lhs, _OPTIMUM) or isinstance(rhs, _OPTIMUM)):
        return derive_optimum(lhs, op, rhs, timeout=timeout, clock=clock)
    if op == "=":
        return derive(lhs, rhs, timeout=timeout, assumes=assumes, clock=clock)
    return derive_inequality(lhs, op, rhs, timeout=timeout, assumes=assumes, clock=clock)
