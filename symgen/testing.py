"""Helpers for users' own test suites: ``assert_matches`` and Hypothesis strategies.

Hypothesis is imported only when a strategy is built, so ``import symgen`` and
``import symgen.testing`` never need it.

>>> import numpy as np
>>> from scipy.special import rel_entr
>>> report = assert_matches(lambda p, q: rel_entr(p, q).sum(axis=-1), "kl_divergence")
>>> report.passed
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from symgen.oracle.check import ImplementationReport, check_implementation

__all__ = ["assert_matches", "distributions", "joint_distributions"]


def assert_matches(
    fn: Callable[..., Any],
    target: Any,
    *,
    trials: int = 200,
    seed: int = 0,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    batched: bool | None = None,
    signature: Sequence[Any] | None = None,
) -> ImplementationReport:
    """Assert that fn computes `target` (see ``check_implementation``); return the report.

    On failure the AssertionError message is the report: the formula, the likely cause,
    the counterexample with exact inputs, the expected value to 25 digits and fn's output.
    """
    __tracebackhide__ = True  # pytest: show the report, not this frame
    report = check_implementation(
        fn,
        target,
        trials=trials,
        seed=seed,
        rtol=rtol,
        atol=atol,
        batched=batched,
        signature=signature,
    )
    if not report.passed:
        raise AssertionError(str(report))
    return report


def _weights_to_pmf(weights: Sequence[int], *, exact: bool) -> Any:
    total = sum(weights)
    if exact:
        import sympy as sp

        return tuple(sp.Rational(w, total) for w in weights)
    return np.asarray(weights, dtype=float) / total


def _weights(size: int, *, allow_zeros: bool, tiny: bool) -> Any:
    from hypothesis import strategies as st

    element = st.integers(0 if allow_zeros else 1, 1000)
    if tiny:  # a weight 10**12 next to a weight 1 makes an entry near 1e-12
        element = st.one_of(element, st.just(10**12))
    return st.lists(element, min_size=size, max_size=size).filter(lambda w: sum(w) > 0)


def distributions(
    k: int | None = None,
    *,
    min_k: int = 2,
    max_k: int = 8,
    allow_zeros: bool = True,
    tiny: bool = False,
    exact: bool = False,
) -> Any:
    """Hypothesis strategy for pmfs of k outcomes (k drawn from [min_k, max_k] if None).

    Floats by default: a numpy array with entries >= 0 summing to 1 up to rounding. With
    ``exact=True``, a tuple of SymPy Rationals summing exactly to 1. ``tiny=True`` adds
    entries near 1e-12 (one weight 10**12 times the others), ``allow_zeros`` zero entries.
    """
    from hypothesis import strategies as st

    sizes = st.just(k) if k is not None else st.integers(min_k, max_k)
    return sizes.flatmap(
        lambda n: _weights(n, allow_zeros=allow_zeros, tiny=tiny).map(
            lambda w: _weights_to_pmf(w, exact=exact)
        )
    )


def joint_distributions(
    shape: tuple[int, ...] = (2, 2), *, allow_zeros: bool = True, exact: bool = False
) -> Any:
    """Hypothesis strategy for joint pmf tables of the given shape (floats or Rationals).

    Floats: a numpy array of that shape summing to 1 up to rounding. ``exact=True``: a dict
    ``{(i, j, ...): Rational}`` over all index tuples, summing exactly to 1, ready for
    ``Distribution.from_table``.
    """
    size = int(np.prod(shape))
    return _weights(size, allow_zeros=allow_zeros, tiny=False).map(
        lambda w: _table(w, shape, exact=exact)
    )


def _table(weights: Sequence[int], shape: tuple[int, ...], *, exact: bool) -> Any:
    if not exact:
        return _weights_to_pmf(weights, exact=False).reshape(shape)
    cells = _weights_to_pmf(weights, exact=True)
    return dict(zip(np.ndindex(*shape), cells, strict=True))
